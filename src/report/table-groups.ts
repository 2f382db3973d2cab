import type { ResourceRef } from '../core/resource.js';
import type { Result } from '../core/result.js';
import { OWNERS, type Owner } from '../core/rule.js';
import { severityRank } from '../core/severity.js';

/** One resource's results as the table prints them, with where the resource lives. */
export interface ResourceGroup {
  ref: ResourceRef;
  file?: string;
  /**
   * Where the resource starts (its document, or its item of a List) when the results carry it;
   * else the first line any of its findings points at.
   */
  line?: number;
  template?: string;
  results: Result[];
}

/** Results that concern no resource (unreadable input, configuration problems), by file. */
export interface FileGroup {
  file?: string;
  results: Result[];
}

function refKey(ref: ResourceRef): string {
  return [ref.apiVersion, ref.kind, ref.namespace ?? '', ref.name].join('\0');
}

/**
 * Groups results by resource in input order. The same name in two files (two overlays, say) is
 * two groups; results without a location (passes, skips) join the resource's first group.
 */
export function groupByResource(results: readonly Result[]): ResourceGroup[] {
  const groups: ResourceGroup[] = [];
  const byRef = new Map<string, ResourceGroup[]>();
  const indices = new Map<ResourceGroup, number[]>();
  const starts = new Map<ResourceGroup, number>();
  const entries = results.map((result, index) => ({ result, index })).filter((e) => e.result.resource);
  // Located results first, so they decide which groups exist; input order is restored below.
  const ordered = [...entries.filter((e) => e.result.location), ...entries.filter((e) => !e.result.location)];
  for (const { result, index } of ordered) {
    const ref = result.resource as ResourceRef;
    const key = refKey(ref);
    const candidates = byRef.get(key) ?? [];
    const file = result.location?.file;
    let group =
      file === undefined
        ? candidates[0]
        : (candidates.find((g) => g.file === file) ?? candidates.find((g) => g.file === undefined));
    if (!group) {
      group = { ref, results: [] };
      groups.push(group);
      byRef.set(key, [...candidates, group]);
      indices.set(group, []);
    }
    if (result.location) {
      group.file ??= result.location.file;
      if (group.line === undefined || result.location.line < group.line) group.line = result.location.line;
      group.template ??= result.location.template;
      if (!starts.has(group)) {
        const start = startLine(result, group.file);
        if (start !== undefined) starts.set(group, start);
      }
    }
    group.results.push(result);
    indices.get(group)?.push(index);
  }
  for (const [group, start] of starts) group.line = start;
  const first = new Map<ResourceGroup, number>();
  for (const group of groups) {
    const order = indices.get(group) ?? [];
    const position = new Map(group.results.map((r, i) => [r, order[i] ?? 0]));
    group.results.sort((a, b) => (position.get(a) ?? 0) - (position.get(b) ?? 0));
    first.set(
      group,
      order.reduce((low, i) => (i < low ? i : low), Number.POSITIVE_INFINITY),
    );
  }
  return groups.sort((a, b) => (first.get(a) ?? 0) - (first.get(b) ?? 0));
}

/** The line the judged resource starts at, from the result's subject, when it was read from `file`. */
function startLine(result: Result, file: string | undefined): number | undefined {
  const origin = result.subject?.origin;
  if (origin?.kind !== 'file' || origin.file !== file) return undefined;
  return origin.locate([]).line;
}

export function groupByFile(results: readonly Result[]): FileGroup[] {
  const groups = new Map<string | undefined, FileGroup>();
  for (const result of results) {
    const file = result.location?.file;
    let group = groups.get(file);
    if (!group) {
      group = file === undefined ? { results: [] } : { file, results: [] };
      groups.set(file, group);
    }
    group.results.push(result);
  }
  return [...groups.values()];
}

/** Owners in the catalogue's order, then results no persona owns (rampart's own). */
export function groupByOwner(results: readonly Result[]): { owner: Owner | undefined; results: Result[] }[] {
  const buckets: { owner: Owner | undefined; results: Result[] }[] = [
    ...OWNERS.map((owner) => ({ owner, results: [] as Result[] })),
    { owner: undefined, results: [] },
  ];
  for (const result of results) {
    const bucket = buckets.find((b) => b.owner === result.owner) ?? buckets[buckets.length - 1];
    bucket?.results.push(result);
  }
  return buckets.filter((b) => b.results.length > 0);
}

/** fail, warn and error are what people act on; passes and skips are counted, not listed. */
export function isFinding(result: Result): boolean {
  return result.verdict === 'fail' || result.verdict === 'warn' || result.verdict === 'error';
}

/** Within a group: could-not-judge first, then by severity, then rule id; ties keep input order. */
export function compareFindings(a: Result, b: Result): number {
  const rank = (r: Result) => (r.verdict === 'error' ? 99 : severityRank(r.severity));
  return rank(b) - rank(a) || (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0);
}

/** Skips by reason, most frequent first (ties by reason), with the rules behind each: why checks did not run. */
export function skipReasons(results: readonly Result[]): { reason: string; count: number; rules: string[] }[] {
  const reasons = new Map<string, { count: number; rules: Set<string> }>();
  for (const result of results) {
    if (result.verdict !== 'skip') continue;
    const reason = result.skipReason ?? result.message;
    const entry = reasons.get(reason) ?? { count: 0, rules: new Set<string>() };
    entry.count++;
    entry.rules.add(result.ruleId);
    reasons.set(reason, entry);
  }
  return [...reasons]
    .sort(([ra, a], [rb, b]) => b.count - a.count || (ra < rb ? -1 : ra > rb ? 1 : 0))
    .map(([reason, { count, rules }]) => ({ reason, count, rules: [...rules] }));
}
