/*
 * The files a test control plane reads: static tokens, kubeconfigs, the audit policy. Plain data,
 * written once at start into the run folder.
 */
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { stringify } from 'yaml';

export interface StaticUser {
  name: string;
  groups: string[];
  /** Chosen at start when absent. */
  token?: string;
}

export interface User extends Required<StaticUser> {
  /** A kubeconfig that authenticates as this user (for the CLI and @kubernetes/client-node). */
  kubeconfig: string;
}

export const ADMIN: StaticUser = { name: 'rampart-admin', groups: ['system:masters'] };
/** The controller manager's own identity, bound to its role by the bootstrap RBAC policy. */
export const CONTROLLER_MANAGER: StaticUser = { name: 'system:kube-controller-manager', groups: [] };

/** Ordinary users every run has, so tests can check what RBAC lets a non-admin do. */
export const DEFAULT_USERS: readonly StaticUser[] = [
  { name: 'alice', groups: ['dev'] },
  { name: 'bob', groups: ['dev', 'ops'] },
  { name: 'carol', groups: [] },
];

export function withTokens(users: readonly StaticUser[]): Required<StaticUser>[] {
  return users.map((user) => ({ ...user, token: user.token ?? randomBytes(24).toString('hex') }));
}

/** The --token-auth-file format: token,user,uid,"group1,group2". */
export function tokenFile(users: readonly Required<StaticUser>[]): string {
  return `${users
    .map((user) => {
      for (const field of [user.token, user.name, ...user.groups]) {
        if (/[",\n]/.test(field)) throw new Error('static token users may not contain quotes, commas or newlines');
      }
      return `${user.token},${user.name},${user.name},"${user.groups.join(',')}"`;
    })
    .join('\n')}\n`;
}

export function kubeconfigText(server: string, caFile: string, user: Required<StaticUser>): string {
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: 'rampart-test', cluster: { server, 'certificate-authority': caFile } }],
    users: [{ name: user.name, user: { token: user.token } }],
    contexts: [{ name: user.name, context: { cluster: 'rampart-test', user: user.name, namespace: 'default' } }],
    'current-context': user.name,
    preferences: {},
  });
}

/** A file-system-safe kubeconfig name for a user (`system:kube-controller-manager` has colons). */
export function kubeconfigName(user: string): string {
  return `${user.replace(/[^A-Za-z0-9._-]/g, '_')}.kubeconfig`;
}

export function writeKubeconfig(dir: string, server: string, caFile: string, user: Required<StaticUser>): string {
  const file = path.join(dir, kubeconfigName(user.name));
  writeFileSync(file, kubeconfigText(server, caFile, user), { mode: 0o600 });
  return file;
}

/**
 * Metadata for every request, except health, discovery and access-review traffic; the
 * request and response bodies of RBAC and admission-registration writes, which later audit tests read.
 */
export const AUDIT_POLICY = stringify({
  apiVersion: 'audit.k8s.io/v1',
  kind: 'Policy',
  omitStages: ['RequestReceived'],
  rules: [
    { level: 'None', nonResourceURLs: ['/healthz*', '/readyz*', '/livez*', '/version', '/openapi*', '/api', '/apis*'] },
    // Access reviews come by the thousand from the RBAC oracle and say nothing about the cluster.
    { level: 'None', resources: [{ group: 'authorization.k8s.io' }] },
    {
      level: 'RequestResponse',
      resources: [{ group: 'rbac.authorization.k8s.io' }, { group: 'admissionregistration.k8s.io' }],
      verbs: ['create', 'update', 'patch', 'delete'],
    },
    { level: 'Metadata' },
  ],
});
