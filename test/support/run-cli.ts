import type { Io } from '../../src/cli/io.js';
import { main } from '../../src/cli/main.js';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

export interface IoOptions {
  cwd?: string;
  /** What `-` reads. */
  stdin?: string;
  env?: Record<string, string>;
  tty?: boolean;
}

/** Runs a command in-process against captured I/O. */
export async function withCapturedIo(options: IoOptions, run: (io: Io) => Promise<number>): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  async function* stdin() {
    if (options.stdin !== undefined) yield options.stdin;
  }
  const io: Io = {
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s) },
    stdin: stdin(),
    env: options.env ?? {},
    cwd: options.cwd ?? process.cwd(),
    stdoutIsTTY: options.tty ?? false,
    stderrIsTTY: options.tty ?? false,
  };
  const code = await run(io);
  return { code, stdout, stderr };
}

/** Runs the CLI in-process with captured output. */
export function runCli(argv: string[], options: IoOptions = {}): Promise<CliRun> {
  return withCapturedIo(options, (io) => main(argv, io));
}
