import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { RuleMeta } from '../core/rule.js';
import { parseConfig } from './config.js';

const meta = (id: string, options?: RuleMeta['options']): RuleMeta => ({
  id,
  title: id,
  description: 'd',
  rationale: 'r',
  remediation: 'x',
  stage: 'deploy',
  severity: 'high',
  owner: 'developer',
  frameworks: {},
  kinds: ['Pod'],
  messages: { m: 'm' },
  references: [],
  ...(options ? { options } : {}),
});

const CATALOGUE = [
  meta('pss-run-as-user'),
  meta('pss-privileged'),
  meta('pss-host-namespaces'),
  meta('pss-host-ports'),
  meta('container-low-uid-gid', {
    minimumId: { type: 'integer', minimum: 1, description: 'lowest UID and GID accepted' },
  }),
  meta('image-allowed-registries', { registries: { type: 'string-list', description: 'allowed prefixes' } }),
];

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
    const parsed = parseConfig(text, 'rampart.yaml', CATALOGUE);
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
    assert.deepEqual(parseConfig('', 'rampart.yaml', CATALOGUE), { config: {} });
    assert.deepEqual(parseConfig('# nothing yet\n', 'rampart.yaml', CATALOGUE), { config: {} });
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
    const parsed = parseConfig(text, 'cfg.yaml', CATALOGUE);
    assert.ok('errors' in parsed);
    assert.deepEqual(parsed.errors, [
      'cfg.yaml:4:1: ruels is not a setting; known settings are failOn, pss, kubernetesVersion, namespace, exclude, rules, exceptions, customRules, webhook; did you mean "rules"?',
      'cfg.yaml:1:1: failOn must be one of critical, high, medium, low, info, none',
      'cfg.yaml:3:3: pss.level must be baseline or restricted',
      'cfg.yaml:6:5: exceptions[0].reason is required: say why the risk is accepted',
      'cfg.yaml:10:13: exceptions[1].match.kind must be a string glob',
    ]);
  });

  test('malformed YAML and a non-mapping are errors', () => {
    const bad = parseConfig('failOn: [high\n', 'cfg.yaml', CATALOGUE);
    assert.ok('errors' in bad && /^cfg\.yaml:2:1: not valid YAML/.test(bad.errors[0] ?? ''), JSON.stringify(bad));
    const list = parseConfig('- a\n', 'cfg.yaml', CATALOGUE);
    assert.deepEqual(list, {
      errors: ['cfg.yaml:1:1: the configuration must be a mapping of settings (failOn, pss, rules, exceptions, …)'],
    });
  });

  test('unknown rule ids, options and option types are errors naming the nearest valid name', () => {
    const text = `rules:
  pss-privilegd: off
  container-low-uid-gid:
    options: {minimumID: 10000}
  image-allowed-registries:
    options: {registries: registry.example.com/}
  pss-host-ports: {severty: low}
  vap/replicas: {severity: low}
exceptions:
  - rules: [pss-host-namespace, "*"]
    reason: legacy
`;
    const parsed = parseConfig(text, 'rampart.yaml', CATALOGUE);
    assert.ok('errors' in parsed);
    assert.deepEqual(parsed.errors, [
      'rampart.yaml:2:3: unknown rule "pss-privilegd"; did you mean "pss-privileged"?',
      'rampart.yaml:4:15: rules.container-low-uid-gid.options.minimumID is not an option of this rule; did you mean "minimumId"?',
      'rampart.yaml:6:15: rules.image-allowed-registries.options.registries must be a list of strings',
      'rampart.yaml:7:20: rules.pss-host-ports.severty is not a rule setting (enabled, severity, options); did you mean "severity"?',
      'rampart.yaml:10:13: unknown rule "pss-host-namespace"; did you mean "pss-host-namespaces"?',
    ]);
  });

  test('option values are checked against the schema; a rule without options takes none', () => {
    const parsed = parseConfig(
      'rules:\n  container-low-uid-gid:\n    options: {minimumId: 0}\n  pss-privileged:\n    options: {strict: true}\n',
      'rampart.yaml',
      CATALOGUE,
    );
    assert.ok('errors' in parsed);
    assert.deepEqual(parsed.errors, [
      'rampart.yaml:3:15: rules.container-low-uid-gid.options.minimumId must be an integer of at least 1',
      'rampart.yaml:5:15: rules.pss-privileged.options.strict is not an option of this rule (the rule takes no options)',
    ]);
  });
});
