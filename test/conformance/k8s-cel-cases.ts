/**
 * The Kubernetes CEL corpus (test/cel/k8s-cases/*.yaml): upstream test cases transcribed as data —
 * an expression and the value, runtime error or compile errors the upstream test expects — run
 * through Rampart's engine and compared. Each file names its source and the environment its cases
 * ran in upstream. Used by test/conformance/k8s-cel.ts (the report) and test/cel/k8s-cases.test.ts.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { isRecord } from '../../src/core/pod-spec.js';
import { parseYaml } from '../../src/load/parse-yaml.js';
import { createEnvironment } from '../../src/policy/cel/engine.js';
import {
  type CelEngine,
  type CelTypeSpec,
  newCostBudget,
  type OpenApiSchema,
  schemaTypeSpec,
  toCelValue,
  withTypeAndObjectMeta,
} from '../../src/policy/cel/index.js';
import { goQuote } from '../../src/policy/cel/libraries/go-numbers.js';
import {
  equals,
  fromCelValue,
  isCelList,
  isCelMap,
  OpaqueValue,
  typeName,
  type Val,
} from '../../src/policy/cel/values.js';
import { CEL_LIBRARIES } from '../../src/policy/cel/versions.js';

import { EXPLAINED, SKIPPED } from './k8s-cel-explained.js';

export const CASES_DIR = path.join(import.meta.dirname, '../cel/k8s-cases');

interface Case {
  name?: string;
  expectSkipped?: boolean;
  costBudget?: number;
  expectedCost?: number;
  expr: string;
  version?: string;
  value?: string;
  error?: string;
  compileErrors?: string[];
  /** CRD validation: the schema of `self`, the object, and (for transition rules) the old ones. */
  schema?: OpenApiSchema;
  object?: unknown;
  oldSchema?: OpenApiSchema;
  oldObject?: unknown;
  isRoot?: boolean;
}

/** CRD validation rules: one schema and object, the rules that hold and those that fail with an error. */
interface Group {
  name: string;
  schema: OpenApiSchema;
  object?: unknown;
  oldSchema?: OpenApiSchema;
  oldObject?: unknown;
  isRoot?: boolean;
  expectSkipped?: boolean;
  costBudget?: number;
  expectedCost?: number;
  valid?: string[];
  errors?: { rule: string; error: string }[];
}

interface CorpusFile {
  source: string;
  environment: 'kubernetes' | 'cel-go' | 'crd';
  errorMatch: 'exact' | 'regex' | 'contains';
  cases?: Case[];
  groups?: Group[];
}

/** The groups of a CRD corpus as cases: each valid rule must hold, each error rule fail with its text. */
function casesOf(corpus: CorpusFile): Case[] {
  if (corpus.cases) return corpus.cases;
  return (corpus.groups ?? []).flatMap((group) => {
    const { valid = [], errors = [], ...shared } = group;
    return [
      ...valid.map((rule): Case => ({ ...shared, expr: rule, value: 'true' })),
      ...errors.map((e): Case => ({ ...shared, expr: e.rule, error: withoutWrapper(e.error) })),
    ];
  });
}

/**
 * The CRD validator wraps CEL's message (`compilation failed: ERROR: <input>:1:5: …`, `… evaluating
 * rule: <rule>`); the comparison is with CEL's own message.
 */
function withoutWrapper(message: string): string {
  return message
    .replace(/^compile error: /, '')
    .replace(/^compilation failed: /, '')
    .replace(/^program instantiation failed: /, '')
    .replace(/^ERROR: <input>:\d+:\d+: /, '')
    .replace(/ evaluating rule: .*$/s, '');
}

export type Outcome = 'agree' | 'disagree' | 'explained' | 'skipped';

export interface CaseResult {
  file: string;
  id: string;
  expr: string;
  outcome: Outcome;
  /** What differs (disagree, explained), or why the case is not run (skipped). */
  detail?: string;
}

const ALL_LIBRARIES = new Set(CEL_LIBRARIES.map((library) => library.name));

