import { isDeepStrictEqual } from 'node:util';
import { isRecord, podTemplate } from '../core/pod-spec.js';
import type { KubeObject } from '../core/resource.js';
import { goQuote } from '../pss/format.js';
import { evaluatePod, LATEST_MINOR } from '../pss/index.js';
import { IGNORED_POD_SUBRESOURCES } from './filter.js';
import type { AdmissionRequest } from './review.js';

/*
 * Pod Security Admission as the API server's PodSecurity plugin does it, for clusters that do not
 * run it (or run it with other settings): the same namespace labels and defaults, exemptions,
 * short-circuits, UPDATE rule and wording, with the checks of src/pss.
 */

export type PsaLevel = 'privileged' | 'baseline' | 'restricted';
export const PSA_MODES = ['enforce', 'audit', 'warn'] as const;
export type PsaMode = (typeof PSA_MODES)[number];

export interface LevelVersion {
  level: PsaLevel;
  /** `latest` or `v1.N`. */
  version: string;
}

export type PsaPolicy = Record<PsaMode, LevelVersion>;

export interface PodSecurityConfig {
  /** The policy of a namespace without labels (the plugin's `defaults`): privileged and latest unless set. */
  defaults?: Partial<Record<PsaMode, Partial<LevelVersion>>>;
  exemptions?: { usernames?: readonly string[]; namespaces?: readonly string[]; runtimeClasses?: readonly string[] };
}

/** What Pod Security Admission adds to the answer; undefined when it has nothing to say. */
export interface PsaOutcome {
  allowed: boolean;
  status?: { code: number; reason: string; message: string };
  warnings: string[];
  /** Keys as the plugin writes them after `pod-security.kubernetes.io/`. */
  auditAnnotations: Record<string, string>;
}

export const PSA_LABEL_PREFIX = 'pod-security.kubernetes.io/';

/** Workload resources judged by their pod template, warn and audit only (upstream's extractor). */
const CONTROLLERS = new Set([
  '/podtemplates',
  '/replicationcontrollers',
  'apps/replicasets',
  'apps/deployments',
  'apps/statefulsets',
  'apps/daemonsets',
  'batch/jobs',
  'batch/cronjobs',
]);

const LEVELS: readonly PsaLevel[] = ['privileged', 'baseline', 'restricted'];
const VERSION = /^v1\.(0|[1-9][0-9]*)$/;

export function defaultPolicy(config: PodSecurityConfig = {}): PsaPolicy {
  const at = (mode: PsaMode): LevelVersion => ({
    level: config.defaults?.[mode]?.level ?? 'privileged',
    version: config.defaults?.[mode]?.version ?? 'latest',
  });
  return { enforce: at('enforce'), audit: at('audit'), warn: at('warn') };
}

/**
 * The namespace's policy from its labels over the defaults, and the label errors. Like upstream, a
 * label that does not parse reads as restricted (enforce) or privileged (audit, warn: fail open),
 * and a version that does not parse as latest.
 */
export function policyToEvaluate(
  labels: Readonly<Record<string, string>> | undefined,
  defaults: PsaPolicy,
): { policy: PsaPolicy; errors: string[] } {
  const policy: PsaPolicy = {
    enforce: { ...defaults.enforce },
    audit: { ...defaults.audit },
    warn: { ...defaults.warn },
  };
  const errors: string[] = [];
  if (!labels) return { policy, errors };
  for (const mode of PSA_MODES) {
    const levelKey = `${PSA_LABEL_PREFIX}${mode}`;
    const level = Object.hasOwn(labels, levelKey) ? labels[levelKey] : undefined;
    if (level !== undefined) {
      if ((LEVELS as readonly string[]).includes(level)) policy[mode].level = level as PsaLevel;
      else {
        policy[mode].level = mode === 'enforce' ? 'restricted' : 'privileged';
        errors.push(invalid(levelKey, level, `must be one of ${LEVELS.join(', ')}`));
      }
    }
    const versionKey = `${levelKey}-version`;
    const version = Object.hasOwn(labels, versionKey) ? labels[versionKey] : undefined;
    if (version !== undefined) {
      if (version === 'latest' || VERSION.test(version)) policy[mode].version = version;
      else {
        policy[mode].version = 'latest';
        errors.push(invalid(versionKey, version, 'must be "latest" or "v1.x"'));
      }
    }
  }
  return { policy, errors };
}

