import type { Command } from 'commander';
import type { Io } from './io.js';
import { collect } from './scan.js';

export interface NodeFlags {
  root?: string;
  pid: string[];
  manifests?: string;
  output: string[];
  failOn?: string;
  config?: string;
  framework: string[];
  showPassed?: boolean;
  color?: boolean;
  verifyEncryption?: boolean;
  etcdEndpoint?: string;
  etcdCacert?: string;
  etcdCert?: string;
  etcdKey?: string;
}

/** Declares `rampart node`: the CIS checks of sections 1–4 on a node's effective configuration. */
export function registerNode(program: Command, io: Io, exit: (code: number) => void): void {
  program
    .command('node')
    .description(
      "judge the control-plane components, etcd and kubelet of this machine (or a node's copied files) as they run: flags, config files, drop-ins, defaults, file modes, encryption at rest",
    )
    .option(
      '--root <dir>',
      "a directory copied from a node (its etc/kubernetes, var/lib/kubelet, …); without it, this machine's processes and files",
    )
    .option(
      '--pid <pid>',
      'judge only this running process (repeatable); default: every component found in /proc',
      collect,
      [],
    )
    .option('--manifests <dir>', 'static pod manifests (default: <root>/etc/kubernetes/manifests)')
    .option('-o, --output <format[=file]>', 'table|json|yaml|sarif|junit|compact|github|html; repeatable', collect, [])
    .option(
      '--fail-on <severity>',
      'exit 1 at findings this severe: critical|high|medium|low|info|none (default: high)',
    )
    .option('--config <file>', 'configuration file (default: ./rampart.yaml when present)')
    .option(
      '--framework <name>',
      'score compliance, e.g. cis (runs only the rules mapped to it); repeatable',
      collect,
      [],
    )
    .option(
      '--verify-encryption',
      "read Secrets' stored bytes from etcd (endpoint and client certificate from the API server's --etcd-* flags) and report each one stored in plaintext",
    )
    .option('--etcd-endpoint <url>', 'etcd client URL for --verify-encryption (default: the first of --etcd-servers)')
    .option('--etcd-cacert <file>', "CA of etcd's serving certificate (default: the API server's --etcd-cafile)")
    .option('--etcd-cert <file>', "client certificate for etcd (default: the API server's --etcd-certfile)")
    .option('--etcd-key <file>', "client key for etcd (default: the API server's --etcd-keyfile)")
    .option('--show-passed', 'also list passing checks (they are always counted)')
    .option('--no-color', 'no colours even on a terminal (NO_COLOR is honoured too)')
    .action(async (flags: NodeFlags) => {
      const { runNode } = await import('./run-node.js');
      exit(await runNode(flags, io));
    });
}
