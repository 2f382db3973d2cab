import { locate } from '../../core/engine.js';
import { formatPath, type Path } from '../../core/path.js';
import { type Resource, type ResourceRef, resourceRef } from '../../core/resource.js';
import type { Result } from '../../core/result.js';
import { formatMessage, type RuleMeta } from '../../core/rule.js';
import type { Severity, Verdict } from '../../core/severity.js';
import { ConnTable } from './conn-table.js';
import type { Connectivity } from './connectivity.js';
import { type DefaultDenyStatus, defaultDenyStatus } from './default-deny.js';
import { GAP_KINDS } from './gap-kinds.js';
import { IpSet } from './ip-set.js';
import { METADATA_ADDRESSES, metadataReached } from './metadata.js';
import type { CniPolicy, Rule, Workload } from './model.js';
import { unresolvedNamedPorts } from './named-ports.js';
import { isEmptySelector } from './policies.js';

interface Subject {
  resource: Resource;
  ref?: ResourceRef;
  path?: Path;
}

/**
 * What the policies leave open, as engine results (so every report format renders them):
 * namespaces without a default deny, workloads without isolation, workloads reachable from every
 * namespace or from outside, egress to cloud metadata, named ports that resolve to nothing,
 * policies that select nothing. Passes are results too, so scores and JUnit count them. Where
 * CNI policies the analysis does not read could change a verdict, the verdict is a skip that
 * says so: it never claims a namespace is open when a CNI may close it.
 */
export function findGaps(connectivity: Connectivity): Result[] {
  const { model } = connectivity;
  const out: Result[] = [];
  const statuses = new Map<string, DefaultDenyStatus>();
  const statusOf = (ns: string) => {
    let status = statuses.get(ns);
    if (!status) {
      status = defaultDenyStatus(model, ns);
      statuses.set(ns, status);
    }
    return status;
  };

  const namespaces = [...new Set(model.workloads.map((w) => w.namespace))].sort();
  for (const ns of namespaces) out.push(namespaceGap(connectivity, ns, statusOf(ns)));
  for (const workload of model.workloads)
    out.push(...workloadGaps(connectivity, workload, statusOf(workload.namespace)));
  for (const policy of model.policies) {
    const subject = { resource: policy.resource };
    const selected = connectivity.matching.selectedBy.get(policy)?.length ?? 0;
    const inNamespace = model.workloads.filter((w) => w.namespace === policy.namespace).length;
    if (selected > 0) out.push(pass(GAP_KINDS.selectsNothing, subject));
    else if (inNamespace > 0) {
      const data = { policy: policy.id, count: inNamespace, namespace: policy.namespace };
      out.push(fail(GAP_KINDS.selectsNothing, { ...subject, path: ['spec', 'podSelector'] }, 'none', data));
    }
    const unresolved = unresolvedNamedPorts(model, connectivity.matching, policy);
    for (const u of unresolved) {
      const path = [...u.rule.path, 'ports', u.port, 'port'];
      out.push(
        fail(GAP_KINDS.namedPort, { ...subject, path }, u.reason, {
          name: u.name,
          protocol: u.protocol,
          checked: u.checked,
        }),
      );
    }
    const named = [...policy.ingress, ...policy.egress].some((r) => (r.ports ?? []).some((p) => p.kind === 'named'));
    if (named && unresolved.length === 0) out.push(pass(GAP_KINDS.namedPort, subject));
  }
  for (const cni of model.cniPolicies) out.push(cniNote(cni));
  return out;
}

function namespaceGap(connectivity: Connectivity, ns: string, status: DefaultDenyStatus): Result {
  const info = connectivity.model.namespaces.get(ns);
  const first = connectivity.model.workloads.find((w) => w.namespace === ns) as Workload;
  const subject: Subject = info?.resource
    ? { resource: info.resource, path: ['metadata', 'name'] }
    : {
        resource: first.resource,
        ref: { apiVersion: 'v1', kind: 'Namespace', name: ns },
        path: ['metadata', 'namespace'],
      };
  const meta = GAP_KINDS.namespaceDefaultDeny;
  const missing = (['ingress', 'egress'] as const).filter((d) => status[d] === 'missing');
  if (missing.length === 0) return pass(meta, subject);
  if (status.unanalysed.length > 0)
    return skip(meta, subject, `${ns}: ${cniReason(status.unanalysed, 'provide the default deny')}`);
  const describe = (d: 'ingress' | 'egress') => (status.by[d] ? `by ${status.by[d]}` : 'none');
  const id = missing.length === 2 ? 'both' : (missing[0] as 'ingress' | 'egress');
  return fail(meta, subject, id, { namespace: ns, ingress: describe('ingress'), egress: describe('egress') });
}

