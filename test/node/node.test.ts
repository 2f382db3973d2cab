/*
 * `rampart node --root` on a kubeadm node written by the test (test/node/kubeadm-node.ts): the
 * effective configuration from static pods, the kubelet's unit, env file, config and drop-ins; the
 * CIS verdicts it gives; each finding's source; and input that cannot be read.
 */
import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { inspectNode } from '../../src/analyze/controlplane/index.js';
import { runCli } from '../support/run-cli.js';
import { kubeadmNode } from './kubeadm-node.js';

interface JsonResult {
  ruleId: string;
  verdict: string;
  message: string;
  resource?: { kind: string; name: string };
  location?: { file: string; line: number };
}

const node = kubeadmNode();
after(() => rmSync(node.root, { recursive: true, force: true }));

async function nodeJson(args: string[]): Promise<{ code: number; results: JsonResult[]; compliance?: unknown }> {
  const run = await runCli(['node', ...args, '-o', 'json']);
  assert.equal(run.stderr.includes('internal error'), false, run.stderr);
  const doc = JSON.parse(run.stdout) as { results: JsonResult[]; compliance?: unknown };
  return { code: run.code, results: doc.results, compliance: doc.compliance };
}

const failing = (results: JsonResult[]) =>
  [...new Set(results.filter((r) => r.verdict === 'fail').map((r) => `${r.resource?.kind} ${r.ruleId}`))].sort();

describe('rampart node --root (a kubeadm node)', () => {
  test('reports exactly the CIS failures the node has', async () => {
    const { code, results } = await nodeJson(['--root', node.root]);
    assert.equal(code, 1);
    assert.deepEqual(failing(results), [
      'Etcd etcd-data-dir-owner',
      'KubeAPIServer admin-kubeconfig-permissions',
      'KubeAPIServer apiserver-always-pull-images',
      'KubeAPIServer apiserver-anonymous-auth',
      'KubeAPIServer apiserver-audit-log-maxage',
      'KubeAPIServer apiserver-audit-log-maxbackup',
      'KubeAPIServer apiserver-audit-log-maxsize',
      'KubeAPIServer apiserver-audit-log-path',
      'KubeAPIServer apiserver-audit-policy-file',
      'KubeAPIServer apiserver-deny-service-external-ips',
      'KubeAPIServer apiserver-encryption-provider-config',
      'KubeAPIServer apiserver-event-rate-limit',
      'KubeAPIServer apiserver-kubelet-certificate-authority',
      'KubeAPIServer apiserver-token-auth-file',
      'KubeAPIServer pki-certificate-permissions',
      'KubeScheduler scheduler-manifest-permissions',
      'Kubelet kubelet-anonymous-auth',
      'Kubelet kubelet-client-ca-permissions',
      'Kubelet kubelet-read-only-port',
      'Kubelet kubelet-service-file-permissions',
      'Kubelet kubelet-streaming-idle-timeout',
    ]);
  });

  test('names the source of every value: flag and line, drop-in, env file, environment, default', async () => {
    const { results } = await nodeJson(['--root', node.root]);
    const message = (ruleId: string) => results.find((r) => r.ruleId === ruleId && r.verdict === 'fail')?.message;
    assert.equal(
      message('apiserver-token-auth-file'),
      `--token-auth-file is set (flag --token-auth-file in /etc/kubernetes/manifests/kube-apiserver.yaml:${node.lines.tokenAuthFile})`,
    );
    const token = results.find((r) => r.ruleId === 'apiserver-token-auth-file');
    assert.deepEqual(
      [token?.location?.file, token?.location?.line],
      ['/etc/kubernetes/manifests/kube-apiserver.yaml', node.lines.tokenAuthFile],
    );
    assert.equal(
      message('apiserver-anonymous-auth'),
      '--anonymous-auth is true, not false (default of kube-apiserver v1.37.2, the version of its image)',
    );
    // The later drop-in (20-debug.conf) wins over the earlier one and over config.yaml.
    assert.equal(
      message('kubelet-anonymous-auth'),
      `authentication.anonymous.enabled is true, not false (drop-in /etc/kubernetes/kubelet.conf.d/20-debug.conf:${node.lines.dropInAnonymous})`,
    );
    // A flag in kubeadm-flags.env wins over the config file's default of 0.
    assert.equal(
      message('kubelet-read-only-port'),
      'readOnlyPort is 10255, not 0 (flag --read-only-port in /var/lib/kubelet/kubeadm-flags.env:1)',
    );
    assert.equal(
      message('kubelet-streaming-idle-timeout'),
      'streamingConnectionIdleTimeout is 0s (/var/lib/kubelet/config.yaml:11)',
    );
    // etcd's client-cert-auth comes from ETCD_CLIENT_CERT_AUTH in the manifest's env (true), so it passes.
    assert.equal(message('etcd-client-cert-auth'), undefined);
  });

  test('layers the kubelet configuration in upstream order', () => {
    const { resources } = inspectNode({ root: node.root, processes: false });
    const kubelet = resources.find((r) => r.object.kind === 'Kubelet')?.object.spec as {
      settings: Record<string, { value: string; from: string; source: string }>;
    };
    assert.deepEqual(kubelet.settings.podPidsLimit, {
      value: '4096',
      from: 'drop-in',
      source: 'drop-in /etc/kubernetes/kubelet.conf.d/10-limits.conf:3',
    });
    assert.equal(kubelet.settings.rotateCertificates?.value, 'true');
    assert.equal(kubelet.settings.eventRecordQPS?.source, 'default of KubeletConfiguration v1beta1');
    const etcd = resources.find((r) => r.object.kind === 'Etcd')?.object.spec as {
      settings: Record<string, { value: string; from: string; source: string }>;
    };
    assert.deepEqual(etcd.settings['client-cert-auth'], {
      value: 'true',
      from: 'env',
      source: `environment variable ETCD_CLIENT_CERT_AUTH in /etc/kubernetes/manifests/etcd.yaml:${node.lines.etcdEnv}`,
    });
  });

  test('--framework cis scores sections 1 to 4', async () => {
    const run = await runCli(['node', '--root', node.root, '--framework', 'cis', '-o', 'json']);
    const doc = JSON.parse(run.stdout) as {
      compliance: { framework: string; sections: { id: string; evaluated: number; passing: number }[] }[];
    };
    const cis = doc.compliance.find((c) => c.framework === 'cis');
    const section = (id: string) => cis?.sections.find((s) => s.id === id);
    assert.ok((section('1')?.evaluated ?? 0) >= 40, 'section 1 is judged');
    assert.ok((section('2')?.evaluated ?? 0) === 7, 'every etcd control is judged');
    assert.ok((section('4')?.evaluated ?? 0) >= 15, 'section 4 is judged');
    assert.equal(section('5')?.evaluated, 0, 'no manifest, no section 5');
  });
});

