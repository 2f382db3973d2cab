/**
 * Noise on real manifests, for the rules other than RBAC and NetworkPolicy (those have their own
 * count): findings per rule and per object, and concerns reported more than once (see
 * src/rules/concerns.ts). Reads findings as `rampart scan FILE -o json` writes them, so the same
 * numbers can be taken of any build; the precision test feeds it the engine's results directly.
 */
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { type ConcernInput, concernKey } from '../src/rules/concerns.js';

export const CORPUS = path.resolve(import.meta.dirname, '../../shared/corpus/real-world');

/** Rules whose precision is measured elsewhere (RBAC, NetworkPolicy analysis). */
export function inScope(ruleId: string): boolean {
  return !ruleId.startsWith('rbac-') && !ruleId.startsWith('netpol-');
}

/** Every manifest under a folder, sorted (provenance and licence files left out). */
export function manifestFiles(root = CORPUS): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const full = path.join(dir, name);
      if (statSync(full).isDirectory()) walk(full);
      else if (/\.(ya?ml|json)$/.test(name)) out.push(full);
    }
  };
  walk(root);
  return out;
}

export interface Finding extends ConcernInput {
  verdict: string;
  suppressed?: unknown;
}

export interface Noise {
  /** Unsuppressed fail and warn findings per rule, most first. */
  byRule: [string, number][];
  findings: number;
  /** Objects with at least one finding. */
  objects: number;
  /** The most findings on one object, and where. */
  busiest: { object: string; file: string; findings: number }[];
  /** Concerns with more than one finding, and the rules behind them. */
  repeated: { file: string; concern: string; rules: string[] }[];
}

/** Aggregates the findings of each file (scanned on its own) over a corpus. */
export function noiseOf(files: readonly { file: string; findings: readonly Finding[] }[]): Noise {
  const byRule = new Map<string, number>();
  const busiest: Noise['busiest'] = [];
  const repeated: Noise['repeated'] = [];
  let findings = 0;
  for (const { file, findings: all } of files) {
    const perObject = new Map<string, number>();
    const perConcern = new Map<string, string[]>();
    for (const finding of all) {
      if ((finding.verdict !== 'fail' && finding.verdict !== 'warn') || finding.suppressed || !inScope(finding.ruleId))
        continue;
      findings++;
      byRule.set(finding.ruleId, (byRule.get(finding.ruleId) ?? 0) + 1);
      const key = concernKey(finding);
      const object = key.slice(0, key.indexOf('#'));
      perObject.set(object, (perObject.get(object) ?? 0) + 1);
      perConcern.set(key, [...(perConcern.get(key) ?? []), finding.ruleId]);
    }
    for (const [object, count] of perObject) busiest.push({ object, file, findings: count });
    for (const [concern, rules] of perConcern) if (rules.length > 1) repeated.push({ file, concern, rules });
  }
  busiest.sort((a, b) => b.findings - a.findings || a.object.localeCompare(b.object));
  return {
    byRule: [...byRule].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])),
    findings,
    objects: busiest.length,
    busiest,
    repeated,
  };
}
