import assert from 'node:assert/strict';
import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, test } from 'node:test';
import { runCli } from './support/run-cli.js';

/*
 * The examples are the first thing a user runs, so what the README and examples/README say about
 * them is tested here: the two apps live in their own namespaces (the hardened one's namespace
 * policies cannot hide the insecure one's findings), the hardened app passes the whole default
 * catalogue, its NetworkPolicies allow exactly what it needs, and `rampart fix` leaves the insecure
 * app with no finding it could have fixed.
 */

const ROOT = path.resolve(import.meta.dirname, '..');
const EXAMPLES = path.join(ROOT, 'examples');
const INSECURE = path.join(EXAMPLES, 'insecure');
const HARDENED = path.join(EXAMPLES, 'hardened');
/** What every cluster has and the examples do not ship: cluster DNS and an ingress controller. */
const ADD_ONS = path.join(ROOT, 'test/fixtures/examples/cluster-add-ons.yaml');

interface JsonResult {
  ruleId: string;
  verdict: string;
  path?: string;
  resource?: { kind: string; namespace?: string; name: string };
  fix?: { description: string; operations: unknown[] };
}

async function scanJson(
  paths: string[],
): Promise<{ code: number; results: JsonResult[]; verdicts: Record<string, number> }> {
  const run = await runCli(['scan', ...paths, '-o', 'json']);
  assert.ok(run.code === 0 || run.code === 1, run.stderr);
  const document = JSON.parse(run.stdout);
  return { code: run.code, results: document.results, verdicts: document.summary.verdicts };
}

const failures = (results: JsonResult[]) => results.filter((r) => r.verdict === 'fail');
const where = (r: JsonResult) => `${r.ruleId} ${r.resource?.namespace}/${r.resource?.name} ${r.path}`;

describe('the examples', () => {
  test('the two apps live in different namespaces, so scanned together the insecure one keeps its findings', async () => {
    const alone = await scanJson([INSECURE]);
    const together = await scanJson([EXAMPLES]);
    assert.equal(together.code, 1);
    const insecure = (results: JsonResult[]) =>
      failures(results)
        .filter((r) => r.resource?.namespace === 'shop-insecure' || r.resource?.name === 'shop-insecure')
        .map(where)
        .sort();
    assert.deepEqual(insecure(together.results), insecure(alone.results));
    // the namespace-level findings are the ones a shared namespace would hide
    for (const rule of ['netpol-namespace-without-default-deny', 'namespace-without-limit-range'])
      assert.ok(
        failures(together.results).some((r) => r.ruleId === rule),
        `${rule} reports shop-insecure`,
      );
    assert.deepEqual(
      failures(together.results).filter((r) => r.resource?.namespace === 'shop-hardened'),
      [],
    );
  });

  test('the hardened app passes the whole default catalogue: exit 0, no finding', async () => {
    const { code, results, verdicts } = await scanJson([HARDENED]);
    assert.equal(code, 0);
    assert.deepEqual(failures(results).map(where), []);
    assert.deepEqual(
      { fail: verdicts.fail, warn: verdicts.warn, error: verdicts.error },
      { fail: 0, warn: 0, error: 0 },
    );
    assert.ok((verdicts.pass ?? 0) > 100, 'the rules did judge it');
  });

  test("the hardened app's NetworkPolicies allow web → redis, the report job → redis and DNS, and nothing else", async () => {
    const run = await runCli(['netpol', 'list', HARDENED, ADD_ONS, '-o', 'json']);
    assert.equal(run.code, 0, run.stderr);
    const connections = (JSON.parse(run.stdout) as { src: string; dst: string; conn: string }[])
      .filter((c) => c.src.startsWith('shop-hardened/') || c.dst.startsWith('shop-hardened/'))
      .map((c) => `${c.src} => ${c.dst} : ${c.conn}`);
    assert.deepEqual(connections, [
      'ingress/ingress-nginx-controller[Deployment] => shop-hardened/web[Deployment] : TCP 8080',
      'shop-hardened/nightly-report[CronJob] => kube-system/coredns[Deployment] : TCP 53,UDP 53',
      'shop-hardened/nightly-report[CronJob] => shop-hardened/redis[StatefulSet] : TCP 6379',
      'shop-hardened/web[Deployment] => kube-system/coredns[Deployment] : TCP 53,UDP 53',
      'shop-hardened/web[Deployment] => shop-hardened/redis[StatefulSet] : TCP 6379',
    ]);
  });

  test('the insecure app, by contrast, is open: every workload reaches every other', async () => {
    // no policy tells its workloads apart, so netpol list prints them as one group: shop-insecure/*
    const run = await runCli(['netpol', 'list', INSECURE, '-o', 'json']);
    assert.equal(run.code, 0, run.stderr);
    const connections = JSON.parse(run.stdout) as { src: string; dst: string; conn: string }[];
    assert.ok(
      connections.some(
        (c) => c.src === 'shop-insecure/*' && c.dst === 'shop-insecure/*' && c.conn === 'All Connections',
      ),
      run.stdout,
    );
    const pairs = await runCli(['netpol', 'list', INSECURE, '-o', 'json', '--per-pair']);
    assert.ok(
      (JSON.parse(pairs.stdout) as { src: string; dst: string; conn: string }[]).some(
        (c) =>
          c.src === 'shop-insecure/nightly-report[CronJob]' &&
          c.dst === 'shop-insecure/web[Deployment]' &&
          c.conn === 'All Connections',
      ),
    );
  });
});

