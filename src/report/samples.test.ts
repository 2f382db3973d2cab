/**
 * Scan results every formatter test renders: real engine output for a small helm-rendered
 * manifest (fails, a skip, passes, a fix, suppressions by annotation and by an expiring config
 * exception, an expired exception, a rule that throws), plus hand-built results the engine
 * cannot produce from one file (a parse error outside the cwd, an unreadable input, stdin,
 * a warning). Named *.test.ts so the build leaves it out of dist (it holds no tests itself;
 * json.test.ts proves the samples still cover what the formatter tests rely on).
 */
import path from 'node:path';
import { evaluate } from '../core/engine.js';
import { Inventory } from '../core/inventory.js';
import { type Result, SYSTEM_RESULT_IDS, summarize } from '../core/result.js';
import { defineRule, type RuleMeta } from '../core/rule.js';
import { DEFAULT_SETTINGS } from '../core/settings.js';
import { loadText } from '../load/index.js';
import type { ReportContext } from './context.js';

export const CWD = path.resolve('/tmp/rampart-report-test/repo');
export const MANIFEST = path.join(CWD, 'k8s', 'rendered.yaml');
export const OUTSIDE = path.resolve('/tmp/rampart-report-test/elsewhere/broken file.yaml');
/** Values that must never reach any output. */
export const SECRETS = ['aHVudGVyMg==', 'hunter2-db-password'];

const meta = (id: string, extra: Partial<RuleMeta> = {}): RuleMeta => ({
  id,
  title: `${id} title`,
  description: `What ${id} checks.`,
  rationale: `Why ${id} matters.`,
  remediation: `How to fix ${id}.`,
  stage: 'deploy',
  severity: 'high',
  owner: 'developer',
  frameworks: {},
  kinds: ['Pod'],
  messages: { found: '{{what}} is set' },
  references: ['https://kubernetes.io/docs/concepts/security/pod-security-standards/'],
  ...extra,
});

export const RULES = [
  defineRule({
    meta: meta('host-pid', {
      severity: 'critical',
      frameworks: { pss: { level: 'baseline', check: 'host-namespaces' }, nsa: ['Pod security'], mitre: ['T1611'] },
    }),
    check: ({ object }) =>
      (object.spec as { hostPID?: boolean })?.hostPID
        ? [
            {
              path: ['spec', 'hostPID'],
              messageId: 'found',
              data: { what: 'hostPID' },
              fix: { description: 'turn hostPID off', operations: [{ op: 'remove', path: ['spec', 'hostPID'] }] },
            },
          ]
        : [],
  }),
  defineRule({
    meta: meta('env-secret', { owner: 'security', severity: 'medium', kinds: ['Pod', 'Secret'] }),
    // Reports the variable's name, never its value: redaction is the rule's job, and the samples prove it sticks.
    check: ({ object }) =>
      object.kind === 'Pod' && JSON.stringify(object).includes('hunter2')
        ? [
            {
              path: ['spec', 'containers', 0, 'env', 0, 'value'],
              messageId: 'found',
              data: { what: 'a literal credential in env DB_PASSWORD (value redacted)' },
            },
          ]
        : [],
  }),
  defineRule({
    meta: meta('needs-version', { owner: 'platform', severity: 'low', kinds: ['*'] }),
    check: () => ({ skip: 'no --kubernetes-version given' }),
  }),
  defineRule({
    meta: meta('throws-on-b'),
    check: ({ object }) => {
      if (object.metadata?.name === 'b') throw new Error('cannot read <spec> & "friends"');
      return [];
    },
  }),
];

const MANIFEST_TEXT = `---
# Source: shop/templates/pods.yaml
apiVersion: v1
kind: Pod
metadata:
  name: a
  namespace: shop
spec:
  hostPID: true
  containers:
  - name: app
    image: app:1
    env:
    - name: DB_PASSWORD
      value: hunter2-db-password
---
# Source: shop/templates/agent.yaml
apiVersion: v1
kind: Pod
metadata:
  name: b
  namespace: shop
  annotations:
    rampart.dev/ignore: "host-pid -- node agent, approved by security"
spec:
  hostPID: true
---
apiVersion: v1
kind: Pod
metadata:
  name: c
  namespace: ops
spec:
  hostPID: true
---
apiVersion: v1
kind: Secret
metadata:
  name: db
  namespace: shop
data:
  password: aHVudGVyMg==
`;

