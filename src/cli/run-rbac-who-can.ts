import { formatRule, formatSubject, type SubjectGrants, whoCan } from '../analyze/rbac/index.js';
import { describeRequest, grantJson, grantText, subjectJson } from '../report/index.js';
import { EXIT, type Io } from './io.js';
import type { RbacFlags } from './rbac.js';
import { checkOutput, columns, guarded, loadPolicy, type RequestArgs, readRequest } from './run-rbac-input.js';

export async function runWhoCan(args: RequestArgs, flags: RbacFlags, io: Io): Promise<number> {
  checkOutput(flags.output, ['table', 'json'], 'who-can');
  return guarded(io, async () => {
    const { index, inputErrors } = await loadPolicy(flags, io);
    const { request, namespaced } = readRequest(args, flags, index, io);
    const result = whoCan(index, request, { allNamespaces: flags.allNamespaces === true && namespaced });
    if (flags.output === 'json') {
      const subjects = (list: SubjectGrants[]) =>
        list.map((s) => ({
          ...subjectJson(s.subject),
          ...(s.privileged ? { privileged: true } : {}),
          grants: s.grants.map((g) => grantJson(g)),
        }));
      const doc = { subjects: subjects(result.subjects), namedOnly: subjects(result.namedOnly) };
      io.stdout.write(`${JSON.stringify(doc, null, 2)}\n`);
    } else {
      const scope = flags.allNamespaces && namespaced ? ' (RoleBindings of every namespace)' : '';
      io.stdout.write(`who can ${describeRequest(request)}${scope}:\n\n`);
      const rows: string[][] = [['SUBJECT', 'GRANTED BY', 'RULE']];
      for (const entry of result.subjects) {
        if (entry.privileged)
          rows.push([formatSubject(entry.subject), '(privileged group: the API server allows it everything)', '']);
        for (const grant of entry.grants)
          rows.push([formatSubject(entry.subject), grantText(grant), formatRule(grant.rule.rule)]);
      }
      io.stdout.write(columns(rows, io));
      if (result.namedOnly.length > 0) {
        io.stdout.write(`\nonly for named objects (give NAME to ask about one):\n`);
        const named = result.namedOnly.flatMap((entry) =>
          entry.grants.map((g) => [formatSubject(entry.subject), grantText(g), formatRule(g.rule.rule)]),
        );
        io.stdout.write(columns(named, io));
      }
    }
    return { code: EXIT.clean, inputErrors };
  });
}