/** What `rampart fix` deliberately leaves in the insecure app, each for a reason its rule's docs give. */
const LEFT_FOR_A_PERSON = [
  // privileged: true — the API server rejects allowPrivilegeEscalation: false next to it
  'pss-allow-privilege-escalation shop-insecure/web spec.template.spec.containers[1].securityContext.allowPrivilegeEscalation',
  // adds SYS_ADMIN, which no_new_privs would contradict; a person decides what the container may do
  'pss-allow-privilege-escalation shop-insecure/redis spec.template.spec.containers[0].securityContext.allowPrivilegeEscalation',
  // added capabilities are the container's own request: removing them is not a mechanical fix
  'pss-capabilities-restricted shop-insecure/redis spec.template.spec.containers[0].securityContext.capabilities.add',
  // runAsUser: 0 in the manifest — runAsNonRoot: true would keep the container from starting
  'pss-run-as-non-root shop-insecure/web spec.template.spec.containers[0].securityContext.runAsNonRoot',
].sort();

/** The fixes issue 15 asks for; each must have had something to do in the insecure app. */
const EXPECTED_FIXES = [
  'container-cpu-request',
  'container-memory-request',
  'container-read-only-root-filesystem',
  'pod-automount-service-account-token',
  'pss-allow-privilege-escalation',
  'pss-capabilities-restricted',
  'pss-run-as-non-root',
  'pss-seccomp-profile-restricted',
];

describe('rampart fix on the insecure example', () => {
  test('after fix --write, no finding with a fix remains, and a second run has nothing to do', async () => {
    const dir = path.join(mkdtempSync(path.join(tmpdir(), 'rampart-examples-')), 'insecure');
    cpSync(INSECURE, dir, { recursive: true });
    const catalogue = JSON.parse((await runCli(['rules', '-o', 'json'])).stdout) as { id: string; fixable: boolean }[];
    const fixable = new Set(catalogue.filter((rule) => rule.fixable).map((rule) => rule.id));
    for (const id of EXPECTED_FIXES) assert.ok(fixable.has(id), `${id} is fixable`);

    const before = failures((await scanJson([dir])).results);
    const fixed = new Set(before.filter((r) => r.fix).map((r) => r.ruleId));
    for (const id of EXPECTED_FIXES) assert.ok(fixed.has(id), `${id} has a fix to apply in the insecure app`);

    const write = await runCli(['fix', '--write', dir]);
    assert.equal(write.code, 0, write.stderr);

    const after = failures((await scanJson([dir])).results);
    assert.deepEqual(after.filter((r) => r.fix).map(where), [], 'no finding with a fix remains');
    const leftByFixableRules = after.filter((r) => fixable.has(r.ruleId)).map(where);
    assert.deepEqual(leftByFixableRules.sort(), LEFT_FOR_A_PERSON);
    // fixes never bring a new finding (some of other rules go: no token, no default ServiceAccount finding)
    const earlier = new Set(before.map(where));
    assert.deepEqual(
      after.map(where).filter((finding) => !earlier.has(finding)),
      [],
    );

    const again = await runCli(['fix', dir]);
    assert.equal(again.code, 0, again.stderr);
    assert.equal(again.stdout, '', 'the dry run has no diff to show');
  });
});
