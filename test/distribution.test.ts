import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, test } from 'node:test';
import { parse } from 'yaml';

/*
 * The ways Rampart reaches users besides `npm install`: the GitHub Action (action.yml), the
 * pre-commit hook (.pre-commit-hooks.yaml) and the kubectl plugin (bin/kubectl-rampart.js). The
 * tarball itself is tested by `npm run test:package` (scripts/test-package.mjs): it needs the
 * network and half a minute, so it is not part of `npm test`.
 */

const ROOT = path.resolve(import.meta.dirname, '..');
const PACKAGE = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
  bin: Record<string, string>;
  files: string[];
};
const INSECURE = path.join(ROOT, 'examples/insecure');
const HARDENED = path.join(ROOT, 'examples/hardened');

interface Step {
  name?: string;
  id?: string;
  uses?: string;
  run?: string;
  shell?: string;
  if?: string;
  env?: Record<string, string>;
  with?: Record<string, string>;
}
interface Action {
  name: string;
  description: string;
  inputs: Record<string, { description: string; default?: string }>;
  outputs: Record<string, { description: string; value: string }>;
  runs: { using: string; steps: Step[] };
}

const ACTION_TEXT = readFileSync(path.join(ROOT, 'action.yml'), 'utf8');
const ACTION = parse(ACTION_TEXT) as Action;

/** `${{ text }}`, a GitHub Actions expression (not a JavaScript template). */
const expr = (text: string) => `$\{{ ${text} }}`;

/** Every `${{ … }}` expression of a text. */
function expressions(text: string): string[] {
  return [...text.matchAll(/\$\{\{(.*?)\}\}/g)].map((m) => (m[1] as string).trim());
}

/** Runs the action's `run` script of one step as a runner would: bash, its env, a GITHUB_OUTPUT file. */
function runStep(step: Step, env: Record<string, string>, cwd: string) {
  const output = path.join(mkdtempSync(path.join(tmpdir(), 'rampart-action-')), 'output');
  const run = spawnSync('bash', ['-e', '-c', step.run as string], {
    cwd,
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '', ...env, GITHUB_OUTPUT: output },
  });
  let outputs: Record<string, string> = {};
  try {
    outputs = Object.fromEntries(
      readFileSync(output, 'utf8')
        .trim()
        .split('\n')
        .map((line) => line.split('=', 2) as [string, string]),
    );
  } catch {}
  return { status: run.status, stdout: run.stdout, stderr: run.stderr, outputs };
}

