import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { gzipSync } from 'node:zlib';
import { runCli } from '../support/run-cli.js';
import { BOOTSTRAP, read } from './support.js';

const ESCALATION = path.join(import.meta.dirname, 'escalation');
const AUDIT = path.join(import.meta.dirname, 'audit');
const NO_STACK = /\n\s+at .+:\d+:\d+/;

const scratchDirs: string[] = [];
after(() => {
  for (const dir of scratchDirs) rmSync(dir, { recursive: true, force: true });
});

function scratch(files: Record<string, string> = {}): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'rampart-rbac-'));
  scratchDirs.push(dir);
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
  return dir;
}

describe('rampart rbac who-can', () => {
  test('JSON: every subject with its binding → role → rule', async () => {
    const run = await runCli(['rbac', 'who-can', 'get', 'secrets', '-n', 'kube-system', '-f', BOOTSTRAP, '-o', 'json']);
    assert.equal(run.code, 0, run.stderr);
    const doc = JSON.parse(run.stdout);
    const names = doc.subjects.map(
      (s: { kind: string; name: string; namespace?: string }) =>
        `${s.kind}:${s.namespace ? `${s.namespace}/` : ''}${s.name}`,
    );
    assert.deepEqual(names, [
      'Group:system:masters',
      'User:system:kube-controller-manager',
      'ServiceAccount:kube-system/bootstrap-signer',
      'ServiceAccount:kube-system/generic-garbage-collector',
      'ServiceAccount:kube-system/namespace-controller',
      'ServiceAccount:kube-system/token-cleaner',
    ]);
    assert.equal(doc.subjects[0].privileged, true);
    const signer = doc.subjects.find((s: { name: string }) => s.name === 'bootstrap-signer');
    assert.deepEqual(signer.grants[0], {
      binding: { kind: 'RoleBinding', namespace: 'kube-system', name: 'system:controller:bootstrap-signer' },
      role: { kind: 'Role', namespace: 'kube-system', name: 'system:controller:bootstrap-signer' },
      rule: { apiGroups: [''], resources: ['secrets'], verbs: ['get', 'list', 'watch'] },
      ruleIndex: 0,
    });
  });

  test('aggregated roles carry the rule they aggregate, and -A counts RoleBindings everywhere', async () => {
    const binding =
      'apiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata: {name: devs-edit, namespace: team}\nroleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: edit}\nsubjects: [{apiGroup: rbac.authorization.k8s.io, kind: Group, name: devs}]\n';
    const dir = scratch({ 'devs.yaml': binding });
    const here = JSON.parse(
      (
        await runCli([
          'rbac',
          'who-can',
          'create',
          'deployments',
          '-n',
          'team',
          '-f',
          BOOTSTRAP,
          '-f',
          dir,
          '-o',
          'json',
        ])
      ).stdout,
    );
    const devs = here.subjects.find((s: { name: string }) => s.name === 'devs');
    assert.equal(devs.grants[0].role.name, 'edit');
    assert.equal(devs.grants[0].aggregatedFrom.name, 'system:aggregate-to-edit');
    const elsewhere = JSON.parse(
      (
        await runCli([
          'rbac',
          'who-can',
          'create',
          'deployments.apps',
          '-n',
          'other',
          '-f',
          BOOTSTRAP,
          '-f',
          dir,
          '-o',
          'json',
        ])
      ).stdout,
    );
    assert.ok(!elsewhere.subjects.some((s: { name: string }) => s.name === 'devs'));
    const anywhere = JSON.parse(
      (await runCli(['rbac', 'who-can', 'create', 'deploy', '-A', '-f', BOOTSTRAP, '-f', dir, '-o', 'json'])).stdout,
    );
    assert.ok(anywhere.subjects.some((s: { name: string }) => s.name === 'devs'));
  });

  test('subresources, names, non-resource URLs; the table names the grant', async () => {
    const exec = await runCli(['rbac', 'who-can', 'create', 'pods/exec', '-n', 'default', '-f', BOOTSTRAP]);
    assert.equal(exec.code, 0);
    assert.match(exec.stdout, /^who can create pods\/exec in namespace default:/);
    assert.match(exec.stdout, /Group system:masters/);
    const healthz = JSON.parse(
      (await runCli(['rbac', 'who-can', 'get', '/healthz', '-f', BOOTSTRAP, '-o', 'json'])).stdout,
    );
    const groups = healthz.subjects.map((s: { name: string }) => s.name);
    assert.ok(groups.includes('system:unauthenticated') && groups.includes('system:authenticated'), groups.join());
    const named = JSON.parse(
      (await runCli(['rbac', 'who-can', 'update', 'configmaps', '-n', 'kube-system', '-f', BOOTSTRAP, '-o', 'json']))
        .stdout,
    );
    assert.ok(Array.isArray(named.namedOnly));
  });
});

