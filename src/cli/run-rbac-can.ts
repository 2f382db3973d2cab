import { authorize, formatRule, identityOf, UNAUTHENTICATED } from '../analyze/rbac/index.js';
import { describeRequest, grantJson, grantText } from '../report/index.js';
import { EXIT, type Io } from './io.js';
import type { RbacFlags } from './rbac.js';
import { checkOutput, guarded, loadPolicy, type RequestArgs, readRequest, readSubject } from './run-rbac-input.js';

export async function runCan(subjectText: string, args: RequestArgs, flags: RbacFlags, io: Io): Promise<number> {
  checkOutput(flags.output, ['table', 'json'], 'can');
  const subject = readSubject(subjectText, flags.group);
  return guarded(io, async () => {
    const { index, inputErrors } = await loadPolicy(flags, io);
    const { request } = readRequest(args, flags, index, io);
    const identity = identityOf(subject, flags.group);
    const decision = authorize(index, identity, request);
    if (flags.output === 'json') {
      const doc = {
        allowed: decision.allowed,
        ...(decision.privileged ? { privileged: true } : {}),
        grants: decision.grants.map((g) => grantJson(g, true)),
        reason: decision.reason,
        identity: { ...(identity.name !== undefined ? { user: identity.name } : {}), groups: identity.groups },
      };
      io.stdout.write(`${JSON.stringify(doc, null, 2)}\n`);
    } else {
      io.stdout.write(
        `${decision.allowed ? 'yes' : 'no'}: ${subjectText} ${decision.allowed ? 'may' : 'may not'} ${describeRequest(request)}\n`,
      );
      io.stdout.write(`  ${decision.reason}\n`);
      for (const grant of decision.grants.slice(1))
        io.stdout.write(`  also ${grantText(grant)} ${formatRule(grant.rule.rule)}\n`);
      const groups = identity.groups.filter((g) => g !== UNAUTHENTICATED);
      io.stdout.write(
        `  (as ${identity.name ?? 'any member'}${groups.length ? ` in groups ${groups.join(', ')}` : ''})\n`,
      );
    }
    return { code: decision.allowed ? EXIT.clean : EXIT.findings, inputErrors };
  });
}
