import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import type { FixOperation } from '../../src/core/rule.js';
import { fixText } from '../../src/fix/index.js';
import { parseYaml } from '../../src/load/index.js';

/*
 * Random fixes on real manifests, as written and converted to CRLF and to JSON: the editor
 * never throws, and every fix either applies — which fixText only reports after the edited
 * text read back as applyFix says — or is refused for a reason the object itself explains.
 */

const ROOTS = ['../../examples', 'rules'].map((dir) => path.resolve(import.meta.dirname, dir));
const REFUSALS = [/^a list has no key/, /would leave a gap$/];
const VALUES: unknown[] = [
  true,
  'x',
  '1.0',
  'yes',
  42,
  null,
  { a: 1 },
  [],
  {},
  ['ALL'],
  { b: [{ c: 'd' }] },
  'a: b',
  '#x',
  '',
];

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const file = path.join(dir, name);
    if (statSync(file).isDirectory()) return files(file);
    return /\.(ya?ml|json)$/.test(name) ? [file] : [];
  });
}

function paths(value: unknown, at: (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] {
  if (at.length > 0) out.push(at);
  if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) paths(item, [...at, i], out);
  } else if (value !== null && typeof value === 'object')
    for (const [key, item] of Object.entries(value)) paths(item, [...at, key], out);
  return out;
}

test('random fixes on real manifests apply exactly or are refused with a reason', () => {
  let seed = 11;
  const pick = <T>(list: readonly T[]): T => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return list[seed % list.length] as T;
  };
  let applied = 0;
  for (const file of ROOTS.flatMap(files)) {
    const original = readFileSync(file, 'utf8');
    const parsed = parseYaml(original);
    if (parsed.problems.length > 0) continue;
    const variants = [original, original.replaceAll('\n', '\r\n')];
    if (parsed.documents.length === 1) variants.push(`${JSON.stringify(parsed.documents[0]?.value, null, 2)}\n`);
    for (const text of variants) {
      for (const document of parseYaml(text).documents) {
        const all = paths(document.value);
        if (all.length === 0) continue;
        for (let round = 0; round < 6; round++) {
          const at = pick(all);
          const last = at[at.length - 1];
          const next = typeof last === 'number' ? last + 1 : 'added';
          const operations: FixOperation[] = [
            pick<FixOperation>([
              { op: 'remove', path: at },
              { op: 'set', path: at, value: pick(VALUES) },
              { op: 'set', path: [...at, 'missing', 'deeper'], value: pick(VALUES) },
              { op: 'set', path: [...at.slice(0, -1), next], value: pick(VALUES) },
              { op: 'include', path: typeof last === 'number' ? at.slice(0, -1) : at, value: pick(VALUES) },
            ]),
            { op: 'remove', path: pick(all) },
          ];
          const what = `${path.basename(file)} ${JSON.stringify(operations)}`;
          const result = fixText(text, [{ document: document.index, fixes: [{ operations }] }]);
          assert.ok(!('error' in result), `${what}: ${'error' in result ? result.error : ''}`);
          const status = result.statuses[0]?.[0];
          if (status?.status === 'failed') {
            const reason = status.reason;
            assert.ok(
              REFUSALS.some((refusal) => refusal.test(reason)),
              `${what}: ${reason}`,
            );
          } else applied++;
        }
      }
    }
  }
  assert.ok(applied > 200, `only ${applied} fixes applied`);
});
