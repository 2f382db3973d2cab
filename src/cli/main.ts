import { Command, CommanderError } from 'commander';
import { redactedMessage } from '../core/redact.js';
import { registerAudit } from './audit.js';
import { registerCerts } from './certs.js';
import { registerCluster } from './cluster.js';
import { registerFix } from './fix.js';
import { EXIT, type Io, UsageError } from './io.js';
import { registerNetpol } from './netpol.js';
import { registerNode } from './node.js';
import { registerPolicy } from './policy.js';
import { registerPss } from './pss.js';
import { registerRbac } from './rbac.js';
import { registerRules } from './rules.js';
import { registerScan } from './scan.js';
import { VERSION } from './version.js';
import { registerWebhook } from './webhook.js';

/**
 * Runs the CLI and resolves to its exit code; commands load their modules only when chosen.
 * `name` is how help and usage name the program: `kubectl rampart` when run as a kubectl plugin.
 */
export async function main(argv: readonly string[], io: Io, name = 'rampart'): Promise<number> {
  let code: number = EXIT.clean;
  const exit = (value: number) => {
    code = value;
  };
  const program = new Command(name)
    .description('Kubernetes security from CI to cluster: one engine, the same verdicts everywhere')
    .version(VERSION, '-v, --version')
    // program options only before the command, so `rampart pss --version v1.30` reaches pss
    .enablePositionalOptions()
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.stdout.write(s), writeErr: (s) => io.stderr.write(s) });
  registerScan(program, io, exit);
  registerPss(program, io, exit);
  registerFix(program, io, exit);
  registerRules(program, io, exit);
  registerRbac(program, io, exit);
  registerNetpol(program, io, exit);
  registerPolicy(program, io, exit);
  registerNode(program, io, exit);
  registerCerts(program, io, exit);
  registerAudit(program, io, exit);
  registerCluster(program, io, exit);
  registerWebhook(program, io, exit);
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return code;
  } catch (error) {
    if (error instanceof CommanderError) {
      // help and version end with code 0; everything else commander rejects is a usage error
      return error.exitCode === 0 ? EXIT.clean : EXIT.error;
    }
    if (error instanceof UsageError) {
      io.stderr.write(`rampart: ${error.message}\n`);
      return EXIT.error;
    }
    io.stderr.write(`rampart: internal error: ${redactedMessage(error)}\n`);
    io.stderr.write('please report it with the command you ran: https://github.com/rampart-dev/rampart/issues\n');
    return EXIT.error;
  }
}
