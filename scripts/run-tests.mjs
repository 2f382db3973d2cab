#!/usr/bin/env node
// Runs every *.test.ts under src/ and test/ with node's test runner (TypeScript through tsx).
// Node 20's --test takes no globs, so the files are listed here.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

// `--suite fuzz` and `--suite scaling` run test/fuzz or test/scaling alone. `npm test` runs the fuzz
// targets with their small default number of cases and leaves the scaling suite out: it measures
// time ratios, which a busy machine disturbs; .ci/run runs both suites on their own.
const args = process.argv.slice(2);
const suiteAt = args.indexOf('--suite');
const suite = suiteAt === -1 ? undefined : args[suiteAt + 1];
if (suiteAt !== -1) args.splice(suiteAt, 2);
const SUITES = ['fuzz', 'scaling'];
if (suite !== undefined && !SUITES.includes(suite)) {
  console.error(`run-tests: --suite takes ${SUITES.join(' or ')}`);
  process.exit(1);
}
const roots = suite ? [path.join('test', suite)] : ['src', 'test'];
const filter = args;
const files = [];
const walk = (dir) => {
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const full = path.join(dir, entry.name);
    const separate = !suite && dir === 'test' && entry.name === 'scaling';
    if (entry.isDirectory() && entry.name !== 'fixtures' && entry.name !== 'node_modules' && !separate) walk(full);
    else if (entry.isFile() && entry.name.endsWith('.test.ts')) files.push(full);
  }
};
for (const root of roots) walk(root);
const selected = filter.length ? files.filter((f) => filter.some((term) => f.includes(term))) : files;
if (selected.length === 0) {
  console.error(`run-tests: no test files match ${filter.join(' ') || '(all)'}`);
  process.exit(1);
}
// Every test's temporary files go under one folder of this run, removed at the end: a test that
// forgets its own (or is killed before its cleanup) leaves nothing behind in /tmp.
const scratch = mkdtempSync(path.join(tmpdir(), 'rampart-tests-'));
const result = spawnSync(
  process.execPath,
  ['--import', 'tsx', '--test', '--test-reporter=./scripts/test-reporter.mjs', ...selected],
  {
    stdio: 'inherit',
    env: { ...process.env, TMPDIR: scratch },
  },
);
rmSync(scratch, { recursive: true, force: true });
process.exit(result.status ?? 1);
