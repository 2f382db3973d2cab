import { open } from 'node:fs/promises';
import { readRecord } from './record.js';

const CHUNK = 4 * 1024 * 1024;

/** A record of the entries file, at its absolute byte offsets. */
export type Scanned =
  | { offset: number; end: number; payload: Buffer; leaf: Buffer }
  | { offset: number; end: number; damaged: true; reason: string }
  | { offset: number; torn: true; reason: string };

/**
 * The records of an entries file from byte `from`, read in chunks: memory holds a chunk and one
 * record, never the file. Stops at the first torn record (nothing after it can be framed).
 */
export async function* scanRecords(file: string, from: number): AsyncGenerator<Scanned> {
  const handle = await open(file, 'r');
  try {
    const size = (await handle.stat()).size;
    let data: Buffer = Buffer.alloc(0);
    let dataStart = from;
    let local = 0;
    // a file that shrinks while it is read ends where it ends
    let stalled = false;
    while (dataStart + local < size) {
      const eof = stalled || dataStart + data.length >= size;
      const framed = readRecord(data, local, eof);
      const offset = dataStart + local;
      if ('more' in framed) {
        const rest = data.subarray(local);
        const want = Math.min(Math.max(CHUNK, rest.length * 2), size - (dataStart + data.length));
        const chunk = Buffer.alloc(want);
        const { bytesRead } = await handle.read(chunk, 0, want, dataStart + data.length);
        if (bytesRead === 0) stalled = true;
        dataStart += local;
        data = Buffer.concat([rest, chunk.subarray(0, bytesRead)]);
        local = 0;
        continue;
      }
      if ('torn' in framed) {
        yield { offset, torn: true, reason: framed.reason };
        return;
      }
      const end = dataStart + framed.next;
      if ('damaged' in framed) yield { offset, end, damaged: true, reason: framed.reason };
      // the payload is copied: the chunk it lies in is reused
      else yield { offset, end, payload: Buffer.from(framed.payload), leaf: framed.leaf };
      local = framed.next;
    }
  } finally {
    await handle.close();
  }
}
