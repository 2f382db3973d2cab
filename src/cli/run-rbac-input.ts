import {
  PolicyIndex,
  parseSubject,
  policyMinor,
  type Request,
  resolveResource,
  resourceTypes,
  type SubjectRef,
} from '../analyze/rbac/index.js';
import { Inventory } from '../core/inventory.js';
import type { Resource } from '../core/resource.js';
import { loadInputs } from '../load/index.js';
import { formatColumns, outputWidth } from '../report/index.js';
import { clusterInput } from './cluster-input.js';
import { EXIT, type Io, UsageError } from './io.js';
import type { RbacFlags } from './rbac.js';
import { namespaceFlag } from './setting-flags.js';

export interface LoadedPolicy {
  index: PolicyIndex;
  /** Some input could not be read or an RBAC object is malformed: the answer may be incomplete. */
  inputErrors: boolean;
}

/** Thrown when the inputs hold no RBAC object: exit 3, never a silent "nobody can". */
export class NothingToAnalyze extends Error {}

/** Reads `-f` inputs into a policy index; problems go to stderr with file and line. */
export async function loadPolicy(
  flags: Pick<
    RbacFlags,
    'filename' | 'kubernetesVersion' | 'namespace' | 'allNamespaces' | 'cluster' | 'kubeconfig' | 'context'
  >,
  io: Io,
): Promise<LoadedPolicy> {
  const version = flags.kubernetesVersion;
  if (version !== undefined && policyMinor(version) === undefined)
    throw new UsageError(`--kubernetes-version "${version}" is not a version like v1.34`);
  const fromCluster = await clusterInput(flags.filename, flags, io);
  if (flags.filename.length === 0 && !fromCluster) {
    throw new UsageError(
      'give the RBAC objects with -f FILE|DIR|- (repeatable) or read the cluster with --cluster, e.g. kubectl get roles,rolebindings,clusterroles,clusterrolebindings -A -o yaml | rampart rbac … -f -',
    );
  }
  // -n names the request's namespace, and the input's namespace-less objects land there, as with
  // `kubectl apply -n`; objects of other namespaces are kept (RBAC dumps of every namespace are usual input).
  const namespace = flags.namespace === undefined || flags.allNamespaces ? undefined : namespaceFlag(flags.namespace);
  const loaded =
    fromCluster ??
    (await loadInputs(flags.filename, {
      stdin: io.stdin,
      path: io.env.PATH,
      ...(namespace === undefined ? {} : { namespace, otherNamespaces: 'keep' as const }),
    }));
  let inputErrors = false;
  for (const problem of loaded.problems) {
    if (problem.verdict !== 'error') continue;
    inputErrors = true;
    const where = problem.location
      ? `${problem.location.file}:${problem.location.line}:${problem.location.column}: `
      : '';
    io.stderr.write(`rampart: ${where}${problem.message}\n`);
  }
  const index = new PolicyIndex(new Inventory(loaded.resources), version ? { kubernetesVersion: version } : {});
  for (const problem of index.problems) {
    if (problem.severity === 'error') inputErrors = true;
    const label = problem.severity === 'error' ? '' : 'warning: ';
    io.stderr.write(
      `rampart: ${label}${where(problem.resource, problem.path)}${describe(problem.resource)}: ${problem.message}\n`,
    );
  }
  if (index.isEmpty)
    throw new NothingToAnalyze(
      'nothing was analysed: the inputs hold no Role, ClusterRole, RoleBinding or ClusterRoleBinding',
    );
  return { index, inputErrors };
}

function where(resource: Resource, path: readonly (string | number)[]): string {
  const origin = resource.origin;
  if (origin.kind !== 'file') return '';
  const { line, column } = origin.locate(path);
  return `${origin.file}:${line}:${column}: `;
}

function describe(resource: Resource): string {
  const meta = resource.object.metadata ?? {};
  return `${resource.object.kind} ${meta.namespace ? `${meta.namespace}/` : ''}${meta.name ?? '(unnamed)'}`;
}

/** Runs a query, turning "no RBAC objects" into exit 3 and input errors into exit 2. */
export async function guarded(io: Io, run: () => Promise<{ code: number; inputErrors: boolean }>): Promise<number> {
  try {
    const { code, inputErrors } = await run();
    return inputErrors ? EXIT.error : code;
  } catch (error) {
    if (error instanceof NothingToAnalyze) {
      io.stderr.write(`rampart: ${error.message}\n`);
      return EXIT.nothingScanned;
    }
    throw error;
  }
}

export function checkOutput(format: string, allowed: readonly string[], command: string): void {
  if (!allowed.includes(format))
    throw new UsageError(`rbac ${command}: unknown output format "${format}"; use ${allowed.join(' or ')}`);
}

export function readSubject(text: string, groups: readonly string[] = []): SubjectRef {
  const subject = parseSubject(text);
  if ('error' in subject) throw new UsageError(subject.error);
  if (groups.length > 0 && subject.kind !== 'User') throw new UsageError('--group applies to user subjects only');
  return subject;
}

export interface RequestArgs {
  verb: string;
  resource: string;
  name?: string | undefined;
}

/**
 * The request a query asks about. Resources resolve like kubectl's (short names, kinds, RESOURCE.GROUP,
 * the inputs' CRDs); a cluster-scoped resource has no namespace; `/path` is a non-resource URL.
 */
export function readRequest(
  args: RequestArgs,
  flags: Pick<RbacFlags, 'namespace' | 'allNamespaces'>,
  index: PolicyIndex,
  io: Io,
): { request: Request; namespaced: boolean } {
  if (flags.namespace !== undefined && flags.allNamespaces) throw new UsageError('use -n NAMESPACE or -A, not both');
  if (args.resource.startsWith('/')) {
    if (args.name !== undefined) throw new UsageError('a non-resource URL takes no object name');
    return { request: { kind: 'nonResource', verb: args.verb, path: args.resource }, namespaced: false };
  }
  const resolved = resolveResource(args.resource, resourceTypes(index.inventory));
  if (resolved.namespaced === undefined) {
    const group = resolved.group === '' ? 'the core API group' : `API group ${resolved.group}`;
    io.stderr.write(
      `rampart: warning: "${args.resource}" is neither a built-in resource nor a CRD of the inputs; asking about ${resolved.resource} in ${group}, namespaced\n`,
    );
  }
  const namespaced = resolved.namespaced ?? true;
  const namespace = !namespaced || flags.allNamespaces ? '' : (flags.namespace ?? 'default');
  return {
    request: {
      kind: 'resource',
      verb: args.verb,
      apiGroup: resolved.group,
      resource: resolved.resource,
      subresource: resolved.subresource,
      name: args.name ?? '',
      namespace,
    },
    namespaced,
  };
}

/** Left-aligned columns, fitted to the terminal (src/report/width.ts has the rule). */
export function columns(rows: readonly string[][], io: Io): string {
  return formatColumns(rows, outputWidth(io.env.COLUMNS, io.stdoutColumns));
}
