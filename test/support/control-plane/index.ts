/*
 * A real Kubernetes control plane for tests: etcd, kube-apiserver and kube-controller-manager on
 * free loopback ports, with a fresh data dir, PKI made at start, static-token users, Node,RBAC
 * authorization, the default admission plugins (PodSecurity, ValidatingAdmissionPolicy,
 * MutatingAdmissionPolicy among them) and an audit log. Ready means /readyz answers ok.
 *
 *   const cp = await startControlPlane({ binDir });
 *   … cp.http.post('/api/v1/namespaces', …) …
 *   await cp.stop();
 *
 * Later suites add flags and files (an admission webhook's kubeconfig, an audit webhook backend,
 * an encryption config) through `apiserverFlags` and `files`; `{dir}` in a flag is the run folder.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { KubeHttp } from '../kube-http.js';
import {
  ADMIN,
  AUDIT_POLICY,
  CONTROLLER_MANAGER,
  DEFAULT_USERS,
  type StaticUser,
  tokenFile,
  type User,
  withTokens,
  writeKubeconfig,
} from './config.js';
import {
  cleanStaleRuns,
  freePort,
  type Managed,
  runsRoot,
  startProcess,
  stopProcess,
  tailOf,
  writeRecord,
} from './processes.js';

export { type Build, BuildError, ensureControlPlane } from './build.js';
export type { StaticUser, User } from './config.js';

export interface StartOptions {
  /** The folder of the built binaries (ensureControlPlane().binDir). */
  binDir: string;
  /** Users besides the admin (default: alice in dev, bob in dev and ops, carol in no group). */
  users?: readonly StaticUser[];
  /** Extra kube-apiserver flags; `{dir}` is replaced by the run folder. */
  apiserverFlags?: readonly string[];
  /** Files written into the run folder before the API server starts (name → content). */
  files?: Readonly<Record<string, string>>;
  /** Start the controller manager (default true: aggregation, service accounts, namespace cleanup). */
  controllerManager?: boolean;
  /** How long the API server may take to become ready (default 180 s; a cold start on 2 busy cores is slow). */
  readyTimeoutMs?: number;
  /** Progress lines. */
  log?: (line: string) => void;
  /** The API server's port on the first attempt (tests of a taken port); later attempts pick free ones. */
  apiserverPort?: number;
}

export interface ControlPlane {
  /** https://127.0.0.1:<port> */
  server: string;
  /** The run folder: PKI, logs, kubeconfigs, etcd data. Removed by stop(). */
  dir: string;
  caFile: string;
  caPem: string;
  /** The CA key signs further certificates (a webhook's serving cert) with issueCertificate(). */
  admin: User;
  users: ReadonlyMap<string, User>;
  /** A client authenticated as the admin (system:masters). */
  http: KubeHttp;
  auditLog: string;
  logs: Readonly<Record<string, string>>;
  /** Writes `<name>.crt`/`<name>.key` signed by the cluster CA, for servers the API server calls. */
  issueCertificate(name: string, sans: readonly string[]): { certFile: string; keyFile: string };
  stop(): Promise<void>;
}

export class ControlPlaneError extends Error {}

const START_ATTEMPTS = 3;

export async function startControlPlane(options: StartOptions): Promise<ControlPlane> {
  const root = runsRoot();
  mkdirSync(root, { recursive: true });
  for (const dir of cleanStaleRuns(root)) options.log?.(`removed the stale run folder ${dir} (its owner is gone)`);
  let lastError: unknown;
  for (let attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
    try {
      return await startOnce(attempt === 1 ? options : { ...options, apiserverPort: undefined }, root);
    } catch (error) {
      lastError = error;
      // A port taken between choosing it and binding it is the one failure a retry fixes.
      if (!(error instanceof PortTaken)) throw error;
      options.log?.(`a port was taken before the control plane bound it; retrying (${attempt}/${START_ATTEMPTS})`);
    }
  }
  throw lastError;
}

class PortTaken extends ControlPlaneError {}

