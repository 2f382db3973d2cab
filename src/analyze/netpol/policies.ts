import type { LabelSelector } from '../../core/inventory.js';
import type { Path } from '../../core/path.js';
import { apiGroup, isRecord } from '../../core/pod-spec.js';
import type { KubeObject, Resource } from '../../core/resource.js';
import { IpSet, parseCidr } from './ip-set.js';
import { isLabelKey, isLabelValue, LABEL_VALUE_RULE } from './labels.js';
import type { Direction, Peer, Policy, Problem, Rule } from './model.js';
import { parsePorts } from './ports.js';
import { namespaceOf } from './workloads.js';

/** Kubernetes NetworkPolicy, not a CNI's kind of the same name (Calico's lives in projectcalico.org). */
export function isNetworkPolicy(object: KubeObject): boolean {
  const group = apiGroup(object.apiVersion);
  return object.kind === 'NetworkPolicy' && (group === 'networking.k8s.io' || group === 'extensions');
}

const OPERATORS = new Set(['In', 'NotIn', 'Exists', 'DoesNotExist']);

/**
 * Parses every NetworkPolicy. A policy the API server would reject (a bad CIDR, an unknown
 * protocol, a malformed selector) is left out of the analysis, and each reason is reported:
 * it cannot exist in a cluster, and guessing what was meant would hide the mistake.
 */
export function parsePolicies(resources: readonly Resource[], problems: Problem[]): Policy[] {
  const policies: Policy[] = [];
  const seen = new Set<string>();
  for (const resource of resources) {
    if (!isNetworkPolicy(resource.object)) continue;
    const errors: Problem[] = [];
    const policy = parsePolicy(resource, policies.length, (problem) => errors.push({ ...problem, resource }));
    if (errors.length > 0) {
      for (const error of errors) {
        problems.push({
          ...error,
          message: `NetworkPolicy ${policy.id}: ${error.message}; the API server rejects this policy, so it was left out of the analysis`,
        });
      }
      continue;
    }
    if (seen.has(policy.id)) {
      problems.push({
        severity: 'warning',
        message: `NetworkPolicy ${policy.id} is defined more than once; the first definition is analysed`,
        resource,
      });
      continue;
    }
    seen.add(policy.id);
    policies.push(policy);
  }
  return policies;
}

type Report = (problem: Omit<Problem, 'resource'>) => void;

function parsePolicy(resource: Resource, index: number, report: Report): Policy {
  const { object } = resource;
  const namespace = namespaceOf(object);
  const name = typeof object.metadata?.name === 'string' ? object.metadata.name : '';
  if (name === '') report({ severity: 'error', message: 'metadata.name is missing', path: ['metadata'] });
  const spec = isRecord(object.spec) ? object.spec : {};
  const podSelector = parseSelector(spec.podSelector, ['spec', 'podSelector'], report) ?? {};
  const policy: Policy = {
    index,
    namespace,
    name,
    id: `${namespace}/${name}`,
    podSelector,
    types: { ingress: true, egress: false },
    ingress: [],
    egress: [],
    resource,
  };
  policy.ingress = parseRules(spec.ingress, 'ingress', policy, report);
  policy.egress = parseRules(spec.egress, 'egress', policy, report);
  if (Array.isArray(spec.policyTypes) && spec.policyTypes.length > 0) {
    policy.types = { ingress: false, egress: false };
    spec.policyTypes.forEach((type, i) => {
      if (type === 'Ingress') policy.types.ingress = true;
      else if (type === 'Egress') policy.types.egress = true;
      else
        report({
          severity: 'error',
          message: `policyTypes entry "${String(type)}" is not Ingress or Egress`,
          path: ['spec', 'policyTypes', i],
        });
    });
  } else {
    // The API server's defaulting: Ingress always; Egress only when there are egress rules.
    policy.types = { ingress: true, egress: Array.isArray(spec.egress) && spec.egress.length > 0 };
  }
  return policy;
}

function parseRules(value: unknown, direction: Direction, policy: Policy, report: Report): Rule[] {
  if (value === undefined || value === null) return [];
  const path: Path = ['spec', direction];
  if (!Array.isArray(value)) {
    report({ severity: 'error', message: `spec.${direction} must be a list`, path });
    return [];
  }
  const peerField = direction === 'ingress' ? 'from' : 'to';
  return value.map((entry, index): Rule => {
    const at = [...path, index];
    const rule = isRecord(entry) ? entry : {};
    if (!isRecord(entry)) report({ severity: 'error', message: `a ${direction} rule must be an object`, path: at });
    return {
      direction,
      index,
      policy,
      peers: parsePeers(rule[peerField], [...at, peerField], report),
      ports: parsePorts(rule.ports, [...at, 'ports'], report),
      path: at,
    };
  });
}

