import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, test } from 'node:test';
import { runCli } from '../support/run-cli.js';

const HERE = import.meta.dirname;
const NO_STACK = /^\s+at .*\.(?:js|ts|mjs):\d+:\d+\)?$/m;

const POLICY = `apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingAdmissionPolicy
metadata: {name: small}
spec:
  matchConstraints:
    resourceRules:
      - {apiGroups: [apps], apiVersions: [v1], operations: [CREATE], resources: [deployments]}
  validations:
    - expression: object.spec.replicas <= 5
---
apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingAdmissionPolicyBinding
metadata: {name: small}
spec: {policyName: small, validationActions: [Deny]}
`;

const DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: shop}
spec: {replicas: 2}
`;

function suiteDir(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'rampart-suite-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

const SUITE = `policies: [policy.yaml]
resources: [resources.yaml]
cases:
  - name: two replicas
    resource: Deployment/shop/web
    expect: {allowed: true}
`;

describe('rampart policy test', () => {
  test('the repository suites pass; exit 0', async () => {
    const run = await runCli(['policy', 'test', path.join(HERE, 'suites')]);
    assert.equal(run.code, 0, run.stdout + run.stderr);
    assert.match(run.stdout, /^13 suites, \d+ cases: (\d+) passed, 0 failed$/m);
    assert.match(run.stdout, /^PASS {2}.*replica-limit\/suite\.yaml/m);
  });

  test('the must-fail suites fail, each case with its reason; exit 1', async () => {
    const run = await runCli(['policy', 'test', path.join(HERE, 'must-fail')]);
    assert.equal(run.code, 1, run.stdout + run.stderr);
    assert.match(run.stdout, /10 cases: 0 passed, 10 failed/);
    assert.match(
      run.stdout,
      /✗ six replicas are \(wrongly\) expected to be allowed {2}\(.*allowed-but-denied\/suite\.yaml:5\)/,
    );
    assert.match(run.stdout, /^ {8}- spec\.initContainers\[0\]\.image: "mesh\/proxy:v2\.0\.0"$/m);
  });

  test('JSON output lists every case with what the admission chain answered', async () => {
    const run = await runCli(['policy', 'test', path.join(HERE, 'suites', 'replica-limit'), '-o', 'json']);
    assert.equal(run.code, 0, run.stderr);
    const doc = JSON.parse(run.stdout);
    assert.deepEqual(doc.summary, { suites: 1, cases: 5, passed: 5, failed: 0, errors: 0 });
    const denied = doc.suites[0].cases[1];
    assert.equal(denied.allowed, false);
    assert.deepEqual(denied.denied, {
      // The whole status message, as the API server words it (checked against one by test:cluster).
      message:
        'deployments.apps "big" is forbidden: ' +
        "ValidatingAdmissionPolicy 'demo-policy.example.com' with binding 'demo-binding-test.example.com' denied request: failed expression: object.spec.replicas <= 5",
      reason: 'Invalid',
      code: 422,
    });
  });

  test('a directory without suites tests nothing; exit 3', async () => {
    const run = await runCli(['policy', 'test', suiteDir({ 'readme.txt': 'nothing' })]);
    assert.equal(run.code, 3);
    assert.match(run.stderr, /nothing was tested: no suite\.yaml/);
  });

  test('a path that does not exist is a usage error; exit 2', async () => {
    const run = await runCli(['policy', 'test', '/no/such/dir']);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /policy test: \/no\/such\/dir does not exist/);
  });
});

describe('rampart policy test: bad input is named, with file, line and field; exit 2, no stack trace', () => {
  const cases: { name: string; files: Record<string, string>; expect: RegExp[] }[] = [
    {
      name: 'malformed YAML in the suite',
      files: { 'suite.yaml': 'policies: [policy.yaml\ncases: []\n', 'policy.yaml': POLICY },
      expect: [/suite\.yaml:\d+:\d+: not valid YAML/],
    },
    {
      name: 'missing fields and wrong types in the suite',
      files: {
        'suite.yaml': `policies: policy.yaml
cases:
  - resource: Deployment/shop/web
    operation: PATCH
    expect: {allowd: true}
  - name: no expectation
    resource: {apiVersion: v1}
    expect: {}
`,
        'policy.yaml': POLICY,
      },
      expect: [
        /suite\.yaml:1:1: policies must be a non-empty list of file or directory paths/,
        /suite\.yaml:3:5: cases\[0\]\.name is required/,
        /suite\.yaml:4:5: cases\[0\]\.operation must be one of CREATE, UPDATE, DELETE, CONNECT/,
        /suite\.yaml:5:14: cases\[0\]\.expect\.allowd is not an expectation/,
        /suite\.yaml:7:5: cases\[1\]\.resource must be an inline object with apiVersion and kind/,
        /suite\.yaml:8:5: cases\[1\]\.expect must state what the admission chain answers/,
      ],
    },
    {
      name: 'a case naming an object the suite does not have',
      files: {
        'suite.yaml': SUITE.replace('Deployment/shop/web', 'Deployment/shop/api'),
        'policy.yaml': POLICY,
        'resources.yaml': DEPLOYMENT,
      },
      expect: [
        /suite\.yaml:4: case "two replicas": resource "Deployment\/shop\/api" is not among the suite's resources/,
      ],
    },
    {
      name: 'a policy the API server would refuse',
      files: {
        'suite.yaml': SUITE,
        'policy.yaml': POLICY.replace('operations: [CREATE]', 'operations: [CREAT]').replace(
          'validationActions: [Deny]',
          'validationActions: [Deny, Warn]',
        ),
        'resources.yaml': DEPLOYMENT,
      },
      expect: [
        /policy\.yaml:7:\d+: ValidatingAdmissionPolicy "small": spec\.matchConstraints\.resourceRules\[0\]\.operations\[0\] must be one of CREATE, UPDATE, DELETE, CONNECT or \* \(got "CREAT"\)/,
        /policy\.yaml:14:\d+: ValidatingAdmissionPolicyBinding "small": spec\.validationActions must not hold both Deny and Warn/,
      ],
    },
    {
      name: 'a huge expression',
      files: {
        'suite.yaml': SUITE,
        'policy.yaml': POLICY.replace('object.spec.replicas <= 5', `"${'true && '.repeat(9000)}true"`),
        'resources.yaml': DEPLOYMENT,
      },
      expect: [
        /policy\.yaml:9:\d+: ValidatingAdmissionPolicy "small": spec\.validations\[0\]\.expression is 72,004 characters long, above the limit of 65,536/,
      ],
    },
    {
      name: 'a policy file that is not YAML',
      files: { 'suite.yaml': SUITE, 'policy.yaml': `${POLICY}---\nkind: [unclosed\n`, 'resources.yaml': DEPLOYMENT },
      expect: [/policy\.yaml:\d+:\d+: document 3 is not valid YAML/],
    },
  ];
  for (const c of cases) {
    test(c.name, async () => {
      const run = await runCli(['policy', 'test', suiteDir(c.files)]);
      assert.equal(run.code, 2, run.stdout + run.stderr);
      for (const pattern of c.expect) assert.match(run.stderr, pattern);
      assert.doesNotMatch(run.stderr + run.stdout, NO_STACK);
      assert.match(run.stdout, /ERROR .*suite\.yaml: the suite cannot run/);
    });
  }
});
