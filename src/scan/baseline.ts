import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { isRecord } from '../core/pod-spec.js';
import type { Result } from '../core/result.js';
import { UsageError } from './errors.js';

/**
 * The findings of an earlier scan, as identities: rule, resource (kind, namespace, name — not
 * apiVersion, so moving to a newer API version keeps a finding known) and field path. Lines are
 * left out: editing a file above a finding must not make it new.
 */
export interface Baseline {
  file: string;
  /** How many findings had each identity. */
  counts: Map<string, number>;
}

/** A previous `-o json` document is at most this large; anything bigger is not one Rampart wrote for a repository. */
const MAX_BASELINE_BYTES = 256 * 1024 * 1024;

/** Reads a previous `rampart scan -o json` document (schemaVersion 1). */
export function readBaselineFile(file: string, cwd: string): Baseline {
  const full = path.resolve(cwd, file);
  let text: string;
  try {
    if (statSync(full).size > MAX_BASELINE_BYTES) throw new UsageError(`--baseline ${file}: larger than 256 MiB`);
    text = readFileSync(full, 'utf8');
  } catch (error) {
    if (error instanceof UsageError) throw error;
    const code = (error as { code?: string }).code;
    throw new UsageError(
      `cannot read --baseline ${file}: ${code === 'ENOENT' ? 'no such file' : (code ?? 'unreadable')}`,
    );
  }
  return parseBaseline(text, file);
}

export function parseBaseline(text: string, file: string): Baseline {
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch {
    throw new UsageError(`--baseline ${file}: not JSON; give the output of an earlier \`rampart scan -o json\``);
  }
  if (!isRecord(document) || document.schemaVersion !== 1 || !Array.isArray(document.results)) {
    throw new UsageError(
      `--baseline ${file}: not a Rampart scan document (schemaVersion 1 with results); give the output of \`rampart scan -o json\``,
    );
  }
  const counts = new Map<string, number>();
  for (const entry of document.results) {
    if (!isRecord(entry) || (entry.verdict !== 'fail' && entry.verdict !== 'warn')) continue;
    const key = identity(entry.ruleId, entry.resource, entry.path);
    if (key !== undefined) counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return { file, counts };
}

/**
 * Drops the findings the baseline already has, each baseline entry absorbing one finding with its
 * identity. Findings without a resource (input problems) are never in a baseline: they always show.
 */
export function applyBaseline(results: readonly Result[], baseline: Baseline): { results: Result[]; known: number } {
  const remaining = new Map(baseline.counts);
  const kept: Result[] = [];
  let known = 0;
  for (const result of results) {
    if (result.verdict === 'fail' || result.verdict === 'warn') {
      const key = identity(result.ruleId, result.resource, result.path);
      const left = key === undefined ? 0 : (remaining.get(key) ?? 0);
      if (key !== undefined && left > 0) {
        remaining.set(key, left - 1);
        known++;
        continue;
      }
    }
    kept.push(result);
  }
  return { results: kept, known };
}

function identity(ruleId: unknown, resource: unknown, path: unknown): string | undefined {
  if (typeof ruleId !== 'string' || !isRecord(resource)) return undefined;
  const { kind, namespace, name } = resource;
  if (typeof kind !== 'string' || typeof name !== 'string') return undefined;
  return [
    ruleId,
    kind,
    typeof namespace === 'string' ? namespace : '',
    name,
    typeof path === 'string' ? path : '',
  ].join('\u0000');
}
