import { formatPath, type Path } from '../../core/path.js';
import type { ContainerRef, PodTemplate } from '../../core/pod-spec.js';
import { POD_SPEC_KINDS } from '../../core/pod-spec.js';
import { defineRule, type Report } from '../../core/rule.js';
import { meshProxyOf } from '../infrastructure.js';
import { pssReportedPaths, RUN_AS_USER_CHECKS } from '../pss-in-force.js';
import {
  containerField,
  containerLabel,
  containersIn,
  type Fields,
  fieldsOf,
  isWindows,
  NO_FINDINGS,
  podOrSkip,
  WINDOWS_SKIP,
} from '../workload-support.js';

type Field = 'runAsUser' | 'runAsGroup';
type MessageId = 'low' | 'pod';

const DEFAULT_MINIMUM = 10000;
const minimums = new WeakMap<object, number>();

function minimumOf(options: Fields): number {
  let minimum = minimums.get(options);
  if (minimum === undefined) {
    const given = options.minimumId;
    if (given !== undefined && (typeof given !== 'number' || !Number.isInteger(given) || given < 1)) {
      throw new Error('option minimumId of rule container-low-uid-gid must be a positive integer');
    }
    minimum = given ?? DEFAULT_MINIMUM;
    minimums.set(options, minimum);
  }
  return minimum;
}

/**
 * One finding per place that sets (or leaves unset) the IDs: a container's own values on the
 * container, both IDs in one finding; the values containers inherit from the pod (or that nothing
 * sets) once, on the pod, naming the containers. A mesh proxy's design UID is not a finding: its
 * mesh's traffic redirection is keyed on it. UID 0 is pss-run-as-user's when that check runs.
 */
export const containerLowUidGid = defineRule<MessageId>({
  meta: {
    id: 'container-low-uid-gid',
    title: 'Containers run with a UID and GID of 10000 or more',
    description:
      'Flags containers whose effective `runAsUser` or `runAsGroup` (the container value, else the pod securityContext) is below 10000, or is set nowhere so that the image decides. One finding per place names both IDs: the own values of a container on the container, the values containers inherit from the pod (or that nothing sets) once on the pod. Pods in a user namespace (`hostUsers: false`) pass; Windows pods are not judged. Service-mesh proxies keep the UID their mesh is built on (istio-proxy of Istio 1337, linkerd-proxy of Linkerd 2102, recognised by image or proxy settings, not by name alone): the traffic redirection of the mesh is keyed on it. `runAsUser: 0` is left to pss-run-as-user, which reports it at the restricted level. Option `minimumId` (default 10000) sets the threshold.',
    rationale:
      'Low IDs are the ones that mean something on the node: 0 is root, and the range below 10000 holds the system and login accounts of most distributions. A process that breaks out of its container keeps its UID and GID, so with a low one it may own host files, read what those users can read, or signal their processes. Images that set no USER run as root, and a container given only a UID usually ends up in group 0. A high, otherwise unused UID and GID leave an escaped process with nothing on the host.',
    remediation:
      'Set both IDs on the pod, so every container inherits them, and build the image to work as that user:\n\n```yaml\nspec:\n  securityContext:\n    runAsNonRoot: true\n    runAsUser: 10001\n    runAsGroup: 10001\n    fsGroup: 10001\n```\n\nIn the Dockerfile, `USER 10001:10001`. Where the node supports it, `hostUsers: false` maps the container IDs to an unprivileged host range instead. To use a different threshold, set `rules.container-low-uid-gid.options.minimumId` in rampart.yaml.',
    stage: 'deploy',
    severity: 'low',
    owner: 'developer',
    frameworks: { nsa: ['Pod security: non-root containers'], cis: ['5.7.3'] },
    kinds: POD_SPEC_KINDS,
    messages: {
      low: '{{container}} sets {{values}}, below {{minimum}}',
      pod: '{{problems}}, for {{containers}}',
    },
    options: {
      minimumId: { type: 'integer', minimum: 1, default: 10000, description: 'the lowest UID and GID accepted' },
    },
    references: [
      'https://kubernetes.io/docs/tasks/configure-pod-container/security-context/#set-the-security-context-for-a-pod',
      'https://kubernetes.io/docs/concepts/workloads/pods/user-namespaces/',
    ],
  },
  check({ object, options, settings }) {
    const pod = podOrSkip(object);
    if ('skip' in pod) return pod;
    if (isWindows(pod)) return WINDOWS_SKIP;
    if (pod.spec.hostUsers === false) return NO_FINDINGS;
    const minimum = minimumOf(options);
    const podContext = fieldsOf(pod.spec.securityContext);
    let rootReported: ReadonlySet<string> | undefined;
    const low = (ref: ContainerRef | undefined, field: Field, id: number, path: Path): boolean => {
      if (id >= minimum) return false;
      if (ref && meshProxyOf(ref)?.id === id) return false;
      if (id === 0 && field === 'runAsUser') {
        rootReported ??= pssReportedPaths(RUN_AS_USER_CHECKS, pod, settings);
        if (rootReported.has(formatPath(path))) return false;
      }
      return true;
    };
    let reports: Report<MessageId>[] | undefined;
    // Per field: the containers that inherit a low pod value or find none at all.
    const inherit: Record<Field, ContainerRef[]> = { runAsUser: [], runAsGroup: [] };
    for (const ref of containersIn(pod, 'all')) {
      const own = fieldsOf(ref.container.securityContext);
      const values: string[] = [];
      let first: Field | undefined;
      for (const field of FIELDS) {
        const value = own?.[field];
        const podValue = podContext?.[field];
        if (typeof value === 'number') {
          if (!low(ref, field, value, containerField(ref, 'securityContext', field))) continue;
          values.push(`${field} ${value}`);
          first ??= field;
        } else if (typeof podValue !== 'number') {
          inherit[field].push(ref);
        } else if (low(ref, field, podValue, [...pod.specPath, 'securityContext', field])) {
          inherit[field].push(ref);
        }
      }
      if (!first) continue;
      reports ??= [];
      reports.push({
        path: containerField(ref, 'securityContext', first),
        messageId: 'low',
        data: { container: containerLabel(ref), values: values.join(' and '), minimum },
      });
    }
    const podFinding = podReport(pod, inherit, minimum);
    if (podFinding) {
      reports ??= [];
      reports.push(podFinding);
    }
    return reports ?? NO_FINDINGS;
  },
});

