import { readFile } from 'node:fs/promises';

/** Files above this size are refused unless the limit is raised: parsing costs ~30x the file size in memory. */
export const DEFAULT_MAX_FILE_SIZE = 50 * 1024 * 1024;

export type Decoded = { text: string } | { error: string };

/**
 * Decodes bytes as UTF-8 text, refusing what is not: binary files (NUL bytes), other encodings,
 * invalid byte sequences. The message says what was found and what to do.
 */
export function decode(bytes: Uint8Array): Decoded {
  if (bytes.length >= 2 && ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff))) {
    return {
      error: 'is UTF-16 encoded; Kubernetes manifests must be UTF-8 (convert it with `iconv -f UTF-16 -t UTF-8`)',
    };
  }
  if (bytes.indexOf(0) !== -1) return { error: 'is a binary file (it contains NUL bytes), not YAML or JSON' };
  try {
    const text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
    return { text };
  } catch {
    return { error: 'is not valid UTF-8 text; manifests must be UTF-8' };
  }
}

export async function readLimited(file: string, size: number, maxSize: number): Promise<Decoded> {
  if (size > maxSize) return { error: tooLarge(size, maxSize) };
  return decode(await readFile(file));
}

export function tooLarge(size: number, maxSize: number): string {
  return `is ${mebibytes(size)}, above the ${mebibytes(maxSize)} limit; split it, or raise the limit with --max-file-size`;
}

function mebibytes(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MiB` : `${bytes} bytes`;
}

/** Reads a stream to the end, giving up (without buffering the rest) once it passes `maxSize`. */
export async function readStream(stream: AsyncIterable<Uint8Array | string>, maxSize: number): Promise<Decoded> {
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of stream) {
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : Buffer.from(chunk);
    total += buffer.length;
    if (total > maxSize) return { error: tooLarge(total, maxSize).replace(/^is /, 'is more than ') };
    chunks.push(buffer);
  }
  return decode(Buffer.concat(chunks));
}
