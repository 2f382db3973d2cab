import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { privilegedPod, restrictedPod, reviewFor } from '../../test/support/webhook.js';
import { applyFix, defineRule, type KubeObject, type Result } from '../core/index.js';
import { atOrAbove } from '../core/severity.js';
import { RULES } from '../rules/index.js';
import { readConfigFile, resourceSource } from '../scan/index.js';
import { jsonPatch } from './json-patch.js';
import { staticNamespaces } from './namespaces.js';
import type { AdmissionRequest } from './review.js';
import { webhookJudge } from './webhook.js';

const dirs: string[] = [];
after(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** A judge over the scanner rampart.yaml `yaml` gives, as `rampart webhook serve` builds it. */
async function judgeWith(yaml: string, namespaces: Record<string, Record<string, string>> = {}, catalogue = RULES) {
  const dir = mkdtempSync(path.join(tmpdir(), 'rampart-judge-'));
  dirs.push(dir);
  writeFileSync(path.join(dir, 'rampart.yaml'), yaml);
  const file = readConfigFile(
    undefined,
    dir,
    catalogue.map((r) => r.meta),
  );
  const { judge, scanner } = await webhookJudge({
    file,
    config: file.config.webhook ?? {},
    catalogue,
    namespaces: staticNamespaces(namespaces),
  });
  return { scanner, judge };
}

const requestOf = (object: KubeObject, options: Parameters<typeof reviewFor>[1] = {}) =>
  (reviewFor(object, options) as { request: AdmissionRequest }).request;

const findings = (results: readonly Result[]) => results.filter((r) => r.verdict === 'fail' && !r.suppressed);

describe('the decision', () => {
  test('denies with every finding rampart scan reports at or above fail-on, message and fix; warns the rest', async () => {
    const { scanner, judge } = await judgeWith('failOn: high\n');
    const pod = privilegedPod();
    const scanned = findings(
      (
        await scanner.scan(
          resourceSource([{ object: pod, origin: { kind: 'admission', uid: 'x', operation: 'CREATE' } }]),
        )
      ).results,
    );
    const enforced = scanned.filter((r) => atOrAbove(r.severity, 'high'));
    const warned = scanned.filter((r) => !atOrAbove(r.severity, 'high'));
    assert.ok(enforced.length > 0 && warned.length > 0, 'the pod has findings on both sides of fail-on');
    const response = await judge({ path: 'validate', request: requestOf(pod) });
    assert.equal(response.allowed, false);
    assert.equal(response.status?.code, 403);
    const message = response.status?.message ?? '';
    assert.match(message, /^rampart denied Pod web:\n/);
    for (const r of enforced) {
      assert.ok(message.includes(`[${r.ruleId}] ${r.message}`), `denial names ${r.ruleId}`);
      const fix = r.fix?.description ?? r.remediation;
      if (fix) assert.ok(message.includes(fix), `denial carries the fix of ${r.ruleId}`);
    }
    for (const r of warned)
      assert.ok(response.warnings?.includes(`[${r.ruleId}] ${r.message}`), `warning for ${r.ruleId}`);
  });

  test('an UPDATE is denied for the findings it introduces; those the object already had are warned', async () => {
    const { judge } = await judgeWith('failOn: high\n');
    const old = privilegedPod();
    const relabelled = { ...old, metadata: { ...old.metadata, labels: { tier: 'web' } } };
    const kept = await judge({
      path: 'validate',
      request: requestOf(relabelled, { operation: 'UPDATE', oldObject: old }),
    });
    assert.equal(kept.allowed, true, 'a label added to a pod admitted before');
    assert.ok(kept.warnings?.some((w) => w.startsWith('[pss-privileged]')));
    const spec = restrictedPod().spec as { containers: Record<string, unknown>[] };
    const before = { ...old, spec: { ...spec } };
    const worse = await judge({
      path: 'validate',
      request: requestOf(old, { operation: 'UPDATE', oldObject: before }),
    });
    assert.equal(worse.allowed, false, 'privileged: true is new');
    assert.match(worse.status?.message ?? '', /\[pss-privileged\]/);
  });

  test('modes per rule and the namespace labels: warn, audit, off; a label tightens or relaxes', async () => {
    const yaml = 'webhook:\n  defaultMode: off\n  rules:\n    pss-privileged: audit\n    pss-host-namespaces: warn\n';
    const { judge } = await judgeWith(yaml, {
      team: {},
      relaxed: { 'rule.rampart.dev/pss-privileged': 'off' },
      strict: { 'rule.rampart.dev/pss-privileged': 'enforce' },
      loud: { 'rampart.dev/mode': 'warn' },
    });
    const audited = await judge({ path: 'validate', request: requestOf(privilegedPod()) });
    assert.equal(audited.allowed, true);
    assert.equal(audited.warnings, undefined);
    assert.match(audited.auditAnnotations?.['audit-violations'] ?? '', /^\[pss-privileged\] container "app"/);
    const relaxed = await judge({ path: 'validate', request: requestOf(privilegedPod('web', 'relaxed')) });
    assert.deepEqual(relaxed, { uid: 'uid-1', allowed: true });
    const strict = await judge({ path: 'validate', request: requestOf(privilegedPod('web', 'strict')) });
    assert.equal(strict.allowed, false);
    assert.match(strict.status?.message ?? '', /\[pss-privileged\]/);
    const loud = await judge({ path: 'validate', request: requestOf(privilegedPod('web', 'loud')) });
    assert.equal(loud.allowed, true);
    assert.ok((loud.warnings?.length ?? 0) > 1, 'every rule without its own mode warns');
  });

  test('an exception in rampart.yaml admits what it accepts, as in rampart scan', async () => {
    const yaml =
      'webhook:\n  defaultMode: enforce\nexceptions:\n  - rules: ["*"]\n    match: {namespace: team}\n    reason: the team sandbox\n';
    const { judge } = await judgeWith(yaml);
    assert.equal((await judge({ path: 'validate', request: requestOf(privilegedPod()) })).allowed, true);
    assert.equal((await judge({ path: 'validate', request: requestOf(privilegedPod('web', 'prod')) })).allowed, false);
  });

  test('an expired exception is a problem of the configuration: it does not reach the answer', async () => {
    const yaml =
      'webhook:\n  defaultMode: warn\nexceptions:\n  - rules: [pss-privileged]\n    reason: old\n    expires: 2020-01-01\n';
    const { judge } = await judgeWith(yaml);
    const response = await judge({ path: 'validate', request: requestOf(privilegedPod()) });
    assert.ok(
      response.warnings?.some((w) => w.startsWith('[pss-privileged]')),
      'the exception no longer applies',
    );
    assert.ok(!response.warnings?.some((w) => w.includes('exception-expired') || w.includes('expired on')));
  });

  test('Pod Security Admission from the namespace labels joins the decision with upstream wording', async () => {
    const { judge } = await judgeWith('webhook:\n  defaultMode: off\n', {
      team: { 'pod-security.kubernetes.io/enforce': 'baseline' },
    });
    const response = await judge({ path: 'validate', request: requestOf(privilegedPod()) });
    assert.equal(response.allowed, false);
    assert.match(
      response.status?.message ?? '',
      /^violates PodSecurity "baseline:latest": privileged \(container "app"/,
    );
    assert.equal(response.auditAnnotations?.['pod-security-enforce-policy'], 'baseline:latest');
  });

  test('mutations: the opt-in rules fixes as a JSON Patch that clears their findings; dry runs alike', async () => {
    const fixable = [
      'pss-capabilities-restricted',
      'pss-seccomp-profile-restricted',
      'container-read-only-root-filesystem',
    ];
    const known = fixable.filter((id) => RULES.some((r) => r.meta.id === id && r.meta.fixable));
    assert.equal(known.length, 3, `fixable rules exist: ${known.join(', ')}`);
    const { scanner, judge } = await judgeWith(`webhook:\n  mutate: [${known.join(', ')}]\n`);
    const pod = privilegedPod();
    const response = await judge({ path: 'mutate', request: requestOf(pod, { dryRun: true }) });
    assert.equal(response.allowed, true);
    assert.equal(response.patchType, 'JSONPatch');
    const patch = JSON.parse(Buffer.from(response.patch ?? '', 'base64').toString('utf8'));
    assert.ok(Array.isArray(patch) && patch.length > 0);
    assert.ok(response.warnings?.every((w) => w.startsWith('rampart changed this object: [')));
    // the patch is the fixes: applying the scan's fix operations gives the same object
    const scanned = findings(
      (
        await scanner.scan(
          resourceSource([{ object: pod, origin: { kind: 'admission', uid: 'x', operation: 'CREATE' } }]),
        )
      ).results,
    );
    const operations = scanned.filter((r) => known.includes(r.ruleId) && r.fix).flatMap((r) => r.fix?.operations ?? []);
    const fixed = applyFix(pod, operations);
    assert.deepEqual(patch, jsonPatch(pod, fixed));
    const after = findings(
      (
        await scanner.scan(
          resourceSource([{ object: fixed, origin: { kind: 'admission', uid: 'y', operation: 'CREATE' } }]),
        )
      ).results,
    );
    const withFix = new Set(scanned.filter((r) => known.includes(r.ruleId) && r.fix).map((r) => r.ruleId));
    assert.ok(withFix.size >= 2);
    for (const id of withFix) assert.ok(!after.some((r) => r.ruleId === id && r.fix), `${id} is fixed`);
    // without opt-in, nothing changes
    const plain = await judgeWith('failOn: high\n');
    assert.deepEqual(await plain.judge({ path: 'mutate', request: requestOf(pod) }), { uid: 'uid-1', allowed: true });
  });

  test('a rule that throws: failurePolicy Fail denies naming it, Ignore warns; other rules still judge', async () => {
    const throwing = defineRule({
      meta: {
        ...(RULES.find((rule) => rule.meta.id === 'pss-privileged')?.meta as (typeof RULES)[number]['meta']),
        id: 'always-throws',
        kinds: ['Pod'],
        messages: { m: 'x' },
      },
      check() {
        throw new Error('the check broke');
      },
    });
    const catalogue = [...RULES, throwing];
    const fail = await judgeWith(
      'webhook:\n  defaultMode: off\n  rules: {always-throws: enforce}\n  failurePolicy: Fail\n',
      {},
      catalogue,
    );
    const denied = await fail.judge({ path: 'validate', request: requestOf(privilegedPod()) });
    assert.equal(denied.allowed, false);
    assert.match(
      denied.status?.message ?? '',
      /\[rule-error\] rule always-throws failed on this resource: the check broke/,
    );
    const ignore = await judgeWith(
      'webhook:\n  defaultMode: off\n  rules: {always-throws: warn}\n  failurePolicy: Ignore\n',
      {},
      catalogue,
    );
    const warned = await ignore.judge({ path: 'validate', request: requestOf(privilegedPod()) });
    assert.equal(warned.allowed, true);
    assert.match(warned.warnings?.[0] ?? '', /always-throws failed.*not judged/);
    const off = await judgeWith('webhook:\n  defaultMode: off\n  rules: {always-throws: off}\n', {}, catalogue);
    assert.deepEqual(await off.judge({ path: 'validate', request: requestOf(privilegedPod()) }), {
      uid: 'uid-1',
      allowed: true,
    });
  });

  test('a CEL rule over its cost budget is an error for the failure policy, and the judge keeps serving', async () => {
    const list = `[${Array.from({ length: 60 }, (_, i) => i).join(', ')}]`;
    const yaml = [
      'webhook:',
      '  defaultMode: off',
      '  rules: {runaway: enforce}',
      'customRules:',
      '  - id: runaway',
      '    title: Runaway',
      '    severity: high',
      '    owner: platform',
      '    kinds: [Pod]',
      `    expression: "${list}.all(a, ${list}.all(b, ${list}.all(c, ${list}.all(d, true))))"`,
      '    message: never',
      '',
    ].join('\n');
    const { judge } = await judgeWith(yaml);
    const response = await judge({ path: 'validate', request: requestOf(privilegedPod()) });
    assert.equal(response.allowed, false);
    assert.match(response.status?.message ?? '', /rule runaway failed on this resource: .*cost/);
    const config = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', namespace: 'team' } };
    assert.equal((await judge({ path: 'validate', request: requestOf(config) })).allowed, true);
  });
});
