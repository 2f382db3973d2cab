/**
 * Kubernetes CEL conformance: the upstream test cases of test/cel/k8s-cases (the CEL libraries of
 * k8s.io/apiserver, cel-go's lists extension, apiextensions-apiserver's TestValidationExpressions,
 * and API server answers for the behaviours of issue 14) run through src/policy/cel. Prints
 * `N agree, M disagree`, every explained difference and skipped case with its reason, and every
 * disagreement; exits 1 on any disagreement not explained.
 *
 *   node --import tsx test/conformance/k8s-cel.ts            # every case
 *   node --import tsx test/conformance/k8s-cel.ts quantity   # cases whose file, name or expression has a term
 */
import { runCorpus } from './k8s-cel-cases.js';

const started = performance.now();
const results = runCorpus(process.argv.slice(2));
const count = (outcome: string) => results.filter((r) => r.outcome === outcome).length;
const byFile = new Map<string, Record<string, number>>();
for (const r of results) {
  const tally = byFile.get(r.file) ?? { agree: 0, explained: 0, disagree: 0, skipped: 0 };
  tally[r.outcome] = (tally[r.outcome] ?? 0) + 1;
  byFile.set(r.file, tally);
}
let out = 'Kubernetes CEL conformance: upstream cases of test/cel/k8s-cases through src/policy/cel\n\n';
out += `${'file'.padEnd(30)}${'agree'.padStart(7)}${'explained'.padStart(11)}${'disagree'.padStart(10)}${'skipped'.padStart(9)}\n`;
for (const [file, t] of byFile)
  out += `${file.padEnd(30)}${String(t.agree).padStart(7)}${String(t.explained).padStart(11)}${String(t.disagree).padStart(10)}${String(t.skipped).padStart(9)}\n`;
const run = results.length - count('skipped');
out += `\n${count('agree')} agree, ${count('disagree')} disagree, ${count('explained')} differ for a stated reason, of ${run} cases run (${count('skipped')} skipped) in ${((performance.now() - started) / 1000).toFixed(1)} s\n`;
const list = (outcome: string, title: string) => {
  const rows = results.filter((r) => r.outcome === outcome);
  out += `\n${title} (${rows.length}):\n${rows.map((r) => `  ${r.id}: ${r.expr}\n      ${r.detail}\n`).join('')}`;
};
list('explained', 'Differences with a stated reason');
list('skipped', 'Skipped');
list('disagree', 'Disagreements');
process.stdout.write(out);
process.exitCode = count('disagree') === 0 ? 0 : 1;
