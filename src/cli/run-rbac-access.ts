import { accessMatrix, capabilitiesOf, identityOf, identityProfile } from '../analyze/rbac/index.js';
import { formatAccessMatrix, grantJson, grantText, outputWidth, subjectJson } from '../report/index.js';
import { EXIT, type Io } from './io.js';
import type { RbacFlags } from './rbac.js';
import { checkOutput, columns, guarded, loadPolicy, readSubject } from './run-rbac-input.js';

export async function runAccess(subjectText: string, flags: RbacFlags, io: Io): Promise<number> {
  checkOutput(flags.output, ['table', 'json'], 'access');
  const subject = readSubject(subjectText, flags.group);
  return guarded(io, async () => {
    const { index, inputErrors } = await loadPolicy(flags, io);
    const identity = identityOf(subject, flags.group);
    const matrix = accessMatrix(index, identity, flags.namespace);
    const capabilities = capabilitiesOf(identityProfile(index, identity), flags.namespace).filter(
      (hit) => flags.namespace === undefined || hit.namespace === '*' || hit.namespace === flags.namespace,
    );
    if (flags.output === 'json') {
      const doc = {
        subject: subjectJson(subject),
        identity: { ...(identity.name !== undefined ? { user: identity.name } : {}), groups: identity.groups },
        resources: matrix.rows.map((row) => ({
          namespace: row.namespace,
          apiGroup: row.apiGroup,
          resource: row.resource,
          ...(row.resourceNames ? { resourceNames: row.resourceNames } : {}),
          verbs: row.verbs,
          grants: row.grants.map((g) => grantJson(g, true)),
        })),
        nonResourceURLs: matrix.nonResource.map((row) => ({
          url: row.url,
          verbs: row.verbs,
          grants: row.grants.map((g) => grantJson(g, true)),
        })),
        capabilities: capabilities.map((hit) => ({
          id: hit.capability.id,
          title: hit.capability.title,
          severity: hit.capability.severity,
          namespace: hit.namespace,
          ...(hit.names ? { names: hit.names } : {}),
          grants: hit.grants.map((g) => grantJson(g, true)),
        })),
      };
      io.stdout.write(`${JSON.stringify(doc, null, 2)}\n`);
      return { code: EXIT.clean, inputErrors };
    }
    io.stdout.write(
      `access of ${subjectText} (as ${identity.name ?? 'any member'}; groups ${identity.groups.join(', ')}):\n\n`,
    );
    const width = outputWidth(io.env.COLUMNS, io.stdoutColumns);
    io.stdout.write(
      matrix.rows.length + matrix.nonResource.length > 0 ? formatAccessMatrix(matrix, width) : 'no RBAC rule applies\n',
    );
    if (capabilities.length > 0) {
      io.stdout.write('\nrisky capabilities:\n');
      const admin = capabilities.find((hit) => hit.capability.id === 'cluster-admin');
      const shown = admin ? [admin] : capabilities;
      if (admin) io.stdout.write('(cluster-admin holds every other capability of the catalogue; -o json lists them)\n');
      const caps = shown.map((hit) => [
        hit.capability.severity.toUpperCase(),
        hit.capability.title,
        hit.namespace === '*' ? '(all)' : hit.namespace,
        `${hit.names ? `[${hit.names.join(',')}] ` : ''}${grantText(hit.grants[0] as (typeof hit.grants)[number])}`,
      ]);
      io.stdout.write(columns(caps, io));
    }
    return { code: EXIT.clean, inputErrors };
  });
}
