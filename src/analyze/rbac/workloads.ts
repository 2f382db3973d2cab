import type { RbacAnalysis } from './analysis.js';
import { type CapabilityHit, capabilitiesOf } from './catalogue.js';
import { exposureOf } from './exposure.js';
import { TARGETS } from './graph.js';
import { identityOf } from './identity.js';
import type { EscalationPath } from './paths.js';
import { isPlatformSubject } from './platform.js';
import { identityProfile } from './profile.js';
import type { SubjectRef } from './types.js';

export interface WorkloadPower {
  kind: string;
  namespace: string;
  name: string;
  serviceAccount: SubjectRef;
  tokenMounted: boolean;
  /** How the pods can be reached from outside, as far as the inputs show. */
  exposure: string[];
  platform: boolean;
  /** Catalogue entries the ServiceAccount holds, in the workload's namespace or cluster-wide. */
  capabilities: CapabilityHit[];
  /** Shortest escalation paths of the ServiceAccount, by target. */
  reaches: { target: 'cluster-admin' | 'secrets' | 'nodes'; path: EscalationPath }[];
  location?: { file: string; line: number };
}

const SEVERITY_RANK = { critical: 4, high: 3, medium: 2, low: 1, info: 0 } as const;

/**
 * Which workloads run with which ServiceAccount, and what that account can do and reach, the
 * riskiest first: those whose token reaches cluster-admin, then the exposed ones, then by the
 * most severe capability.
 */
export function workloadPower(analysis: RbacAnalysis, namespace?: string): WorkloadPower[] {
  const { facts } = analysis.escalation;
  const out: WorkloadPower[] = [];
  for (const workload of facts.workloads) {
    if (namespace !== undefined && workload.namespace !== namespace) continue;
    const serviceAccount: SubjectRef = {
      kind: 'ServiceAccount',
      namespace: workload.namespace,
      name: workload.serviceAccount,
    };
    const profile = identityProfile(analysis.index, identityOf(serviceAccount));
    const reaches: WorkloadPower['reaches'] = [];
    for (const [target, id] of [
      ['cluster-admin', TARGETS.clusterAdmin],
      ['secrets', TARGETS.secrets],
      ['nodes', TARGETS.nodes],
    ] as const) {
      const path = analysis.pathFrom(serviceAccount, id);
      if (path) reaches.push({ target, path });
    }
    const origin = workload.resource.origin;
    const power: WorkloadPower = {
      kind: workload.kind,
      namespace: workload.namespace,
      name: workload.name,
      serviceAccount,
      tokenMounted: workload.tokenMounted,
      exposure: exposureOf(workload, analysis.index.inventory),
      platform: isPlatformSubject(serviceAccount),
      capabilities: capabilitiesOf(profile, workload.namespace).filter(
        (hit) => hit.namespace === '*' || hit.namespace === workload.namespace,
      ),
      reaches,
    };
    if (origin.kind === 'file') power.location = { file: origin.file, line: origin.locate([]).line };
    out.push(power);
  }
  return out.sort(
    (a, b) => risk(b) - risk(a) || a.namespace.localeCompare(b.namespace) || a.name.localeCompare(b.name),
  );
}

function risk(w: WorkloadPower): number {
  if (!w.tokenMounted) return 0;
  const admin = w.reaches.some((r) => r.target === 'cluster-admin') ? 100 : 0;
  const secrets = w.reaches.some((r) => r.target === 'secrets') ? 50 : 0;
  const exposed = w.exposure.length > 0 ? 10 : 0;
  const worst = Math.max(0, ...w.capabilities.map((c) => SEVERITY_RANK[c.capability.severity]));
  return admin + secrets + exposed + worst;
}
