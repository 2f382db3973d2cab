import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { pathToFileURL } from 'node:url';
// A CommonJS package: under NodeNext its default import is `module.exports`, whose `default` is the class.
import AjvDraft04Module from 'ajv-draft-04';
import type { Result } from '../core/result.js';
import { SYSTEM_RESULT_IDS } from '../core/result.js';
import { allResults, CWD, contextFor, OUTSIDE, RULES, SECRETS } from './samples.test.js';
import { FINGERPRINT_KEY, formatSarif, SRCROOT } from './sarif.js';
import { resultLevel } from './sarif-rules.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
/** The official OASIS schema lives beside the repo, shared by every checkout; it is never copied in. */
const SCHEMA_PATH = path.resolve(ROOT, '../shared/schemas/sarif-schema-2.1.0.json');

const AjvDraft04 = AjvDraft04Module.default;
let validator: ReturnType<InstanceType<typeof AjvDraft04>['compile']> | undefined;
function validateSarif(doc: unknown): void {
  if (!validator) {
    // A missing schema must fail the suite: skipping would let invalid SARIF ship unnoticed.
    assert.ok(
      existsSync(SCHEMA_PATH),
      `the SARIF 2.1.0 schema is missing: expected ${SCHEMA_PATH} (the official OASIS schema; see the README beside it)`,
    );
    const ajv = new AjvDraft04({ allErrors: true });
    // The schema's formats, checked rather than ignored: a malformed artifact URI is a real defect.
    ajv.addFormat('uri', (value: string) => URL.canParse(value));
    ajv.addFormat('uri-reference', (value: string) => !/\s/.test(value) && URL.canParse(value, 'file:///base/'));
    ajv.addFormat('date-time', (value: string) => /^\d{4}-\d\d-\d\dT/.test(value) && !Number.isNaN(Date.parse(value)));
    validator = ajv.compile(JSON.parse(readFileSync(SCHEMA_PATH, 'utf8')));
  }
  const valid = validator(doc);
  assert.ok(valid, JSON.stringify(validator.errors?.slice(0, 5), null, 2));
}

interface SarifResult {
  ruleId: string;
  ruleIndex: number;
  level: string;
  message: { text: string };
  locations?: {
    physicalLocation?: { artifactLocation: { uri: string; uriBaseId?: string }; region: Record<string, number> };
    logicalLocations?: { fullyQualifiedName: string; kind: string }[];
  }[];
  relatedLocations?: { message: { text: string } }[];
  partialFingerprints: Record<string, string>;
  suppressions?: { kind: string; status: string; justification: string }[];
  properties: Record<string, unknown>;
}

function render(results?: Result[]) {
  const sample = allResults();
  const list = results ?? sample.results;
  const doc = JSON.parse(formatSarif(list, contextFor(list, sample.resources)));
  const run = doc.runs[0];
  return { doc, run, results: run.results as SarifResult[] };
}

const find = (results: SarifResult[], ruleId: string, name?: string) =>
  results.find((r) => r.ruleId === ruleId && (name === undefined || r.message.text.includes(`/${name}:`)));

