/** Everything a command touches outside itself, so tests can run commands in-process. */
export interface Io {
  /** Text, or UTF-8 bytes that never end inside a character (large outputs are written as bytes). */
  stdout: { write(chunk: string | Uint8Array): unknown };
  stderr: { write(text: string): unknown };
  stdin: AsyncIterable<Uint8Array | string>;
  env: Readonly<Record<string, string | undefined>>;
  cwd: string;
  stdoutIsTTY: boolean;
  stderrIsTTY: boolean;
  /** The terminal's width when stdout is one. */
  stdoutColumns?: number;
}

export function processIo(): Io {
  // A reader that stops early (`rampart rules -o json | head`) closes the pipe. That ends the
  // output, as it ends any Unix filter: quietly and successfully, never with a stack trace.
  for (const stream of [process.stdout, process.stderr]) stream.on('error', closedPipe);
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    stdin: process.stdin,
    env: process.env,
    cwd: process.cwd(),
    stdoutIsTTY: process.stdout.isTTY === true,
    stderrIsTTY: process.stderr.isTTY === true,
    ...(process.stdout.isTTY && process.stdout.columns ? { stdoutColumns: process.stdout.columns } : {}),
  };
}

function closedPipe(error: NodeJS.ErrnoException): void {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
}

/** Colour only on a terminal, and never when NO_COLOR is set (https://no-color.org). */
export function useColor(io: Io, isTTY: boolean, flag?: boolean): boolean {
  if (flag === false) return false;
  if (io.env.NO_COLOR !== undefined && io.env.NO_COLOR !== '') return false;
  return isTTY;
}

/**
 * The exit-code contract and the usage error are the scan service's, shared by every command.
 * Imported from their own modules, not the service's index: `rampart --version` must not load the
 * rule catalogue.
 */
export { UsageError } from '../scan/errors.js';
export { EXIT } from '../scan/exit-code.js';
