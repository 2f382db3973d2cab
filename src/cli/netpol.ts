import type { Command } from 'commander';
import type { ClusterInputFlags } from './cluster-input.js';
import type { Io } from './io.js';
import { NAMESPACE_HELP } from './setting-flags.js';

export interface NetpolInputFlags extends ClusterInputFlags {
  exclude: string[];
  namespace?: string;
}
export interface NetpolListFlags extends NetpolInputFlags {
  output: string;
  perPair?: boolean;
  maxLines?: string;
}
export interface NetpolExplainFlags extends NetpolInputFlags {
  from: string;
  to: string;
  port?: string;
  output: string;
}
export interface NetpolGapsFlags extends NetpolInputFlags {
  output: string[];
  config?: string;
  failOn?: string;
  showPassed?: boolean;
  color?: boolean;
}
export interface NetpolGenerateFlags extends NetpolInputFlags {
  connections: string;
  output: string;
  allowDns?: boolean;
}
export interface NetpolDiffFlags extends NetpolInputFlags {
  output: string;
  exitCode?: boolean;
}

const PATHS = 'YAML or JSON files, directories (recursive), - for stdin, or a cluster snapshot (or --cluster)';

const CLUSTER_HELP = 'read the live cluster of the kubeconfig instead of files (read-only, every namespace)';

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

/**
 * Declares `rampart netpol`: what NetworkPolicies actually allow between workloads and to the
 * outside. Each subcommand loads its module only when it runs.
 */
export function registerNetpol(program: Command, io: Io, exit: (code: number) => void): void {
  const netpol = program
    .command('netpol')
    .description('analyse NetworkPolicies: allowed connections, why, gaps, generated policies, diffs');

  netpol
    .command('list')
    .description('list the allowed connections between workloads and to the outside (netpol-analyzer format)')
    .argument('[paths...]', PATHS)
    .option('-o, --output <format>', 'txt|json|csv|md|dot', 'txt')
    .option('--exclude <glob>', 'skip files matching this glob; repeatable', collect, [])
    .option('-n, --namespace <namespace>', NAMESPACE_HELP)
    .option('--cluster', CLUSTER_HELP)
    .option('--kubeconfig <file>', 'with --cluster: kubeconfig file')
    .option('--context <name>', 'with --cluster: kubeconfig context')
    .option(
      '--per-pair',
      'one line per pair of workloads, as the netpol-analyzer prints it (default: alike workloads grouped)',
    )
    .option('--max-lines <n>', 'stop after this many lines, exit 2 (default: 100000)')
    .action(async (paths: string[], flags: NetpolListFlags) => {
      const { runList } = await import('./run-netpol-list.js');
      exit(await runList(paths, flags, io));
    });

  netpol
    .command('explain')
    .description('explain, per direction, which policy rule allows a connection or why it is denied')
    .argument('[paths...]', PATHS)
    .requiredOption('--from <peer>', 'source: ns/name, ns/name[Kind], or an IP address outside the cluster')
    .requiredOption('--to <peer>', 'destination: ns/name, ns/name[Kind], or an IP address outside the cluster')
    .option('--port <port>', 'one connection to judge, e.g. 80, 80/TCP, 53/UDP (default: all)')
    .option('-o, --output <format>', 'txt|json', 'txt')
    .option('--exclude <glob>', 'skip files matching this glob; repeatable', collect, [])
    .option('-n, --namespace <namespace>', NAMESPACE_HELP)
    .option('--cluster', CLUSTER_HELP)
    .option('--kubeconfig <file>', 'with --cluster: kubeconfig file')
    .option('--context <name>', 'with --cluster: kubeconfig context')
    .action(async (paths: string[], flags: NetpolExplainFlags) => {
      const { runExplain } = await import('./run-netpol-explain.js');
      exit(await runExplain(paths, flags, io));
    });

  netpol
    .command('gaps')
    .description(
      'find what the policies leave open: unisolated workloads, missing default deny, exposure, metadata egress',
    )
    .argument('[paths...]', PATHS)
    .option(
      '-o, --output <format[=file]>',
      'table|json|yaml|sarif|junit|compact|github|html; repeat for several, =file to write one to a file',
      collect,
      [],
    )
    .option(
      '--fail-on <severity>',
      'exit 1 when a gap is at least this severe: critical|high|medium|low|info|none (default: failOn in rampart.yaml, else info: any gap)',
    )
    .option('--config <file>', 'configuration file (default: ./rampart.yaml when present)')
    .option('--show-passed', 'also list what passed')
    .option('--exclude <glob>', 'skip files matching this glob; repeatable', collect, [])
    .option('-n, --namespace <namespace>', NAMESPACE_HELP)
    .option('--cluster', CLUSTER_HELP)
    .option('--kubeconfig <file>', 'with --cluster: kubeconfig file')
    .option('--context <name>', 'with --cluster: kubeconfig context')
    .option('--no-color', 'no colours even on a terminal')
    .action(async (paths: string[], flags: NetpolGapsFlags) => {
      const { runGaps } = await import('./run-netpol-gaps.js');
      exit(await runGaps(paths, flags, io));
    });

  netpol
    .command('generate')
    .description(
      'generate default-deny and least-privilege allow policies for intended connections, proven by re-analysis',
    )
    .argument('[paths...]', PATHS)
    .requiredOption('--connections <file>', 'the intended connections, in `netpol list` txt or json form (- for stdin)')
    .option('-o, --output <format>', 'yaml|json', 'yaml')
    .option('--allow-dns', 'also let every workload reach cluster DNS (kube-system, k8s-app=kube-dns) on port 53')
    .option('--exclude <glob>', 'skip files matching this glob; repeatable', collect, [])
    .option('-n, --namespace <namespace>', NAMESPACE_HELP)
    .option('--cluster', CLUSTER_HELP)
    .option('--kubeconfig <file>', 'with --cluster: kubeconfig file')
    .option('--context <name>', 'with --cluster: kubeconfig context')
    .action(async (paths: string[], flags: NetpolGenerateFlags) => {
      const { runGenerate } = await import('./run-netpol-generate.js');
      exit(await runGenerate(paths, flags, io));
    });

  netpol
    .command('diff')
    .description('connections added, removed and changed between two versions of the manifests')
    .argument('<before>', 'the reference version: a file or directory')
    .argument('<after>', 'the new version: a file or directory')
    .option('-o, --output <format>', 'txt|json|csv|md', 'txt')
    .option('--exit-code', 'exit 1 when the connectivity differs')
    .option('--exclude <glob>', 'skip files matching this glob; repeatable', collect, [])
    .option('-n, --namespace <namespace>', NAMESPACE_HELP)
    .action(async (before: string, after: string, flags: NetpolDiffFlags) => {
      const { runDiff } = await import('./run-netpol-diff.js');
      exit(await runDiff(before, after, flags, io));
    });
}