describe('sarif output', () => {
  test('a rich document validates against the official SARIF 2.1.0 schema', () => {
    const { doc } = render();
    validateSarif(doc);
    assert.equal(doc.version, '2.1.0');
    assert.equal(doc.runs.length, 1);
  });

  test('the validator is not vacuous: it rejects a result with an unknown level', () => {
    const { doc } = render();
    doc.runs[0].results[0].level = 'fatal';
    assert.throws(() => validateSarif(doc), /level/);
  });

  test('an empty scan validates too', () => {
    validateSarif(JSON.parse(formatSarif([], contextFor([], 0))));
  });

  test('the driver describes every rule that ran and every system result, for code scanning', () => {
    const { run } = render();
    const { driver } = run.tool;
    assert.equal(driver.name, 'rampart');
    assert.equal(driver.version, '0.1.0');
    assert.match(driver.informationUri, /^https:\/\//);
    const ids = driver.rules.map((r: { id: string }) => r.id);
    for (const rule of RULES) assert.ok(ids.includes(rule.meta.id), rule.meta.id);
    for (const id of Object.values(SYSTEM_RESULT_IDS)) assert.ok(ids.includes(id), id);
    assert.equal(new Set(ids).size, ids.length, 'no duplicate rule ids');
    const hostPid = driver.rules.find((r: { id: string }) => r.id === 'host-pid');
    assert.equal(hostPid.shortDescription.text, 'host-pid title');
    assert.equal(hostPid.fullDescription.text, 'What host-pid checks.');
    assert.match(hostPid.help.text, /Why host-pid matters\.[\s\S]*How to fix host-pid\./);
    assert.match(hostPid.help.markdown, /\*\*How to fix it\.\*\* How to fix host-pid\./);
    assert.equal(hostPid.helpUri, 'https://github.com/rampart-dev/rampart/blob/main/docs/rules/host-pid.md');
    assert.equal(hostPid.defaultConfiguration.level, 'error');
    assert.equal(hostPid.properties['security-severity'], '9.5');
    assert.deepEqual(hostPid.properties.tags, [
      'security',
      'deploy',
      'pss:baseline',
      'pss:host-namespaces',
      'nsa:Pod security',
      'mitre:T1611',
    ]);
    assert.ok(['very-high', 'high', 'medium', 'low'].includes(hostPid.properties.precision));
    const severities = driver.rules.map(
      (r: { properties: Record<string, string> }) => r.properties['security-severity'],
    );
    assert.ok(severities.every((s: string) => /^\d+\.\d$/.test(s)));
  });

  test('every result points at its rule by id and index', () => {
    const { run, results } = render();
    for (const result of results) assert.equal(run.tool.driver.rules[result.ruleIndex].id, result.ruleId);
  });

  test('lists fail, warn and error results, suppressed ones included; never passes or skips', () => {
    const { results: input } = allResults();
    const { results } = render();
    const expected = input.filter((r) => r.verdict === 'fail' || r.verdict === 'warn' || r.verdict === 'error');
    assert.equal(results.length, expected.length);
    assert.deepEqual(
      results.map((r) => r.properties.verdict),
      expected.map((r) => r.verdict),
    );
  });

  test('levels follow severity and verdict', () => {
    assert.equal(resultLevel('fail', 'critical'), 'error');
    assert.equal(resultLevel('fail', 'high'), 'error');
    assert.equal(resultLevel('fail', 'medium'), 'warning');
    assert.equal(resultLevel('fail', 'low'), 'note');
    assert.equal(resultLevel('fail', 'info'), 'note');
    assert.equal(resultLevel('warn', 'critical'), 'warning', 'a warning never reads as an error');
    assert.equal(resultLevel('warn', 'low'), 'note');
    assert.equal(resultLevel('error', 'info'), 'error');
    const { results } = render();
    assert.equal(find(results, 'host-pid', 'a')?.level, 'error');
    assert.equal(find(results, 'env-secret')?.level, 'warning');
    assert.equal(find(results, 'latest-tag')?.level, 'note');
    assert.equal(find(results, 'parse-error')?.level, 'error');
  });

  test('suppressions: inSource for annotations, external for rampart.yaml, accepted with the reason', () => {
    const { results } = render();
    assert.deepEqual(find(results, 'host-pid', 'b')?.suppressions, [
      { kind: 'inSource', status: 'accepted', justification: 'node agent, approved by security' },
    ]);
    assert.deepEqual(find(results, 'host-pid', 'c')?.suppressions, [
      {
        kind: 'external',
        status: 'accepted',
        justification: 'legacy monitoring, being replaced',
        properties: { owner: 'platform-team', expires: '2026-12-31' },
      },
    ]);
    assert.equal(find(results, 'host-pid', 'a')?.suppressions, undefined);
  });

  test('file URIs are relative to the cwd under %SRCROOT%, absolute file URIs outside it, none for stdin', () => {
    const { run, results } = render();
    assert.equal(run.originalUriBaseIds[SRCROOT].uri, `${pathToFileURL(CWD).href}/`);
    const a = find(results, 'host-pid', 'a')?.locations?.[0];
    assert.deepEqual(a?.physicalLocation, {
      artifactLocation: { uri: 'k8s/rendered.yaml', uriBaseId: SRCROOT },
      region: { startLine: 9, startColumn: 3 },
    });
    assert.deepEqual(a?.logicalLocations, [{ name: 'a', fullyQualifiedName: 'Pod/shop/a', kind: 'resource' }]);
    // Relative spellings resolve against the cwd too.
    assert.equal(
      find(results, 'input-error')?.locations?.[0]?.physicalLocation?.artifactLocation.uri,
      'k8s/binary.yaml',
    );
    const outside = find(results, 'parse-error')?.locations?.[0]?.physicalLocation?.artifactLocation;
    assert.deepEqual(outside, { uri: pathToFileURL(OUTSIDE).href });
    assert.match(outside?.uri ?? '', /broken%20file\.yaml$/);
    const piped = find(results, 'host-pid', 'piped')?.locations?.[0];
    assert.equal(piped?.physicalLocation, undefined);
    assert.deepEqual(piped?.logicalLocations, [{ name: 'piped', fullyQualifiedName: 'Pod/piped', kind: 'resource' }]);
  });

  test('helm output names the template in a related location and in properties', () => {
    const { results } = render();
    const a = find(results, 'host-pid', 'a');
    assert.equal(a?.relatedLocations?.length, 1);
    assert.match(a?.relatedLocations?.[0]?.message.text ?? '', /shop\/templates\/pods\.yaml/);
    assert.equal(a?.properties.template, 'shop/templates/pods.yaml');
    assert.equal(find(results, 'latest-tag')?.relatedLocations, undefined);
  });

  test('properties carry path, owner and frameworks; the message names the resource', () => {
    const { results } = render();
    const a = find(results, 'host-pid', 'a');
    assert.equal(a?.message.text, 'Pod/shop/a: hostPID is set');
    assert.equal(a?.properties.path, 'spec.hostPID');
    assert.equal(a?.properties.owner, 'developer');
    assert.deepEqual(a?.properties.frameworks, {
      pss: { level: 'baseline', check: 'host-namespaces' },
      nsa: ['Pod security'],
      mitre: ['T1611'],
    });
  });

  test('fingerprints are stable across runs, unique within one, and ignore line moves', () => {
    const first = render().results.map((r) => r.partialFingerprints[FINGERPRINT_KEY]);
    const second = render().results.map((r) => r.partialFingerprints[FINGERPRINT_KEY]);
    assert.deepEqual(first, second);
    assert.ok(first.every((f) => typeof f === 'string' && /^[0-9a-f]{64}(:\d+)?$/.test(f)));
    assert.equal(new Set(first).size, first.length);

    const { results: input } = allResults();
    const moved = input.map((r) =>
      r.location ? { ...r, location: { ...r.location, line: r.location.line + 10 } } : r,
    );
    assert.deepEqual(
      render(moved).results.map((r) => r.partialFingerprints[FINGERPRINT_KEY]),
      first,
    );
    // The same file spelled absolute or relative is the same finding.
    const respelled = input.map((r) =>
      r.location?.file === 'k8s/binary.yaml'
        ? { ...r, location: { ...r.location, file: path.join(CWD, 'k8s/binary.yaml') } }
        : r,
    );
    assert.deepEqual(
      render(respelled).results.map((r) => r.partialFingerprints[FINGERPRINT_KEY]),
      first,
    );
    // A different field on the same resource is a different finding.
    const other = input.map((r) => (r.ruleId === 'host-pid' && r.path ? { ...r, path: 'spec.hostNetwork' } : r));
    const index = render().results.findIndex((r) => r.ruleId === 'host-pid');
    assert.notEqual(render(other).results[index]?.partialFingerprints[FINGERPRINT_KEY], first[index]);
  });

  test('one run; input errors make the invocation unsuccessful and are notified; deterministic output', () => {
    const { run } = render();
    const [invocation] = run.invocations;
    assert.equal(invocation.executionSuccessful, false);
    const errors = allResults().results.filter((r) => r.verdict === 'error');
    assert.deepEqual(
      invocation.toolExecutionNotifications.map((n: { level: string; descriptor: { id: string } }) => [
        n.level,
        n.descriptor.id,
      ]),
      errors.map((r) => ['error', r.ruleId]),
    );
    const clean = render(allResults().results.filter((r) => r.verdict !== 'error')).run;
    assert.deepEqual(clean.invocations, [{ executionSuccessful: true }]);
    const { results, resources } = allResults();
    const context = contextFor(results, resources);
    assert.equal(formatSarif(results, context), formatSarif(results, context));
  });

  test('never prints secret values', () => {
    const { results, resources } = allResults();
    const text = formatSarif(results, contextFor(results, resources));
    for (const secret of SECRETS) assert.equal(text.includes(secret), false);
  });
});
