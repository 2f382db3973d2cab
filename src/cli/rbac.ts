import type { Command } from 'commander';
import { type ClusterInputFlags, clusterInputOptions } from './cluster-input.js';
import type { Io } from './io.js';

export interface RbacFlags extends ClusterInputFlags {
  filename: string[];
  namespace?: string;
  allNamespaces?: boolean;
  output: string;
  group?: string[];
  kubernetesVersion?: string;
}

const collect = (value: string, previous: string[]) => [...previous, value];

/** What -n also means: the namespace the input's manifests are applied to. */
const APPLIED = '; objects of the input without metadata.namespace land there, as with kubectl apply -n';

/** The options every `rbac` query shares: the inputs, the namespace and the output format. */
function common(command: Command, outputs: string, fallback: string): Command {
  return clusterInputOptions(command)
    .option(
      '-f, --filename <path>',
      'RBAC objects: a YAML/JSON file, a directory (recursive), - for stdin, or a cluster snapshot; repeatable',
      collect,
      [],
    )
    .option('-o, --output <format>', outputs, fallback)
    .option(
      '--kubernetes-version <version>',
      "the cluster's version, e.g. v1.34: which built-in roles and bindings it has (default: the newest)",
    );
}

/**
 * Declares `rampart rbac`: who-can, can, access, paths, workloads, generate, unused. Each
 * subcommand loads its implementation only when run.
 */
export function registerRbac(program: Command, io: Io, exit: (code: number) => void): void {
  const rbac = program
    .command('rbac')
    .description(
      "RBAC analysis with the authorizer's semantics: who can, can, access, escalation paths, workloads, least privilege",
    );
  common(rbac.command('who-can'), 'table|json', 'table')
    .description('every subject allowed a request, each with the binding → role → rule that grants it')
    .argument('<verb>', 'API verb (get, list, create, …) or HTTP verb for a non-resource URL')
    .argument(
      '<resource>',
      'RESOURCE[.GROUP][/SUBRESOURCE] (pods, deployments.apps/scale) or a non-resource URL (/metrics)',
    )
    .argument('[name]', 'object name; without it, rules limited to resourceNames do not match')
    .option('-n, --namespace <namespace>', `namespace of the request (default: default)${APPLIED}`)
    .option('-A, --all-namespaces', 'RoleBindings of every namespace count, each in its own')
    .action(async (verb: string, resource: string, name: string | undefined, flags: RbacFlags) => {
      const { runWhoCan } = await import('./run-rbac-who-can.js');
      exit(await runWhoCan({ verb, resource, name }, flags, io));
    });
  common(rbac.command('can'), 'table|json', 'table')
    .description('whether a subject may make a request, and why; exit 0 when allowed, 1 when not')
    .argument('<subject>', 'user:NAME, group:NAME or sa:NAMESPACE/NAME')
    .argument('<verb>', 'API verb')
    .argument('<resource>', 'RESOURCE[.GROUP][/SUBRESOURCE] or a non-resource URL')
    .argument('[name]', 'object name')
    .option('-n, --namespace <namespace>', `namespace of the request (default: default)${APPLIED}`)
    .option('-A, --all-namespaces', 'ask for every namespace at once (a cluster-wide request)')
    .option('--group <group>', 'also a member of this group (users only); repeatable', collect, [])
    .action(async (subject: string, verb: string, resource: string, name: string | undefined, flags: RbacFlags) => {
      const { runCan } = await import('./run-rbac-can.js');
      exit(await runCan(subject, { verb, resource, name }, flags, io));
    });
  common(rbac.command('access'), 'table|json', 'table')
    .description("a subject's full access: resources × verbs per namespace, and its risky capabilities")
    .argument('<subject>', 'user:NAME, group:NAME or sa:NAMESPACE/NAME')
    .option('-n, --namespace <namespace>', `only this namespace (and cluster-wide grants)${APPLIED}`)
    .option('--group <group>', 'also a member of this group (users only); repeatable', collect, [])
    .action(async (subject: string, flags: RbacFlags) => {
      const { runAccess } = await import('./run-rbac-access.js');
      exit(await runAccess(subject, flags, io));
    });
  common(rbac.command('paths'), 'text|json|dot|mermaid', 'text')
    .description('shortest escalation paths to cluster-admin, Secrets or nodes, with the evidence of each step')
    .argument('[subject]', 'only this subject (user:NAME, group:NAME, sa:NAMESPACE/NAME); default: every subject')
    .option('--to <target>', 'cluster-admin | secrets | secrets:NAMESPACE | nodes', 'cluster-admin')
    .option('--include-platform', "also the platform's own subjects (system:masters, controllers, …)")
    .action(async (subject: string | undefined, flags: RbacFlags & { to: string; includePlatform?: boolean }) => {
      const { runPaths } = await import('./run-rbac-paths.js');
      exit(await runPaths(subject, flags, io));
    });
  common(rbac.command('workloads'), 'table|json', 'table')
    .description('which workloads run with which ServiceAccount, and what that account can do and reach')
    .option('-n, --namespace <namespace>', `only this namespace${APPLIED}`)
    .option('--include-platform', "also workloads running as the platform's own ServiceAccounts")
    .action(async (flags: RbacFlags & { includePlatform?: boolean }) => {
      const { runWorkloads } = await import('./run-rbac-workloads.js');
      exit(await runWorkloads(flags, io));
    });
  rbac
    .command('generate')
    .description('the least-privilege Roles, ClusterRoles and bindings covering what a subject did in an audit log')
    .requiredOption(
      '--audit-log <file>',
      'audit.k8s.io/v1 events: JSON lines or an EventList (.gz read too; - for stdin)',
    )
    .requiredOption('--subject <subject>', 'user:NAME, group:NAME or sa:NAMESPACE/NAME')
    .option('--name <name>', 'name of the generated roles and bindings (default: rampart:<subject>)')
    .option('--resource-names', 'pin get/update/patch/delete to the object names seen')
    .option('--include-denied', 'also cover requests the log shows denied (what the subject tried)')
    .option('-o, --output <format>', 'yaml|json', 'yaml')
    .action(async (flags: GenerateFlags) => {
      const { runGenerate } = await import('./run-rbac-generate.js');
      exit(await runGenerate(flags, io));
    });
  common(rbac.command('unused'), 'table|json', 'table')
    .description('granted rules (and verbs) no request in an audit log exercised')
    .requiredOption('--audit-log <file>', 'audit.k8s.io/v1 events: JSON lines or an EventList (.gz read too)')
    .option('--subject <subject>', 'only this subject (user:NAME, group:NAME, sa:NAMESPACE/NAME)')
    .action(async (flags: RbacFlags & { auditLog: string; subject?: string }) => {
      const { runUnused } = await import('./run-rbac-unused.js');
      exit(await runUnused(flags, io));
    });
}

export interface GenerateFlags {
  auditLog: string;
  subject: string;
  name?: string;
  resourceNames?: boolean;
  includeDenied?: boolean;
  output: string;
}