export function runCorpus(filter: readonly string[] = []): CaseResult[] {
  const results: CaseResult[] = [];
  for (const file of readdirSync(CASES_DIR)
    .filter((f) => f.endsWith('.yaml'))
    .sort()) {
    const parsed = parseYaml(readFileSync(path.join(CASES_DIR, file), 'utf8'));
    if (parsed.problems.length || parsed.documents.length !== 1) throw new Error(`${file}: not one YAML document`);
    const corpus = parsed.documents[0]!.value as CorpusFile;
    casesOf(corpus).forEach((c, i) => {
      const id = `${file.replace(/\.yaml$/, '')}#${i + 1}${c.name ? ` ${c.name}` : ''}`;
      if (filter.length && !filter.some((term) => id.includes(term) || c.expr.includes(term))) return;
      const key = { id, expr: c.expr, version: c.version ?? 'v1.37' };
      const skip = SKIPPED.find((s) => s.match(key));
      if (skip) {
        results.push({ file, id, expr: c.expr, outcome: 'skipped', detail: skip.reason });
        return;
      }
      const problem = check(corpus, c);
      if (problem === undefined) {
        const stale = EXPLAINED.find((e) => e.match(key));
        results.push(
          stale
            ? {
                file,
                id,
                expr: c.expr,
                outcome: 'disagree',
                detail: `agrees now: remove its explanation (${stale.reason})`,
              }
            : { file, id, expr: c.expr, outcome: 'agree' },
        );
      } else {
        const known = EXPLAINED.find((e) => e.match(key));
        results.push({
          file,
          id,
          expr: c.expr,
          outcome: known ? 'explained' : 'disagree',
          detail: known ? `${known.reason} (${problem})` : problem,
        });
      }
    });
  }
  return results;
}

const engines = new Map<string, CelEngine & { compileUnchecked(expression: string): unknown }>();

function engineFor(corpus: CorpusFile, c: Case): CelEngine {
  const variables: Record<string, CelTypeSpec> = { self: 'dyn' };
  if (corpus.environment === 'crd') {
    variables.self = schemaTypeSpec(c.schema!, c.isRoot ?? false);
    if (c.oldObject !== undefined && c.oldObject !== null)
      variables.oldSelf = schemaTypeSpec(c.oldSchema ?? c.schema!, c.isRoot ?? false);
    return createEnvironment({ kubernetesVersion: c.version ?? 'v1.37', variables, revealValues: goQuote });
  }
  const key = `${corpus.environment}/${c.version ?? ''}`;
  let engine = engines.get(key);
  if (!engine) {
    engine =
      corpus.environment === 'cel-go'
        ? createEnvironment({
            variables,
            libraries: ALL_LIBRARIES,
            homogeneousLiterals: false,
            validateLiterals: false,
            revealValues: goQuote,
          })
        : createEnvironment({ kubernetesVersion: c.version ?? 'v1.37', variables, revealValues: goQuote });
    engines.set(key, engine);
  }
  return engine;
}

/** An expected value, written as a CEL literal, evaluated where every library is available. */
const literals = createEnvironment({
  variables: {},
  libraries: ALL_LIBRARIES,
  homogeneousLiterals: false,
  validateLiterals: false,
});

