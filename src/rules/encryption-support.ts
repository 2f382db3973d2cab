import { isRecord } from '../core/pod-spec.js';
import type { KubeObject } from '../core/resource.js';

/** One `resources[i]` entry of an EncryptionConfiguration: what it covers and its providers, in order. */
export interface EncryptionEntry {
  index: number;
  resources: string[];
  providers: { index: number; type: string; config: Record<string, unknown> }[];
}

/** Providers the API server knows; each provider item holds exactly one of them. */
export const PROVIDER_TYPES = ['identity', 'aescbc', 'aesgcm', 'secretbox', 'kms'] as const;

/** The entries of an EncryptionConfiguration, bounded (no real configuration has a thousand). */
export function encryptionEntries(object: KubeObject): EncryptionEntry[] {
  const list = Array.isArray(object.resources) ? object.resources.slice(0, 1000) : [];
  return list.flatMap((entry, index) => {
    if (!isRecord(entry)) return [];
    const resources = Array.isArray(entry.resources)
      ? entry.resources.filter((r): r is string => typeof r === 'string')
      : [];
    const providers = (Array.isArray(entry.providers) ? entry.providers.slice(0, 100) : []).flatMap((p, i) => {
      if (!isRecord(p)) return [];
      const type = (PROVIDER_TYPES as readonly string[]).find((t) => Object.hasOwn(p, t));
      if (!type) return [];
      const config = isRecord(p[type]) ? (p[type] as Record<string, unknown>) : {};
      return [{ index: i, type, config }];
    });
    return [{ index, resources, providers }];
  });
}

/** Whether an entry's resource list covers Secrets (`secrets`, `*.`, `*.*`), as the API server matches them. */
export function coversSecrets(resources: readonly string[]): boolean {
  return resources.some((r) => r === 'secrets' || r === '*.' || r === '*.*');
}

/** Entries whose resources the API server would use for Secrets: the first that covers them. */
export function secretsEntry(entries: readonly EncryptionEntry[]): EncryptionEntry | undefined {
  return entries.find((e) => coversSecrets(e.resources));
}