const FIELDS: readonly Field[] = ['runAsUser', 'runAsGroup'];

/** Whether runAsNonRoot: true applies to a container (its own, else the pod's), so its UID is not 0. */
function nonRoot(pod: PodTemplate, ref: ContainerRef): boolean {
  const own = fieldsOf(ref.container.securityContext)?.runAsNonRoot;
  return (own ?? fieldsOf(pod.spec.securityContext)?.runAsNonRoot) === true;
}

/** The pod-level finding: what the pod sets too low or nothing sets, per field, for whom. */
function podReport(
  pod: PodTemplate,
  inherit: Record<Field, ContainerRef[]>,
  minimum: number,
): Report<MessageId> | undefined {
  const podContext = fieldsOf(pod.spec.securityContext);
  const fields = FIELDS.filter((field) => inherit[field].length > 0);
  const first = fields[0];
  if (!first) return undefined;
  const names = (refs: readonly ContainerRef[]) => refs.map(containerLabel).join(', ');
  const same = fields.length === 1 || names(inherit.runAsUser) === names(inherit.runAsGroup);
  const lowValues = fields.filter((field) => typeof podContext?.[field] === 'number');
  const unset = fields.filter((field) => typeof podContext?.[field] !== 'number');
  const clauses: string[] = [];
  if (lowValues.length > 0)
    clauses.push(
      `the pod securityContext sets ${lowValues.map((f) => `${f} ${podContext?.[f]}`).join(' and ')}, below ${minimum}${same ? '' : ` (${lowValues.map((f) => `${f} for ${names(inherit[f])}`).join('; ')})`}`,
    );
  if (unset.length > 0) {
    const why = unset.map((field) => {
      if (field === 'runAsGroup') return "the GID is often 0, root's group";
      return inherit.runAsUser.every((ref) => nonRoot(pod, ref))
        ? `runAsNonRoot: true rules out UID 0, not a UID below ${minimum}`
        : 'the UID is root unless the image sets USER';
    });
    clauses.push(
      `${unset.join(' and ')} ${unset.length > 1 ? 'are' : 'is'} set neither on the pod nor on the container, so the image decides (${why.join('; ')})${same ? '' : ` (${unset.map((f) => `${f} for ${names(inherit[f])}`).join('; ')})`}`,
    );
  }
  const all = [...new Set([...inherit.runAsUser, ...inherit.runAsGroup])];
  return {
    path: [...pod.specPath, 'securityContext', first],
    messageId: 'pod',
    data: { problems: clauses.join(', and '), containers: names(all) },
  };
}