async function startOnce(options: StartOptions, root: string): Promise<ControlPlane> {
  const log = options.log ?? (() => {});
  const dir = mkdtempSync(path.join(root, 'run-'));
  const pki = path.join(dir, 'pki');
  const bin = (name: string) => path.join(options.binDir, name);
  const managed: Managed[] = [];
  const record = () =>
    writeRecord(dir, {
      owner: process.pid,
      children: managed.map((m) => ({ name: m.name, pid: m.child.pid ?? 0, binary: m.binary })),
    });
  record();

  let stopped = false;
  const killNow = () => {
    for (const m of managed) if (m.child.exitCode === null) m.child.kill('SIGKILL');
  };
  process.on('exit', killNow);
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    http.close();
    // The controller manager first, so it does not log the API server's disappearance as errors.
    for (const m of [...managed].reverse()) await stopProcess(m);
    process.off('exit', killNow);
    rmSync(dir, { recursive: true, force: true });
  };

  const [etcdClient, etcdPeer, apiPort] = [
    await freePort(),
    await freePort(),
    options.apiserverPort ?? (await freePort()),
  ];
  const server = `https://127.0.0.1:${apiPort}`;
  let http = new KubeHttp(server, '', '');
  try {
    execFileSync(bin('pki'), ['ca', '--dir', pki]);
    execFileSync(bin('pki'), [
      'cert',
      '--dir',
      pki,
      '--name',
      'apiserver',
      '--san',
      '127.0.0.1,localhost,kubernetes,kubernetes.default,kubernetes.default.svc',
    ]);
    execFileSync(bin('pki'), ['sa', '--dir', pki]);
    const caFile = path.join(pki, 'ca.crt');
    const caPem = readFileSync(caFile, 'utf8');
    const [admin, controllerManager, ...others] = withTokens([
      ADMIN,
      CONTROLLER_MANAGER,
      ...(options.users ?? DEFAULT_USERS),
    ]);
    if (!admin || !controllerManager) throw new ControlPlaneError('no admin user');
    writeFileSync(path.join(dir, 'tokens.csv'), tokenFile([admin, controllerManager, ...others]), { mode: 0o600 });
    writeFileSync(path.join(dir, 'audit-policy.yaml'), AUDIT_POLICY);
    for (const [name, content] of Object.entries(options.files ?? {})) writeFileSync(path.join(dir, name), content);
    const kubeconfigs = path.join(dir, 'kubeconfig');
    mkdirSync(kubeconfigs);
    const asUser = (user: Required<StaticUser>): User => ({
      ...user,
      kubeconfig: writeKubeconfig(kubeconfigs, server, caFile, user),
    });
    const adminUser = asUser(admin);
    const users = new Map(others.map((user) => [user.name, asUser(user)]));
    const kcmUser = asUser(controllerManager);
    http = new KubeHttp(server, caPem, admin.token);

    const etcd = startProcess(
      'etcd',
      bin('etcd'),
      [
        `--data-dir=${path.join(dir, 'etcd')}`,
        `--listen-client-url=http://127.0.0.1:${etcdClient}`,
        `--listen-peer-url=http://127.0.0.1:${etcdPeer}`,
      ],
      dir,
    );
    managed.push(etcd);
    record();
    await waitFor('etcd', etcd, options.readyTimeoutMs ?? 180_000, async () => {
      const res = await fetch(`http://127.0.0.1:${etcdClient}/health`).catch(() => undefined);
      return res?.ok === true;
    });
    log(`etcd ready on 127.0.0.1:${etcdClient}`);

    const flag = (text: string) => text.replaceAll('{dir}', dir);
    const apiserver = startProcess(
      'kube-apiserver',
      bin('kube-apiserver'),
      [
        `--etcd-servers=http://127.0.0.1:${etcdClient}`,
        '--bind-address=127.0.0.1',
        '--advertise-address=127.0.0.1',
        `--secure-port=${apiPort}`,
        `--tls-cert-file=${path.join(pki, 'apiserver.crt')}`,
        `--tls-private-key-file=${path.join(pki, 'apiserver.key')}`,
        `--client-ca-file=${caFile}`,
        `--token-auth-file=${path.join(dir, 'tokens.csv')}`,
        '--authorization-mode=Node,RBAC',
        '--service-account-issuer=https://kubernetes.default.svc',
        `--service-account-key-file=${path.join(pki, 'sa.pub')}`,
        `--service-account-signing-key-file=${path.join(pki, 'sa.key')}`,
        '--service-cluster-ip-range=10.96.0.0/16',
        // A loopback address cannot be an Endpoints address: keep the reconciler from retrying forever.
        '--endpoint-reconciler-type=none',
        '--allow-privileged=true',
        `--audit-policy-file=${path.join(dir, 'audit-policy.yaml')}`,
        `--audit-log-path=${path.join(dir, 'audit.log')}`,
        `--cert-dir=${path.join(dir, 'apiserver-certs')}`,
        '--profiling=false',
        ...(options.apiserverFlags ?? []).map(flag),
      ],
      dir,
    );
    managed.push(apiserver);
    record();
    await waitFor('kube-apiserver', apiserver, options.readyTimeoutMs ?? 180_000, async () => {
      const res = await http.get('/readyz', { timeoutMs: 5_000 }).catch(() => undefined);
      return res?.status === 200;
    });
    log(`kube-apiserver ready at ${server}`);

    if (options.controllerManager !== false) {
      const kcm = startProcess(
        'kube-controller-manager',
        bin('kube-controller-manager'),
        [
          `--kubeconfig=${kcmUser.kubeconfig}`,
          `--authentication-kubeconfig=${kcmUser.kubeconfig}`,
          `--authorization-kubeconfig=${kcmUser.kubeconfig}`,
          '--secure-port=0',
          '--leader-elect=false',
          '--use-service-account-credentials=true',
          `--service-account-private-key-file=${path.join(pki, 'sa.key')}`,
          `--root-ca-file=${caFile}`,
          `--cluster-signing-cert-file=${caFile}`,
          `--cluster-signing-key-file=${path.join(pki, 'ca.key')}`,
          '--profiling=false',
        ],
        dir,
      );
      managed.push(kcm);
      record();
      // Ready when it has done the work tests rely on: the default ServiceAccount of `default`.
      await waitFor('kube-controller-manager', kcm, options.readyTimeoutMs ?? 180_000, async () => {
        const res = await http
          .get('/api/v1/namespaces/default/serviceaccounts/default', { timeoutMs: 5_000 })
          .catch(() => undefined);
        return res?.status === 200;
      });
      log('kube-controller-manager running');
    }

    const logs = Object.fromEntries(managed.map((m) => [m.name, m.logFile]));
    return {
      server,
      dir,
      caFile,
      caPem,
      admin: adminUser,
      users,
      http,
      auditLog: path.join(dir, 'audit.log'),
      logs,
      issueCertificate(name, sans) {
        execFileSync(bin('pki'), ['cert', '--dir', pki, '--name', name, '--san', sans.join(',')]);
        return { certFile: path.join(pki, `${name}.crt`), keyFile: path.join(pki, `${name}.key`) };
      },
      stop,
    };
  } catch (error) {
    const portTaken = managed.some((m) => /address already in use/.test(tailOf(m.logFile, 200)));
    await stop();
    if (portTaken) throw new PortTaken(String(error));
    throw error;
  }
}

/** Polls `ready` until it holds; fails with the process's last log lines if it exits or times out. */
async function waitFor(
  name: string,
  managed: Managed,
  timeoutMs: number,
  ready: () => Promise<boolean>,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let exitCode: number | null | undefined;
  void managed.exited.then((code) => {
    exitCode = code;
  });
  while (Date.now() < deadline) {
    if (exitCode !== undefined) {
      throw new ControlPlaneError(
        `${name} exited (code ${exitCode}) before it was ready; last lines of ${managed.logFile}:\n${tailOf(managed.logFile)}`,
      );
    }
    if (await ready()) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new ControlPlaneError(
    `${name} was not ready within ${Math.round(timeoutMs / 1000)} s; last lines of ${managed.logFile}:\n${tailOf(managed.logFile)}`,
  );
}
