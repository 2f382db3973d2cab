import type { Command } from 'commander';
import type { Io } from './io.js';

export interface AuditFlags {
  output: string;
  config?: string;
  failOn?: string;
  alertWebhook?: string;
  ledger?: string;
  ledgerRecord: string;
  keyFile?: string;
  keyEnv: string;
  signingKey?: string;
}

/** The options `scan` and `serve` share: configuration, alert outputs, and the ledger. */
function common(command: Command): Command {
  return command
    .option('-o, --output <format>', 'alerts as table|jsonl|json', 'table')
    .option('--config <file>', 'rampart.yaml: rule options (allow-lists), severities, exceptions')
    .option(
      '--fail-on <severity>',
      'audit scan exits 1 when an alert is at least this severe: critical|high|medium|low|info|none (default: high)',
    )
    .option('--alert-webhook <url>', 'also POST each batch of alerts as JSON ({"alerts": [...]}) to this URL')
    .option('--ledger <dir>', 'append to the tamper-evident, encrypted ledger in this directory (created if missing)')
    .option('--ledger-record <what>', 'what the ledger keeps: events (every event read) or alerts', 'events')
    .option('--key-file <file>', 'ledger encryption keys: lines of <key-id> <64 hex digits>, the last one current')
    .option('--key-env <name>', 'or the environment variable holding them (same format)', 'RAMPART_LEDGER_KEY')
    .option(
      '--signing-key <file>',
      'Ed25519 private key (PEM) that signs checkpoints (default: <ledger>/signing-key.pem, created if missing)',
    );
}

/** Declares `rampart audit`: scan, serve, verify. Each subcommand loads its implementation only when run. */
export function registerAudit(program: Command, io: Io, exit: (code: number) => void): void {
  const audit = program
    .command('audit')
    .description('threats in API-server audit logs, judged by the rule catalogue; a tamper-evident, encrypted ledger');
  common(audit.command('scan'))
    .description(
      'judge audit events from files (JSON lines or EventList, rotated and .gz; a directory reads its logs oldest first) or - for stdin',
    )
    .argument('<file...>', 'audit log files, directories, or - for stdin')
    .action(async (files: string[], flags: AuditFlags) => {
      const { runAuditScan } = await import('./run-audit-scan.js');
      exit(await runAuditScan(files, flags, io));
    });
  common(audit.command('serve'))
    .description(
      "HTTPS receiver for the API server's audit webhook backend (--audit-webhook-config-file): each batch judged, alerts as they come; SIGTERM stops it",
    )
    .option('--tls-cert-file <file>', 'serving certificate (PEM); the API server must trust its CA')
    .option('--tls-private-key-file <file>', 'its private key (PEM)')
    .option(
      '--client-ca-file <file>',
      "CA bundle (PEM) the API server's client certificate must chain to (the webhook kubeconfig's client-certificate); without it, anyone who can reach the receiver can post events",
    )
    .option('--listen <host:port>', 'address to listen on', '127.0.0.1:8443')
    .option(
      '--queue-size <events>',
      'events waiting to be judged before batches are refused with 429 (retried)',
      '10000',
    )
    .action(async (flags: import('./run-audit-serve.js').ServeFlags) => {
      const { runAuditServe } = await import('./run-audit-serve.js');
      exit(await runAuditServe(flags, io));
    });
  audit
    .command('show')
    .description('the ledger’s entries, decrypted, as JSON lines (run verify to check them)')
    .argument('<dir>', 'the ledger directory')
    .option('--key-file <file>', 'the ledger’s encryption keys')
    .option('--key-env <name>', 'or the environment variable holding them', 'RAMPART_LEDGER_KEY')
    .action(async (dir: string, flags: { keyFile?: string; keyEnv: string }) => {
      const { runAuditShow } = await import('./run-audit-show.js');
      exit(await runAuditShow(dir, flags, io));
    });
  audit
    .command('verify')
    .description(
      'check a ledger: every entry, the Merkle root against its signed checkpoint, and consistency with a checkpoint kept elsewhere; exit 1 when tampered',
    )
    .argument('<dir>', 'the ledger directory')
    .option('--checkpoint <file>', 'a copy of checkpoint.json kept elsewhere: detects a rolled-back or rewritten log')
    .option(
      '--public-key <file>',
      'the Ed25519 public key (PEM) checkpoints must be signed with (default: the ledger’s)',
    )
    .option('--key-file <file>', 'decrypt every entry with these keys (a wrong key is reported as one)')
    .option('--key-env <name>', 'or the environment variable holding them', 'RAMPART_LEDGER_KEY')
    .option('-o, --output <format>', 'text|json', 'text')
    .action(async (dir: string, flags: import('./run-audit-verify.js').VerifyFlags) => {
      const { runAuditVerify } = await import('./run-audit-verify.js');
      exit(await runAuditVerify(dir, flags, io));
    });
}
