import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { RuleMeta } from '../core/rule.js';
import { parseConfig } from './config.js';

const meta = (id: string): RuleMeta => ({
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
});
const CATALOGUE = ['pss-privileged', 'image-latest-tag', 'pss-capabilities-restricted'].map(meta);
const parse = (text: string) => parseConfig(text, 'rampart.yaml', CATALOGUE);

describe('rampart.yaml webhook:', () => {
  test('reads modes, mutations, failure policy and Pod Security defaults', () => {
    const parsed = parse(
      [
        'webhook:',
        '  defaultMode: off',
        '  rules: {pss-privileged: enforce, image-latest-tag: audit}',
        '  mutate: [pss-capabilities-restricted]',
        '  failurePolicy: Ignore',
        '  timeoutMs: 2000',
        '  podSecurity:',
        '    defaults: {enforce: baseline, warn-version: v1.30}',
        '    exemptions: {usernames: [ci]}',
      ].join('\n'),
    );
    assert.ok('config' in parsed, JSON.stringify(parsed));
    const webhook = parsed.config.webhook;
    assert.equal(webhook?.defaultMode, 'off', 'a bare off (YAML false) is off');
    assert.deepEqual({ ...webhook?.rules }, { 'pss-privileged': 'enforce', 'image-latest-tag': 'audit' });
    assert.deepEqual(webhook?.mutate, ['pss-capabilities-restricted']);
    assert.equal(webhook?.failurePolicy, 'Ignore');
    assert.deepEqual(webhook?.podSecurity, {
      defaults: { enforce: { level: 'baseline' }, warn: { version: 'v1.30' } },
      exemptions: { usernames: ['ci'] },
    });
  });

  test('unknown settings and rule ids, bad modes and levels are errors with file, line and the nearest name', () => {
    const parsed = parse(
      [
        'webhook:',
        '  defaultMod: warn',
        '  rules: {pss-privilegd: enforce, pss-privileged: deny}',
        '  failurePolicy: fail',
        '  podSecurity: {defaults: {enforce: strict}}',
      ].join('\n'),
    );
    assert.ok('errors' in parsed);
    const text = parsed.errors.join('\n');
    assert.match(text, /rampart.yaml:2:3: webhook.defaultMod is not a webhook setting; did you mean "defaultMode"\?/);
    assert.match(text, /unknown rule "pss-privilegd"; did you mean "pss-privileged"\?/);
    assert.match(text, /webhook.rules.pss-privileged must be one of enforce, warn, audit, off/);
    assert.match(text, /webhook.failurePolicy must be Fail or Ignore/);
    assert.match(text, /webhook.podSecurity.defaults.enforce must be one of privileged, baseline, restricted/);
  });
});