describe('rampart rbac can', () => {
  test('exit 0 and the reason when allowed, 1 when not', async () => {
    const yes = await runCli([
      'rbac',
      'can',
      'sa:kube-system/namespace-controller',
      'delete',
      'secrets',
      '-n',
      'team',
      '-f',
      BOOTSTRAP,
      '-o',
      'json',
    ]);
    assert.equal(yes.code, 0, yes.stderr);
    const doc = JSON.parse(yes.stdout);
    assert.equal(doc.allowed, true);
    assert.match(doc.reason, /^allowed by ClusterRoleBinding system:controller:namespace-controller/);
    assert.deepEqual(doc.grants[0].subject, {
      kind: 'ServiceAccount',
      name: 'namespace-controller',
      namespace: 'kube-system',
    });
    const no = await runCli(['rbac', 'can', 'user:alice', 'get', 'secrets', '-f', BOOTSTRAP, '-o', 'json']);
    assert.equal(no.code, 1);
    assert.deepEqual(Object.keys(JSON.parse(no.stdout)).slice(0, 3), ['allowed', 'grants', 'reason']);
    assert.equal(JSON.parse(no.stdout).allowed, false);
  });

  test('groups count: --group, system:authenticated, system:masters', async () => {
    const discovery = await runCli(['rbac', 'can', 'user:alice', 'get', '/api', '-f', BOOTSTRAP]);
    assert.equal(discovery.code, 0);
    assert.match(discovery.stdout, /^yes: .*\n {2}allowed by ClusterRoleBinding system:discovery/);
    const masters = await runCli([
      'rbac',
      'can',
      'user:root',
      'delete',
      'nodes',
      '--group',
      'system:masters',
      '-f',
      BOOTSTRAP,
    ]);
    assert.equal(masters.code, 0);
    assert.match(masters.stdout, /privileged group/);
  });

  test('the denial says what would have matched elsewhere', async () => {
    const dir = scratch({
      'r.yaml':
        'apiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata: {name: view, namespace: team}\nroleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: view}\nsubjects: [{kind: User, name: alice}]\n',
    });
    const run = await runCli(['rbac', 'can', 'user:alice', 'list', 'pods', '-n', 'shop', '-f', BOOTSTRAP, '-f', dir]);
    assert.equal(run.code, 1);
    assert.match(run.stdout, /it would be allowed in namespace team/);
  });
});