function parsePeers(value: unknown, path: Path, report: Report): Peer[] | null {
  if (value === undefined || value === null) return null;
  if (!Array.isArray(value)) {
    report({ severity: 'error', message: `${String(path[path.length - 1])} must be a list`, path });
    return [];
  }
  if (value.length === 0) return null; // an empty list, like an absent one, admits everyone
  const peers: Peer[] = [];
  value.forEach((entry, index) => {
    const at = [...path, index];
    if (!isRecord(entry)) {
      report({ severity: 'error', message: 'a peer must be an object', path: at });
      return;
    }
    const hasPods = entry.podSelector !== undefined && entry.podSelector !== null;
    const hasNamespaces = entry.namespaceSelector !== undefined && entry.namespaceSelector !== null;
    if (isRecord(entry.ipBlock)) {
      if (hasPods || hasNamespaces) {
        report({ severity: 'error', message: 'a peer with ipBlock may not also select pods or namespaces', path: at });
        return;
      }
      const block = parseIpBlock(entry.ipBlock, [...at, 'ipBlock'], report);
      if (block) peers.push({ kind: 'ipBlock', index, ...block });
      return;
    }
    if (!hasPods && !hasNamespaces) {
      report({ severity: 'error', message: 'a peer must set podSelector, namespaceSelector or ipBlock', path: at });
      return;
    }
    peers.push({
      kind: 'pods',
      index,
      podSelector: hasPods ? parseSelector(entry.podSelector, [...at, 'podSelector'], report) : undefined,
      namespaceSelector: hasNamespaces
        ? parseSelector(entry.namespaceSelector, [...at, 'namespaceSelector'], report)
        : undefined,
    });
  });
  return peers;
}

function parseIpBlock(
  value: Record<string, unknown>,
  path: Path,
  report: Report,
): { cidr: string; except: string[]; set: IpSet } | undefined {
  if (typeof value.cidr !== 'string') {
    report({ severity: 'error', message: 'ipBlock.cidr is missing', path });
    return undefined;
  }
  const cidr = parseCidr(value.cidr);
  if (!(cidr instanceof IpSet)) {
    report({ severity: 'error', message: cidr.error, path: [...path, 'cidr'] });
    return undefined;
  }
  const except: string[] = [];
  let set = cidr;
  const list = Array.isArray(value.except) ? value.except : [];
  list.forEach((text, i) => {
    const hole = typeof text === 'string' ? parseCidr(text) : { error: 'an except entry must be a CIDR string' };
    if (!(hole instanceof IpSet)) {
      report({ severity: 'error', message: hole.error, path: [...path, 'except', i] });
      return;
    }
    if (!cidr.covers(hole) || hole.equals(cidr)) {
      report({
        severity: 'error',
        message: `except ${String(text)} is not a strict subset of cidr ${value.cidr}`,
        path: [...path, 'except', i],
      });
      return;
    }
    except.push(String(text));
    set = set.subtract(hole);
  });
  return { cidr: value.cidr, except, set };
}

function parseSelector(value: unknown, path: Path, report: Report): LabelSelector | undefined {
  if (value === undefined || value === null) return undefined;
  if (!isRecord(value)) {
    report({ severity: 'error', message: 'a label selector must be an object', path });
    return {};
  }
  const selector: { matchLabels?: Record<string, string>; matchExpressions?: LabelSelector['matchExpressions'] } = {};
  if (isRecord(value.matchLabels)) {
    selector.matchLabels = Object.fromEntries(Object.entries(value.matchLabels).map(([k, v]) => [k, String(v)]));
    for (const [key, text] of Object.entries(selector.matchLabels)) {
      const at = [...path, 'matchLabels', key];
      if (!isLabelKey(key)) report({ severity: 'error', message: `a label key is not a valid label name`, path: at });
      else if (!isLabelValue(text))
        report({ severity: 'error', message: `a label value must be ${LABEL_VALUE_RULE}`, path: at });
    }
  }
  if (Array.isArray(value.matchExpressions)) {
    const expressions: { key: string; operator: string; values?: string[] }[] = [];
    value.matchExpressions.forEach((raw, i) => {
      const at = [...path, 'matchExpressions', i];
      const expression = isRecord(raw) ? raw : {};
      const operator = String(expression.operator);
      const values = Array.isArray(expression.values) ? expression.values.map(String) : [];
      if (typeof expression.key !== 'string' || !OPERATORS.has(operator)) {
        report({
          severity: 'error',
          message: `matchExpressions entry needs a key and an operator In, NotIn, Exists or DoesNotExist`,
          path: at,
        });
      } else if ((operator === 'In' || operator === 'NotIn') && values.length === 0) {
        report({ severity: 'error', message: `operator ${operator} needs values`, path: at });
      } else if ((operator === 'Exists' || operator === 'DoesNotExist') && values.length > 0) {
        report({ severity: 'error', message: `operator ${operator} takes no values`, path: at });
      } else if (!isLabelKey(expression.key)) {
        report({ severity: 'error', message: 'a label key is not a valid label name', path: [...at, 'key'] });
      } else if (!values.every(isLabelValue)) {
        const bad = values.findIndex((v) => !isLabelValue(v));
        report({
          severity: 'error',
          message: `a label value must be ${LABEL_VALUE_RULE}`,
          path: [...at, 'values', bad],
        });
      } else expressions.push({ key: expression.key, operator, values });
    });
    selector.matchExpressions = expressions;
  }
  return selector;
}

/** Whether a selector selects everything (`{}`, or empty matchLabels and matchExpressions). */
export function isEmptySelector(selector: LabelSelector | undefined): boolean {
  return (
    !selector ||
    (Object.keys(selector.matchLabels ?? {}).length === 0 && (selector.matchExpressions ?? []).length === 0)
  );
}