/** field.Invalid as Go prints it; upstream quotes the label value, and a label is never a secret. */
function invalid(label: string, value: string, detail: string): string {
  return `metadata.labels[${label}]: Invalid value: ${goQuote(value)}: ${detail}`;
}

/** An aggregate of errors as Go prints one: the error alone, or all of them in brackets. */
function aggregate(errors: readonly string[]): string {
  return errors.length === 1 ? (errors[0] as string) : `[${errors.join(', ')}]`;
}

const format = (lv: LevelVersion) => `${lv.level}:${lv.version}`;

/**
 * The plugin's answer to one request, given the labels of the request's namespace (for a
 * Namespace request, the object's own). Undefined for resources it does not judge.
 */
export function podSecurity(
  request: AdmissionRequest,
  namespaceLabels: Readonly<Record<string, string>> | undefined,
  config: PodSecurityConfig,
): PsaOutcome | undefined {
  const key = `${request.resource.group}/${request.resource.resource}`;
  const defaults = defaultPolicy(config);
  if (key === '/namespaces') return validateNamespace(request, defaults);
  const isPod = key === '/pods';
  if (!isPod && !CONTROLLERS.has(key)) return undefined;
  const sub = request.subResource ?? '';
  if (isPod ? IGNORED_POD_SUBRESOURCES.has(sub) : sub !== '') return undefined;
  const exemptions = config.exemptions ?? {};
  if (request.namespace && exemptions.namespaces?.includes(request.namespace)) return exempt('namespace');
  const user = request.userInfo?.username;
  if (user && exemptions.usernames?.includes(user)) return exempt('user');
  const { policy, errors } = policyToEvaluate(namespaceLabels, defaults);
  const privileged = (mode: PsaMode) => policy[mode].level === 'privileged';
  if (errors.length === 0 && privileged('audit') && privileged('warn') && (!isPod || privileged('enforce')))
    return undefined;
  const object = request.object;
  if (!object) return undefined;
  const pod = podTemplate(object);
  if (!pod) return undefined;
  if (
    isPod &&
    request.operation === 'UPDATE' &&
    request.oldObject &&
    !isSignificantPodUpdate(object, request.oldObject)
  )
    return undefined;
  const runtimeClass = pod.spec.runtimeClassName;
  if (typeof runtimeClass === 'string' && runtimeClass !== '' && exemptions.runtimeClasses?.includes(runtimeClass))
    return exempt('runtimeClass');

  const outcome: PsaOutcome = { allowed: true, warnings: [], auditAnnotations: {} };
  if (errors.length) outcome.auditAnnotations.error = `Failed to parse policy: ${aggregate(errors)}`;
  const cache = new Map<string, string | undefined>();
  const detail = (lv: LevelVersion) => {
    const id = format(lv);
    if (!cache.has(id)) cache.set(id, forbiddenDetail(pod, lv));
    return cache.get(id);
  };
  if (isPod) {
    outcome.auditAnnotations['enforce-policy'] = format(policy.enforce);
    const denied = detail(policy.enforce);
    if (denied !== undefined) {
      outcome.allowed = false;
      outcome.status = {
        code: 403,
        reason: 'Forbidden',
        message: `violates PodSecurity ${goQuote(format(policy.enforce))}: ${denied}`,
      };
    }
  }
  const audited = detail(policy.audit);
  if (audited !== undefined)
    outcome.auditAnnotations['audit-violations'] =
      `would violate PodSecurity ${goQuote(format(policy.audit))}: ${audited}`;
  if (outcome.allowed) {
    const warned = detail(policy.warn);
    if (warned !== undefined)
      outcome.warnings.push(`would violate PodSecurity ${goQuote(format(policy.warn))}: ${warned}`);
  }
  return outcome;
}

