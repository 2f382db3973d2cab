import { formatRule, formatSubject, type RuleSource, UsageTracker } from '../analyze/rbac/index.js';
import { subjectJson } from '../report/index.js';
import { EXIT, type Io } from './io.js';
import type { RbacFlags } from './rbac.js';
import { readAuditLog } from './run-rbac-audit-log.js';
import { checkOutput, columns, guarded, loadPolicy, readSubject } from './run-rbac-input.js';

export async function runUnused(flags: RbacFlags & { auditLog: string; subject?: string }, io: Io): Promise<number> {
  checkOutput(flags.output, ['table', 'json'], 'unused');
  const subject = flags.subject === undefined ? undefined : readSubject(flags.subject);
  return guarded(io, async () => {
    const { index, inputErrors } = await loadPolicy(flags, io);
    const tracker = new UsageTracker(index);
    const bad = await readAuditLog(flags.auditLog, io, (event) => tracker.add(event));
    const report = tracker.report(subject);
    const unusedVerbs = (rule: RuleSource, used: readonly string[]) =>
      rule.rule.verbs.includes('*') ? ['* (all but the used)'] : rule.rule.verbs.filter((v) => !used.includes(v));
    if (flags.output === 'json') {
      const doc = {
        window: {
          events: tracker.events,
          ...(tracker.first ? { from: tracker.first } : {}),
          ...(tracker.last ? { to: tracker.last } : {}),
        },
        bindings: report.map((usage) => ({
          subject: subjectJson(usage.subject),
          binding: {
            kind: usage.binding.kind,
            ...(usage.binding.namespace ? { namespace: usage.binding.namespace } : {}),
            name: usage.binding.name,
          },
          role: {
            kind: usage.role.kind,
            ...(usage.role.namespace ? { namespace: usage.role.namespace } : {}),
            name: usage.role.name,
          },
          unused: usage.used.length === 0,
          unusedRules: usage.unused.map((r) => ({
            ruleIndex: r.index,
            rule: r.rule,
            ...(r.aggregatedFrom ? { aggregatedFrom: r.aggregatedFrom } : {}),
          })),
          usedRules: usage.used.map((u) => ({
            ruleIndex: u.rule.index,
            usedVerbs: u.usedVerbs,
            unusedVerbs: unusedVerbs(u.rule, u.usedVerbs),
          })),
        })),
      };
      io.stdout.write(`${JSON.stringify(doc, null, 2)}\n`);
    } else {
      const window = tracker.first ? ` from ${tracker.first} to ${tracker.last}` : '';
      io.stdout.write(`${tracker.events} allowed requests in the log${window}\n\n`);
      const rows: string[][] = [['SUBJECT', 'BINDING', 'ROLE', 'UNUSED']];
      for (const usage of report) {
        const binding = `${usage.binding.kind} ${usage.binding.namespace ? `${usage.binding.namespace}/` : ''}${usage.binding.name}`;
        const role = `${usage.role.kind} ${usage.role.name}`;
        if (usage.used.length === 0) {
          rows.push([formatSubject(usage.subject), binding, role, 'the whole binding: no request used it']);
          continue;
        }
        for (const rule of usage.unused)
          rows.push([formatSubject(usage.subject), binding, role, `rule ${rule.index} ${formatRule(rule.rule)}`]);
        for (const used of usage.used) {
          const verbs = unusedVerbs(used.rule, used.usedVerbs);
          if (verbs.length)
            rows.push([
              formatSubject(usage.subject),
              binding,
              role,
              `rule ${used.rule.index}: verbs ${verbs.join(',')} (used: ${used.usedVerbs.join(',')})`,
            ]);
        }
      }
      io.stdout.write(rows.length > 1 ? columns(rows, io) : 'every granted rule was used\n');
    }
    return { code: bad > 0 ? EXIT.error : EXIT.clean, inputErrors };
  });
}
