/**
 * What the audit-event rules share. They judge API-server audit events (audit.k8s.io/v1 Event)
 * rather than manifests, through the same engine, meta and results as every other rule: an event
 * is the resource, a finding points at the field of the event that shows the threat, and
 * allow-lists are the rules' options in rampart.yaml.
 */
import { globMatch } from '../core/exceptions.js';
import type { Path } from '../core/path.js';
import { isRecord } from '../core/pod-spec.js';
import type { KubeObject } from '../core/resource.js';
import {
  defineRule,
  NOT_APPLICABLE,
  type OptionSchema,
  type Report,
  type Rule,
  type RuleMeta,
  type Skip,
} from '../core/rule.js';

/** The fields of an audit event the rules read, read once per event and shared by every rule. */
export interface AuditView {
  object: KubeObject;
  stage: string;
  verb: string;
  /** Who the request was authorized as: the impersonated user when there is one. */
  user: string;
  groups: readonly string[];
  /** Who made the request, when it impersonated someone else. */
  impersonator?: string;
  resource: string;
  subresource: string;
  apiGroup: string;
  namespace: string;
  name: string;
  uri: string;
  /** 0 when the event records no response status. */
  code: number;
  /** `allow`, `forbid`, or '' when the event records no decision. */
  decision: string;
  requestObject: Record<string, unknown> | undefined;
  responseObject: Record<string, unknown> | undefined;
}

export function isAuditEvent(object: KubeObject): boolean {
  return object.kind === 'Event' && object.apiVersion.startsWith('audit.k8s.io/');
}

/**
 * The engine runs every rule on one event before the next, so the last view is the one asked for;
 * a WeakMap lookup per rule and event cost a fifth of detection. `lastObject` also remembers an
 * object that is not an audit event, so the other rules turn it away without looking again.
 */
let lastObject: KubeObject | undefined;
let last: AuditView | undefined;

/** The event's view, or undefined when the object is not an audit event. */
function viewOf(object: KubeObject): AuditView | undefined {
  if (lastObject !== object) {
    lastObject = object;
    last = isAuditEvent(object) ? readView(object) : undefined;
  }
  return last;
}

const text = (value: unknown): string => (typeof value === 'string' ? value : '');

/** The groups as given when they are all strings (they are, from an API server), without a copy. */
function stringsOf(value: unknown): readonly string[] {
  if (!Array.isArray(value)) return [];
  for (const item of value)
    if (typeof item !== 'string') return value.filter((g): g is string => typeof g === 'string');
  return value as string[];
}

function readView(object: KubeObject): AuditView {
  const user = isRecord(object.user) ? object.user : {};
  const as = isRecord(object.impersonatedUser) ? object.impersonatedUser : undefined;
  const acting = as ?? user;
  const ref = isRecord(object.objectRef) ? object.objectRef : {};
  const status = isRecord(object.responseStatus) ? object.responseStatus : {};
  const annotations = isRecord(object.annotations) ? object.annotations : {};
  const view: AuditView = {
    object,
    stage: text(object.stage),
    verb: text(object.verb),
    user: text(acting.username),
    groups: stringsOf(acting.groups),
    resource: text(ref.resource),
    subresource: text(ref.subresource),
    apiGroup: text(ref.apiGroup),
    namespace: text(ref.namespace),
    name: text(ref.name),
    uri: text(object.requestURI),
    code: typeof status.code === 'number' ? status.code : 0,
    decision: text(annotations['authorization.k8s.io/decision']),
    requestObject: isRecord(object.requestObject) ? object.requestObject : undefined,
    responseObject: isRecord(object.responseObject) ? object.responseObject : undefined,
  };
  if (as) view.impersonator = text(user.username);
  return view;
}

/**
 * The event that is a request's final word. RequestReceived repeats what follows it; a
 * long-running request (exec, watch) also has ResponseStarted, which the rules that care read.
 */
export function isFinal(view: AuditView): boolean {
  return view.stage === 'ResponseComplete' || view.stage === 'Panic' || view.stage === '';
}

/**
 * The one event of a streaming request (exec, attach, port-forward) to judge: ResponseStarted once
 * the connection is upgraded (101), else the final event of a request that was never upgraded.
 */
export function opened(view: AuditView): boolean {
  if (view.stage === 'ResponseStarted') return view.code === 101 || view.code === 0;
  return isFinal(view) && view.code !== 101;
}

export function succeeded(view: AuditView): boolean {
  return view.code >= 200 && view.code < 300;
}

/** Refused by authentication, authorization or admission. */
export function refused(view: AuditView): boolean {
  return view.decision === 'forbid' || view.code === 401 || view.code === 403;
}

export const MODIFY = new Set(['create', 'update', 'patch']);
export const WRITE = new Set(['create', 'update', 'patch', 'delete', 'deletecollection']);
export const READ = new Set(['get', 'list', 'watch']);

/**
 * Kubernetes' own components: the control plane and nodes (`system:` users other than service
 * accounts and the anonymous user) and the service accounts of kube-system, which controllers use.
 */
export function isSystemComponent(user: string): boolean {
  if (user.startsWith('system:serviceaccount:')) return user.startsWith('system:serviceaccount:kube-system:');
  return user.startsWith('system:') && user !== 'system:anonymous';
}

/** `pods shop/web`, `clusterrolebindings admins`: the object a request was about (the subresource is the message's to name). */
export function target(view: AuditView): string {
  const what = view.resource || view.uri || '?';
  const name = objectName(view);
  const where = view.namespace ? `${view.namespace}/${name}` : name;
  return where ? `${what} ${where}` : what;
}

