/**
 * `npm run test:chart`: the Helm chart in charts/rampart-webhook renders, object by object, what
 * `rampart webhook manifests --certificates cert-manager` writes for the same settings, and
 * `rampart scan` of the chart directory (rendered by helm) finds nothing at medium or above.
 * Nothing is ignored in the comparison but document order and helm's `# Source:` comments.
 * helm is built once, pinned, from the Go module proxy into ~/.cache/rampart/tools (override with
 * HELM_BIN); when it cannot be had every test fails, naming why: the suite never skips.
 */

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { parseAllDocuments } from 'yaml';
import type { KubeObject } from '../../src/core/resource.js';
import { atOrAbove } from '../../src/core/severity.js';
import { runCli } from '../support/run-cli.js';

const MODULE = 'helm.sh/helm/v4/cmd/helm';
const VERSION = 'v4.3.2';
const ROOT = path.join(path.dirname(new URL(import.meta.url).pathname), '../..');
const CHART = path.join(ROOT, 'charts/rampart-webhook');
const TOOLS = path.join(os.homedir(), '.cache/rampart/tools');

function run(file: string, args: string[], env: NodeJS.ProcessEnv = process.env) {
  return spawnSync(file, args, { encoding: 'utf8', env, maxBuffer: 64 << 20 });
}

/**
 * The pinned helm: HELM_BIN, else ~/.cache/rampart/tools/helm-<version>/helm, built there when missing.
 * The version is in the folder's name because a `go install` build reports only its minor version.
 */
function helm(): string {
  if (process.env.HELM_BIN) return process.env.HELM_BIN;
  const dir = path.join(TOOLS, `helm-${VERSION}`);
  const bin = path.join(dir, 'helm');
  if (existsSync(bin)) return bin;
  process.stderr.write(`building ${MODULE}@${VERSION} into ${dir} (minutes, once per machine)\n`);
  // into a side folder renamed when complete, so an interrupted build never looks like a finished one
  mkdirSync(TOOLS, { recursive: true });
  const partial = mkdtempSync(path.join(TOOLS, '.partial-'));
  try {
    const go = process.env.GO ?? 'go';
    const build = run(go, ['install', '-trimpath', `${MODULE}@${VERSION}`], { ...process.env, GOBIN: partial });
    if (build.error) throw new Error(`test:chart needs Go to build helm ${VERSION}: ${build.error.message}`);
    if (build.status !== 0) throw new Error(`go install ${MODULE}@${VERSION} failed:\n${build.stderr}`);
    const built = run(go, ['version', '-m', path.join(partial, 'helm')]).stdout ?? '';
    if (!built.includes(`\tmod\thelm.sh/helm/v4\t${VERSION}\t`))
      throw new Error(`go install did not build helm.sh/helm/v4 ${VERSION}`);
    renameSync(partial, dir);
  } finally {
    rmSync(partial, { recursive: true, force: true });
  }
  return bin;
}

const key = (o: KubeObject) => `${o.kind}/${o.metadata?.namespace ?? ''}/${o.metadata?.name}`;

function byKey(objects: readonly KubeObject[]): Map<string, KubeObject> {
  const map = new Map<string, KubeObject>();
  for (const object of objects) {
    assert.ok(!map.has(key(object)), `${key(object)} twice`);
    map.set(key(object), object);
  }
  return map;
}

const parse = (text: string) =>
  parseAllDocuments(text)
    .map((d) => d.toJS() as KubeObject | null)
    .filter((o): o is KubeObject => o !== null);

describe('charts/rampart-webhook', () => {
  let bin: string;
  let scratch: string;
  before(() => {
    bin = helm();
    scratch = mkdtempSync(path.join(os.tmpdir(), 'rampart-chart-'));
  });
  after(() => scratch && rmSync(scratch, { recursive: true, force: true }));

  function template(values?: Record<string, unknown>): KubeObject[] {
    const file = path.join(scratch, 'values.json');
    if (values) writeFileSync(file, JSON.stringify(values));
    const rendered = run(bin, ['template', 'rampart', CHART, ...(values ? ['-f', file] : [])]);
    assert.equal(rendered.status, 0, rendered.stderr);
    return parse(rendered.stdout);
  }

  async function manifests(...flags: string[]): Promise<KubeObject[]> {
    const cli = await runCli(['webhook', 'manifests', '--certificates', 'cert-manager', ...flags]);
    assert.equal(cli.code, 0, cli.stderr);
    return parse(cli.stdout);
  }

  function assertSame(chart: KubeObject[], cli: KubeObject[]) {
    const fromChart = byKey(chart);
    const fromCli = byKey(cli);
    assert.deepEqual([...fromChart.keys()].sort(), [...fromCli.keys()].sort());
    for (const [name, object] of fromCli) assert.deepEqual(fromChart.get(name), object, name);
  }

  test('default values render what the command writes by default', async () => {
    const chart = template();
    assert.equal(chart.length, 14);
    assertSame(chart, await manifests());
  });

  test('every value renders what its flag writes', async () => {
    const config = 'failOn: medium\nwebhook:\n  defaultMode: warn\n  ignoreNamespaces: ["a: b"]\n';
    const image = `registry.example/rampart@sha256:${'0123456789abcdef'.repeat(4)}`;
    writeFileSync(path.join(scratch, 'rampart.yaml'), config);
    const chart = template({
      namespace: 'guard',
      image,
      replicas: 5,
      failurePolicy: 'Ignore',
      timeoutSeconds: 3,
      config,
      apiServerCidrs: ['10.96.0.0/12', '203.0.113.7/32'],
    });
    const cli = await manifests(
      ...['-n', 'guard', '--replicas', '5', '--failure-policy', 'Ignore', '--timeout-seconds', '3'],
      ...['--image', image],
      ...['--config', path.join(scratch, 'rampart.yaml'), '--api-server-cidr', '10.96.0.0/12', '203.0.113.7/32'],
    );
    assertSame(chart, cli);
  });

  test('values the command refuses are refused by the chart', () => {
    for (const set of ['failurePolicy=fail', 'timeoutSeconds=31', 'replicas=0', 'namespace=Not_A_Name', 'nope=1']) {
      const rendered = run(bin, ['template', 'rampart', CHART, '--set', set]);
      assert.notEqual(rendered.status, 0, `--set ${set} rendered`);
    }
  });

  test('the chart version and its image tag follow package.json', () => {
    const { version } = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
    const chart = parse(readFileSync(path.join(CHART, 'Chart.yaml'), 'utf8'))[0] as unknown as Record<string, string>;
    assert.equal(chart.version, version);
    assert.equal(chart.appVersion, version);
  });

  test('rampart scan of the chart directory: no finding at medium or above', async () => {
    const env = { PATH: `${path.dirname(bin)}${path.delimiter}${process.env.PATH ?? ''}` };
    const scan = await runCli(['scan', CHART, '-o', 'json', '--fail-on', 'medium'], { env });
    const report = JSON.parse(scan.stdout);
    type Result = { verdict: string; severity: string };
    // an input error (helm missing or failing) is a result too: the chart must have been rendered
    assert.deepEqual(
      report.results.filter((r: Result) => r.verdict === 'error'),
      [],
    );
    const serious = report.results.filter(
      (r: Result) => r.verdict === 'fail' && atOrAbove(r.severity as 'low', 'medium'),
    );
    assert.deepEqual(serious, []);
    assert.equal(scan.code, 0, scan.stderr);
    assert.equal(report.summary.resources, 14);
  });
});
