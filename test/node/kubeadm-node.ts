/**
 * A kubeadm control-plane node written into a temporary directory, as `rampart node --root` and
 * `rampart certs` read one copied from a machine: static pod manifests, the kubelet's systemd
 * drop-in, env file, config file and drop-in directory, kubeconfigs, and a PKI whose certificates
 * are made here (test/support/x509.ts). File modes are set as the test needs them: git keeps none.
 */
import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ecKey, issue, rsaKey, type TestKey } from '../support/x509.js';

const DAY = 86_400_000;

export interface KubeadmNode {
  root: string;
  /** Line numbers of the settings tests assert on. */
  lines: Record<string, number>;
}

function write(root: string, file: string, text: string, mode = 0o600): void {
  const full = path.join(root, file);
  mkdirSync(path.dirname(full), { recursive: true });
  writeFileSync(full, text);
  chmodSync(full, mode);
}

function manifest(name: string, args: string[]): string {
  return [
    'apiVersion: v1',
    'kind: Pod',
    'metadata:',
    `  name: ${name}`,
    '  namespace: kube-system',
    'spec:',
    '  containers:',
    `  - name: ${name}`,
    `    image: registry.k8s.io/${name}:v1.37.2`,
    '    command:',
    `    - ${name}`,
    ...args.map((arg) => `    - ${arg}`),
    '',
  ].join('\n');
}

/** Which line of `text` holds `needle` (1-based). */
export function lineOf(text: string, needle: string): number {
  const index = text.split('\n').findIndex((line) => line.includes(needle));
  if (index < 0) throw new Error(`no line with ${needle}`);
  return index + 1;
}

