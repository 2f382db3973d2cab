/**
 * Precision on real manifests: scans each file of a corpus on its own, as a new user would, and
 * counts findings per rule, findings per object, and concerns reported more than once. Shared by
 * scripts/precision.ts (the numbers docs/precision.md records) and the noise-budget tests.
 */
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { isStructural, rbacAnalysis, TARGETS } from '../src/analyze/rbac/index.js';
import { evaluate } from '../src/core/engine.js';
import { Inventory } from '../src/core/inventory.js';
import type { Result } from '../src/core/result.js';
import type { Rule } from '../src/core/rule.js';
import { DEFAULT_SETTINGS, type ScanSettings } from '../src/core/settings.js';
import { loadInputs } from '../src/load/index.js';
import { RULES } from '../src/rules/index.js';

export const CORPUS = path.resolve(import.meta.dirname, '../../shared/corpus/real-world');

export interface FileScan {
  file: string;
  inventory: Inventory;
  /** Unsuppressed fail and warn results. */
  findings: Result[];
}

/** Every manifest file under a folder, sorted (provenance and licence files left out). */
export function corpusFiles(root = CORPUS): string[] {
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

/** Scans one file with every rule (or those given) at its defaults, as `rampart scan FILE` does. */
export async function scanFile(
  file: string,
  rules: readonly Rule[] = RULES,
  settings: ScanSettings = DEFAULT_SETTINGS,
): Promise<FileScan> {
  const loaded = await loadInputs([file]);
  const inventory = new Inventory(loaded.resources);
  const { results } = evaluate(inventory, { rules, settings, keepPasses: false });
  const findings = results.filter((r) => (r.verdict === 'fail' || r.verdict === 'warn') && !r.suppressed);
  return { file, inventory, findings };
}

export function objectKey(result: Result): string {
  const r = result.resource;
  return r ? `${r.kind}/${r.namespace ? `${r.namespace}/` : ''}${r.name}` : '(input)';
}

/** `rules[3]`, `subjects[0]`, `roleRef`: the part of an object a finding is about, up to its first index. */
function pathRoot(path: string | undefined): string {
  if (!path) return '';
  const match = /^[^[]*(\[\d+\])?/.exec(path);
  return match ? match[0] : path;
}

const PATH_RULES: Readonly<Record<string, string>> = {
  'rbac-escalation-to-cluster-admin': TARGETS.clusterAdmin,
  'rbac-secrets-access-path': TARGETS.secrets,
};

/**
 * The places a finding asks to fix; two findings sharing one report the same concern. A finding
 * is about a part of an object (a rule of a role, a subject of a binding, a workload). A path
 * that a single grant opens (a one-step path) is fixed where that grant is written, so it is
 * also about that rule of that role.
 */
export function concernKeys(result: Result, inventory: Inventory): string[] {
  // a typo in one entry of a rule is its own concern, beside what the rest of the rule grants
  const part = result.ruleId === 'rbac-rule-grants-nothing' ? (result.path ?? '') : pathRoot(result.path);
  const keys = [`${objectKey(result)}#${part}`];
  const target = PATH_RULES[result.ruleId];
  if (!target || !result.resource) return keys;
  const analysis = rbacAnalysis(inventory);
  const binding = analysis.index.bindings.find(
    (b) =>
      b.kind === result.resource?.kind &&
      b.name === result.resource.name &&
      (b.namespace || undefined) === result.resource.namespace,
  );
  const index = /^subjects\[(\d+)\]/.exec(result.path ?? '')?.[1];
  const subject = index === undefined ? undefined : binding?.subjects[Number(index)];
  if (!subject) return keys;
  const found = analysis.pathFrom(subject, target);
  if (!found || found.steps.slice(1).some((step) => !isStructural(step))) return keys;
  for (const { role, rule } of found.steps[0]?.grants ?? []) {
    const name = rule.aggregatedFrom ?? role.name;
    const ns = role.kind === 'Role' ? `${role.namespace}/` : '';
    keys.push(`${role.kind}/${ns}${name}#rules[${rule.index}]`);
  }
  return [...new Set(keys)];
}

export interface Precision {
  files: number;
  objects: number;
  /** Findings per rule id, most first. */
  byRule: [string, number][];
  /** The objects with the most findings. */
  busiest: { file: string; object: string; findings: number }[];
  /** Concerns reported by more than one finding, with the rules that reported them. */
  repeated: { file: string; concern: string; rules: string[] }[];
  /** Every finding counted: `file rule severity object path`. */
  findings: string[];
}

/** Precision of the rules `only` selects (all by default) over the files given. */
export async function measure(files: readonly string[], only: (ruleId: string) => boolean = () => true) {
  // rules that cannot report are left out of the scan: the numbers are the same, the run shorter
  const rules = RULES.filter((rule) => only(rule.meta.id));
  const byRule = new Map<string, number>();
  const busiest: Precision['busiest'] = [];
  const repeated: Precision['repeated'] = [];
  const all: string[] = [];
  let objects = 0;
  for (const file of files) {
    const scan = await scanFile(file, rules);
    const findings = scan.findings.filter((r) => only(r.ruleId));
    const perObject = new Map<string, number>();
    const perConcern = new Map<string, string[]>();
    const name = path.relative(CORPUS, file);
    for (const finding of findings) {
      all.push(`${name} ${finding.ruleId} ${finding.severity} ${objectKey(finding)} ${finding.path ?? ''}`);
      byRule.set(finding.ruleId, (byRule.get(finding.ruleId) ?? 0) + 1);
      const object = objectKey(finding);
      perObject.set(object, (perObject.get(object) ?? 0) + 1);
      for (const key of concernKeys(finding, scan.inventory)) {
        const list = perConcern.get(key) ?? [];
        list.push(finding.ruleId);
        perConcern.set(key, list);
      }
    }
    objects += perObject.size;
    for (const [object, count] of perObject) busiest.push({ file: name, object, findings: count });
    for (const [concern, rules] of perConcern)
      if (rules.length > 1) repeated.push({ file: name, concern, rules: rules.sort() });
  }
  busiest.sort((a, b) => b.findings - a.findings || a.object.localeCompare(b.object));
  return {
    files: files.length,
    objects,
    byRule: [...byRule].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])),
    busiest: busiest.slice(0, 5),
    repeated,
    findings: all,
  } satisfies Precision;
}
