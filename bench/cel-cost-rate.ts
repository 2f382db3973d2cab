/**
 * CPU time per unit of CEL cost, for every kind of work the engine charges, on inputs as large as a
 * request allows (strings of 1M characters, lists and maps of 100,000 entries). The cost limit bounds
 * time only as well as this rate does: 1e6 units (the per-expression limit) take `rate` seconds.
 * A function whose rate stands far above the others does more work than it is charged for.
 *
 *   node --import tsx bench/cel-cost-rate.ts [FILTER]
 */
import { createCelEngine, toCelValue } from '../src/policy/cel/index.js';

const N = 1_000_000;
const M = 100_000;
const s = 'ab'.repeat(N / 2);
const object = toCelValue({
  s,
  s2: `${s.slice(0, -1)}c`,
  u: 'é'.repeat(N / 2),
  digits: `${'1'.repeat(N)}x`,
  strings: Array.from({ length: M }, (_, i) => `item-${i}`),
  ints: Array.from({ length: M }, (_, i) => i),
  ints2: Array.from({ length: M }, (_, i) => i),
  nested: Array.from({ length: M / 10 }, (_, i) => ({ k: i, v: [i, `x${i}`] })),
  nested2: Array.from({ length: M / 10 }, (_, i) => ({ k: i, v: [i, `x${i}`] })),
  map: Object.fromEntries(Array.from({ length: M }, (_, i) => [`key-${i}`, i])),
  url: `https://h/${'ab%20'.repeat(N / 10)}?${'a=1&'.repeat(N / 20)}`,
  patterns: Array.from({ length: 200 }, (_, i) => `${i}${'[a-z]'.repeat(200)}`),
});

const CASES = [
  'object.s.lowerAscii().size()',
  'object.s.upperAscii().size()',
  'object.s.trim().size()',
  'object.s.substring(1).size()',
  "object.s.indexOf('c')",
  "object.s.lastIndexOf('c')",
  "object.s.split('').size()",
  "object.s.split('a').size()",
  "object.s.contains('abc')",
  "object.s.startsWith('b')",
  "object.s.replace('a', 'xy').size()",
  "object.s.replace('', '-').size()",
  'size(object.u)',
  '(object.s + object.s).size()',
  'object.s == object.s2',
  'object.s < object.s2',
  'strings.quote(object.s).size()',
  'string(bytes(object.u)).size()',
  "'%s'.format([object.s]).size()",
  "object.s.matches('^(ab)*$')",
  "object.s.matches('b[a-z]*c')",
  "object.s.find('c')",
  "object.s.findAll('ab').size()",
  "object.s.findAll('[a-z]{3}b').size()",
  "object.s.findAll('(a|)*b').size()",
  'double(object.digits)',
  'int(object.digits)',
  'duration(object.digits)',
  'timestamp(object.s)',
  'isURL(object.s)',
  'isSemver(object.s)',
  'isQuantity(object.digits)',
  'object.s.format([])',
  'format.dns1123Subdomain().validate(object.s).hasValue()',
  'size(url(object.url).getQuery())',
  'url(object.url).getEscapedPath().size()',
  "object.strings.join(',').size()",
  "'x' in object.strings",
  "object.strings.indexOf('x')",
  'object.ints.sum()',
  'object.ints.max()',
  'object.ints.isSorted()',
  'size(object.ints + object.ints)',
  'object.ints == object.ints2',
  'object.nested == object.nested2',
  "sets.contains(object.strings, ['x'])",
  'object.ints.all(x, x >= 0)',
  'object.ints.map(x, x).size()',
  'object.ints.filter(x, x > 0).size()',
  'object.ints.exists_one(x, x < 0)',
  'object.ints.transformList(i, v, v).size()',
  "'%s'.format([object.ints]).size()",
  "'%s'.format([object.map]).size()",
  "'%s'.format([object.nested]).size()",
  'object.map.all(k, k != "")',
  "'x' in object.map",
  'object.map.transformMap(k, v, v).size()',
  'object.patterns.exists(p, object.s.matches(p))',
];

const engine = createCelEngine({ variables: { object: 'dyn' } });
const filter = process.argv[2];
// One string per line: console.log would read a `%s` of the expressions as a placeholder.
const line = (...cells: string[]) => process.stdout.write(`${cells.join(' ')}\n`);
line('expression'.padEnd(58), 'cost'.padStart(9), '  cpu ms', '  µs/unit');
for (const expression of CASES.filter((c) => !filter || c.includes(filter))) {
  const compiled = engine.compile(expression);
  if (!compiled.ok) {
    line(expression.padEnd(58), 'compile error:', compiled.error.message);
    continue;
  }
  compiled.program.evaluate({ object }); // warm-up: code, lazy conversion, caches
  const cpu = process.cpuUsage();
  const result = compiled.program.evaluate({ object });
  const used = process.cpuUsage(cpu);
  const ms = (used.user + used.system) / 1000;
  const outcome = result.ok ? '' : `  (${result.error.kind} error)`;
  const rate = ((ms * 1000) / Math.max(1, result.cost)).toFixed(3);
  console.log(
    expression.padEnd(58),
    String(result.cost).padStart(9),
    ms.toFixed(0).padStart(8),
    rate.padStart(9),
    outcome,
  );
}