describe('rampart node: bad input', () => {
  test('an unreadable kubelet config and a broken manifest are reported, never thrown', async () => {
    const bad = kubeadmNode();
    try {
      writeFileSync(path.join(bad.root, 'etc/kubernetes/manifests/broken.yaml'), 'spec: [unclosed\n');
      writeFileSync(path.join(bad.root, 'etc/kubernetes/kubelet.conf.d/30-bad.conf'), 'authentication: {\n');
      // A config file that is a directory: read as unreadable, whatever the user (root too).
      rmSync(path.join(bad.root, 'var/lib/kubelet/config.yaml'));
      mkdirSync(path.join(bad.root, 'var/lib/kubelet/config.yaml'));
      const run = await runCli(['node', '--root', bad.root, '-o', 'json']);
      const doc = JSON.parse(run.stdout) as { results: JsonResult[] };
      const errors = doc.results
        .filter((r) => r.verdict === 'error')
        .map((r) => r.message)
        .sort();
      assert.deepEqual(errors, [
        '/etc/kubernetes/kubelet.conf.d/30-bad.conf is not valid YAML (line 2)',
        '/etc/kubernetes/manifests/broken.yaml is not a valid pod manifest',
        '/var/lib/kubelet/config.yaml is a directory',
      ]);
      assert.equal(run.code, 2);
      // Without its config file the kubelet runs on its flags' defaults: anonymous auth is on.
      assert.match(
        doc.results.find((r) => r.ruleId === 'kubelet-authorization-mode')?.message ?? '',
        /AlwaysAllow \(default of the kubelet flags/,
      );
    } finally {
      rmSync(bad.root, { recursive: true, force: true });
    }
  });

  test('a file the user cannot stat is a warning with the reason', {
    skip: process.getuid?.() === 0 && 'root reads every file',
  }, async () => {
    const bad = kubeadmNode();
    try {
      chmodSync(path.join(bad.root, 'var/lib'), 0o000);
      const run = await runCli(['node', '--root', bad.root, '-o', 'json']);
      const doc = JSON.parse(run.stdout) as { results: JsonResult[] };
      const warn = doc.results.find((r) => r.ruleId === 'etcd-data-dir-permissions');
      assert.equal(warn?.verdict, 'warn');
      assert.equal(warn?.message, '/var/lib/etcd permission denied: its mode and owner were not judged');
    } finally {
      chmodSync(path.join(bad.root, 'var/lib'), 0o755);
      rmSync(bad.root, { recursive: true, force: true });
    }
  });

  test('a process that is gone, and one that is not a component, are reported by pid', async () => {
    const run = await runCli(['node', '--pid', '999999999', '--pid', String(process.pid), '-o', 'json']);
    const doc = JSON.parse(run.stdout) as { results: JsonResult[] };
    assert.deepEqual(
      doc.results.map((r) => r.message).sort(),
      [
        'process 999999999 exited while it was read, or never ran',
        `process ${process.pid} is not a Kubernetes component`,
      ].sort(),
    );
    assert.equal(run.code, 2);
  });

  test('--root and --pid together are a usage error', async () => {
    const run = await runCli(['node', '--root', node.root, '--pid', '1']);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /--pid reads running processes; --root reads a copied directory/);
  });
});

