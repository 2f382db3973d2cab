import { RbacAnalysis, subjectText, workloadPower } from '../analyze/rbac/index.js';
import { grantJson, subjectJson } from '../report/index.js';
import { EXIT, type Io } from './io.js';
import type { RbacFlags } from './rbac.js';
import { checkOutput, columns, guarded, loadPolicy } from './run-rbac-input.js';

export async function runWorkloads(flags: RbacFlags & { includePlatform?: boolean }, io: Io): Promise<number> {
  checkOutput(flags.output, ['table', 'json'], 'workloads');
  return guarded(io, async () => {
    const { index, inputErrors } = await loadPolicy(flags, io);
    const analysis = new RbacAnalysis(index.inventory, index);
    const list = workloadPower(analysis, flags.namespace).filter((w) => flags.includePlatform || !w.platform);
    if (flags.output === 'json') {
      const doc = {
        workloads: list.map((w) => ({
          kind: w.kind,
          namespace: w.namespace,
          name: w.name,
          serviceAccount: subjectJson(w.serviceAccount),
          tokenMounted: w.tokenMounted,
          exposure: w.exposure,
          reaches: w.reaches.map((r) => ({
            target: r.target,
            steps: r.path.steps.map((s) => ({ kind: s.kind, text: s.text })),
          })),
          capabilities: w.capabilities.map((c) => ({
            id: c.capability.id,
            severity: c.capability.severity,
            namespace: c.namespace,
            grants: c.grants.map((g) => grantJson(g)),
          })),
          ...(w.location ? { location: w.location } : {}),
        })),
      };
      io.stdout.write(`${JSON.stringify(doc, null, 2)}\n`);
    } else if (list.length === 0) {
      io.stdout.write('no workloads in the inputs\n');
    } else {
      const rows = [['WORKLOAD', 'SERVICE ACCOUNT', 'TOKEN', 'EXPOSED', 'REACHES', 'RISKY CAPABILITIES']];
      for (const w of list) {
        rows.push([
          `${w.kind} ${w.namespace}/${w.name}`,
          subjectText(w.serviceAccount).slice(3),
          w.tokenMounted ? 'mounted' : 'not mounted',
          w.exposure.join(', ') || '-',
          w.reaches.map((r) => r.target).join(', ') || '-',
          summary(w.capabilities.map((c) => c.capability.id)),
        ]);
      }
      io.stdout.write(columns(rows, io));
    }
    return { code: EXIT.clean, inputErrors };
  });
}

/** cluster-admin implies every other capability: saying so is shorter than listing them. */
function summary(ids: readonly string[]): string {
  if (ids.includes('cluster-admin')) return 'cluster-admin (and so every capability)';
  return [...new Set(ids)].join(', ') || '-';
}
