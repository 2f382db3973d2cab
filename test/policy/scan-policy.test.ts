import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, test } from 'node:test';
import { runCli } from '../support/run-cli.js';

const NO_STACK = /^\s+at .*\.(?:js|ts|mjs):\d+:\d+\)?$/m;

function scratch(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'rampart-vap-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
  return dir;
}

/** Clean under the built-in catalogue, so the only findings are the policies'. */
const hardened = (name: string, namespace: string, replicas: number, labels = '{app: web}') => `apiVersion: apps/v1
kind: Deployment
metadata: {name: ${name}, namespace: ${namespace}, labels: ${labels}}
spec:
  replicas: ${replicas}
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      automountServiceAccountToken: false
      serviceAccountName: web
      securityContext: {runAsNonRoot: true, runAsUser: 10001, runAsGroup: 10001, seccompProfile: {type: RuntimeDefault}}
      containers:
        - name: app
          image: registry.example.com/web@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef
          imagePullPolicy: Always
          securityContext: {allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: {drop: [ALL]}}
          resources: {requests: {cpu: 100m, memory: 64Mi, ephemeral-storage: 1Gi}, limits: {cpu: 200m, memory: 128Mi, ephemeral-storage: 1Gi}}
          livenessProbe: {httpGet: {path: /, port: 8080}}
          readinessProbe: {httpGet: {path: /, port: 8080}}
`;

const policy = (name: string, actions: string, extra = '') => `apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingAdmissionPolicy
metadata: {name: ${name}${extra}}
spec:
  matchConstraints:
    resourceRules:
      - {apiGroups: [apps], apiVersions: [v1], operations: [CREATE], resources: [deployments]}
  validations:
    - expression: object.spec.replicas <= 5
      messageExpression: "'at most 5 replicas, not ' + string(object.spec.replicas)"
---
apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingAdmissionPolicyBinding
metadata: {name: ${name}}
spec: {policyName: ${name}, validationActions: [${actions}]}
`;

interface JsonResult {
  ruleId: string;
  verdict: string;
  severity: string;
  message: string;
  resource?: { name: string };
  location?: { file: string; line: number; column: number };
  path?: string;
  suppressed?: { reason: string };
}

