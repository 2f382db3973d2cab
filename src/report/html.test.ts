import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, test } from 'node:test';
import { compliance } from '../core/compliance.js';
import type { Result } from '../core/result.js';
import { formatHtml, MAX_ROWS } from './html.js';
import { allResults, contextFor, RULES, SECRETS } from './samples.test.js';

function render(results?: Result[], overrides = {}) {
  const sample = allResults();
  const list = results ?? sample.results;
  return formatHtml(list, contextFor(list, results ? 1 : sample.resources, overrides));
}

const hostile: Result = {
  ruleId: 'host-pid',
  verdict: 'fail',
  severity: 'high',
  message: 'container "</td><script>alert(1)</script>" is bad & worse',
  resource: { apiVersion: 'v1', kind: 'Pod', namespace: '"><img src=x onerror=alert(2)>', name: "<b>o'neil</b>" },
  location: { file: 'k8s/<evil>.yaml', line: 1, column: 1 },
  path: 'spec.containers[0].name',
  remediation: 'Set <hostPID> to false.',
  owner: 'developer',
};

describe('html report', () => {
  test('one self-contained page: inline style and script only, admitted by hash, nothing loaded', () => {
    const html = render();
    assert.ok(html.startsWith('<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'));
    assert.doesNotMatch(html, /<link|<img|<iframe|\ssrc=|url\(|@import/i);
    const csp = /http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html)?.[1] ?? '';
    assert.match(csp, /^default-src 'none'; /);
    const script = /<script>([\s\S]*?)<\/script>/.exec(html)?.[1] ?? '';
    const style = /<style>([\s\S]*?)<\/style>/.exec(html)?.[1] ?? '';
    const hash = (text: string) => createHash('sha256').update(text).digest('base64');
    assert.ok(csp.includes(`script-src 'sha256-${hash(script)}'`));
    assert.ok(csp.includes(`style-src 'sha256-${hash(style)}'`));
    assert.equal(html.match(/<script/g)?.length, 1);
  });

  test('every value from the input is escaped, in text and in attributes', () => {
    const html = render([hostile]);
    assert.equal(html.match(/<script/g)?.length, 1, 'only the page script');
    assert.doesNotMatch(html, /<img|<b>|<\/td><script/);
    assert.ok(html.includes('container "&lt;/td&gt;&lt;script&gt;alert(1)&lt;/script&gt;" is bad &amp; worse'));
    assert.ok(html.includes('data-namespace="&quot;&gt;&lt;img src=x onerror=alert(2)&gt;"'));
    assert.ok(html.includes(`<td>Pod/"&gt;&lt;img src=x onerror=alert(2)&gt;/&lt;b&gt;o'neil&lt;/b&gt;</td>`));
    assert.ok(html.includes('k8s/&lt;evil&gt;.yaml:1:1'));
    assert.ok(html.includes('Set &lt;hostPID&gt; to false.'));
  });

  test('lists every finding with its filters, suppressed ones marked; never a secret value', () => {
    const { results } = allResults();
    const html = render();
    const findings = results.filter((r) => r.verdict === 'fail' || r.verdict === 'warn' || r.verdict === 'error');
    assert.equal(html.match(/<tr class="finding/g)?.length, findings.length);
    assert.equal(html.match(/<tr class="finding suppressed"/g)?.length, findings.filter((r) => r.suppressed).length);
    assert.match(html, /data-severity="critical" data-owner="developer" data-namespace="shop" data-rule="host-pid"/);
    assert.match(
      html,
      /Automatic fix \(<code>rampart fix<\/code>\): turn hostPID off<\/p><pre>remove spec\.hostPID<\/pre>/,
    );
    for (const secret of SECRETS) assert.equal(html.includes(secret), false);
    assert.equal(html, render(), 'deterministic');
  });

  test('a fix shows each operation: set, add to a list, remove', () => {
    const fixable: Result = {
      ...hostile,
      fix: {
        description: 'drop ALL <caps>',
        operations: [
          { op: 'set', path: ['spec', 'a'], value: false },
          { op: 'include', path: ['spec', 'drop'], value: 'ALL' },
          { op: 'remove', path: ['spec', 'b'] },
        ],
      },
    };
    assert.ok(
      render([fixable]).includes(
        'drop ALL &lt;caps&gt;</p><pre>set spec.a = false\nadd "ALL" to spec.drop\nremove spec.b</pre>',
      ),
    );
  });

  test('charts: severity, owner and namespace bars carry the counts and the filter they set', () => {
    const html = render();
    assert.match(html, /data-filter="severity" data-value="critical" aria-label="critical: 2; show these findings"/);
    assert.match(html, /data-filter="namespace" data-value="shop"/);
    assert.match(html, /data-filter="owner" data-value="security" aria-label="security: 1; show these findings"/);
  });

  test('compliance: the benchmark, its sections and every control not judged', () => {
    const { results } = allResults();
    const cis = compliance(
      results,
      RULES.map((rule) => ({ ...rule.meta, frameworks: { cis: ['5.2.3'] } })),
      'cis',
    );
    const html = render(undefined, { compliance: [cis] });
    assert.match(html, /<h3>CIS Kubernetes Benchmark v1\.10\.0 <span class="muted">--framework cis<\/span><\/h3>/);
    assert.match(html, /1 of the benchmark's 130 controls judged, the rest are not scored/);
    assert.equal(
      html.match(/<tr><td>\d+\.[\d.]+<\/td><td>[^<]+<\/td><\/tr>/g)?.length,
      129,
      'not judged: 130 less the one judged',
    );
  });

  test('a huge scan lists the most severe rows only, and says so', () => {
    const many: Result[] = Array.from({ length: MAX_ROWS + 5 }, (_, i) => ({
      ...hostile,
      severity: i === MAX_ROWS + 4 ? 'critical' : 'low',
      message: `finding ${i}`,
    }));
    const html = render(many);
    assert.equal(html.match(/<tr class="finding/g)?.length, MAX_ROWS);
    assert.ok(html.includes(`finding ${MAX_ROWS + 4}`), 'the critical one is listed first');
    assert.match(html, /The table lists the 10000 most severe of 10005 findings/);
  });
});
