import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseConfig } from './config.js';

describe('rampart.yaml', () => {
  test('reads every setting', () => {
    const text = `failOn: medium
pss: {level: baseline, version: v1.30}
kubernetesVersion: v1.33
exclude: ["charts/**"]
rules:
  pss-run-as-user: off
  pss-privileged: {severity: critical}
exceptions:
  - rules: [pss-host-namespaces]
    match: {kind: DaemonSet, namespace: kube-system, name: "cilium*"}
    reason: the CNI needs the host network
    owner: platform
    expires: 2027-01-31
`;
    const parsed = parseConfig(text, 'rampart.yaml');
    assert.ok('config' in parsed, JSON.stringify(parsed));
    assert.deepEqual(parsed.config, {
      failOn: 'medium',
      pss: { level: 'baseline', version: 'v1.30' },
      kubernetesVersion: 'v1.33',
      exclude: ['charts/**'],
      rules: { 'pss-run-as-user': { enabled: false }, 'pss-privileged': { severity: 'critical' } },
      exceptions: [
        {
          rules: ['pss-host-namespaces'],
          match: { kind: 'DaemonSet', namespace: 'kube-system', name: 'cilium*' },
          reason: 'the CNI needs the host network',
          owner: 'platform',
          expires: '2027-01-31',
          source: { file: 'rampart.yaml', line: 9 },
        },
      ],
    });
  });

  test('an empty file is an empty configuration', () => {
    assert.deepEqual(parseConfig('', 'rampart.yaml'), { config: {} });
    assert.deepEqual(parseConfig('# nothing yet\n', 'rampart.yaml'), { config: {} });
  });

  test('every mistake is named with file, line and field', () => {
    const text = `failOn: severe
pss:
  level: strict
ruels: {}
exceptions:
  - rules: [pss-privileged]
    expires: next week
  - rule: pss-host-ports
    reason: because
    match: {kind: 3}
`;
    const parsed = parseConfig(text, 'cfg.yaml');
    assert.ok('errors' in parsed);
    assert.deepEqual(parsed.errors, [
      'cfg.yaml:4:1: ruels is not a setting; known settings are failOn, pss, kubernetesVersion, exclude, rules, exceptions, customRules',
      'cfg.yaml:1:1: failOn must be one of critical, high, medium, low, info, none',
      'cfg.yaml:3:3: pss.level must be baseline or restricted',
      'cfg.yaml:6:5: exceptions[0].reason is required: say why the risk is accepted',
      'cfg.yaml:10:13: exceptions[1].match.kind must be a string glob',
    ]);
  });

  test('malformed YAML and a non-mapping are errors', () => {
    const bad = parseConfig('failOn: [high\n', 'cfg.yaml');
    assert.ok('errors' in bad && /^cfg\.yaml:2:1: not valid YAML/.test(bad.errors[0] ?? ''), JSON.stringify(bad));
    const list = parseConfig('- a\n', 'cfg.yaml');
    assert.deepEqual(list, {
      errors: ['cfg.yaml:1:1: the configuration must be a mapping of settings (failOn, pss, rules, exceptions, …)'],
    });
  });
});