async function scanJson(args: string[]) {
  const run = await runCli(['scan', ...args, '-o', 'json', '--fail-on', 'high']);
  let doc: { results: JsonResult[] } = { results: [] };
  try {
    doc = JSON.parse(run.stdout);
  } catch {
    // not JSON: the test's assertions on the code and stderr say why
  }
  const policyResults = doc.results.filter((r) => /^(vap|map)\//.test(r.ruleId));
  return { ...run, doc, policyResults };
}

describe('rampart scan --policy', () => {
  test('a Deny validation that fails is a fail of vap/<policy>, with the message, at the resource; exit 1', async () => {
    const dir = scratch({ 'app.yaml': `${hardened('big', 'shop', 6)}---\n${hardened('small', 'shop', 2)}` });
    const policies = scratch({ 'policy.yaml': policy('replicas.example.com', 'Deny') });
    const run = await scanJson([dir, '--policy', policies]);
    assert.equal(run.code, 1, run.stderr);
    assert.deepEqual(
      run.policyResults.map((r) => [r.ruleId, r.verdict, r.severity, r.resource?.name, r.message, r.path]),
      [['vap/replicas.example.com', 'fail', 'high', 'big', 'at most 5 replicas, not 6', undefined]],
    );
    assert.deepEqual(run.policyResults[0]?.location, { file: path.join(dir, 'app.yaml'), line: 1, column: 1 });
  });

  test('Warn is a warn one step below the severity, Audit a warn at info: recorded, never failing the scan; exit 0', async () => {
    const dir = scratch({ 'app.yaml': hardened('big', 'shop', 6) });
    for (const [actions, severity] of [
      ['Warn', 'medium'],
      ['Audit', 'info'],
      ['Warn, Audit', 'medium'],
    ] as const) {
      const run = await scanJson([dir, '--policy', scratch({ 'p.yaml': policy('replicas', actions) })]);
      assert.equal(run.code, 0, `${actions}: ${run.stderr}`);
      assert.deepEqual(
        run.policyResults.map((r) => [r.verdict, r.severity, r.message]),
        [['warn', severity, 'at most 5 replicas, not 6']],
        actions,
      );
    }
  });

  test('the policy annotation rampart.dev/severity sets the severity; rampart.yaml still wins', async () => {
    const dir = scratch({ 'app.yaml': hardened('big', 'shop', 6) });
    const policies = scratch({
      'p.yaml': policy(
        'replicas',
        'Deny',
        ', annotations: {rampart.dev/severity: critical, rampart.dev/owner: platform}',
      ),
    });
    const run = await runCli(['scan', dir, '--policy', policies, '-o', 'json']);
    const result = JSON.parse(run.stdout).results.find((r: JsonResult) => r.ruleId === 'vap/replicas');
    assert.equal(result.severity, 'critical');
    assert.equal(result.owner, 'platform');
    const config = scratch({ 'rampart.yaml': 'rules:\n  vap/replicas: {severity: low}\n' });
    const configured = await runCli([
      'scan',
      dir,
      '--policy',
      policies,
      '-o',
      'json',
      '--config',
      path.join(config, 'rampart.yaml'),
    ]);
    assert.equal(
      JSON.parse(configured.stdout).results.find((r: JsonResult) => r.ruleId === 'vap/replicas').severity,
      'low',
    );
    const misspelt = scratch({ 'p.yaml': policy('replicas', 'Deny', ', annotations: {rampart.dev/severity: severe}') });
    const warned = await scanJson([dir, '--policy', misspelt]);
    const warning = warned.policyResults.find((r) => r.verdict === 'warn');
    assert.equal(
      warning?.message,
      'ValidatingAdmissionPolicy "replicas": metadata.annotations["rampart.dev/severity"] must be one of critical, high, medium, low, info (got "severe"); the default applies',
    );
    assert.equal(warned.policyResults.find((r) => r.verdict === 'fail')?.severity, 'high');
  });

  test('exceptions apply to policy findings like to any rule', async () => {
    const dir = scratch({
      'app.yaml': hardened('big', 'shop', 6, '{app: web}').replace(
        'namespace: shop,',
        'namespace: shop, annotations: {rampart.dev/ignore: "vap/replicas -- batch job needs the parallelism"},',
      ),
    });
    const run = await scanJson([dir, '--policy', scratch({ 'p.yaml': policy('replicas', 'Deny') })]);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.policyResults[0]?.suppressed?.reason, 'batch job needs the parallelism');
  });

  test('params and namespaces may come from the scanned inputs', async () => {
    const policies = scratch({
      'p.yaml': `apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingAdmissionPolicy
metadata: {name: limit}
spec:
  paramKind: {apiVersion: v1, kind: ConfigMap}
  matchConstraints:
    resourceRules:
      - {apiGroups: [apps], apiVersions: [v1], operations: [CREATE], resources: [deployments]}
  validations:
    - expression: object.spec.replicas <= int(params.data.max)
      messageExpression: "'at most ' + params.data.max + ' replicas in ' + namespaceObject.metadata.labels.tier"
---
apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingAdmissionPolicyBinding
metadata: {name: limit}
spec:
  policyName: limit
  validationActions: [Deny]
  paramRef: {name: replica-limit, parameterNotFoundAction: Deny}
`,
    });
    const dir = scratch({
      'app.yaml': `${hardened('big', 'shop', 4)}---
apiVersion: v1
kind: ConfigMap
metadata: {name: replica-limit, namespace: shop}
data: {max: "3"}
---
apiVersion: v1
kind: Namespace
metadata: {name: shop, labels: {tier: gold}}
`,
    });
    const run = await scanJson([dir, '--policy', policies]);
    const findings = run.policyResults.filter((r) => r.verdict !== 'pass');
    assert.deepEqual(
      findings.map((r) => [r.resource?.name, r.verdict, r.message]),
      [['big', 'fail', 'at most 3 replicas in gold']],
    );
  });

  test('a mutating policy runs first: validation sees the mutated object; a failed mutation is a fail of map/<policy>', async () => {
    const policies = scratch({
      'p.yaml': `apiVersion: admissionregistration.k8s.io/v1beta1
kind: MutatingAdmissionPolicy
metadata: {name: cap-replicas}
spec:
  reinvocationPolicy: Never
  matchConstraints:
    resourceRules:
      - {apiGroups: [apps], apiVersions: [v1], operations: [CREATE], resources: [deployments]}
  mutations:
    - patchType: JSONPatch
      jsonPatch:
        expression: "object.metadata.name == 'odd' ? [JSONPatch{op: 'remove', path: '/spec/nothing'}] : [JSONPatch{op: 'replace', path: '/spec/replicas', value: 5}]"
---
apiVersion: admissionregistration.k8s.io/v1beta1
kind: MutatingAdmissionPolicyBinding
metadata: {name: cap-replicas}
spec: {policyName: cap-replicas}
---
${policy('replicas', 'Deny')}`,
    });
    const dir = scratch({ 'app.yaml': `${hardened('big', 'shop', 9)}---\n${hardened('odd', 'shop', 9)}` });
    const run = await scanJson([dir, '--policy', policies]);
    assert.deepEqual(
      run.policyResults.map((r) => [r.ruleId, r.resource?.name, r.verdict]),
      [['map/cap-replicas', 'odd', 'fail']],
    );
    assert.match(
      run.policyResults[0]?.message ?? '',
      /^JSON Patch: error in remove for path: '\/spec\/nothing': Unable to remove nonexistent key: nothing: missing value$/,
    );
  });

  test('a policy that does not compile is one error naming the policy, the field, the position and the expression; exit 2', async () => {
    const dir = scratch({ 'app.yaml': hardened('big', 'shop', 6) });
    const policies = scratch({
      'p.yaml': policy('broken', 'Deny').replace('object.spec.replicas <= 5', 'object.spec.replicas <='),
    });
    const run = await scanJson([dir, '--policy', policies]);
    assert.equal(run.code, 2);
    assert.deepEqual(
      run.policyResults.map((r) => [r.ruleId, r.verdict, r.message, r.location?.line]),
      [
        [
          'vap/broken',
          'error',
          'ValidatingAdmissionPolicy "broken": spec.validations[0].expression does not compile: unexpected end of expression (line 1, column 24 of the expression: object.spec.replicas <=)',
          9,
        ],
      ],
    );
  });

  test('a runaway expression stops at the cost limit: under failurePolicy Fail, a fail naming the cost', async () => {
    const dir = scratch({ 'app.yaml': hardened('big', 'shop', 6) });
    const list = `[${Array.from({ length: 60 }, (_, i) => i).join(', ')}]`;
    const runaway = `${list}.all(a, ${list}.all(b, ${list}.all(c, ${list}.all(d, true))))`;
    const policies = scratch({
      'p.yaml': policy('runaway', 'Deny').replace('object.spec.replicas <= 5', `"${runaway}"`),
    });
    const run = await scanJson([dir, '--policy', policies]);
    assert.equal(run.code, 1, run.stderr);
    assert.equal(run.policyResults.length, 1);
    assert.match(
      run.policyResults[0]?.message ?? '',
      /resulted in error: operation cancelled: actual cost limit exceeded/,
    );
  });

  test('policy files that are not valid policies are errors at the field; exit 2, no stack trace', async () => {
    const dir = scratch({ 'app.yaml': hardened('big', 'shop', 6) });
    const policies = scratch({
      'p.yaml': `apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingAdmissionPolicy
metadata: {name: typo}
spec:
  matchConstraint: {}
  failurePolicy: Sometimes
  validations:
    - expresion: "true"
---
kind: [broken
`,
    });
    const run = await scanJson([dir, '--policy', policies]);
    assert.equal(run.code, 2, run.stderr);
    const messages = run.doc.results
      .filter((r) => r.verdict === 'error')
      .map((r) => `${r.location?.line}: ${r.message}`);
    assert.deepEqual(messages, [
      '11: document 2 is not valid YAML: deficient indentation',
      '5: ValidatingAdmissionPolicy "typo": spec.matchConstraint is not a field here; expected one of paramKind, matchConstraints, validations, failurePolicy, auditAnnotations, matchConditions, variables',
      '6: ValidatingAdmissionPolicy "typo": spec.failurePolicy must be one of Fail, Ignore (got "Sometimes")',
      '4: ValidatingAdmissionPolicy "typo": spec.matchConstraints is required',
      '8: ValidatingAdmissionPolicy "typo": spec.validations[0].expresion is not a field here; expected one of expression, message, messageExpression, reason',
      '8: ValidatingAdmissionPolicy "typo": spec.validations[0].expression is required',
    ]);
    assert.doesNotMatch(run.stderr, NO_STACK);
  });

  test('a MutatingAdmissionPolicy without reinvocationPolicy is refused, as the API server refuses it', async () => {
    const dir = scratch({ 'app.yaml': hardened('big', 'shop', 6) });
    const policies = scratch({
      'p.yaml': `apiVersion: admissionregistration.k8s.io/v1
kind: MutatingAdmissionPolicy
metadata: {name: no-reinvocation}
spec:
  matchConstraints:
    resourceRules:
      - {apiGroups: [apps], apiVersions: [v1], operations: [CREATE], resources: [deployments]}
  mutations:
    - patchType: JSONPatch
      jsonPatch: {expression: "[]"}
`,
    });
    const run = await scanJson([dir, '--policy', policies]);
    assert.equal(run.code, 2, run.stderr);
    const messages = run.doc.results.filter((r) => r.verdict === 'error').map((r) => r.message);
    assert.deepEqual(messages, ['MutatingAdmissionPolicy "no-reinvocation": spec.reinvocationPolicy is required']);
  });

  test('--policy files without any policy, or that do not exist, are input errors; exit 2', async () => {
    const dir = scratch({ 'app.yaml': hardened('big', 'shop', 6) });
    const empty = await runCli([
      'scan',
      dir,
      '--policy',
      scratch({ 'cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n' }),
    ]);
    assert.equal(empty.code, 2);
    assert.match(empty.stderr, /no ValidatingAdmissionPolicy or MutatingAdmissionPolicy found/);
    const missing = await scanJson([dir, '--policy', '/no/such/policy.yaml']);
    assert.equal(missing.code, 2);
    assert.ok(
      missing.doc.results.some((r) => r.ruleId === 'input-error' && /policy\.yaml does not exist/.test(r.message)),
    );
  });

  test('policies among the scanned files are scanned as resources, not run', async () => {
    const dir = scratch({ 'app.yaml': `${hardened('big', 'shop', 6)}---\n${policy('replicas', 'Deny')}` });
    const run = await scanJson([dir]);
    assert.deepEqual(run.policyResults, []);
    assert.ok(run.doc.results.every((r) => r.verdict !== 'error'));
  });

  test('SARIF describes the policy rule', async () => {
    const dir = scratch({ 'app.yaml': hardened('big', 'shop', 6) });
    const run = await runCli([
      'scan',
      dir,
      '--policy',
      scratch({ 'p.yaml': policy('replicas', 'Deny') }),
      '-o',
      'sarif',
    ]);
    const sarif = JSON.parse(run.stdout);
    const rule = sarif.runs[0].tool.driver.rules.find((r: { id: string }) => r.id === 'vap/replicas');
    assert.equal(rule.shortDescription.text, 'ValidatingAdmissionPolicy replicas');
    assert.ok(sarif.runs[0].results.some((r: { ruleId: string }) => r.ruleId === 'vap/replicas'));
  });
});