const NOW = new Date('2026-07-01T00:00:00Z');

/** The engine's results for MANIFEST, in engine order. */
export function engineResults(): { results: Result[]; resources: number } {
  const inventory = new Inventory(loadText({ text: MANIFEST_TEXT }, MANIFEST).resources);
  const { results } = evaluate(inventory, {
    rules: RULES,
    settings: DEFAULT_SETTINGS,
    now: NOW,
    exceptions: [
      {
        rules: ['host-pid'],
        match: { namespace: 'ops', name: 'c' },
        reason: 'legacy monitoring, being replaced',
        owner: 'platform-team',
        expires: '2026-12-31',
        source: { file: path.join(CWD, 'rampart.yaml'), line: 3 },
      },
      {
        rules: ['env-secret'],
        match: { namespace: 'old' },
        reason: 'was a migration window',
        expires: '2026-01-31',
        source: { file: path.join(CWD, 'rampart.yaml'), line: 9 },
      },
    ],
  });
  return { results, resources: inventory.size };
}

/** Results from outside the engine, placed first as the CLI places loader problems. */
export function handResults(): Result[] {
  return [
    {
      ruleId: SYSTEM_RESULT_IDS.parseError,
      verdict: 'error',
      severity: 'high',
      message: 'document 2 is not valid YAML: bad indentation <here> & "there"',
      location: { file: OUTSIDE, line: 5, column: 4 },
    },
    {
      ruleId: SYSTEM_RESULT_IDS.inputError,
      verdict: 'error',
      severity: 'high',
      message: 'k8s/binary.yaml is a binary file (it contains NUL bytes), not YAML or JSON',
      location: { file: 'k8s/binary.yaml', line: 1, column: 1 },
    },
    {
      ruleId: SYSTEM_RESULT_IDS.notAResource,
      verdict: 'skip',
      severity: 'info',
      message: 'document 1 has no apiVersion and kind, so it is not a Kubernetes object; skipped',
      skipReason: 'not a Kubernetes object (no apiVersion and kind)',
      location: { file: path.join(CWD, 'k8s', 'values.yaml'), line: 1, column: 1 },
    },
    {
      ruleId: 'host-pid',
      verdict: 'fail',
      severity: 'critical',
      message: 'hostPID is set',
      resource: { apiVersion: 'v1', kind: 'Pod', name: 'piped' },
      location: { file: '<stdin>', line: 7, column: 3 },
      path: 'spec.hostPID',
      owner: 'developer',
      stage: 'deploy',
    },
    {
      ruleId: 'latest-tag',
      verdict: 'warn',
      severity: 'low',
      message: 'image "app:latest" uses a mutable tag',
      resource: { apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'shop', name: 'web' },
      location: { file: path.join(CWD, 'k8s', 'web.yaml'), line: 20, column: 16 },
      path: 'spec.template.spec.containers[0].image',
      remediation: 'Pin the image by digest.',
      owner: 'devops',
      stage: 'distribute',
    },
  ];
}

export function allResults(): { results: Result[]; resources: number } {
  const { results, resources } = engineResults();
  return { results: [...handResults(), ...results], resources: resources + 2 };
}

export function contextFor(
  results: readonly Result[],
  resources: number,
  overrides: Partial<ReportContext> = {},
): ReportContext {
  return {
    tool: { name: 'rampart', version: '0.1.0' },
    summary: summarize(results, resources),
    rules: RULES.map((rule) => rule.meta),
    rulesSkipped: [{ id: 'opt-in-rule', reason: 'opt-in rule not enabled' }],
    settings: { pssLevel: 'restricted', pssVersion: 'latest', failOn: 'high' },
    cwd: CWD,
    color: false,
    groupBy: 'resource',
    showPassed: false,
    ...overrides,
  };
}
