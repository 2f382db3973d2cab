/**
 * One concern, one finding. Some concerns are seen by several rules; each has one owner, the
 * first rule listed, whose finding carries what the others would say (their rating and words),
 * while they stay silent for it. The others report it only in a scan where no owner runs.
 * The precision test and `scripts/precision-workloads.ts` count repeated concerns with this table:
 * two findings on one object share a concern when they are about the same part of it (a
 * container, a volume, a field) and the table puts their rules in one concern, or when one rule
 * reports the same path twice.
 */
export interface SharedConcern {
  id: string;
  /** What the findings are about: a container, a volume, or the field a path names. */
  scope: 'container' | 'volume' | 'field';
  /** Owners first (a PSS restricted check before its baseline twin), then the rules that give way. */
  rules: readonly string[];
  /** The last path segment a finding of this concern points at, when the rules share a scope for several concerns. */
  field?: string;
}

export const SHARED_CONCERNS: readonly SharedConcern[] = [
  {
    id: 'capabilities-not-dropped',
    scope: 'container',
    field: 'drop',
    rules: ['pss-capabilities-restricted', 'container-net-raw-not-dropped'],
  },
  {
    id: 'capabilities-added',
    scope: 'container',
    field: 'add',
    rules: ['pss-capabilities-restricted', 'pss-capabilities-baseline', 'container-dangerous-capabilities'],
  },
  {
    id: 'host-path-volume',
    scope: 'volume',
    rules: ['pss-restricted-volumes', 'pss-host-path-volumes', 'pod-sensitive-host-path'],
  },
  { id: 'run-as-user', scope: 'field', field: 'runAsUser', rules: ['pss-run-as-user', 'container-low-uid-gid'] },
  { id: 'mutable-image', scope: 'container', rules: ['image-latest-tag', 'image-pull-policy'] },
];

const CONTAINER = /^(.*?(?:containers|initContainers|ephemeralContainers)\[\d+\])/;
const VOLUME = /^(.*?volumes\[\d+\])/;

/** A finding as the concern table reads it (a Result or a row of `-o json` output). */
export interface ConcernInput {
  ruleId: string;
  path?: string;
  resource?: { kind: string; namespace?: string; name: string };
}

/** The key two findings share when they report one concern (see the table above). */
export function concernKey(finding: ConcernInput): string {
  const r = finding.resource;
  const object = r ? `${r.kind}/${r.namespace ? `${r.namespace}/` : ''}${r.name}` : '(input)';
  const path = finding.path ?? '';
  const last = path.slice(path.lastIndexOf('.') + 1).replace(/\[\d+\]$/, '');
  for (const concern of SHARED_CONCERNS) {
    if (!concern.rules.includes(finding.ruleId)) continue;
    if (concern.field && !(last === concern.field || path.includes(`.${concern.field}[`))) continue;
    const part =
      concern.scope === 'container'
        ? CONTAINER.exec(path)?.[1]
        : concern.scope === 'volume'
          ? VOLUME.exec(path)?.[1]
          : path;
    if (part !== undefined) return `${object}#${part}#${concern.id}`;
  }
  return `${object}#${path}#${finding.ruleId}`;
}
