import type { Command } from 'commander';
import { type ClusterInputFlags, clusterInputOptions } from './cluster-input.js';
import type { Io } from './io.js';
import { NAMESPACE_HELP } from './setting-flags.js';

export interface PssFlags extends ClusterInputFlags {
  level?: string;
  version?: string;
  output?: string;
  config?: string;
  exclude: string[];
  namespace?: string;
  color?: boolean;
}

/** Declares `rampart pss`: Pod Security Standards admission verdicts, workload by workload. */
export function registerPss(program: Command, io: Io, exit: (code: number) => void): void {
  clusterInputOptions(program.command('pss'))
    .description('evaluate workloads against a Pod Security Standards level, as Pod Security Admission would')
    .argument(
      '[paths...]',
      'YAML or JSON files, directories (recursive), - for stdin, or a cluster snapshot (or --cluster)',
    )
    .option('--level <level>', 'baseline|restricted (default: pss.level in rampart.yaml, else restricted)')
    .option(
      '--version <version>',
      'latest or v1.N; versions above the newest clamp to it (default: pss.version in rampart.yaml, else latest)',
    )
    .option('-o, --output <format>', 'table|json', 'table')
    .option('--config <file>', 'configuration file (default: ./rampart.yaml when present)')
    .option('--exclude <glob>', 'skip files matching this glob; repeatable', (v: string, p: string[]) => [...p, v], [])
    .option('-n, --namespace <namespace>', NAMESPACE_HELP)
    .option('--no-color', 'no colours even on a terminal')
    .action(async (paths: string[], flags: PssFlags) => {
      const { runPss } = await import('./run-pss.js');
      exit(await runPss(paths, flags, io));
    });
}
