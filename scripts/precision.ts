/**
 * Per-rule finding counts on the real-world corpus, each file scanned on its own with the default
 * settings, and the concerns reported more than once (docs/precision.md records the numbers).
 *
 *   node --import tsx scripts/precision.ts [--prefix rbac-] [--json] [DIR]
 */
import { CORPUS, corpusFiles, measure } from './precision-lib.js';

const args = process.argv.slice(2);
const prefixAt = args.indexOf('--prefix');
const prefix = prefixAt === -1 ? '' : (args[prefixAt + 1] ?? '');
const json = args.includes('--json');
const dir = args.find((a, i) => !a.startsWith('--') && args[i - 1] !== '--prefix') ?? CORPUS;

const precision = await measure(corpusFiles(dir), (id) => id.startsWith(prefix));
if (json) {
  process.stdout.write(`${JSON.stringify(precision, null, 2)}\n`);
} else {
  const total = precision.byRule.reduce((sum, [, n]) => sum + n, 0);
  const lines = [
    `${precision.files} files, ${total} findings${prefix ? ` of rules ${prefix}*` : ''} on ${precision.objects} objects`,
    '',
    '| rule | findings |',
    '| --- | ---: |',
    ...precision.byRule.map(([id, n]) => `| \`${id}\` | ${n} |`),
    '',
    `most findings on one object: ${precision.busiest
      .slice(0, 3)
      .map((b) => `${b.findings} (${b.object} in ${b.file})`)
      .join(', ')}`,
    `repeated concerns: ${precision.repeated.length}`,
    ...precision.repeated.map((r) => `  ${r.file} ${r.concern}: ${r.rules.join(', ')}`),
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}
