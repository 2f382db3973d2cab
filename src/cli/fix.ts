import type { Command } from 'commander';
import type { Io } from './io.js';
import { collect } from './scan.js';
import { NAMESPACE_HELP } from './setting-flags.js';

export interface FixFlags {
  diff?: boolean;
  write?: boolean;
  force?: boolean;
  rule: string[];
  config?: string;
  exclude: string[];
  pssLevel?: string;
  pssVersion?: string;
  kubernetesVersion?: string;
  namespace?: string;
  maxFileSize?: string;
  stdinName?: string;
  color?: boolean;
}

const HELP = `
Fixes are edits of the source text: comments, key order, quoting and untouched lines stay as they
were. Every edit is checked by reading the result back before anything is written.
  - files that do not parse are never touched
  - helm template output (documents under "# Source:") and stdin are never written: their fixes
    are printed as a patch, and the template to change is named
  - suppressed findings (rampart.yaml exceptions, rampart.dev/ignore) are not fixed
  - --write keeps each file's mode, owner and group; it refuses read-only files (unless --force),
    files with other hard links, and files whose owner it cannot keep: their fixes are printed

Exit codes:
  0  nothing to fix, or every fix was written
  1  fixes remain: a dry run found some, or some were not written (helm output, stdin,
     a fix that failed its check, a file that changed meanwhile or was refused)
  2  usage or input error (a file that cannot be read or parsed)
  3  nothing was scanned: the inputs hold no Kubernetes objects

Examples:
  rampart fix k8s/                  # show the fixes as a unified diff (a dry run)
  rampart fix --write k8s/          # apply them in place
  rampart fix k8s/ | git apply -p0  # the diff applies with patch -p0 or git apply -p0
`;

/** Declares `rampart fix`; the engine and the text editor load only when the command runs. */
export function registerFix(program: Command, io: Io, exit: (code: number) => void): void {
  program
    .command('fix')
    .description('apply the fixes of fixable rules to manifests; without --write, print them as a unified diff')
    .argument('[paths...]', 'YAML or JSON files, directories (recursive), or - for stdin (default: .)')
    .option('--diff', 'print the fixes as a unified diff (the default when --write is not given)')
    .option('--write', 'apply the fixes to the files in place')
    .option('--force', 'with --write, also replace read-only files')
    .option('--rule <id>', 'apply only the fixes of this rule; repeatable', collect, [])
    .option('--config <file>', 'configuration file (default: ./rampart.yaml when present)')
    .option('--exclude <glob>', 'skip files matching this glob below a directory; repeatable', collect, [])
    .option('--pss-level <level>', 'Pod Security Standards level: baseline|restricted (default: restricted)')
    .option('--pss-version <version>', 'Pod Security Standards version: latest or v1.N (default: latest)')
    .option('--kubernetes-version <version>', 'target Kubernetes version for version-dependent rules, e.g. v1.34')
    .option('-n, --namespace <namespace>', NAMESPACE_HELP)
    .option('--max-file-size <MiB>', 'refuse larger files (default: 50)')
    .option('--stdin-name <name>', 'what findings and patches call stdin (default: <stdin>)')
    .option('--no-color', 'no colours even on a terminal (NO_COLOR is honoured too)')
    .addHelpText('after', HELP)
    .action(async (paths: string[], flags: FixFlags) => {
      const { runFix } = await import('./run-fix.js');
      exit(await runFix(paths, flags, io));
    });
}
