import type { Command } from 'commander';
import { type ClusterInputFlags, clusterInputOptions } from './cluster-input.js';
import type { Io } from './io.js';
import { collect } from './scan.js';

export interface CertsFlags extends ClusterInputFlags {
  output: string[];
  failOn?: string;
  config?: string;
  san: string[];
  showPassed?: boolean;
  color?: boolean;
}

/** Declares `rampart certs`: expiry, strength and chains of a cluster's certificates, and a renewal plan. */
export function registerCerts(program: Command, io: Io, exit: (code: number) => void): void {
  clusterInputOptions(program.command('certs'))
    .description(
      'check certificates: PKI directories, kubeconfigs (embedded or referenced), TLS Secrets, caBundles, service-account keys, or those a cluster holds; prints an expiry table and a renewal plan',
    )
    .argument('[paths...]', 'files and directories (default: /etc/kubernetes), or a cluster snapshot (or --cluster)')
    .option(
      '--san <name>',
      'a name the API server is reached by, which its certificate must carry (repeatable)',
      collect,
      [],
    )
    .option('-o, --output <format[=file]>', 'table|json|yaml|sarif|junit|compact|github|html; repeatable', collect, [])
    .option(
      '--fail-on <severity>',
      'exit 1 at findings this severe: critical|high|medium|low|info|none (default: high)',
    )
    .option('--config <file>', 'configuration file (default: ./rampart.yaml when present)')
    .option('--show-passed', 'also list passing checks (they are always counted)')
    .option('--no-color', 'no colours even on a terminal (NO_COLOR is honoured too)')
    .action(async (paths: string[], flags: CertsFlags) => {
      const { runCerts } = await import('./run-certs.js');
      exit(await runCerts(paths, flags, io));
    });
}
