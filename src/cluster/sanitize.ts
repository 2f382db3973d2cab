import type { KubeObject } from '../core/resource.js';

/**
 * Keys of Secret data a rule reads: public certificates only (`tls-secret-certificate` reads
 * `tls.crt`; `ca.crt` is the issuing CA). Private keys, tokens and passwords are dropped the
 * moment they arrive, so no output, snapshot or crash dump can hold them.
 */
const PUBLIC_SECRET_KEYS = new Set(['tls.crt', 'ca.crt']);
const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

/**
 * An object as the scan keeps it. `managedFields` are bookkeeping no rule reads and a third of a
 * list's bytes; the last-applied annotation repeats the whole object as the user sent it — a
 * Secret's values among them — so it goes too. Secret values other than certificates are removed,
 * with their keys kept (rules see which keys a Secret has, never what they hold).
 */
export function sanitize(object: KubeObject): KubeObject {
  const metadata = object.metadata;
  let kept: KubeObject = object;
  if (metadata && (metadata.managedFields !== undefined || metadata.annotations?.[LAST_APPLIED] !== undefined)) {
    const { managedFields: _managed, ...rest } = metadata;
    const annotations = metadata.annotations ? { ...metadata.annotations } : undefined;
    if (annotations) delete annotations[LAST_APPLIED];
    kept = { ...object, metadata: { ...rest, ...(annotations ? { annotations } : {}) } };
  }
  if (object.kind === 'Secret' && object.apiVersion === 'v1') {
    const { data, stringData: _string, ...rest } = kept;
    kept = { ...rest, ...(isRecord(data) ? { data: redactedData(data) } : {}) };
  }
  return kept;
}

function redactedData(data: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = Object.create(null);
  for (const [key, value] of Object.entries(data))
    out[key] = PUBLIC_SECRET_KEYS.has(key) && typeof value === 'string' ? value : '';
  return { ...out };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