/** Why Rampart's answer differs from the expected one; undefined when they agree. */
function check(corpus: CorpusFile, c: Case): string | undefined {
  // A transition rule (one that reads oldSelf) is not evaluated without an old object.
  const transition = /\boldSelf\b/.test(c.expr);
  if (corpus.environment === 'crd' && transition && (c.oldObject === undefined || c.oldObject === null))
    return c.expectSkipped ? undefined : 'skipped (no old object); expected an evaluation';
  const compiled = engineFor(corpus, c).compile(c.expr);
  if (corpus.environment === 'crd' && c.error !== undefined && !compiled.ok) {
    return compiled.error.message.includes(c.error)
      ? undefined
      : `compile error '${compiled.error.message}', expected one with '${c.error}'`;
  }
  if (c.compileErrors) {
    if (compiled.ok) return 'compiled; the API server refuses it';
    const missing = c.compileErrors.filter((pattern) => !new RegExp(pattern).test(compiled.error.message));
    return missing.length
      ? `compile error '${compiled.error.message}' does not match /${missing.join('/, /')}/`
      : undefined;
  }
  if (!compiled.ok) return `compile error (${compiled.error.kind}): ${compiled.error.message}`;
  const activation: Record<string, unknown> = {};
  if (corpus.environment === 'crd') {
    const root = (schema: OpenApiSchema) => (c.isRoot ? withTypeAndObjectMeta(schema) : schema);
    activation.self = toCelValue(c.object ?? null, root(c.schema!));
    if (c.oldObject !== undefined && c.oldObject !== null)
      activation.oldSelf = toCelValue(c.oldObject, root(c.oldSchema ?? c.schema!));
  }
  const result = compiled.program.evaluate(activation, c.costBudget ? newCostBudget(c.costBudget) : undefined);
  if (c.expectedCost !== undefined && result.cost !== c.expectedCost)
    return `cost ${result.cost}, expected ${c.expectedCost}`;
  if (c.error !== undefined) {
    if (result.ok) return `evaluated to ${show(fromCelValue(result.value))}; expected the error '${c.error}'`;
    return messageMatches(corpus.errorMatch, c.error, result.error.message)
      ? undefined
      : `error '${result.error.message}', expected '${c.error}'`;
  }
  if (!result.ok) return `error (${result.error.kind}) ${result.error.message}`;
  const expected = literals.compile(c.value ?? 'true');
  if (!expected.ok) throw new Error(`${c.value}: ${expected.error.message}`);
  const want = expected.program.evaluate({});
  if (!want.ok) throw new Error(`${c.value}: ${want.error.message}`);
  const [actual, wanted] = [fromCelValue(result.value), fromCelValue(want.value)];
  return sameValue(actual, wanted) ? undefined : `got ${show(actual)}, expected ${show(wanted)}`;
}

function messageMatches(mode: CorpusFile['errorMatch'], expected: string, actual: string): boolean {
  switch (mode) {
    case 'exact':
      return actual === expected;
    case 'regex':
      return new RegExp(expected).test(actual);
    case 'contains':
      return actual.includes(expected);
  }
}

/** The same type and value, deeply (1 is not 1.0); library values by their text too. */
function sameValue(a: Val, b: Val): boolean {
  if (typeName(a) !== typeName(b)) return false;
  if (typeof a === 'number' && typeof b === 'number') return Object.is(a, b) || a === b;
  if (a instanceof OpaqueValue) return equals(a, b) && String(a) === String(b);
  if (isCelList(a) && isCelList(b)) {
    if (a.size !== b.size) return false;
    for (let i = 0; i < a.size; i++) if (!sameValue(a.get(i) as Val, b.get(i) as Val)) return false;
    return true;
  }
  if (isCelMap(a) && isCelMap(b)) {
    if (a.size !== b.size) return false;
    for (const [key, value] of b) {
      const other = a.get(key);
      if (other === undefined || !sameValue(other as Val, value as Val)) return false;
    }
    return true;
  }
  return equals(a, b);
}

function show(value: Val): string {
  if (value instanceof OpaqueValue) return `${value.typeName}(${String(value.toJs())})`;
  if (isCelList(value)) return `[${[...value].map((v) => show(v as Val)).join(', ')}]`;
  if (isCelMap(value)) return `{${[...value].map(([k, v]) => `${show(k as Val)}: ${show(v as Val)}`).join(', ')}}`;
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'bigint') return String(value);
  if (typeof value === 'number') return `${value}${Number.isInteger(value) ? '.0' : ''}`;
  if (value instanceof Uint8Array) return `b'${Buffer.from(value).toString('latin1')}'`;
  if (value !== null && typeof value === 'object' && 'value' in value) return `${value.value}u`;
  return String(value);
}

export { isRecord };
