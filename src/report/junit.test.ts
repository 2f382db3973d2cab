import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Result } from '../core/result.js';
import { formatJunit, SYSTEM_SUITE } from './junit.js';
import { allResults, contextFor, OUTSIDE, SECRETS } from './samples.test.js';
import { escapeAttribute, escapeText, stripForbidden } from './xml.js';

interface Element {
  name: string;
  attributes: Record<string, string>;
  children: Element[];
  text: string;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decode(raw: string): string {
  return raw.replace(/&(#\d+|[a-z]+);/g, (_whole, entity: string) =>
    entity.startsWith('#') ? String.fromCodePoint(Number(entity.slice(1))) : (ENTITIES[entity] as string),
  );
}

/**
 * A strict little XML reader, enough to prove well-formedness: every byte is consumed by a tag,
 * a declaration or text; tags nest; `&` only starts a known entity; nothing XML 1.0 forbids.
 */
function parseXml(xml: string): Element {
  assert.doesNotMatch(xml, /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u, 'a character XML 1.0 forbids');
  assert.doesNotMatch(xml, /&(?!(#\d+|amp|lt|gt|quot|apos);)/, 'a bare &');
  const token = /<\?xml[^?]*\?>|<(\/?)([A-Za-z][\w:.-]*)((?:\s+[\w:.-]+="[^"<]*")*)\s*(\/?)>|([^<]+)/y;
  const root: Element = { name: '#document', attributes: {}, children: [], text: '' };
  const stack = [root];
  while (token.lastIndex < xml.length) {
    const at = token.lastIndex;
    const match = token.exec(xml);
    assert.ok(match, `unparseable XML at offset ${at}: ${xml.slice(at, at + 40)}`);
    const [whole, closing, name, attrs, selfClosing, text] = match;
    const top = stack[stack.length - 1] as Element;
    if (whole.startsWith('<?xml')) continue;
    if (text !== undefined) {
      top.text += decode(text);
    } else if (closing) {
      assert.equal(name, top.name, `</${name}> closes <${top.name}>`);
      stack.pop();
    } else {
      const attributes: Record<string, string> = {};
      for (const [, key, value] of (attrs ?? '').matchAll(/([\w:.-]+)="([^"]*)"/g)) {
        assert.equal(attributes[key as string], undefined, `duplicate attribute ${key}`);
        attributes[key as string] = decode(value as string);
      }
      const element: Element = { name: name as string, attributes, children: [], text: '' };
      top.children.push(element);
      if (!selfClosing) stack.push(element);
    }
  }
  assert.equal(stack.length, 1, 'unclosed elements');
  const elements = root.children;
  assert.equal(elements.length, 1, 'one root element');
  return elements[0] as Element;
}

const child = (element: Element | undefined, name: string) => element?.children.find((c) => c.name === name);

function render(results?: Result[]) {
  const sample = allResults();
  const list = results ?? sample.results;
  const xml = formatJunit(list, contextFor(list, sample.resources));
  return { xml, root: parseXml(xml) };
}

function suite(root: Element, name: string): Element {
  const found = root.children.find((s) => s.attributes.name === name);
  assert.ok(found, `suite ${name}`);
  return found;
}

function testCase(root: Element, suiteName: string, caseName: string): Element {
  const found = suite(root, suiteName).children.find((c) => c.attributes.name === caseName);
  assert.ok(found, `${suiteName} › ${caseName}`);
  return found;
}

describe('junit output', () => {
  test('is well-formed XML: <testsuites> of <testsuite> of <testcase>', () => {
    const { xml, root } = render();
    assert.ok(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n'));
    assert.equal(root.name, 'testsuites');
    assert.ok(root.children.every((s) => s.name === 'testsuite'));
    assert.ok(root.children.every((s) => s.children.every((c) => c.name === 'testcase')));
  });

  test('one suite per rule, the rampart suite first; one testcase per rule × resource', () => {
    const { root } = render();
    assert.deepEqual(
      root.children.map((s) => s.attributes.name),
      [SYSTEM_SUITE, 'env-secret', 'host-pid', 'latest-tag', 'needs-version', 'rule-error', 'throws-on-b'],
    );
    assert.deepEqual(
      suite(root, 'host-pid').children.map((c) => c.attributes.name),
      ['Pod/piped', 'Pod/shop/a', 'Pod/shop/b', 'Pod/ops/c'],
    );
  });

  test('counts per suite and totals at the root add up', () => {
    const { root } = render();
    const counts = (e: Element) => ['tests', 'failures', 'errors', 'skipped'].map((k) => Number(e.attributes[k]));
    assert.deepEqual(counts(suite(root, 'host-pid')), [4, 2, 0, 2]);
    assert.deepEqual(counts(suite(root, SYSTEM_SUITE)), [4, 0, 2, 1]);
    for (const s of root.children) {
      const cases = s.children;
      const [tests, failures, errors, skipped] = counts(s);
      assert.equal(tests, cases.length);
      assert.equal(failures, cases.filter((c) => child(c, 'failure')).length);
      assert.equal(errors, cases.filter((c) => child(c, 'error')).length);
      assert.equal(skipped, cases.filter((c) => child(c, 'skipped')).length);
    }
    const total = root.children.map(counts).reduce((a, b) => a.map((n, i) => n + (b[i] as number)));
    assert.deepEqual(counts(root), total);
  });

  test('fail → <failure type=severity>, with file:line, path and the remediation', () => {
    const { root } = render();
    const failure = child(testCase(root, 'host-pid', 'Pod/shop/a'), 'failure');
    assert.equal(failure?.attributes.type, 'critical');
    assert.equal(failure?.attributes.message, 'hostPID is set');
    assert.match(
      failure?.text ?? '',
      /k8s\/rendered\.yaml:9:3 \(helm template shop\/templates\/pods\.yaml\) spec\.hostPID: hostPID is set/,
    );
    assert.match(failure?.text ?? '', /Remediation: How to fix host-pid\./);
  });

  test('the findings of one rule on one resource fold into one testcase listing each', () => {
    const { results } = allResults();
    const a = results.find((r) => r.ruleId === 'host-pid' && r.resource?.name === 'a') as Result;
    const second: Result = { ...a, path: 'spec.hostIPC', location: { ...a.location!, line: 10 } };
    const { root } = render([...results, second]);
    const cases = suite(root, 'host-pid').children.filter((c) => c.attributes.name === 'Pod/shop/a');
    assert.equal(cases.length, 1);
    const failure = child(cases[0], 'failure');
    assert.match(failure?.attributes.message ?? '', /^2 findings: /);
    assert.match(failure?.text ?? '', /:9:3 .*spec\.hostPID/);
    assert.match(failure?.text ?? '', /:10:3 .*spec\.hostIPC/);
  });

  test('error → <error>, skip and suppressed → <skipped message>, warn passes with <system-out>, pass is bare', () => {
    const { root } = render();
    assert.ok(child(testCase(root, 'rule-error', 'Pod/shop/b'), 'error'));
    assert.equal(
      child(testCase(root, 'needs-version', 'Pod/shop/a'), 'skipped')?.attributes.message,
      'no --kubernetes-version given',
    );
    const suppressed = child(testCase(root, 'host-pid', 'Pod/ops/c'), 'skipped');
    assert.equal(suppressed?.attributes.message, 'suppressed: legacy monitoring, being replaced');
    const warn = testCase(root, 'latest-tag', 'Deployment/shop/web');
    assert.deepEqual(
      warn.children.map((c) => c.name),
      ['system-out'],
    );
    assert.match(child(warn, 'system-out')?.text ?? '', /mutable tag/);
    assert.deepEqual(testCase(root, 'env-secret', 'Secret/shop/db').children, []);
  });

  test('results without a resource are testcases of the rampart suite, named by rule and file', () => {
    const { root } = render();
    const names = suite(root, SYSTEM_SUITE).children.map((c) => c.attributes.name);
    assert.deepEqual(names, [
      `parse-error ${OUTSIDE}:5`,
      'input-error k8s/binary.yaml:1',
      'not-a-resource k8s/values.yaml:1',
      'exception-expired rampart.yaml:9',
    ]);
    assert.ok(child(testCase(root, SYSTEM_SUITE, `parse-error ${OUTSIDE}:5`), 'error'));
    assert.equal(testCase(root, 'host-pid', 'Pod/piped').attributes.file, undefined, 'stdin is no file');
  });

  test('escapes markup, quotes and whitespace, and strips characters XML 1.0 forbids', () => {
    const nasty = 'a <b> & "c" \'d\'\u0000\u0007\u001b[31m\uFFFE\uD800 \u{1F600}\ttab\nline';
    const result: Result = {
      ruleId: 'input-error',
      verdict: 'error',
      severity: 'high',
      message: nasty,
      location: { file: 'we"ird <file>.yaml', line: 1, column: 1 },
    };
    const { xml, root } = render([result]);
    const error = child(testCase(root, SYSTEM_SUITE, 'input-error we"ird <file>.yaml:1'), 'error');
    const clean = 'a <b> & "c" \'d\'[31m \u{1F600}\ttab\nline';
    assert.equal(error?.attributes.message, clean, 'attribute keeps tabs and newlines as references');
    assert.match(error?.text ?? '', /a <b> & "c" 'd'\[31m \u{1F600}\ttab\nline$/u);
    assert.doesNotMatch(xml, /\u0000|\u0007|\u001b/);
    assert.equal(stripForbidden('x\u0000\uFFFF\uDC00y'), 'xy');
    assert.equal(escapeText('<&>'), '&lt;&amp;&gt;');
    assert.equal(escapeAttribute('"\'\n'), '&quot;&apos;&#10;');
  });

  test('an empty scan is a valid, empty report', () => {
    const root = parseXml(formatJunit([], contextFor([], 0)));
    assert.equal(root.attributes.tests, '0');
    assert.deepEqual(root.children, []);
  });

  test('never prints secret values', () => {
    const { xml } = render();
    for (const secret of SECRETS) assert.equal(xml.includes(secret), false);
  });
});
