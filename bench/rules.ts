/**
 * Per-rule cost on the generated Deployments: each rule runs alone over the same inventory
 * (median of RUNS runs), slowest first. `node --import tsx bench/rules.ts [SIZE]`.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { evaluate } from '../src/core/engine.js';
import { Inventory } from '../src/core/inventory.js';
import { DEFAULT_SETTINGS } from '../src/core/settings.js';
import { loadInputs } from '../src/load/index.js';
import { RULES } from '../src/rules/index.js';

const ROOT = path.resolve(import.meta.dirname, '..');
const SIZE = Number(process.argv[2] ?? process.env.SIZE ?? 10_000);
const RUNS = Number(process.env.RUNS ?? 3);
const file = path.join(ROOT, '.bench', `deployments-${SIZE}.yaml`);
if (!existsSync(file)) {
  mkdirSync(path.dirname(file), { recursive: true });
  execFileSync(process.execPath, [path.resolve(ROOT, '../shared/bench/peers/gen.mjs'), String(SIZE), file]);
}
const inventory = new Inventory((await loadInputs([file])).resources);
const rows: { id: string; ms: number; findings: number }[] = [];
for (const rule of RULES) {
  const times: number[] = [];
  let findings = 0;
  for (let run = 0; run < RUNS; run++) {
    const start = performance.now();
    const { results } = evaluate(inventory, { rules: [rule], settings: DEFAULT_SETTINGS });
    times.push(performance.now() - start);
    findings = results.filter((r) => r.verdict === 'fail').length;
  }
  times.sort((a, b) => a - b);
  rows.push({ id: rule.meta.id, ms: times[Math.floor((times.length - 1) / 2)] as number, findings });
}
rows.sort((a, b) => b.ms - a.ms);
const total = rows.reduce((sum, row) => sum + row.ms, 0);
console.log(`| rule (${RULES.length} rules, ${inventory.size} resources, median of ${RUNS}) | ms | findings |`);
console.log('|---|---:|---:|');
for (const row of rows.slice(0, 10)) console.log(`| ${row.id} | ${row.ms.toFixed(1)} | ${row.findings} |`);
console.log(`| all ${RULES.length} rules, each alone, summed | ${total.toFixed(0)} | |`);