export function kubeadmNode(now = new Date()): KubeadmNode {
  const root = mkdtempSync(path.join(tmpdir(), 'rampart-node-'));
  const uid = process.getuid?.() ?? 0;
  const gid = process.getgid?.() ?? 0;
  // The copy's own passwd names this test's user root, as on the node the files came from.
  write(root, 'etc/passwd', `root:x:${uid}:${gid}:root:/root:/bin/sh\n`, 0o644);
  write(root, 'etc/group', `root:x:${gid}:\n`, 0o644);
  const lines: Record<string, number> = {};

  // Deliberately mixed: strong authorization, weak anonymous auth, a token file, no encryption.
  const apiserver = manifest('kube-apiserver', [
    '--advertise-address=10.0.0.10',
    '--authorization-mode=Node,RBAC',
    '--client-ca-file=/etc/kubernetes/pki/ca.crt',
    '--enable-admission-plugins=NodeRestriction',
    '--etcd-cafile=/etc/kubernetes/pki/etcd/ca.crt',
    '--etcd-certfile=/etc/kubernetes/pki/apiserver-etcd-client.crt',
    '--etcd-keyfile=/etc/kubernetes/pki/apiserver-etcd-client.key',
    '--etcd-servers=https://127.0.0.1:2379',
    '--kubelet-client-certificate=/etc/kubernetes/pki/apiserver-kubelet-client.crt',
    '--kubelet-client-key=/etc/kubernetes/pki/apiserver-kubelet-client.key',
    '--service-account-key-file=/etc/kubernetes/pki/sa.pub',
    '--tls-cert-file=/etc/kubernetes/pki/apiserver.crt',
    '--tls-private-key-file=/etc/kubernetes/pki/apiserver.key',
    '--token-auth-file=/etc/kubernetes/tokens.csv',
    '--profiling=false',
  ]);
  lines.tokenAuthFile = lineOf(apiserver, '--token-auth-file');
  write(root, 'etc/kubernetes/manifests/kube-apiserver.yaml', apiserver);
  write(
    root,
    'etc/kubernetes/manifests/kube-controller-manager.yaml',
    manifest('kube-controller-manager', [
      '--bind-address=127.0.0.1',
      '--kubeconfig=/etc/kubernetes/controller-manager.conf',
      '--profiling=false',
      '--root-ca-file=/etc/kubernetes/pki/ca.crt',
      '--service-account-private-key-file=/etc/kubernetes/pki/sa.key',
      '--use-service-account-credentials=true',
      '--terminated-pod-gc-threshold=100',
    ]),
  );
  // The scheduler's manifest is readable by everyone: 1.1.5 fails.
  write(
    root,
    'etc/kubernetes/manifests/kube-scheduler.yaml',
    manifest('kube-scheduler', [
      '--bind-address=127.0.0.1',
      '--kubeconfig=/etc/kubernetes/scheduler.conf',
      '--profiling=false',
    ]),
    0o644,
  );
  const etcd = `${manifest('etcd', [
    '--cert-file=/etc/kubernetes/pki/etcd/server.crt',
    '--key-file=/etc/kubernetes/pki/etcd/server.key',
    '--data-dir=/var/lib/etcd',
    '--peer-cert-file=/etc/kubernetes/pki/etcd/peer.crt',
    '--peer-key-file=/etc/kubernetes/pki/etcd/peer.key',
    '--peer-client-cert-auth=true',
    '--trusted-ca-file=/etc/kubernetes/pki/etcd/ca.crt',
    '--advertise-client-urls=https://10.0.0.10:2379',
  ])}    env:\n    - name: ETCD_CLIENT_CERT_AUTH\n      value: "true"\n`;
  lines.etcdEnv = lineOf(etcd, 'ETCD_CLIENT_CERT_AUTH');
  write(root, 'etc/kubernetes/manifests/etcd.yaml', etcd);
  mkdirSync(path.join(root, 'var/lib/etcd'), { recursive: true });
  chmodSync(path.join(root, 'var/lib/etcd'), 0o700);

  // The kubelet as kubeadm installs it: systemd drop-in, env file, config, and a drop-in directory.
  const unit = [
    '[Service]',
    'Environment="KUBELET_KUBECONFIG_ARGS=--bootstrap-kubeconfig=/etc/kubernetes/bootstrap-kubelet.conf --kubeconfig=/etc/kubernetes/kubelet.conf"',
    'Environment="KUBELET_CONFIG_ARGS=--config=/var/lib/kubelet/config.yaml --config-dir=/etc/kubernetes/kubelet.conf.d"',
    'EnvironmentFile=-/var/lib/kubelet/kubeadm-flags.env',
    'ExecStart=',
    'ExecStart=/usr/bin/kubelet $KUBELET_KUBECONFIG_ARGS $KUBELET_CONFIG_ARGS $KUBELET_KUBEADM_ARGS',
    '',
  ].join('\n');
  write(root, 'etc/systemd/system/kubelet.service.d/10-kubeadm.conf', unit, 0o644);
  // A flag in the env file overrides the config file and the drop-ins: read-only port 10255.
  write(
    root,
    'var/lib/kubelet/kubeadm-flags.env',
    'KUBELET_KUBEADM_ARGS="--container-runtime-endpoint=unix:///run/containerd/containerd.sock --read-only-port=10255"\n',
  );
  const config = [
    'apiVersion: kubelet.config.k8s.io/v1beta1',
    'kind: KubeletConfiguration',
    'authentication:',
    '  anonymous:',
    '    enabled: false',
    '  x509:',
    '    clientCAFile: /etc/kubernetes/pki/ca.crt',
    'authorization:',
    '  mode: Webhook',
    'rotateCertificates: true',
    'streamingConnectionIdleTimeout: 0s',
    'serverTLSBootstrap: true',
    '',
  ].join('\n');
  write(root, 'var/lib/kubelet/config.yaml', config);
  // Drop-ins merge in name order: 20 turns anonymous auth back on, 10 (earlier) sets a pid limit.
  write(
    root,
    'etc/kubernetes/kubelet.conf.d/20-debug.conf',
    'apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\nauthentication:\n  anonymous:\n    enabled: true\n',
  );
  write(
    root,
    'etc/kubernetes/kubelet.conf.d/10-limits.conf',
    'apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\npodPidsLimit: 4096\nauthentication:\n  anonymous:\n    enabled: false\n',
  );
  write(root, 'etc/kubernetes/kubelet.conf.d/README', 'not a drop-in: no .conf suffix\n');
  lines.dropInAnonymous = 5;

  // PKI: the cluster CA, an etcd CA, a front-proxy CA and their leaves; some weak or expiring.
  const caKey = ecKey();
  const etcdCaKey = ecKey();
  const proxyCaKey = ecKey();
  const year = (n: number) => new Date(now.getTime() + n * 365 * DAY);
  const pki = (file: string, cert: string, key: TestKey) => {
    write(root, `etc/kubernetes/pki/${file}.crt`, cert, 0o644);
    write(root, `etc/kubernetes/pki/${file}.key`, key.keyPem);
  };
  pki('ca', issue({ cn: 'kubernetes', key: caKey, notAfter: year(10), ca: true }), caKey);
  pki('etcd/ca', issue({ cn: 'etcd-ca', key: etcdCaKey, notAfter: year(10), ca: true }), etcdCaKey);
  pki('front-proxy-ca', issue({ cn: 'front-proxy-ca', key: proxyCaKey, notAfter: year(10), ca: true }), proxyCaKey);
  const leaf = (
    file: string,
    cn: string,
    issuer: { cn: string; key: TestKey },
    options: Partial<Parameters<typeof issue>[0]> = {},
  ) => {
    const key = options.key ?? ecKey();
    pki(file, issue({ cn, key, issuer, notAfter: year(1), ...options }), key);
  };
  const ca = { cn: 'kubernetes', key: caKey };
  const etcdCa = { cn: 'etcd-ca', key: etcdCaKey };
  // apiserver.crt lacks kubernetes.default.svc and the advertise address 10.0.0.10; expires in 20 days.
  leaf('apiserver', 'kube-apiserver', ca, {
    sans: ['kubernetes', 'kubernetes.default', '10.96.0.1'],
    notAfter: new Date(now.getTime() + 20 * DAY),
  });
  // RSA 1024 signed with SHA-1.
  leaf('apiserver-kubelet-client', 'kube-apiserver-kubelet-client', ca, { key: rsaKey(1024), hash: 'sha1' });
  // Signed by the cluster CA where kubeadm's layout has the etcd CA.
  leaf('apiserver-etcd-client', 'kube-apiserver-etcd-client', ca);
  leaf('front-proxy-client', 'front-proxy-client', { cn: 'front-proxy-ca', key: proxyCaKey });
  leaf('etcd/server', 'etcd-server', etcdCa, { sans: ['localhost', '127.0.0.1'] });
  leaf('etcd/peer', 'etcd-peer', etcdCa);
  // Expired.
  leaf('etcd/healthcheck-client', 'etcd-healthcheck', etcdCa, {
    notBefore: new Date(now.getTime() - 400 * DAY),
    notAfter: new Date(now.getTime() - 10 * DAY),
  });
  const sa = rsaKey(2048);
  write(root, 'etc/kubernetes/pki/sa.key', sa.keyPem);
  write(root, 'etc/kubernetes/pki/sa.pub', sa.publicKey.export({ type: 'spki', format: 'pem' }).toString(), 0o644);

  // Kubeconfigs: admin embeds its certificate; the scheduler's references files, one of them missing.
  const adminKey = ecKey();
  const adminCert = issue({ cn: 'kubernetes-admin', key: adminKey, issuer: ca, notAfter: year(1) });
  const caPem = issue({ cn: 'kubernetes', key: caKey, notAfter: year(10), ca: true });
  const b64 = (text: string) => Buffer.from(text).toString('base64');
  const kubeconfig = (user: Record<string, string>) =>
    [
      'apiVersion: v1',
      'kind: Config',
      'clusters:',
      '- name: kubernetes',
      '  cluster:',
      `    certificate-authority-data: ${b64(caPem)}`,
      '    server: https://control-plane.example:6443',
      'users:',
      '- name: user',
      '  user:',
      ...Object.entries(user).map(([k, v]) => `    ${k}: ${v}`),
      'contexts: []',
      '',
    ].join('\n');
  write(
    root,
    'etc/kubernetes/admin.conf',
    kubeconfig({ 'client-certificate-data': b64(adminCert), 'client-key-data': b64(adminKey.keyPem) }),
    0o644,
  );
  write(
    root,
    'etc/kubernetes/scheduler.conf',
    kubeconfig({ 'client-certificate': 'missing-scheduler.crt', 'client-key': 'missing-scheduler.key' }),
  );
  write(root, 'etc/kubernetes/controller-manager.conf', kubeconfig({}));
  write(root, 'etc/kubernetes/kubelet.conf', kubeconfig({}));
  return { root, lines };
}
