#!/usr/bin/env node
// `npm run test:package`: packs Rampart as npm would publish it, installs the tarball into an empty
// project the way a user does (dependencies from the registry), and runs both installed binaries.
// It catches what unit tests cannot: a file left out of `files`, a runtime import of a
// devDependency, a stale dist/, test files or fixtures shipped. It needs the npm registry and takes
// half a minute or more, so CI runs it on its own (.ci/run), not within `npm test`.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '..');
const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
const work = mkdtempSync(path.join(tmpdir(), 'rampart-package-'));
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const checks = [];
const check = (name, fn) => checks.push({ name, fn });

let packed;
let installed;

check('npm pack builds a fresh dist/ and packs it', () => {
  const out = execFileSync(npm, ['pack', '--json', '--pack-destination', work], {
    cwd: ROOT,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  [packed] = JSON.parse(out);
  assert.ok(existsSync(path.join(work, packed.filename)), 'the tarball exists');
});

check('the tarball holds the binaries, the build and nothing for development', () => {
  const files = packed.files.map((f) => f.path);
  for (const bin of Object.values(pkg.bin)) assert.ok(files.includes(bin), `${bin} is packed`);
  assert.ok(files.includes('dist/cli/main.js') && files.includes('package.json') && files.includes('README.md'));
  const unwanted = files.filter((f) =>
    /(^|\/)(test|fixtures|node_modules|examples|bench|scripts|src|docs)\/|\.test\.|\.ts$|\.map$/.test(f),
  );
  assert.deepEqual(unwanted, [], 'no tests, fixtures, sources or sources maps');
  // every compiled module comes from a source that exists today: prepack cleans dist/ first
  const orphans = files
    .filter((f) => f.startsWith('dist/') && f.endsWith('.js'))
    .filter((f) => !existsSync(path.join(ROOT, 'src', f.slice('dist/'.length).replace(/\.js$/, '.ts'))));
  assert.deepEqual(orphans, [], 'no stale build output');
});

check('npm install <tarball> into an empty project installs both binaries', () => {
  installed = path.join(work, 'project');
  rmSync(installed, { recursive: true, force: true });
  execFileSync('mkdir', ['-p', installed]);
  writeFileSync(path.join(installed, 'package.json'), '{"name":"uses-rampart","private":true}\n');
  execFileSync(npm, ['install', '--no-audit', '--no-fund', '--loglevel=error', path.join(work, packed.filename)], {
    cwd: installed,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  for (const name of Object.keys(pkg.bin))
    assert.ok(existsSync(path.join(installed, 'node_modules/.bin', name)), `node_modules/.bin/${name}`);
  // devDependencies are not installed (unless a dependency needs one too), so the checks below prove
  // that nothing at run time needs them
  const modules = path.join(installed, 'node_modules');
  const needed = new Set();
  for (const entry of readdirSync(modules)) {
    const names = entry.startsWith('@') ? readdirSync(path.join(modules, entry)).map((n) => `${entry}/${n}`) : [entry];
    for (const name of names) {
      const file = path.join(modules, name, 'package.json');
      if (!existsSync(file) || name === pkg.name) continue;
      for (const dependency of Object.keys(JSON.parse(readFileSync(file, 'utf8')).dependencies ?? {}))
        needed.add(dependency);
    }
  }
  const dev = Object.keys(pkg.devDependencies ?? {}).filter(
    (name) => existsSync(path.join(modules, name)) && !needed.has(name),
  );
  assert.deepEqual(dev, [], 'no devDependency is installed');
});

const bin = (name) => path.join(installed, 'node_modules/.bin', name);
const run = (name, args, cwd = installed) => spawnSync(bin(name), args, { cwd, encoding: 'utf8' });

check('rampart --version prints the package version', () => {
  const result = run('rampart', ['--version']);
  assert.equal(result.status, 0, result.stderr);
  assert.equal(result.stdout.trim(), pkg.version);
});

check('the installed rampart scans the examples: exit 0 for the hardened app, 1 with findings for the insecure', () => {
  const clean = run('rampart', ['scan', path.join(ROOT, 'examples/hardened')]);
  assert.equal(clean.status, 0, clean.stdout + clean.stderr);
  const findings = run('rampart', ['scan', path.join(ROOT, 'examples/insecure'), '-o', 'json']);
  assert.equal(findings.status, 1, findings.stderr);
  const document = JSON.parse(findings.stdout);
  assert.equal(document.tool.version, pkg.version);
  assert.ok(document.results.some((r) => r.ruleId === 'pss-privileged'));
});

check('custom CEL rules and rampart fix work from the package (CEL runtime, fix engine)', () => {
  const dir = mkdtempSync(path.join(work, 'scan-'));
  writeFileSync(
    path.join(dir, 'rampart.yaml'),
    'customRules:\n  - id: team-label\n    title: Workloads name their team\n    severity: high\n    owner: developer\n    kinds: [Deployment]\n    expression: "has(object.metadata.labels) && \'team\' in object.metadata.labels"\n    message: no team label\n',
  );
  writeFileSync(path.join(dir, 'web.yaml'), readFileSync(path.join(ROOT, 'examples/insecure/web.yaml'), 'utf8'));
  const scan = run('rampart', ['scan', 'web.yaml', '-o', 'json'], dir);
  assert.equal(scan.status, 1, scan.stderr);
  assert.ok(JSON.parse(scan.stdout).results.some((r) => r.ruleId === 'team-label' && r.verdict === 'fail'));
  const fix = run('rampart', ['fix', '--write', 'web.yaml'], dir);
  assert.equal(fix.status, 0, fix.stderr);
  assert.match(readFileSync(path.join(dir, 'web.yaml'), 'utf8'), /allowPrivilegeEscalation: false/);
});

check('kubectl-rampart, the kubectl plugin entry, is the same CLI', () => {
  const result = run('kubectl-rampart', ['scan', path.join(ROOT, 'examples/hardened')]);
  assert.equal(result.status, 0, result.stderr);
  const help = run('kubectl-rampart', ['--help']);
  assert.match(help.stdout, /^Usage: kubectl rampart /);
});

let passed = 0;
let failed = 0;
const started = Date.now();
for (const { name, fn } of checks) {
  try {
    fn();
    passed++;
    process.stdout.write(`ok   ${name}\n`);
  } catch (error) {
    failed++;
    process.stdout.write(
      `FAIL ${name}\n  ${String(error?.stack ?? error)
        .split('\n')
        .join('\n  ')}\n`,
    );
    if (!packed || !installed) break; // later checks need the tarball and the install
  }
}
rmSync(work, { recursive: true, force: true });
const skipped = checks.length - passed - failed;
process.stdout.write(
  `\ntest:package: ${checks.length} checks run: ${passed} passed, ${failed} failed, ${skipped} skipped (${((Date.now() - started) / 1000).toFixed(1)} s)\n`,
);
process.exit(failed === 0 && skipped === 0 ? 0 : 1);