describe('rampart rbac access, paths, workloads', () => {
  test('access: resources × verbs per namespace, and risky capabilities', async () => {
    const run = await runCli([
      'rbac',
      'access',
      'user:alice',
      '-f',
      BOOTSTRAP,
      '-f',
      path.join(ESCALATION, 'pos.create-pods.yaml'),
      '-o',
      'json',
    ]);
    assert.equal(run.code, 0, run.stderr);
    const doc = JSON.parse(run.stdout);
    assert.deepEqual(doc.subject, { kind: 'User', name: 'alice' });
    const pods = doc.resources.find(
      (r: { namespace: string; resource: string }) => r.namespace === 'kube-system' && r.resource === 'pods',
    );
    assert.deepEqual(pods.verbs, ['create']);
    assert.ok(
      doc.capabilities.some(
        (c: { id: string; namespace: string }) => c.id === 'create-pods' && c.namespace === 'kube-system',
      ),
    );
    assert.ok(doc.nonResourceURLs.some((u: { url: string }) => u.url === '/healthz'));
    const table = await runCli([
      'rbac',
      'access',
      'user:alice',
      '-f',
      BOOTSTRAP,
      '-f',
      path.join(ESCALATION, 'pos.create-pods.yaml'),
    ]);
    assert.match(table.stdout, /kube-system\s+pods\s/);
    assert.match(table.stdout, /HIGH\s+create pods\s+kube-system/);
  });

  test('paths: text, JSON, DOT and Mermaid; platform subjects left out by default', async () => {
    const args = ['rbac', 'paths', '-f', BOOTSTRAP, '-f', path.join(ESCALATION, 'pos.create-pods.yaml')];
    const text = await runCli(args);
    assert.equal(text.code, 0);
    assert.match(
      text.stdout,
      /^User alice → cluster-admin \(2 steps\)\n {2}1\. creates a pod in namespace kube-system/,
    );
    assert.match(text.stdout, /granted by RoleBinding kube-system\/alice-pods → Role kube-system\/pod-maker rule 0/);
    assert.match(text.stdout, /1 path to cluster-admin\n$/);
    const json = JSON.parse((await runCli([...args, '-o', 'json'])).stdout);
    assert.equal(json.target, 'cluster-admin');
    assert.equal(json.paths.length, 1);
    assert.deepEqual(
      json.paths[0].steps.map((s: { kind: string }) => s.kind),
      ['create-pods', 'run-as', 'escalate'],
    );
    assert.equal(json.paths[0].steps[0].grants[0].binding.name, 'alice-pods');
    const dot = (await runCli([...args, '-o', 'dot'])).stdout;
    assert.match(dot, /^digraph escalation \{/);
    assert.match(dot, /"User:alice" -> "any-service-account:kube-system" \[label="create-pods"\];/);
    const mermaid = (await runCli([...args, '-o', 'mermaid'])).stdout;
    assert.match(mermaid, /^flowchart LR\n/);
    assert.match(mermaid, /-->\|escalate\|/);
    const platform = JSON.parse(
      (await runCli(['rbac', 'paths', '-f', BOOTSTRAP, '--include-platform', '-o', 'json'])).stdout,
    );
    assert.ok(platform.paths.length > 5);
    const none = await runCli(['rbac', 'paths', '-f', BOOTSTRAP]);
    assert.match(none.stdout, /no subject outside the platform has a path to cluster-admin/);
  });

  test('paths for one subject the policy does not name, and to other targets', async () => {
    const bob = await runCli(['rbac', 'paths', 'user:bob', '--to', 'secrets', '-f', BOOTSTRAP]);
    assert.equal(bob.code, 0);
    assert.equal(bob.stdout, 'no path to secrets\n');
    const nodes = await runCli([
      'rbac',
      'paths',
      'user:alice',
      '--to',
      'nodes',
      '-f',
      BOOTSTRAP,
      '-f',
      path.join(ESCALATION, 'pos.nodes-proxy.yaml'),
      '-o',
      'json',
    ]);
    assert.equal(JSON.parse(nodes.stdout).paths[0].steps[0].kind, 'nodes-proxy');
  });

  test('workloads: service account, token, exposure, reach', async () => {
    const fixture = path.resolve(
      import.meta.dirname,
      '../../src/rules/rbac-workload-powerful-service-account/fixtures/fail.exposed-admin.yaml',
    );
    const run = await runCli(['rbac', 'workloads', '-f', fixture, '-o', 'json']);
    assert.equal(run.code, 0, run.stderr);
    const [dashboard] = JSON.parse(run.stdout).workloads;
    assert.equal(dashboard.name, 'dashboard');
    assert.deepEqual(dashboard.serviceAccount, { kind: 'ServiceAccount', name: 'ops', namespace: 'tools' });
    assert.equal(dashboard.tokenMounted, true);
    assert.deepEqual(dashboard.exposure, ['Service dashboard (LoadBalancer)']);
    assert.deepEqual(
      dashboard.reaches.map((r: { target: string }) => r.target),
      ['cluster-admin', 'secrets', 'nodes'],
    );
    const table = await runCli(['rbac', 'workloads', '-f', fixture]);
    assert.match(
      table.stdout,
      /Deployment tools\/dashboard\s+tools\/ops\s+mounted\s+Service dashboard \(LoadBalancer\)\s+cluster-admin/,
    );
  });
});

describe('rampart rbac generate and unused', () => {
  test('generate: minimal Role and ClusterRole with bindings, from JSON lines, an EventList, or gzip', async () => {
    const run = await runCli([
      'rbac',
      'generate',
      '--audit-log',
      path.join(AUDIT, 'deployer.jsonl'),
      '--subject',
      'sa:ci/deployer',
      '-o',
      'json',
    ]);
    assert.equal(run.code, 0, run.stderr);
    const list = JSON.parse(run.stdout);
    assert.deepEqual(
      list.items.map(
        (o: { kind: string; metadata: { namespace?: string } }) => `${o.kind}/${o.metadata.namespace ?? ''}`,
      ),
      ['ClusterRole/', 'ClusterRoleBinding/', 'Role/shop', 'RoleBinding/shop'],
    );
    const role = list.items[2];
    assert.deepEqual(role.rules, [
      { apiGroups: [''], resources: ['configmaps'], verbs: ['create'] },
      { apiGroups: [''], resources: ['pods'], verbs: ['list', 'watch'] },
      { apiGroups: [''], resources: ['pods/log'], verbs: ['get'] },
      { apiGroups: ['apps'], resources: ['deployments'], verbs: ['get', 'patch'] },
    ]);
    assert.deepEqual(list.items[0].rules, [
      { apiGroups: [''], resources: ['namespaces'], verbs: ['list'] },
      { nonResourceURLs: ['/version'], verbs: ['get'] },
    ]);
    assert.deepEqual(list.items[3].subjects, [{ kind: 'ServiceAccount', name: 'deployer', namespace: 'ci' }]);
    const fromList = await runCli([
      'rbac',
      'generate',
      '--audit-log',
      path.join(AUDIT, 'deployer-eventlist.json'),
      '--subject',
      'sa:ci/deployer',
      '-o',
      'json',
    ]);
    assert.deepEqual(JSON.parse(fromList.stdout), list);
    const dir = scratch();
    writeFileSync(path.join(dir, 'audit.log.gz'), gzipSync(read(path.join(AUDIT, 'deployer.jsonl'))));
    const gz = await runCli([
      'rbac',
      'generate',
      '--audit-log',
      path.join(dir, 'audit.log.gz'),
      '--subject',
      'sa:ci/deployer',
      '-o',
      'json',
    ]);
    assert.deepEqual(JSON.parse(gz.stdout), list);
  });

  test('generate: --resource-names pins named verbs; --include-denied covers denied requests; YAML applies', async () => {
    const base = [
      'rbac',
      'generate',
      '--audit-log',
      path.join(AUDIT, 'deployer.jsonl'),
      '--subject',
      'sa:ci/deployer',
      '-o',
      'json',
    ];
    const pinned = JSON.parse((await runCli([...base, '--resource-names'])).stdout);
    assert.deepEqual(pinned.items[2].rules.at(-1), {
      apiGroups: ['apps'],
      resources: ['deployments'],
      resourceNames: ['web'],
      verbs: ['get', 'patch'],
    });
    const denied = JSON.parse((await runCli([...base, '--include-denied'])).stdout);
    assert.ok(denied.items[2].rules.some((r: { resources?: string[] }) => r.resources?.includes('secrets')));
    const yaml = await runCli(base.slice(0, -2));
    assert.match(yaml.stdout, /^# Least privilege for sa:ci\/deployer/);
    const again = await runCli(
      ['rbac', 'can', 'sa:ci/deployer', 'patch', 'deployments', 'web', '-n', 'shop', '-f', '-'],
      { stdin: yaml.stdout },
    );
    assert.equal(again.code, 0, 'the generated policy allows what the log shows');
    const notMore = await runCli(
      ['rbac', 'can', 'sa:ci/deployer', 'delete', 'deployments', 'web', '-n', 'shop', '-f', '-'],
      { stdin: yaml.stdout },
    );
    assert.equal(notMore.code, 1, 'and no more');
  });

  test('bad lines: each named with its line number, the rest used, exit 2; a missing file is a usage error', async () => {
    const run = await runCli([
      'rbac',
      'generate',
      '--audit-log',
      path.join(AUDIT, 'bad.jsonl'),
      '--subject',
      'sa:ci/deployer',
    ]);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /bad\.jsonl:2: not valid JSON/);
    assert.match(run.stderr, /bad\.jsonl:3: not an audit event: it has no verb/);
    assert.match(run.stderr, /bad\.jsonl:5: not an audit event/);
    assert.match(run.stdout, /kind: Role/);
    const missing = await runCli(['rbac', 'generate', '--audit-log', '/nonexistent/audit.log', '--subject', 'user:a']);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /cannot read audit log \/nonexistent\/audit\.log: no such file/);
    const nobody = await runCli([
      'rbac',
      'generate',
      '--audit-log',
      path.join(AUDIT, 'deployer.jsonl'),
      '--subject',
      'user:nobody',
    ]);
    assert.equal(nobody.code, 3);
    assert.match(nobody.stderr, /holds no allowed request by user:nobody/);
  });

  test('unused: rules and verbs never exercised, whole bindings never used', async () => {
    const run = await runCli([
      'rbac',
      'unused',
      '-f',
      path.join(AUDIT, 'policy.yaml'),
      '--audit-log',
      path.join(AUDIT, 'deployer.jsonl'),
      '-o',
      'json',
    ]);
    assert.equal(run.code, 0, run.stderr);
    const doc = JSON.parse(run.stdout);
    assert.equal(doc.window.events, 9);
    const [main, batch] = doc.bindings;
    assert.equal(main.binding.name, 'deployer');
    assert.deepEqual(
      main.unusedRules.map((r: { ruleIndex: number }) => r.ruleIndex),
      [3],
    );
    assert.deepEqual(main.usedRules[0], {
      ruleIndex: 0,
      usedVerbs: ['get', 'patch'],
      unusedVerbs: ['list', 'watch', 'create', 'update', 'delete'],
    });
    assert.equal(batch.unused, true);
    const table = await runCli([
      'rbac',
      'unused',
      '-f',
      path.join(AUDIT, 'policy.yaml'),
      '--audit-log',
      path.join(AUDIT, 'deployer.jsonl'),
      '--subject',
      'sa:ci/deployer',
    ]);
    assert.match(table.stdout, /the whole binding: no request used it/);
  });
});

