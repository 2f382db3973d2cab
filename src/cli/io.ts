/** Everything a command touches outside itself, so tests can run commands in-process. */
export interface Io {
  stdout: { write(text: string): unknown };
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

/** Colour only on a terminal, and never when NO_COLOR is set (https://no-color.org). */
export function useColor(io: Io, isTTY: boolean, flag?: boolean): boolean {
  if (flag === false) return false;
  if (io.env.NO_COLOR !== undefined && io.env.NO_COLOR !== '') return false;
  return isTTY;
}

/** The CLI contract: 0 clean, 1 findings at or above --fail-on, 2 usage or input error, 3 nothing scanned. */
export const EXIT = { clean: 0, findings: 1, error: 2, nothingScanned: 3 } as const;

/** A usage or input problem the user must fix; printed without a stack trace, exit code 2. */
export class UsageError extends Error {}