describe('the GitHub Action (action.yml)', () => {
  const steps = ACTION.runs.steps;
  const scan = steps.find((step) => step.id === 'scan') as Step;

  test('is a composite action: Node set up, Rampart installed from the action, a scan, a SARIF upload', () => {
    assert.equal(ACTION.runs.using, 'composite');
    assert.match(steps[0]?.uses ?? '', /^actions\/setup-node@v\d+$/);
    assert.ok(scan, 'a step with id scan');
    const upload = steps.find((step) => step.uses?.startsWith('github/codeql-action/upload-sarif@'));
    assert.ok(upload, 'an upload-sarif step');
    assert.equal(upload?.with?.sarif_file, expr('steps.scan.outputs.sarif-file'));
    for (const step of steps) if (step.run) assert.equal(step.shell, 'bash', `${step.name} says its shell`);
  });

  test('every input it references exists, and every input is used', () => {
    const used = new Set<string>();
    for (const expression of expressions(ACTION_TEXT))
      for (const m of expression.matchAll(/\binputs\.([\w-]+)/g)) used.add(m[1] as string);
    assert.deepEqual([...used].sort(), Object.keys(ACTION.inputs).sort());
    for (const [name, input] of Object.entries(ACTION.inputs)) assert.ok(input.description, `${name} is described`);
  });

  test('every step output it references is one its step writes', () => {
    const written = new Map<string, Set<string>>();
    for (const step of steps) {
      if (!step.id) continue;
      const names = [...(step.run ?? '').matchAll(/echo "([\w-]+)=[^"]*" >> "\$GITHUB_OUTPUT"/g)].map(
        (m) => m[1] as string,
      );
      written.set(step.id, new Set(names));
    }
    const references = expressions(ACTION_TEXT).flatMap((e) => [
      ...e.matchAll(/\bsteps\.([\w-]+)\.outputs\.([\w-]+)/g),
    ]);
    assert.ok(references.length >= 5);
    for (const [, id, name] of references)
      assert.ok(written.get(id as string)?.has(name as string), `steps.${id}.outputs.${name} is written`);
  });

  test('no run script splices an expression in: inputs and outputs reach scripts through env', () => {
    for (const step of steps) if (step.run) assert.deepEqual(expressions(step.run), [], step.name);
  });

  test('the scan script: findings give exit code 1 and a SARIF file; a clean scan 0', () => {
    const cwd = mkdtempSync(path.join(tmpdir(), 'rampart-action-'));
    const env = {
      RAMPART: path.join(ROOT, 'bin/rampart.js'),
      INPUT_PATHS: `${INSECURE}\n${path.join(HARDENED, 'web.yaml')}`,
      INPUT_FAIL_ON: 'high',
      INPUT_CONFIG: '',
      INPUT_SARIF_FILE: 'out/rampart.sarif',
    };
    mkdirSync(path.join(cwd, 'out'));
    const failing = runStep(scan, env, cwd);
    assert.equal(failing.status, 0, `the step itself succeeds so the upload runs: ${failing.stderr}`);
    assert.deepEqual(failing.outputs, {
      'exit-code': '1',
      'sarif-file': 'out/rampart.sarif',
      'sarif-written': 'true',
    });
    const sarif = JSON.parse(readFileSync(path.join(cwd, 'out/rampart.sarif'), 'utf8'));
    assert.equal(sarif.version, '2.1.0');
    const files = new Set(
      sarif.runs[0].results.map(
        (r: { locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }) =>
          r.locations[0]?.physicalLocation.artifactLocation.uri,
      ),
    );
    assert.ok([...files].some((uri) => String(uri).endsWith('insecure/web.yaml')));
    assert.match(failing.stdout, /pss-privileged/, 'the table goes to the log');

    const clean = runStep(scan, { ...env, INPUT_PATHS: HARDENED, INPUT_FAIL_ON: 'none' }, cwd);
    assert.equal(clean.outputs['exit-code'], '0', clean.stderr);
    const lenient = runStep(scan, { ...env, INPUT_FAIL_ON: 'none' }, cwd);
    assert.equal(lenient.outputs['exit-code'], '0', 'fail-on reaches rampart');
  });

  test('the config input reaches rampart, and a path with shell syntax stays a path', () => {
    const cwd = mkdtempSync(path.join(tmpdir(), 'rampart-action-'));
    const env = {
      RAMPART: path.join(ROOT, 'bin/rampart.js'),
      INPUT_PATHS: INSECURE,
      INPUT_FAIL_ON: 'high',
      INPUT_CONFIG: 'missing.yaml',
      INPUT_SARIF_FILE: 'rampart.sarif',
    };
    const missingConfig = runStep(scan, env, cwd);
    assert.equal(missingConfig.outputs['exit-code'], '2', 'a named config that does not exist is a usage error');
    const hostile = runStep(scan, { ...env, INPUT_CONFIG: '', INPUT_PATHS: '$(touch pwned) ;touch pwned2' }, cwd);
    assert.notEqual(hostile.outputs['exit-code'], '0');
    assert.equal(spawnSync('ls', ['pwned', 'pwned2'], { cwd }).status, 2, 'no command ran');
  });

  test('the fail step fails the job with the scan exit code', () => {
    const fail = steps[steps.length - 1] as Step;
    assert.equal(fail.if, expr("steps.scan.outputs.exit-code != '0'"));
    const run = runStep(fail, { EXIT_CODE: '1' }, ROOT);
    assert.equal(run.status, 1);
    assert.match(run.stderr, /exited 1/);
  });
});