/** The object's name: the reference's, else (a create's reference often has none) the request object's. */
export function objectName(view: AuditView): string {
  return view.name || (view.requestObject && nameIn(view.requestObject)) || '';
}

function nameIn(object: Record<string, unknown>): string {
  const meta = object.metadata;
  if (!isRecord(meta)) return '';
  if (typeof meta.name === 'string') return meta.name;
  return typeof meta.generateName === 'string' ? `${meta.generateName}*` : '';
}

/** `alice`, or `alice (impersonated by bob)`. */
export function actor(view: AuditView): string {
  return view.impersonator ? `${view.user} (impersonated by ${view.impersonator})` : view.user;
}

/** What every audit rule takes: who and where is acceptable. */
export const ALLOW_OPTIONS = {
  allowUsers: {
    type: 'string-list',
    description:
      'Usernames (globs: `*`, `?`) whose requests are acceptable; with impersonation, both the user and the impersonator must match.',
  },
  allowGroups: { type: 'string-list', description: 'Groups (globs) whose members’ requests are acceptable.' },
  allowNamespaces: { type: 'string-list', description: 'Namespaces (globs) whose requests are acceptable.' },
} as const satisfies Record<string, OptionSchema>;

export type AuditOptions = Readonly<Record<string, unknown>>;

function list(options: AuditOptions, key: string, fallback: readonly string[] = []): readonly string[] {
  const value = options[key];
  return Array.isArray(value) ? (value as string[]) : fallback;
}

export function anyGlob(patterns: readonly string[], value: string): boolean {
  for (const pattern of patterns) if (globMatch(pattern, value)) return true;
  return false;
}

function allowed(view: AuditView, options: AuditOptions, defaults: AuditDefaults): boolean {
  const users = list(options, 'allowUsers', defaults.allowUsers);
  if (users.length > 0 && anyGlob(users, view.user) && (!view.impersonator || anyGlob(users, view.impersonator)))
    return true;
  const groups = list(options, 'allowGroups', defaults.allowGroups);
  if (groups.length > 0 && view.groups.some((group) => anyGlob(groups, group))) return true;
  const namespaces = list(options, 'allowNamespaces', defaults.allowNamespaces);
  return view.namespace !== '' && namespaces.length > 0 && anyGlob(namespaces, view.namespace);
}

export interface AuditDefaults {
  allowUsers?: readonly string[];
  allowGroups?: readonly string[];
  allowNamespaces?: readonly string[];
}

/** Meta of an audit rule: the stage, kinds and the allow-list options are the same for all of them. */
export type AuditRuleMeta<MessageId extends string> = Omit<RuleMeta<MessageId>, 'stage' | 'kinds' | 'options'> & {
  /** Options beyond the allow-lists. */
  options?: Readonly<Record<string, OptionSchema>>;
};

export interface AuditRuleSpec<MessageId extends string> {
  meta: AuditRuleMeta<MessageId>;
  /** Allow-list entries that apply until rampart.yaml sets the option. */
  defaults?: AuditDefaults;
  /**
   * Pure: the findings on one event, or undefined when the event is not this rule's to judge (so
   * a million unrelated events make no million passes).
   */
  detect(view: AuditView, options: AuditOptions): readonly Report<MessageId>[] | Skip | undefined;
}

/** Declares an audit rule: judges audit events only, after the allow-lists. */
export function defineAuditRule<MessageId extends string>(spec: AuditRuleSpec<MessageId>): Rule<MessageId> {
  const defaults = spec.defaults ?? {};
  const options: Record<string, OptionSchema> = { ...spec.meta.options };
  for (const [key, schema] of Object.entries(ALLOW_OPTIONS)) {
    const fallback = defaults[key as keyof AuditDefaults];
    options[key] = fallback ? { ...schema, default: fallback } : schema;
  }
  return defineRule<MessageId>({
    meta: { ...spec.meta, stage: 'runtime', kinds: ['Event'], options },
    check({ object, options: given }) {
      const view = viewOf(object);
      if (view === undefined) return NOT_APPLICABLE;
      const outcome = spec.detect(view, given);
      if (outcome === undefined) return NOT_APPLICABLE;
      if (!Array.isArray(outcome) || outcome.length === 0) return outcome;
      return allowed(view, given, defaults) ? [] : outcome;
    },
  });
}

/** One finding at `path` in the event. */
export function at<MessageId extends string>(
  path: Path,
  messageId: MessageId,
  data: Readonly<Record<string, string | number>>,
  extra: Partial<Report<MessageId>> = {},
): Report<MessageId> {
  return { path, messageId, data, ...extra };
}

/** The images of a pod in a request, for image allow-lists. */
export function podImages(pod: Record<string, unknown>): string[] {
  const spec = isRecord(pod.spec) ? pod.spec : {};
  const images: string[] = [];
  for (const field of ['initContainers', 'containers', 'ephemeralContainers']) {
    const containers = spec[field];
    if (!Array.isArray(containers)) continue;
    for (const container of containers)
      if (isRecord(container) && typeof container.image === 'string') images.push(container.image);
  }
  return images;
}

/** Whether every image of the pod is on the list (globs); a pod without images is not. */
export function imagesAllowed(pod: Record<string, unknown>, options: AuditOptions): boolean {
  const allowedImages = list(options, 'allowImages');
  if (allowedImages.length === 0) return false;
  const images = podImages(pod);
  return images.length > 0 && images.every((image) => anyGlob(allowedImages, image));
}

export const ALLOW_IMAGES: Readonly<Record<string, OptionSchema>> = {
  allowImages: {
    type: 'string-list',
    description: 'Images (globs, such as `registry.k8s.io/kube-proxy:*`) a pod may run and still be acceptable.',
  },
};

export { list as optionList };
