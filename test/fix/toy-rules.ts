import type { Path } from '../../src/core/path.js';
import type { KubeObject } from '../../src/core/resource.js';
import { defineRule, type Report } from '../../src/core/rule.js';

/*
 * Test-only fixable rules: between them they exercise every kind of edit `rampart fix` makes —
 * set of an existing scalar, of a missing key, of missing nested parents, of a new sequence
 * item; remove of a key and of a sequence item. Their fixtures live in test/fix/rules/<id>/.
 */

const BASE = {
  rationale: 'A test rule for rampart fix.',
  stage: 'deploy',
  severity: 'medium',
  owner: 'developer',
  frameworks: {},
  kinds: ['Pod', 'Deployment'],
  references: [],
  fixable: true,
} as const;

interface Container {
  name?: string;
  securityContext?: { runAsNonRoot?: unknown; capabilities?: { add?: unknown; drop?: unknown } };
}

function podSpecPath(object: KubeObject): Path {
  return object.kind === 'Pod' ? ['spec'] : ['spec', 'template', 'spec'];
}

function containers(object: KubeObject): { container: Container; path: Path }[] {
  const specPath = podSpecPath(object);
  let spec: unknown = object;
  for (const segment of specPath) spec = (spec as Record<string, unknown> | undefined)?.[segment as string];
  const list = (spec as { containers?: unknown } | undefined)?.containers;
  if (!Array.isArray(list)) return [];
  return list.map((container, i) => ({ container: container as Container, path: [...specPath, 'containers', i] }));
}

/** set of an existing scalar (`false` → `true`), of a missing key, and of missing parents. */
export const toyRunAsNonRoot = defineRule<'root'>({
  meta: {
    ...BASE,
    id: 'toy-run-as-non-root',
    title: 'Toy: containers run as non-root',
    description: 'Flags containers without securityContext.runAsNonRoot: true.',
    remediation: 'Set securityContext.runAsNonRoot: true.',
    messages: { root: 'container {{name}} may run as root' },
  },
  check({ object }) {
    return containers(object).flatMap(({ container, path }): Report<'root'>[] => {
      if (container.securityContext?.runAsNonRoot === true) return [];
      const field = [...path, 'securityContext', 'runAsNonRoot'];
      return [
        {
          path: field,
          messageId: 'root',
          data: { name: container.name ?? '' },
          fix: { description: 'set runAsNonRoot: true', operations: [{ op: 'set', path: field, value: true }] },
        },
      ];
    });
  },
});

/** remove of a key. */
export const toyNoHostNetwork = defineRule<'hostNetwork'>({
  meta: {
    ...BASE,
    id: 'toy-no-host-network',
    title: 'Toy: no host network',
    description: 'Flags pods that set hostNetwork: true.',
    remediation: 'Remove hostNetwork.',
    messages: { hostNetwork: 'the pod shares the host network' },
  },
  check({ object }) {
    const path = [...podSpecPath(object), 'hostNetwork'];
    let value: unknown = object;
    for (const segment of path) value = (value as Record<string, unknown> | undefined)?.[segment as string];
    if (value !== true) return [];
    return [
      {
        path,
        messageId: 'hostNetwork',
        fix: { description: 'remove hostNetwork', operations: [{ op: 'remove', path }] },
      },
    ];
  },
});

/** set of a new sequence item, set of missing nested parents, remove of a sequence item. */
export const toyDropAll = defineRule<'drop' | 'netRaw'>({
  meta: {
    ...BASE,
    id: 'toy-drop-all',
    title: 'Toy: capabilities dropped',
    description: 'Flags containers that do not drop ALL capabilities or that add NET_RAW.',
    remediation: 'Drop ALL; do not add NET_RAW.',
    messages: { drop: 'container {{name}} keeps its capabilities', netRaw: 'container {{name}} adds NET_RAW' },
  },
  check({ object }) {
    return containers(object).flatMap(({ container, path }) => {
      const reports: Report<'drop' | 'netRaw'>[] = [];
      const capabilities = [...path, 'securityContext', 'capabilities'];
      const { add, drop } = container.securityContext?.capabilities ?? {};
      const data = { name: container.name ?? '' };
      if (!Array.isArray(drop) || !drop.includes('ALL')) {
        const operation = Array.isArray(drop)
          ? { op: 'set' as const, path: [...capabilities, 'drop', drop.length], value: 'ALL' }
          : { op: 'set' as const, path: [...capabilities, 'drop'], value: ['ALL'] };
        reports.push({
          path: [...capabilities, 'drop'],
          messageId: 'drop',
          data,
          fix: { description: 'drop ALL', operations: [operation] },
        });
      }
      if (Array.isArray(add) && add.includes('NET_RAW')) {
        const field = [...capabilities, 'add', add.indexOf('NET_RAW')];
        reports.push({
          path: field,
          messageId: 'netRaw',
          data,
          fix: { description: 'do not add NET_RAW', operations: [{ op: 'remove', path: field }] },
        });
      }
      return reports;
    });
  },
});

/** set of a string that must be quoted, under a key that needs no quotes but has a slash. */
export const toyVersionLabel = defineRule<'missing'>({
  meta: {
    ...BASE,
    id: 'toy-version-label',
    title: 'Toy: a version label',
    description: 'Flags objects without the app.kubernetes.io/version label.',
    remediation: 'Add the label.',
    messages: { missing: 'no app.kubernetes.io/version label' },
  },
  check({ object }) {
    if (object.metadata?.labels?.['app.kubernetes.io/version'] !== undefined) return [];
    const path = ['metadata', 'labels', 'app.kubernetes.io/version'];
    return [
      {
        path,
        messageId: 'missing',
        fix: { description: 'label the version', operations: [{ op: 'set', path, value: '1.0' }] },
      },
    ];
  },
});

export const TOY_RULES = [toyDropAll, toyNoHostNetwork, toyRunAsNonRoot, toyVersionLabel];