describe('the pre-commit hook (.pre-commit-hooks.yaml)', () => {
  const hooks = parse(readFileSync(path.join(ROOT, '.pre-commit-hooks.yaml'), 'utf8')) as {
    id: string;
    entry: string;
    language: string;
    files: string;
    require_serial?: boolean;
  }[];
  const hook = hooks.find((h) => h.id === 'rampart-scan');

  test('rampart-scan runs the package binary on YAML and JSON files', () => {
    assert.ok(hook);
    assert.equal(hook.language, 'node');
    assert.equal(hook.entry, 'rampart scan');
    assert.ok(PACKAGE.bin[hook.entry.split(' ')[0] as string], 'the entry is a bin of package.json');
    assert.equal(hook.require_serial, true, 'one process sees every staged manifest');
    const files = new RegExp(hook.files);
    for (const name of ['k8s/web.yaml', 'a.yml', 'list.json']) assert.match(name, files);
    for (const name of ['README.md', 'web.yaml.orig', 'chart.tpl']) assert.doesNotMatch(name, files);
  });

  test('as pre-commit runs it: the entry with the staged file names appended', () => {
    const staged = ['web.yaml', 'redis.yaml'].map((name) => path.join(INSECURE, name));
    const [command, ...args] = (hook?.entry ?? '').split(' ');
    const run = spawnSync(
      process.execPath,
      [path.join(ROOT, PACKAGE.bin[command as string] as string), ...args, ...staged],
      {
        encoding: 'utf8',
      },
    );
    assert.equal(run.status, 1, 'findings fail the commit');
    const clean = spawnSync(
      process.execPath,
      [
        path.join(ROOT, 'bin/rampart.js'),
        ...args,
        path.join(HARDENED, 'web.yaml'),
        path.join(HARDENED, 'namespace.yaml'),
      ],
      { encoding: 'utf8' },
    );
    assert.equal(clean.status, 0, clean.stdout);
  });
});

describe('the kubectl plugin (bin/kubectl-rampart.js)', () => {
  const plugin = path.join(ROOT, PACKAGE.bin['kubectl-rampart'] ?? 'missing');

  test('package.json installs both names; the plugin entry is executable', () => {
    assert.deepEqual(Object.keys(PACKAGE.bin).sort(), ['kubectl-rampart', 'rampart']);
    assert.ok(PACKAGE.files.includes('bin'));
    const mode = spawnSync('test', ['-x', plugin]).status;
    assert.equal(mode, 0, `${plugin} is executable`);
  });

  test('run as kubectl runs a plugin (the arguments after the plugin name), it is the same CLI', () => {
    const scan = spawnSync(plugin, ['scan', INSECURE, '-o', 'json'], { encoding: 'utf8' });
    assert.equal(scan.status, 1, scan.stderr);
    assert.ok(JSON.parse(scan.stdout).results.some((r: { ruleId: string }) => r.ruleId === 'pss-privileged'));
    const help = spawnSync(plugin, ['--help'], { encoding: 'utf8' });
    assert.equal(help.status, 0);
    assert.match(help.stdout, /^Usage: kubectl rampart \[options\] \[command\]/);
  });

  const kubectl = spawnSync('kubectl', ['version', '--client'], { encoding: 'utf8' });
  test('kubectl finds it on PATH: `kubectl rampart scan …` works', {
    skip: kubectl.status === 0 ? false : 'kubectl is not installed here',
  }, () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'rampart-kubectl-'));
    symlinkSync(plugin, path.join(dir, 'kubectl-rampart'));
    const env = { ...process.env, PATH: `${dir}${path.delimiter}${process.env.PATH ?? ''}` };
    const clean = spawnSync('kubectl', ['rampart', 'scan', HARDENED], { encoding: 'utf8', env });
    assert.equal(clean.status, 0, clean.stderr);
    assert.match(clean.stdout, /No findings\./);
    const failing = spawnSync('kubectl', ['rampart', 'scan', INSECURE, '--fail-on', 'critical'], {
      encoding: 'utf8',
      env,
    });
    assert.equal(failing.status, 1, 'the exit code comes through kubectl');
  });
});