function workloadGaps(connectivity: Connectivity, workload: Workload, status: DefaultDenyStatus): Result[] {
  const { matching } = connectivity;
  const out: Result[] = [];
  const subject: Subject = { resource: workload.resource, ref: workloadRef(workload) };
  const data = { workload: workload.id };
  const byPolicy = {
    ingress: (matching.policiesOf.ingress[workload.index] ?? []).length > 0,
    egress: (matching.policiesOf.egress[workload.index] ?? []).length > 0,
  };
  for (const direction of ['ingress', 'egress'] as const) {
    const meta = direction === 'ingress' ? GAP_KINDS.ingressIsolation : GAP_KINDS.egressIsolation;
    if (byPolicy[direction] || status[direction] === 'cni') out.push(pass(meta, subject));
    else if (status.unanalysed.length > 0)
      out.push(skip(meta, subject, `${workload.id}: ${cniReason(status.unanalysed, 'isolate it')}`));
    else out.push(fail(meta, subject, 'open', data));
  }
  if (byPolicy.ingress) {
    out.push(clusterWideGap(connectivity, workload, subject));
    out.push(externalGap(connectivity, workload, subject));
  }
  out.push(metadataGap(connectivity, workload, subject, byPolicy.egress, status));
  // A caveat about the analysis, not a gap of the policies: a warning, which never fails a run.
  if (workload.hostNetwork) out.push({ ...fail(GAP_KINDS.hostNetwork, subject, 'host', data), verdict: 'warn' });
  return out;
}

function clusterWideGap(connectivity: Connectivity, workload: Workload, subject: Subject): Result {
  const rules = (connectivity.matching.rulesOf.ingress[workload.index] ?? []).filter(
    (rule) =>
      rule.peers === null ||
      rule.peers.some(
        (p) =>
          p.kind === 'pods' &&
          p.namespaceSelector !== undefined &&
          isEmptySelector(p.namespaceSelector) &&
          isEmptySelector(p.podSelector),
      ),
  );
  const conn = union(connectivity, rules, workload);
  if (conn === ConnTable.EMPTY) return pass(GAP_KINDS.clusterWide, subject);
  const data = { workload: workload.id, conn: connectivity.table.text(conn), rules: ruleList(rules) };
  return fail(GAP_KINDS.clusterWide, { ...subject, path: first(rules) }, 'open', data);
}

function externalGap(connectivity: Connectivity, workload: Workload, subject: Subject): Result {
  let addresses = IpSet.EMPTY;
  let conn = ConnTable.EMPTY;
  connectivity.srcBlocks.forEach((block, b) => {
    const allowed = connectivity.fromBlock(b, workload.index);
    if (allowed === ConnTable.EMPTY) return;
    addresses = addresses.union(block);
    conn = connectivity.table.union(conn, allowed);
  });
  if (addresses.isEmpty()) return pass(GAP_KINDS.external, subject);
  const rules = (connectivity.matching.rulesOf.ingress[workload.index] ?? []).filter(
    (r) => connectivity.blocksOf(r, connectivity.srcBlocks).length > 0,
  );
  const everything = addresses.covers(IpSet.ALL_V4) || addresses.covers(IpSet.ALL_V6);
  const cidrs = addresses.toCidrs();
  const ranges = cidrs.length <= 4 ? cidrs.join(', ') : addresses.toRanges();
  const data = { workload: workload.id, conn: connectivity.table.text(conn), ranges, rules: ruleList(rules) };
  return fail(GAP_KINDS.external, { ...subject, path: first(rules) }, 'open', data, everything ? 'high' : 'medium');
}

