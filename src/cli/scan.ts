import type { Command } from 'commander';
import type { Io } from './io.js';
import { NAMESPACE_HELP } from './setting-flags.js';

export interface ScanFlags {
  output: string[];
  failOn?: string;
  config?: string;
  exclude: string[];
  pssLevel?: string;
  pssVersion?: string;
  kubernetesVersion?: string;
  namespace?: string;
  groupBy?: string;
  showPassed?: boolean;
  maxFileSize?: string;
  color?: boolean;
  framework: string[];
  stdinName?: string;
  policy?: string[];
  baseline?: string;
  sarifRoot?: string;
  snapshot?: string;
}

/** Declares `rampart scan`; the engine is imported only when the command runs, so --version stays fast. */
export function registerScan(program: Command, io: Io, exit: (code: number) => void): void {
  scanOptions(
    program
      .command('scan')
      .description('scan manifests (files, directories, - for stdin) or a cluster snapshot with every enabled rule')
      .argument('[paths...]', 'YAML or JSON files, directories (recursive), - for stdin, or a snapshot (.json.gz)'),
  )
    .option('--exclude <glob>', 'skip files matching this glob below a scanned directory; repeatable', collect, [])
    .option('-n, --namespace <namespace>', NAMESPACE_HELP)
    .option('--stdin-name <path>', 'the file name findings in stdin (-) report, e.g. the path of the rendered chart')
    .option('--max-file-size <MiB>', 'refuse larger files (default: 50)')
    .option(
      '--snapshot <file>',
      'scan a cluster snapshot (rampart cluster snapshot -o file); a path ending .json.gz is read as one too',
    )
    .action(async (paths: string[], flags: ScanFlags) => {
      const { scan } = await import('./run-scan.js');
      exit(await scan(paths, flags, io));
    });
}

/** The options of every command that scans and reports like `rampart scan`: outputs, settings, policies, baseline. */
export function scanOptions(command: Command): Command {
  return command
    .option(
      '-o, --output <format[=file]>',
      'table|json|yaml|sarif|junit|compact|github|html; repeat for several, =file to write one to a file',
      collect,
      [],
    )
    .option(
      '--fail-on <severity>',
      'exit 1 when an unsuppressed finding is at least this severe: critical|high|medium|low|info|none (default: high)',
    )
    .option('--config <file>', 'configuration file (default: ./rampart.yaml when present)')
    .option('--pss-level <level>', 'Pod Security Standards level: baseline|restricted (default: restricted)')
    .option('--pss-version <version>', 'Pod Security Standards version: latest or v1.N (default: latest)')
    .option('--kubernetes-version <version>', 'target Kubernetes version for version-dependent rules, e.g. v1.34')
    .option(
      '--framework <name>',
      'score compliance and run only the rules mapped to it: nsa|cis|mitre|pss-baseline|pss-restricted; repeatable',
      collect,
      [],
    )
    .option(
      '--policy <file|dir>',
      'also run the ValidatingAdmissionPolicies and MutatingAdmissionPolicies of these files (with their bindings and params); repeatable',
      collect,
      [],
    )
    .option(
      '--baseline <file>',
      'report only findings not in this earlier `rampart scan -o json` output (matched by rule, resource and path)',
    )
    .option('--sarif-root <dir>', 'SARIF paths are relative to this directory (default: the git repository root)')
    .option('--group-by <what>', 'table grouping: resource|owner (default: resource)')
    .option('--show-passed', 'also list passing checks (they are always counted)')
    .option('--no-color', 'no colours even on a terminal (NO_COLOR is honoured too)');
}

export function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}
