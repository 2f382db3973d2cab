import path from 'node:path';
import type { KeyRing } from './keys.js';
import { FILES } from './ledger.js';
import { decryptPayload } from './record.js';
import { scanRecords } from './stream.js';

export type ReadEntry = { index: number; entry: unknown } | { index: number; error: string };

/**
 * The entries of a ledger, decrypted, in order: what an investigator reads. Reading is not
 * verifying (`verifyLedger` is): an entry that does not decrypt is said, and reading goes on.
 */
export async function* readLedger(dir: string, keys: KeyRing): AsyncGenerator<ReadEntry> {
  let index = 0;
  for await (const record of scanRecords(path.join(dir, FILES.entries), 0)) {
    if ('torn' in record) {
      yield { index, error: `a torn record (${record.reason})` };
      return;
    }
    if ('damaged' in record) yield { index, error: record.reason };
    else {
      const result = decryptPayload(record.payload, keys);
      if ('plaintext' in result) {
        try {
          yield { index, entry: JSON.parse(result.plaintext.toString('utf8')) };
        } catch {
          yield { index, error: 'its plaintext is not JSON' };
        }
      } else yield { index, error: result.error === 'no-key' ? `no key ${result.keyId} given` : 'it does not decrypt' };
    }
    index++;
  }
}
