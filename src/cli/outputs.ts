import { type FileHandle, mkdir, open } from 'node:fs/promises';
import path from 'node:path';
import { type Io, UsageError } from './io.js';

export interface OutputSpec {
  format: string;
  /** Absent means stdout. */
  file?: string;
}

/** Parses repeated `-o format` / `-o format=file`; at most one may go to stdout. */
export function parseOutputs(values: readonly string[], formats: readonly string[], fallback: string): OutputSpec[] {
  const specs = (values.length ? values : [fallback]).map((value) => {
    const [format = '', ...rest] = value.split('=');
    const file = rest.join('=');
    if (!formats.includes(format))
      throw new UsageError(`unknown output format "${format}"; use one of ${formats.join(', ')}`);
    if (value.includes('=') && file === '')
      throw new UsageError(`-o ${value}: give a file after "=", or drop "=" to write to stdout`);
    return file ? { format, file } : { format };
  });
  if (specs.filter((s) => !s.file).length > 1) {
    throw new UsageError('only one output can go to stdout; send the others to files with -o format=file');
  }
  return specs;
}

/** Writes a formatter's output, given whole or in pieces (text, or UTF-8 bytes), to stdout or to the spec's file. */
export async function writeOutput(
  spec: OutputSpec,
  output: string | Iterable<string | Uint8Array>,
  io: Io,
): Promise<void> {
  const pieces = typeof output === 'string' ? [output] : output;
  if (!spec.file) {
    for (const piece of pieces) io.stdout.write(piece);
    return;
  }
  const target = path.resolve(io.cwd, spec.file);
  let handle: FileHandle | undefined;
  try {
    await mkdir(path.dirname(target), { recursive: true });
    handle = await open(target, 'w');
    for (const piece of pieces) await handle.write(typeof piece === 'string' ? Buffer.from(piece) : piece);
  } catch (error) {
    throw new UsageError(`cannot write ${spec.file}: ${(error as Error).message}`);
  } finally {
    await handle?.close();
  }
}