/** Upstream's ForbiddenDetail: each violated check's reason, its detail in parentheses; undefined when allowed. */
function forbiddenDetail(pod: NonNullable<ReturnType<typeof podTemplate>>, lv: LevelVersion): string | undefined {
  if (lv.level === 'privileged') return undefined;
  const minor = lv.version === 'latest' ? LATEST_MINOR : Math.min(Number(lv.version.slice(3)), LATEST_MINOR);
  const { allowed, violations } = evaluatePod(pod, lv.level, minor);
  if (allowed) return undefined;
  return violations.map((v) => (v.detail ? `${v.reason} (${v.detail})` : v.reason)).join(', ');
}

function exempt(reason: 'namespace' | 'user' | 'runtimeClass'): PsaOutcome {
  return { allowed: true, warnings: [], auditAnnotations: { exempt: reason } };
}

/** Namespaces: labels must parse on create, and on update when they changed. */
function validateNamespace(request: AdmissionRequest, defaults: PsaPolicy): PsaOutcome | undefined {
  if ((request.subResource ?? '') !== '' || !request.object) return undefined;
  const labelsOf = (object: KubeObject | undefined) => {
    const labels = object?.metadata?.labels;
    return isRecord(labels) ? (labels as Record<string, string>) : undefined;
  };
  const { errors } = policyToEvaluate(labelsOf(request.object), defaults);
  if (errors.length === 0) return undefined;
  if (request.operation === 'UPDATE') {
    const old = policyToEvaluate(labelsOf(request.oldObject), defaults).errors;
    if (old.length > 0 && isDeepStrictEqual(old, errors)) return undefined;
  } else if (request.operation !== 'CREATE') return undefined;
  const name = request.object.metadata?.name ?? request.name ?? '';
  return {
    allowed: false,
    status: {
      code: 422,
      reason: 'Invalid',
      message: `Namespace ${goQuote(String(name))} is invalid: ${aggregate(errors)}`,
    },
    warnings: [],
    auditAnnotations: {},
  };
}

const SECCOMP_POD = 'seccomp.security.alpha.kubernetes.io/pod';
const SECCOMP_CONTAINER = 'container.seccomp.security.alpha.kubernetes.io/';

/**
 * Whether a pod update changes something the checks read. Only images, the number of containers,
 * ephemeral containers and the seccomp annotations can change on a running pod; anything else is
 * allowed without judging, as upstream does (a pod admitted under an older policy stays updatable).
 */
export function isSignificantPodUpdate(pod: KubeObject, oldPod: KubeObject): boolean {
  const annotations = annotationsOf(pod);
  const oldAnnotations = annotationsOf(oldPod);
  if (annotations.get(SECCOMP_POD) !== oldAnnotations.get(SECCOMP_POD)) return true;
  const spec = isRecord(pod.spec) ? pod.spec : {};
  const oldSpec = isRecord(oldPod.spec) ? oldPod.spec : {};
  const list = (s: Record<string, unknown>, field: string) =>
    (Array.isArray(s[field]) ? s[field] : []).map((c) => (isRecord(c) ? c : {}));
  const significant = (c: Record<string, unknown>, old: Record<string, unknown>) => {
    if (c.image !== old.image) return true;
    const key = `${SECCOMP_CONTAINER}${typeof c.name === 'string' ? c.name : ''}`;
    return annotations.get(key) !== oldAnnotations.get(key);
  };
  for (const field of ['containers', 'initContainers']) {
    const now = list(spec, field);
    const before = list(oldSpec, field);
    if (now.length !== before.length) return true;
    for (let i = 0; i < now.length; i++) if (significant(now[i] ?? {}, before[i] ?? {})) return true;
  }
  const oldEphemeral = new Map<unknown, Record<string, unknown>>();
  for (const c of list(oldSpec, 'ephemeralContainers')) if (!oldEphemeral.has(c.name)) oldEphemeral.set(c.name, c);
  for (const c of list(spec, 'ephemeralContainers')) {
    const old = oldEphemeral.get(c.name);
    if (!old || significant(c, old)) return true;
  }
  return false;
}

function annotationsOf(object: KubeObject): Map<string, unknown> {
  const annotations = object.metadata?.annotations;
  return new Map(isRecord(annotations) ? Object.entries(annotations) : []);
}
