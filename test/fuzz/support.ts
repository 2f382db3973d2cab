import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { MARKER } from '../hostile/inputs.js';
import type { CliRun } from '../support/run-cli.js';

/**
 * Shared by the fuzz targets: a fixed seed (a failure prints the seed and path to replay it;
 * FUZZ_SEED and FUZZ_RUNS, as for the CEL fuzz target, change the seed and scale the cases), and
 * the properties every run must keep. The bounds are the ones docs/security.md states: a run on
 * these small inputs ends in under 2 s and the process stays under 300 MB more than it started.
 */
export const SEED = Number(process.env.FUZZ_SEED ?? 20_161);
/** Scales every target's number of cases: 1 in `npm test`, 3 in `npm run test:fuzz` (CI). */
const RUNS = Number(process.env.FUZZ_RUNS ?? 1);
export const TIME_BOUND_MS = 2_000;
export const MEMORY_BOUND_BYTES = 300 * 1024 * 1024;

export function params(numRuns: number): fc.Parameters<unknown> {
  return { seed: SEED, numRuns: Math.max(1, Math.round(numRuns * RUNS)), endOnFailure: true, verbose: 1 };
}

const baseline = process.memoryUsage().rss;

/** Exit code 0–3, no internal error, no stack trace, no marker, within the time and memory bounds. */
export function assertSafe(what: string, run: CliRun, elapsedMs: number): void {
  assert.ok(run.code >= 0 && run.code <= 3, `${what}: exit ${run.code}`);
  const all = run.stdout + run.stderr;
  assert.doesNotMatch(all, /internal error|failed on this resource/, `${what}: ${run.stderr.slice(0, 500)}`);
  assert.doesNotMatch(all, /^\s+at .+:\d+:\d+\)?$/m, `${what}: a stack trace`);
  assert.doesNotMatch(
    all,
    /\[object Object\]|Invalid string length|toExponential|undefined is not|NaN|is not a function/,
    what,
  );
  assert.ok(!all.includes(MARKER), `${what}: the marker leaked`);
  assert.ok(elapsedMs < TIME_BOUND_MS, `${what}: took ${elapsedMs.toFixed(0)} ms`);
  const grown = process.memoryUsage().rss - baseline;
  assert.ok(grown < MEMORY_BOUND_BYTES, `${what}: the process grew by ${Math.round(grown / 1024 / 1024)} MB`);
}

/** Real manifests to mutate: the repository's examples and rule fixtures, and small corpus files. */
export function seedManifests(): string[] {
  const root = path.resolve(import.meta.dirname, '../..');
  const dirs = ['examples', 'src/rules', 'test/netpol/e2e/cases', 'test/rbac/escalation'].map((d) =>
    path.join(root, d),
  );
  const corpus = path.resolve(root, '../shared/corpus/real-world');
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const file = path.join(dir, name);
      const info = statSync(file);
      if (info.isDirectory()) walk(file);
      else if (/\.(ya?ml|json)$/.test(name) && info.size < 80_000) out.push(readFileSync(file, 'utf8'));
    }
  };
  for (const dir of dirs) walk(dir);
  try {
    walk(corpus);
  } catch {
    // the shared corpus is beside the repository in CI and on developer machines; without it, the rest suffices
  }
  return out;
}

/** Text that YAML, kubectl and Rampart give meaning to, and credential-shaped values. */
const TOKENS = [
  '\n',
  '\n  ',
  ': ',
  '- ',
  '---\n',
  '...\n',
  '&a ',
  '*a',
  '!!str ',
  '!!binary ',
  `!Tag${MARKER} `,
  `*Alias${MARKER}`,
  `&Anchor${MARKER} `,
  '<<: *a\n',
  '{',
  '}',
  '[',
  ']',
  '"',
  "'",
  '|\n',
  '>-\n',
  '# ',
  '%YAML 1.2\n',
  '\t',
  '\r\n',
  '\u0000',
  '\ufeff',
  'null',
  '~',
  'yes',
  '1e400',
  '0x1F',
  '-.inf',
  'constructor',
  '__proto__',
  'toString',
  'kind: constructor',
  'apiVersion: v1\nkind: Pod\n',
  `password: ${MARKER}`,
  `token: "${MARKER}"`,
  'privileged: "true"',
  'containers: "x"',
  'hostPID: true',
  'image: nginx:latest',
  'eyJ-eyJ-eyJ-',
  '${{{{#{',
  'AAAAAAAAAAAAAAAAAAAA',
];

/** A real manifest with a few edits: a token inserted, a range deleted or repeated, two lines swapped. */
export function mutated(manifests: readonly string[]): fc.Arbitrary<string> {
  const edit = fc.oneof(
    fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), token: fc.constantFrom(...TOKENS) }),
    fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 40 }) }),
    fc.record({ kind: fc.constant('repeat' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 80 }) }),
    fc.record({ kind: fc.constant('swap' as const), at: fc.nat(), other: fc.nat() }),
  );
  return fc
    .tuple(fc.constantFrom(...manifests), fc.array(edit, { minLength: 1, maxLength: 6 }))
    .map(([text, edits]) => {
      let out = text;
      for (const e of edits) {
        const at = out.length === 0 ? 0 : e.at % out.length;
        if (e.kind === 'insert') out = out.slice(0, at) + e.token + out.slice(at);
        else if (e.kind === 'delete') out = out.slice(0, at) + out.slice(at + e.length);
        else if (e.kind === 'repeat')
          out = out.slice(0, at + e.length) + out.slice(at, at + e.length) + out.slice(at + e.length);
        else {
          const lines = out.split('\n');
          const i = e.at % lines.length;
          const j = e.other % lines.length;
          [lines[i], lines[j]] = [lines[j] as string, lines[i] as string];
          out = lines.join('\n');
        }
      }
      return out;
    });
}

/**
 * A JSON-like value of any shape: what an AdmissionReview's `object` may hold when the sender is
 * hostile. Without the marker: names and keys may be shown; values of secrets are planted apart.
 */
export const anyJson: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    fc.constantFrom(null, true, false, 0, -1, 1e308, 'constructor', '__proto__', ''),
    fc.string({ maxLength: 12 }),
    fc.double(),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(
      fc.constantFrom(
        'containers',
        'spec',
        'metadata',
        'name',
        'securityContext',
        'privileged',
        '__proto__',
        'constructor',
        'env',
        'value',
        'labels',
      ),
      tie('value'),
      { maxKeys: 4 },
    ),
  ),
})).value;
