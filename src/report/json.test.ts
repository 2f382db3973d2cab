import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { compliance as scoreCompliance } from '../core/compliance.js';
import { type Result, SYSTEM_RESULT_IDS } from '../core/result.js';
import { OWNERS, STAGES } from '../core/rule.js';
import { SEVERITIES, VERDICTS } from '../core/severity.js';
import { ByteSink } from './byte-sink.js';
import { documentResult } from './document.js';
import { formatJson, LineCache, writeResultLine } from './json.js';
import { allResults, CWD, contextFor, MANIFEST, OUTSIDE, RULES, SECRETS } from './samples.test.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const SCHEMA = JSON.parse(readFileSync(path.join(ROOT, 'docs/schema/scan-results-v1.json'), 'utf8'));
const validate = new Ajv2020({ allErrors: true, strict: true, strictRequired: false }).compile(SCHEMA);

function render(overrides = {}) {
  const { results, resources } = allResults();
  const text = formatJson(results, contextFor(results, resources, overrides));
  return { text, doc: JSON.parse(text), results };
}

function assertValid(doc: unknown): void {
  assert.ok(validate(doc), JSON.stringify(validate.errors, null, 2));
}

describe('json output', () => {
  test('the shared samples cover every verdict, both suppressions, helm templates, stdin and files outside the cwd', () => {
    const { results } = allResults();
    for (const verdict of ['pass', 'fail', 'warn', 'error', 'skip'] as const) {
      assert.ok(
        results.some((r) => r.verdict === verdict),
        verdict,
      );
    }
    assert.ok(results.some((r) => r.suppressed?.by === 'annotation'));
    assert.ok(results.some((r) => r.suppressed?.by === 'config' && r.suppressed.expires));
    assert.ok(results.some((r) => r.ruleId === SYSTEM_RESULT_IDS.exceptionExpired));
    assert.ok(results.some((r) => r.ruleId === SYSTEM_RESULT_IDS.ruleError && r.resource));
    assert.ok(results.some((r) => r.location?.template === 'shop/templates/pods.yaml'));
    assert.ok(results.some((r) => r.fix));
    assert.ok(results.some((r) => r.verdict === 'skip' && r.skipReason));
    assert.ok(results.some((r) => r.location?.file === OUTSIDE));
    assert.ok(results.some((r) => r.location?.file === '<stdin>'));
    const text = JSON.stringify(results);
    for (const secret of SECRETS) assert.ok(!text.includes(secret), 'the sample rule redacts');
  });

  test('is valid against docs/schema/scan-results-v1.json, with and without passes', () => {
    assertValid(render().doc);
    assertValid(render({ showPassed: true }).doc);
  });

  test('the schema rejects a document that breaks the contract', () => {
    const { doc } = render();
    const wrongVerdict = structuredClone(doc);
    wrongVerdict.results[0].verdict = 'failed';
    assert.equal(validate(wrongVerdict), false);
    assert.ok(validate.errors?.some((e) => e.instancePath === '/results/0/verdict'));
    const nullField = structuredClone(doc);
    nullField.results[0].path = null;
    assert.equal(validate(nullField), false, 'absent fields are omitted, never null');
    const unknownField = structuredClone(doc);
    unknownField.results[0].extra = 1;
    assert.equal(validate(unknownField), false);
    const skipWithoutReason = structuredClone(doc);
    const skip = skipWithoutReason.results.find((r: { verdict: string }) => r.verdict === 'skip');
    delete skip.skipReason;
    assert.equal(validate(skipWithoutReason), false);
  });

  test("the schema's closed sets are the code's", () => {
    const defs = SCHEMA.$defs;
    assert.deepEqual(defs.verdict.enum, [...VERDICTS]);
    assert.deepEqual(defs.severity.enum, [...SEVERITIES]);
    assert.deepEqual(defs.owner.enum, [...OWNERS]);
    assert.deepEqual(defs.stage.enum, [...STAGES]);
  });

  test('keys come in the order the schema lists them, whatever order results were built in', () => {
    const { doc } = render({ showPassed: true });
    assert.deepEqual(
      Object.keys(doc),
      Object.keys(SCHEMA.properties).filter((key) => key !== 'compliance'),
    );
    const compliance = [
      {
        framework: 'cis',
        controls: [{ id: '5.2.2', verdict: 'fail', rules: ['r'], failures: 1 }],
        passing: 0,
        evaluated: 1,
        percent: 0,
      },
    ];
    const scored = render({ compliance }).doc;
    assert.deepEqual(Object.keys(scored), Object.keys(SCHEMA.properties));
    assertValid(scored);
    // A CIS score carries the benchmark's coverage: keys in schema order, valid, every control accounted for.
    const { results } = allResults();
    const cis = scoreCompliance(
      results,
      RULES.map((rule) => ({ ...rule.meta, frameworks: { cis: ['5.2.3'] } })),
      'cis',
    );
    const covered = render({ compliance: [cis] }).doc.compliance[0];
    assertValid(render({ compliance: [cis] }).doc);
    assert.deepEqual(Object.keys(covered), Object.keys(SCHEMA.$defs.compliance.properties));
    assert.deepEqual(Object.keys(covered.controls[0]), ['id', 'title', 'verdict', 'rules', 'failures']);
    assert.equal(covered.controls.length + covered.notJudged.length, covered.benchmark.controls);
    assert.deepEqual(Object.keys(doc.summary), Object.keys(SCHEMA.$defs.summary.properties));
    assert.deepEqual(Object.keys(doc.summary.verdicts), [...VERDICTS]);
    const order = Object.keys(SCHEMA.$defs.result.properties);
    for (const result of doc.results) {
      const keys = Object.keys(result);
      assert.deepEqual(
        keys,
        order.filter((key) => keys.includes(key)),
      );
    }
  });

  test('header fields and summary come from the context', () => {
    const { doc, results } = render();
    assert.equal(doc.schemaVersion, 1);
    assert.deepEqual(doc.tool, { name: 'rampart', version: '0.1.0' });
    assert.deepEqual(doc.settings, { pssLevel: 'restricted', pssVersion: 'latest', failOn: 'high' });
    assert.deepEqual(doc.rulesSkipped, [{ id: 'opt-in-rule', reason: 'opt-in rule not enabled' }]);
    assert.deepEqual(doc.summary, contextFor(results, 6).summary);
    assert.equal(doc.summary.verdicts.pass, 5, 'passes are counted even when not listed');
  });

  test('passes are listed only with showPassed; every other verdict always', () => {
    const { doc, results } = render();
    assert.equal(doc.results.filter((r: { verdict: string }) => r.verdict === 'pass').length, 0);
    assert.equal(doc.results.length, results.filter((r) => r.verdict !== 'pass').length);
    const all = render({ showPassed: true }).doc;
    assert.equal(all.results.length, results.length);
  });

  test('a finding carries resource, location with helm template, path, frameworks and fix', () => {
    const { doc } = render();
    const finding = doc.results.find(
      (r: { ruleId: string; resource?: { name: string } }) => r.ruleId === 'host-pid' && r.resource?.name === 'a',
    );
    assert.deepEqual(finding, {
      ruleId: 'host-pid',
      verdict: 'fail',
      severity: 'critical',
      resource: { apiVersion: 'v1', kind: 'Pod', namespace: 'shop', name: 'a' },
      location: { file: MANIFEST, line: 9, column: 3, template: 'shop/templates/pods.yaml' },
      path: 'spec.hostPID',
      message: 'hostPID is set',
      remediation: 'How to fix host-pid.',
      frameworks: { pss: { level: 'baseline', check: 'host-namespaces' }, nsa: ['Pod security'], mitre: ['T1611'] },
      owner: 'developer',
      stage: 'deploy',
      fix: { description: 'turn hostPID off', operations: [{ op: 'remove', path: ['spec', 'hostPID'] }] },
    });
  });

  test('suppressions, skips and resource-less errors keep their own fields and omit the rest', () => {
    const { doc } = render();
    const suppressed = doc.results
      .filter((r: { suppressed?: unknown }) => r.suppressed)
      .map((r: { suppressed: unknown }) => r.suppressed);
    assert.deepEqual(suppressed, [
      { by: 'annotation', reason: 'node agent, approved by security' },
      { by: 'config', reason: 'legacy monitoring, being replaced', owner: 'platform-team', expires: '2026-12-31' },
    ]);
    const skip = doc.results.find((r: { ruleId: string }) => r.ruleId === 'needs-version');
    assert.equal(skip.skipReason, 'no --kubernetes-version given');
    assert.equal('location' in skip, false);
    const parseError = doc.results[0];
    assert.deepEqual(parseError, {
      ruleId: 'parse-error',
      verdict: 'error',
      severity: 'high',
      location: { file: OUTSIDE, line: 5, column: 4 },
      message: 'document 2 is not valid YAML: bad indentation <here> & "there"',
    });
  });

  test('files keep the spelling the scan was given (the CLI contract), inside or outside the cwd', () => {
    const { doc } = render();
    const files = doc.results.map((r: { location?: { file: string } }) => r.location?.file).filter(Boolean);
    assert.ok(files.includes(OUTSIDE));
    assert.ok(files.includes('k8s/binary.yaml'));
    assert.ok(files.includes('<stdin>'));
    assert.ok(files.includes(path.join(CWD, 'k8s', 'web.yaml')));
  });

  test('is deterministic, an indented header with one result per line, ending with one newline', () => {
    const a = render().text;
    assert.equal(a, render().text);
    assert.ok(a.endsWith('}\n') && !a.endsWith('\n\n'));
    assert.ok(a.startsWith('{\n  "schemaVersion": 1,\n'));
    const lines = a.split('\n').filter((line) => line.startsWith('    {"ruleId":'));
    assert.equal(lines.length, render().doc.results.length);
  });

  test('each result line is exactly the document result, keys in schema order', () => {
    const { results } = allResults();
    const cache = new LineCache();
    const line = (result: Result) => {
      // a small sink, so lines also cross from one Buffer to the next
      const sink = new ByteSink(64);
      writeResultLine(result, cache, sink);
      return Buffer.concat(sink.end()).toString('utf8');
    };
    for (const result of results) assert.equal(line(result), JSON.stringify(documentResult(result)));
    // and again from a warm cache
    for (const result of results) assert.equal(line(result), JSON.stringify(documentResult(result)));
  });

  test('docs/json-output.md stays true: its example validates and it documents every field', () => {
    const page = readFileSync(path.join(ROOT, 'docs/json-output.md'), 'utf8');
    const example = /```json\n([\s\S]*?)```/.exec(page)?.[1];
    assert.ok(example, 'the page has a JSON example');
    assertValid(JSON.parse(example));
    const fields = [
      ...Object.keys(SCHEMA.properties),
      ...Object.keys(SCHEMA.$defs.summary.properties),
      ...Object.keys(SCHEMA.$defs.result.properties),
    ];
    for (const field of fields) assert.ok(page.includes(`| \`${field}\` |`), `docs/json-output.md documents ${field}`);
  });

  test('an empty scan is a valid document', () => {
    const text = formatJson([], contextFor([], 0, { rulesSkipped: [] }));
    const doc = JSON.parse(text);
    assertValid(doc);
    assert.deepEqual(doc.results, []);
    assert.equal(doc.summary.score, 100);
  });

  test('never prints secret values', () => {
    const { text } = render({ showPassed: true });
    for (const secret of SECRETS) assert.equal(text.includes(secret), false);
  });
});