describe('rampart rbac: bad input and usage', () => {
  test('usage errors exit 2 with a message and no stack trace', async () => {
    for (const argv of [
      ['rbac', 'who-can', 'get', 'pods'],
      ['rbac', 'who-can', 'get', 'pods', '-f', BOOTSTRAP, '-n', 'a', '-A'],
      ['rbac', 'who-can', 'get', 'pods', '-f', BOOTSTRAP, '-o', 'xml'],
      ['rbac', 'can', 'alice', 'get', 'pods', '-f', BOOTSTRAP],
      ['rbac', 'can', 'sa:nonamespace', 'get', 'pods', '-f', BOOTSTRAP],
      ['rbac', 'paths', '-f', BOOTSTRAP, '--to', 'everything'],
      ['rbac', 'generate', '--subject', 'user:a'],
      ['rbac', 'frobnicate'],
    ]) {
      const run = await runCli(argv);
      assert.equal(run.code, 2, `${argv.join(' ')}: ${run.stdout}${run.stderr}`);
      assert.ok(run.stderr.length > 0, argv.join(' '));
      assert.doesNotMatch(run.stderr, NO_STACK);
    }
  });

  test('malformed RBAC objects and YAML: file and line named, exit 2, the rest still answered', async () => {
    const dir = scratch({
      'broken.yaml':
        'apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: {name: bad}\nrules:\n  - verbs: get\n    apiGroups: [""]\n',
      'invalid.yaml': 'kind: [unclosed\n',
      'ok.yaml':
        'apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRoleBinding\nmetadata: {name: x}\nroleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: missing}\nsubjects: [{kind: User, name: alice}]\n',
    });
    const run = await runCli(['rbac', 'who-can', 'get', 'pods', '-f', dir, '-f', BOOTSTRAP]);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /broken\.yaml:5:\d+: ClusterRole bad: rules\[0\]\.verbs must be a list of strings/);
    assert.match(run.stderr, /invalid\.yaml:\d+:\d+: .*not valid YAML/);
    assert.match(
      run.stderr,
      /warning: .*ok\.yaml:4:\d+: ClusterRoleBinding x: references ClusterRole missing, which neither the inputs nor the Kubernetes v1.37 bootstrap policy define/,
    );
    assert.match(run.stdout, /system:masters/);
    assert.doesNotMatch(run.stderr, NO_STACK);
  });

  test('no RBAC objects: exit 3; stdin works', async () => {
    const empty = await runCli([
      'rbac',
      'who-can',
      'get',
      'pods',
      '-f',
      scratch({ 'pod.yaml': 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\n' }),
    ]);
    assert.equal(empty.code, 3);
    assert.match(empty.stderr, /nothing was analysed/);
    const stdin = await runCli(['rbac', 'can', 'user:alice', 'get', 'pods', '-n', 'team', '-f', '-'], {
      stdin:
        'apiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata: {name: v, namespace: team}\nroleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: view}\nsubjects: [{kind: User, name: alice}]\n---\n' +
        read(path.join(BOOTSTRAP, 'cluster-roles.yaml')),
    });
    assert.equal(stdin.code, 0, stdin.stdout + stdin.stderr);
  });
});
