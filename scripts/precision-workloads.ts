/**
 * Per-rule findings, findings per object and repeated concerns on the real-world corpus, for every
 * rule but RBAC and NetworkPolicy. Each file is scanned alone with the built CLI, as a new user
 * would (`node bin/rampart.js scan FILE -o json`), so the numbers of any build can be taken:
 *
 *   npm run build && node --import tsx scripts/precision-workloads.ts [DIR]
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { CORPUS, type Finding, manifestFiles, noiseOf } from './precision-workloads-lib.js';

const dir = process.argv[2] ?? CORPUS;
const bin = path.resolve(import.meta.dirname, '../bin/rampart.js');
const scans = manifestFiles(dir).map((file) => {
  const run = spawnSync(process.execPath, [bin, 'scan', file, '-o', 'json'], { encoding: 'utf8', maxBuffer: 1 << 28 });
  const results = (JSON.parse(run.stdout) as { results: Finding[] }).results;
  return { file: path.relative(dir, file), findings: results };
});
const noise = noiseOf(scans);
const top = noise.busiest[0];
const lines = [
  `${scans.length} files: ${noise.findings} findings on ${noise.objects} objects (RBAC and NetworkPolicy rules left out)`,
  '',
  '| rule | findings |',
  '| --- | ---: |',
  ...noise.byRule.map(([id, n]) => `| \`${id}\` | ${n} |`),
  '',
  `most findings on one object: ${top ? `${top.findings} (${top.object} in ${top.file})` : 'none'}`,
  `mean findings per object with findings: ${noise.objects ? (noise.findings / noise.objects).toFixed(1) : '0'}`,
  `repeated concerns: ${noise.repeated.length}`,
  ...noise.repeated.map((r) => `  ${r.file} ${r.concern}: ${r.rules.join(', ')}`),
];
process.stdout.write(`${lines.join('\n')}\n`);
