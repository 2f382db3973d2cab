import type { Command } from 'commander';
import type { Io } from './io.js';

export interface PolicyTestFlags {
  output: string;
  color?: boolean;
}

/**
 * Declares `rampart policy`: ValidatingAdmissionPolicies and MutatingAdmissionPolicies evaluated
 * offline. Each subcommand loads its module only when it runs.
 */
export function registerPolicy(program: Command, io: Io, exit: (code: number) => void): void {
  const policy = program
    .command('policy')
    .description('admission policies (ValidatingAdmissionPolicy, MutatingAdmissionPolicy), evaluated offline');

  policy
    .command('test')
    .description('run declarative admission test suites: each case a request and the answer it must get')
    .argument('<paths...>', 'suite.yaml files, or directories searched for them (recursive)')
    .option('-o, --output <format>', 'text|json', 'text')
    .option('--no-color', 'no colours even on a terminal (NO_COLOR is honoured too)')
    .action(async (paths: string[], flags: PolicyTestFlags) => {
      const { testPolicies } = await import('./run-policy-test.js');
      exit(await testPolicies(paths, flags, io));
    });
}
