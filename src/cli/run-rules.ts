import { OWNER_TITLES } from '../core/rule.js';
import { RULES } from '../rules/index.js';
import { EXIT, type Io, UsageError } from './io.js';

export function listRules(flags: { output: string }, io: Io): number {
  const rules = [...RULES].sort((a, b) => (a.meta.id < b.meta.id ? -1 : 1));
  if (flags.output === 'json') {
    const metas = rules.map(({ meta }) => ({
      id: meta.id,
      title: meta.title,
      severity: meta.severity,
      stage: meta.stage,
      owner: meta.owner,
      frameworks: meta.frameworks,
      kinds: meta.kinds,
      fixable: meta.fixable === true,
      optIn: meta.optIn === true,
      description: meta.description,
      remediation: meta.remediation,
      references: meta.references,
    }));
    io.stdout.write(`${JSON.stringify(metas, null, 2)}\n`);
    return EXIT.clean;
  }
  if (flags.output !== 'table')
    throw new UsageError(`rules: unknown output format "${flags.output}"; use table or json`);
  const rows = rules.map(({ meta }) => [
    meta.id,
    meta.severity,
    meta.stage,
    OWNER_TITLES[meta.owner],
    meta.fixable ? 'yes' : 'no',
    meta.title,
  ]);
  const header = ['RULE', 'SEVERITY', 'STAGE', 'OWNER', 'FIXABLE', 'TITLE'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] as string).length)));
  const line = (cells: string[]) =>
    `${cells.map((c, i) => (i < cells.length - 1 ? c.padEnd(widths[i] as number) : c)).join('  ')}\n`;
  io.stdout.write(line(header));
  for (const row of rows) io.stdout.write(line(row));
  const fixable = rules.filter(({ meta }) => meta.fixable).length;
  io.stdout.write(
    `\n${rules.length} rules, ${fixable} fixable with \`rampart fix\`; docs/rules/<rule>.md explains each.\n`,
  );
  return EXIT.clean;
}
