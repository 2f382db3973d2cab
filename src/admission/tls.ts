import { readFileSync, statSync, unwatchFile, watchFile } from 'node:fs';
import type { SecureContextOptions } from 'node:tls';

/** TLS 1.2 and 1.3 only, as the issue and the API server's own defaults ask. */
export const MIN_TLS_VERSION = 'TLSv1.2';

export interface KeyFiles {
  certFile: string;
  keyFile: string;
}

export function readKeyPair(files: KeyFiles): SecureContextOptions {
  return { cert: readFileSync(files.certFile), key: readFileSync(files.keyFile), minVersion: MIN_TLS_VERSION };
}

/**
 * Watches the certificate and key files and hands a new secure context to `apply` when they
 * change (cert-manager renewing, a Secret volume swapping its symlink). Open connections keep
 * the context they started with; new ones get the new one. A pair that does not load (the
 * certificate written, the key not yet) keeps the old context until the next change.
 */
export function watchKeyPair(
  files: KeyFiles,
  apply: (context: SecureContextOptions) => void,
  options: { intervalMs?: number; log?: (message: string, error?: unknown) => void } = {},
): () => void {
  const interval = options.intervalMs ?? 2000;
  let last = fingerprint(files);
  const check = () => {
    const now = fingerprint(files);
    if (now === last) return;
    try {
      apply(readKeyPair(files));
      last = now;
      options.log?.('serving certificate reloaded');
    } catch (error) {
      options.log?.('serving certificate did not load; keeping the previous one', error);
    }
  };
  watchFile(files.certFile, { interval, persistent: false }, check);
  watchFile(files.keyFile, { interval, persistent: false }, check);
  return () => {
    unwatchFile(files.certFile, check);
    unwatchFile(files.keyFile, check);
  };
}

function fingerprint(files: KeyFiles): string {
  const part = (file: string) => {
    try {
      const stat = statSync(file);
      return `${stat.mtimeMs}:${stat.size}:${stat.ino}`;
    } catch {
      return 'missing';
    }
  };
  return `${part(files.certFile)}|${part(files.keyFile)}`;
}