describe('docs/cis-kube-bench.md', () => {
  test('lists every rule mapped to CIS sections 1 to 4 beside its control', async () => {
    const { readFileSync } = await import('node:fs');
    const { RULES } = await import('../../src/rules/index.js');
    const doc = readFileSync(path.resolve(import.meta.dirname, '../../docs/cis-kube-bench.md'), 'utf8');
    const rows = new Map(
      doc
        .split('\n')
        .filter((line) => /^\| \d/.test(line))
        .map((line) => [line.split('|')[1]?.trim() ?? '', line]),
    );
    assert.equal(rows.size, 95, 'every control of sections 1 to 4 has a row');
    for (const rule of RULES) {
      for (const id of rule.meta.frameworks.cis ?? []) {
        if (id.startsWith('5.')) continue;
        assert.ok(rows.get(id)?.includes(`\`${rule.meta.id}\``), `${rule.meta.id} is not listed at ${id}`);
      }
    }
  });
});

describe('running processes (a /proc written by the test)', () => {
  test('reads command lines, etcd environment and working directories; skips what is gone', async () => {
    const { mkdtempSync, symlinkSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const proc = mkdtempSync(path.join(tmpdir(), 'rampart-proc-'));
    try {
      const pid = (n: number, cmdline: string[], environ?: string[]) => {
        mkdirSync(path.join(proc, String(n)));
        writeFileSync(path.join(proc, String(n), 'cmdline'), cmdline.length ? `${cmdline.join('\0')}\0` : '');
        if (environ) writeFileSync(path.join(proc, String(n), 'environ'), `${environ.join('\0')}\0`);
        symlinkSync(node.root, path.join(proc, String(n), 'cwd'));
      };
      pid(10, [
        '/usr/local/bin/kube-apiserver',
        '--profiling',
        'false',
        '--anonymous-auth=false',
        '--authorization-mode',
        'Node',
        '--authorization-mode=RBAC',
      ]);
      pid(11, ['etcd', '--data-dir=data'], ['ETCD_CLIENT_CERT_AUTH=true', 'ETCD_AUTO_TLS=true', 'HOME=/root']);
      // etcd's files as its own mount namespace shows them (/proc/11/root), as a container's are.
      const containerRoot = path.join(proc, 'container-root');
      mkdirSync(path.join(containerRoot, node.root, 'data'), { recursive: true, mode: 0o750 });
      chmodSync(path.join(containerRoot, node.root, 'data'), 0o750);
      symlinkSync(containerRoot, path.join(proc, '11', 'root'));
      pid(12, []); // exited, not yet reaped
      pid(13, ['/bin/sh', '-c', 'sleep 1']);
      const all = inspectNode({ root: '/', processes: true, proc, manifests: path.join(proc, 'none') });
      assert.deepEqual(
        all.problems,
        [],
        'what is not a component, or is gone, is no problem when scanning all of /proc',
      );
      const settings = (kind: string) => {
        const spec = all.resources.find((r) => r.object.kind === kind)?.object.spec as
          | { settings: Record<string, { value: string; source: string }> }
          | undefined;
        assert.ok(spec, `no ${kind}`);
        return spec.settings;
      };
      // `--profiling false` is the boolean flag, then a stray word, as pflag reads it.
      assert.equal(settings('KubeAPIServer').profiling?.value, 'true');
      assert.equal(settings('KubeAPIServer')['anonymous-auth']?.source, 'flag --anonymous-auth of process 10');
      assert.equal(settings('KubeAPIServer')['authorization-mode']?.value, 'Node,RBAC', 'list flags add up');
      assert.equal(
        settings('Etcd')['client-cert-auth']?.source,
        'environment variable ETCD_CLIENT_CERT_AUTH of process 11',
      );
      assert.equal(settings('Etcd')['auto-tls']?.value, 'true');
      // A relative --data-dir is the process's working directory's.
      const etcd = all.resources.find((r) => r.object.kind === 'Etcd')?.object.spec as {
        files: { dataDir: { path: string; mode?: string } };
      };
      assert.deepEqual([etcd.files.dataDir.path, etcd.files.dataDir.mode], ['data', '750']);
      const chosen = inspectNode({ root: '/', processes: true, proc, pids: [12, 13] });
      assert.deepEqual(
        chosen.problems.map((p) => `${p.subject} ${p.message}`),
        ['process 12 exited while it was read', 'process 13 is not a Kubernetes component'],
      );
    } finally {
      rmSync(proc, { recursive: true, force: true });
    }
  });
});

describe('kube-scheduler with --config', () => {
  test('ignores --profiling and --kubeconfig, as kube-scheduler does, and reads the configuration file', async () => {
    const { mkdtempSync, mkdirSync: mkdir } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const root = mkdtempSync(path.join(tmpdir(), 'rampart-scheduler-'));
    try {
      mkdir(path.join(root, 'etc/kubernetes/manifests'), { recursive: true });
      writeFileSync(
        path.join(root, 'etc/kubernetes/manifests/kube-scheduler.yaml'),
        'apiVersion: v1\nkind: Pod\nmetadata:\n  name: kube-scheduler\nspec:\n  containers:\n  - name: kube-scheduler\n    command:\n    - kube-scheduler\n    - --config=/etc/kubernetes/scheduler-config.yaml\n    - --profiling=false\n    - --kubeconfig=/etc/kubernetes/scheduler.conf\n    - --bind-address=127.0.0.1\n',
        { mode: 0o600 },
      );
      writeFileSync(
        path.join(root, 'etc/kubernetes/scheduler-config.yaml'),
        'apiVersion: kubescheduler.config.k8s.io/v1\nkind: KubeSchedulerConfiguration\nclientConnection:\n  kubeconfig: /etc/kubernetes/other.conf\n',
      );
      const run = await runCli(['node', '--root', root, '-o', 'json']);
      const results = (JSON.parse(run.stdout) as { results: JsonResult[] }).results;
      assert.deepEqual(
        results.filter((r) => r.verdict === 'fail').map((r) => r.message),
        [
          '--profiling is true, not false (default of KubeSchedulerConfiguration /etc/kubernetes/scheduler-config.yaml, which kube-scheduler reads instead of --profiling)',
        ],
      );
      const { resources } = inspectNode({ root, processes: false });
      const spec = resources[0]?.object.spec as { files: { kubeconfig: { path: string; missing?: boolean } } };
      assert.deepEqual(spec.files.kubeconfig, { path: '/etc/kubernetes/other.conf', missing: true });
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});

describe('kube-apiserver with structured authorization and authentication files', () => {
  test('judges the authorizers and anonymous access the files configure, with their lines', async () => {
    const { mkdtempSync, mkdirSync: mkdir } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const root = mkdtempSync(path.join(tmpdir(), 'rampart-apiserver-'));
    try {
      mkdir(path.join(root, 'etc/kubernetes/manifests'), { recursive: true });
      writeFileSync(
        path.join(root, 'etc/kubernetes/manifests/kube-apiserver.yaml'),
        'apiVersion: v1\nkind: Pod\nmetadata:\n  name: kube-apiserver\nspec:\n  containers:\n  - name: kube-apiserver\n    command:\n    - kube-apiserver\n    - --authorization-config=/etc/kubernetes/authz.yaml\n    - --authentication-config=/etc/kubernetes/authn.yaml\n',
      );
      writeFileSync(
        path.join(root, 'etc/kubernetes/authz.yaml'),
        'apiVersion: apiserver.config.k8s.io/v1\nkind: AuthorizationConfiguration\nauthorizers:\n- type: Node\n  name: node\n- type: AlwaysAllow\n  name: everyone\n',
      );
      writeFileSync(
        path.join(root, 'etc/kubernetes/authn.yaml'),
        'apiVersion: apiserver.config.k8s.io/v1\nkind: AuthenticationConfiguration\nanonymous:\n  enabled: true\n  conditions:\n  - path: /livez\n',
      );
      const run = await runCli(['node', '--root', root, '-o', 'json']);
      const results = (JSON.parse(run.stdout) as { results: JsonResult[] }).results;
      const message = (ruleId: string) => results.find((r) => r.ruleId === ruleId && r.verdict === 'fail')?.message;
      assert.equal(
        message('apiserver-authorization-not-always-allow'),
        '--authorization-mode includes AlwaysAllow (authorizers of /etc/kubernetes/authz.yaml:4)',
      );
      assert.equal(
        message('apiserver-authorization-rbac'),
        '--authorization-mode does not include RBAC (authorizers of /etc/kubernetes/authz.yaml:4)',
      );
      assert.equal(message('apiserver-authorization-node'), undefined);
      assert.equal(
        message('apiserver-anonymous-auth'),
        '--anonymous-auth is true, not false (anonymous.enabled in /etc/kubernetes/authn.yaml:4)',
      );
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
