import type { Command } from 'commander';
import type { Io } from './io.js';
import { type ScanFlags, scanOptions } from './scan.js';

/** Where a live cluster is found and how much of it is read: kubectl's flags. */
export interface ConnectionFlags {
  kubeconfig?: string;
  context?: string;
  namespace?: string;
  allNamespaces?: boolean;
  requestTimeout?: string;
  chunkSize?: string;
}

export type ClusterScanFlags = Omit<ScanFlags, 'exclude' | 'namespace' | 'stdinName' | 'snapshot'> & ConnectionFlags;

/** Declares `rampart cluster scan|snapshot|role`; the client loads only when one runs. */
export function registerCluster(program: Command, io: Io, exit: (code: number) => void): void {
  const cluster = program
    .command('cluster')
    .description('scan a live cluster read-only, snapshot it, or print the ClusterRole the scan needs');
  connectionOptions(
    scanOptions(
      cluster
        .command('scan')
        .description('scan every object of a live cluster with every enabled rule and the admission policies in it'),
    ),
  ).action(async (flags: ClusterScanFlags) => {
    const { clusterScan } = await import('./run-cluster.js');
    exit(await clusterScan(flags, io));
  });
  connectionOptions(
    cluster
      .command('snapshot')
      .description('write every object the scan reads (Secret values removed) with the server version and discovery')
      .requiredOption('-o, --output <file>', 'the snapshot file, gzipped JSON (cluster.json.gz)'),
  ).action(async (flags: ConnectionFlags & { output: string }) => {
    const { clusterSnapshot } = await import('./run-cluster.js');
    exit(await clusterSnapshot(flags, io));
  });
  cluster
    .command('role')
    .description('print the read-only ClusterRole (list only) a scan needs, and with --service-account its binding')
    .option('--name <name>', 'the ClusterRole name', 'rampart-scanner')
    .option('--service-account <namespace/name>', 'bind it to this ServiceAccount (default: none, role only)')
    .option('--discover', "add the cluster's custom resources (reads discovery with the kubeconfig flags)")
    .option('--kubeconfig <file>', 'with --discover: kubeconfig file (default: KUBECONFIG, ~/.kube/config, in-cluster)')
    .option('--context <name>', 'with --discover: kubeconfig context')
    .action(async (flags: RoleFlags) => {
      const { clusterRole } = await import('./run-cluster.js');
      exit(await clusterRole(flags, io));
    });
}

export interface RoleFlags {
  name: string;
  serviceAccount?: string;
  discover?: boolean;
  kubeconfig?: string;
  context?: string;
}

function connectionOptions(command: Command): Command {
  return command
    .option('--kubeconfig <file>', 'kubeconfig file (default: KUBECONFIG, else ~/.kube/config, else in-cluster)')
    .option('--context <name>', 'kubeconfig context (default: the current context)')
    .option(
      '-n, --namespace <namespace>',
      "read only this namespace's namespaced objects; cluster-scoped ones are always read",
    )
    .option('-A, --all-namespaces', 'read every namespace (the default)')
    .option('--request-timeout <seconds>', 'give up on one API request after this long (default: 60)')
    .option('--chunk-size <n>', 'objects per list page, as kubectl (default: 500)');
}
