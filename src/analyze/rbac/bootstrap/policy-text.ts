import type { KubeObject } from '../../../core/resource.js';

/**
 * The notation the bootstrap policy is written in, one object per header line:
 *
 *   ClusterRole NAME [labels:aggregate-to-X] [aggregates:aggregate-to-X] [since:1.N]
 *   Role NAMESPACE NAME [since:1.N]
 *     GROUPS RESOURCES VERBS [names:NAMES]       a rule; lists comma-separated, `-` the core group
 *     url URLS VERBS                             a non-resource rule
 *   ClusterRoleBinding NAME KIND:ROLE [SUBJECT…]
 *   RoleBinding NAMESPACE NAME KIND:ROLE [SUBJECT…]   subjects Group:N, User:N, ServiceAccount:NS/N
 *
 * `since` is the first minor version whose default cluster has the object. Every role is labelled
 * `kubernetes.io/bootstrapping: rbac-defaults`, as upstream labels them.
 */
export interface PolicyEntry {
  object: KubeObject;
  /** The first minor version that has the object. */
  since: number;
}

const RBAC = 'rbac.authorization.k8s.io';
const AGGREGATE = `${RBAC}/`;
const BOOTSTRAP_LABELS = { 'kubernetes.io/bootstrapping': 'rbac-defaults' };

export function parsePolicy(text: string): PolicyEntry[] {
  const out: PolicyEntry[] = [];
  let rules: Record<string, string[]>[] | undefined;
  for (const raw of text.split('\n')) {
    if (raw.trim() === '') continue;
    const words = raw.trim().split(' ');
    if (raw.startsWith(' ')) {
      if (!rules) throw new Error(`bootstrap policy: a rule outside a role: ${raw}`);
      rules.push(readRule(words));
      continue;
    }
    const [kind = ''] = words;
    if (kind === 'Role' || kind === 'ClusterRole') {
      const entry = readRole(words);
      rules = entry.object.rules as Record<string, string[]>[];
      out.push(entry);
    } else if (kind === 'RoleBinding' || kind === 'ClusterRoleBinding') {
      rules = undefined;
      out.push({ object: readBinding(words), since: 0 });
    } else throw new Error(`bootstrap policy: unknown line ${raw}`);
  }
  return out;
}

function readRole(words: string[]): PolicyEntry {
  const [kind = '', ...rest] = words;
  const namespace = kind === 'Role' ? rest.shift() : undefined;
  const name = rest.shift() ?? '';
  const labels: Record<string, string> = { ...BOOTSTRAP_LABELS };
  const selectors: { matchLabels: Record<string, string> }[] = [];
  let since = 0;
  for (const word of rest) {
    const [key, value = ''] = split(word);
    if (key === 'labels') labels[AGGREGATE + value] = 'true';
    else if (key === 'aggregates') selectors.push({ matchLabels: { [AGGREGATE + value]: 'true' } });
    else if (key === 'since') since = Number(value.split('.')[1]);
    else throw new Error(`bootstrap policy: unknown attribute ${word} of ${name}`);
  }
  const object: KubeObject = {
    apiVersion: `${RBAC}/v1`,
    kind,
    metadata: { name, ...(namespace ? { namespace } : {}), labels },
    ...(selectors.length ? { aggregationRule: { clusterRoleSelectors: selectors } } : {}),
    rules: [],
  };
  return { object, since };
}

function readRule(words: string[]): Record<string, string[]> {
  if (words[0] === 'url') return { nonResourceURLs: list(words[1]), verbs: list(words[2]) };
  const rule: Record<string, string[]> = {
    apiGroups: list(words[0]).map((g) => (g === '-' ? '' : g)),
    resources: list(words[1]),
    verbs: list(words[2]),
  };
  const names = words[3];
  if (names !== undefined) rule.resourceNames = list(split(names)[1]);
  return rule;
}

function readBinding(words: string[]): KubeObject {
  const [kind = '', ...rest] = words;
  const namespace = kind === 'RoleBinding' ? rest.shift() : undefined;
  const name = rest.shift() ?? '';
  const [roleKind = '', roleName = ''] = split(rest.shift() ?? '');
  const subjects = rest.map((word) => {
    const [subjectKind = '', subjectName = ''] = split(word);
    if (subjectKind !== 'ServiceAccount') return { kind: subjectKind, apiGroup: RBAC, name: subjectName };
    const [ns = '', sa = ''] = subjectName.split('/');
    return { kind: subjectKind, name: sa, namespace: ns };
  });
  return {
    apiVersion: `${RBAC}/v1`,
    kind,
    metadata: { name, ...(namespace ? { namespace } : {}), labels: { ...BOOTSTRAP_LABELS } },
    roleRef: { apiGroup: RBAC, kind: roleKind, name: roleName },
    subjects,
  };
}

/** `key:value`, split at the first colon only: names hold colons of their own. */
function split(word: string): [string, string] {
  const colon = word.indexOf(':');
  return colon === -1 ? [word, ''] : [word.slice(0, colon), word.slice(colon + 1)];
}

function list(text: string | undefined): string[] {
  return text ? text.split(',') : [];
}
