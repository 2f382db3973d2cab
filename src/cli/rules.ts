import type { Command } from 'commander';
import type { Io } from './io.js';

/** Declares `rampart rules`: the catalogue, generated from rule meta like docs/rules. */
export function registerRules(program: Command, io: Io, exit: (code: number) => void): void {
  program
    .command('rules')
    .description('list the rule catalogue')
    .option('-o, --output <format>', 'table|json', 'table')
    .action(async (flags: { output: string }) => {
      const { listRules } = await import('./run-rules.js');
      exit(listRules(flags, io));
    });
}
