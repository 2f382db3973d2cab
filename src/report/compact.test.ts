import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Result } from '../core/result.js';
import { formatCompact } from './compact.js';
import { allResults, contextFor, OUTSIDE, SECRETS } from './samples.test.js';

function render(results?: Result[]) {
  const sample = allResults();
  const list = results ?? sample.results;
  return formatCompact(list, contextFor(list, results ? 1 : sample.resources));
}

describe('compact output', () => {
  test('one line per unsuppressed finding, file:line:col: severity rule message, by file then line', () => {
    const lines = render().trimEnd().split('\n');
    assert.deepEqual(lines, [
      `${OUTSIDE}:5:4: error parse-error document 2 is not valid YAML: bad indentation <here> & "there"`,
      'k8s/binary.yaml:1:1: error input-error k8s/binary.yaml is a binary file (it contains NUL bytes), not YAML or JSON',
      '<stdin>:7:3: critical host-pid hostPID is set',
      'k8s/web.yaml:20:16: low latest-tag warning: image "app:latest" uses a mutable tag',
      'k8s/rendered.yaml:9:3: critical host-pid hostPID is set',
      'k8s/rendered.yaml:15:7: medium env-secret a literal credential in env DB_PASSWORD (value redacted) is set',
      'k8s/rendered.yaml:18:1: error rule-error rule throws-on-b failed on this resource: cannot read <spec> & "friends"',
      'rampart.yaml:9:1: medium exception-expired warning: exception for env-secret expired on 2026-01-31 and no longer applies (reason was: was a migration window); renew it with a new date or fix the findings',
      '5 findings (2 critical, 2 medium, 1 low), 3 errors, 2 suppressed; 6 resources scanned',
    ]);
  });

  test('a finding without a position names its resource; a newline in the input cannot forge a line', () => {
    const cluster: Result = {
      ruleId: 'host-pid',
      verdict: 'fail',
      severity: 'high',
      message: 'hostPID is set\nk8s/fake.yaml:1:1: critical forged',
      resource: { apiVersion: 'v1', kind: 'Pod', namespace: 'ns', name: 'p' },
    };
    const lines = render([cluster]).trimEnd().split('\n');
    assert.deepEqual(lines, [
      'Pod/ns/p: high host-pid hostPID is set\\u000ak8s/fake.yaml:1:1: critical forged',
      '1 finding (1 high); 1 resource scanned',
    ]);
  });

  test('no findings: only the count line; never a secret value', () => {
    assert.equal(render([]), '0 findings; 1 resource scanned\n');
    for (const secret of SECRETS) assert.equal(render().includes(secret), false);
  });
});