function metadataGap(
  connectivity: Connectivity,
  workload: Workload,
  subject: Subject,
  isolated: boolean,
  status: DefaultDenyStatus,
): Result {
  const meta = GAP_KINDS.metadata;
  if (!isolated) {
    if (status.egress === 'cni') return pass(meta, subject);
    if (status.unanalysed.length > 0)
      return skip(meta, subject, `${workload.id}: ${cniReason(status.unanalysed, 'block it')}`);
    return fail(
      meta,
      subject,
      'unisolated',
      { workload: workload.id, addresses: METADATA_ADDRESSES.join(', ') },
      'medium',
    );
  }
  const rules: Rule[] = [];
  const reached = new Set<string>();
  for (const rule of connectivity.matching.rulesOf.egress[workload.index] ?? []) {
    const hits = metadataReached(rule, connectivity.matching.addressesOf.get(rule) ?? IpSet.EMPTY);
    if (hits.length === 0) continue;
    rules.push(rule);
    for (const hit of hits) reached.add(hit);
  }
  if (rules.length === 0) return pass(meta, subject);
  const data = { workload: workload.id, addresses: [...reached].join(', '), rules: ruleList(rules) };
  return fail(meta, { ...subject, path: first(rules) }, 'allowed', data);
}

function cniNote(cni: CniPolicy): Result {
  const meta = GAP_KINDS.cni;
  const name = `${cni.namespace ? `${cni.namespace}/` : ''}${cni.name}`;
  const denies = (['ingress', 'egress'] as const).filter((d) => cni.defaultDeny[d]);
  const effect = cni.kind.includes('AdminNetworkPolicy')
    ? 'further restrict or allow'
    : denies.length
      ? `further restrict (it is read as a default deny for ${denies.join(' and ')})`
      : 'further restrict';
  const message = formatMessage(meta.messages.skipped, { kind: cni.kind, name, effect });
  return { ...base(meta, { resource: cni.resource }), verdict: 'skip', message, skipReason: message };
}

function cniReason(policies: readonly CniPolicy[], what: string): string {
  const names = policies.map((c) => `${c.kind} ${c.name}`).join(', ');
  return `CNI policies (${names}) that Rampart does not evaluate may ${what}`;
}

function union(connectivity: Connectivity, rules: readonly Rule[], destination: Workload): number {
  return rules.reduce(
    (acc, rule) => connectivity.table.union(acc, connectivity.ruleConn(rule, destination)),
    ConnTable.EMPTY,
  );
}

function ruleList(rules: readonly Rule[]): string {
  return rules.map((r) => `${r.policy.id} ${formatPath(r.path)}`).join(', ');
}

function first(rules: readonly Rule[]): Path | undefined {
  return rules[0]?.path;
}

/** The workload's own identity: a folded group of pods is named by its owner, which may not be in the input. */
function workloadRef(workload: Workload): ResourceRef {
  const own = resourceRef(workload.resource.object);
  if (own.kind === workload.kind && own.name === workload.name) return own;
  return { apiVersion: own.apiVersion, kind: workload.kind, namespace: workload.namespace, name: workload.name };
}

function base(meta: RuleMeta, subject: Subject): Omit<Result, 'verdict' | 'message'> {
  const result: Omit<Result, 'verdict' | 'message'> = {
    ruleId: meta.id,
    severity: meta.severity,
    resource: subject.ref ?? resourceRef(subject.resource.object),
    remediation: meta.remediation,
    frameworks: meta.frameworks,
    owner: meta.owner,
    stage: meta.stage,
  };
  const location = locate(subject.resource, subject.path ?? []);
  if (location) result.location = location;
  if (subject.path) result.path = formatPath(subject.path);
  return result;
}

function pass(meta: RuleMeta, subject: Subject): Result {
  return {
    ...base(meta, { resource: subject.resource, ...(subject.ref ? { ref: subject.ref } : {}) }),
    verdict: 'pass',
    message: meta.title,
  };
}

function skip(meta: RuleMeta, subject: Subject, reason: string): Result {
  return { ...base(meta, subject), verdict: 'skip', message: reason, skipReason: reason };
}

function fail(
  meta: RuleMeta,
  subject: Subject,
  messageId: string,
  data: Record<string, string | number>,
  severity?: Severity,
): Result {
  const template = meta.messages[messageId];
  if (template === undefined) throw new Error(`gap ${meta.id}: unknown message "${messageId}"`);
  const verdict: Verdict = 'fail';
  return {
    ...base(meta, subject),
    verdict,
    severity: severity ?? meta.severity,
    message: formatMessage(template, data),
  };
}
