/*
 * What the webhook tests share: a CA and a serving certificate for 127.0.0.1 written to a temp
 * folder, AdmissionReviews built the way the API server builds them, and an HTTPS client that
 * trusts the CA.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import https from 'node:https';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createCertificateAuthority, issueServingCertificate } from '../../src/admission/index.js';
import type { KubeObject } from '../../src/core/index.js';

export interface TestCerts {
  dir: string;
  caPem: string;
  certFile: string;
  keyFile: string;
  cleanup(): void;
}

export function testCerts(): TestCerts {
  const dir = mkdtempSync(path.join(tmpdir(), 'rampart-webhook-'));
  const ca = createCertificateAuthority('rampart-test-ca');
  const leaf = issueServingCertificate({ commonName: 'rampart-webhook', sans: ['127.0.0.1', 'localhost'], issuer: ca });
  const certFile = path.join(dir, 'tls.crt');
  const keyFile = path.join(dir, 'tls.key');
  writeFileSync(certFile, leaf.cert);
  writeFileSync(keyFile, leaf.key);
  return { dir, caPem: ca.cert, certFile, keyFile, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

const RESOURCES: Record<string, { group: string; resource: string }> = {
  Pod: { group: '', resource: 'pods' },
  Namespace: { group: '', resource: 'namespaces' },
  Deployment: { group: 'apps', resource: 'deployments' },
  ConfigMap: { group: '', resource: 'configmaps' },
  CronJob: { group: 'batch', resource: 'cronjobs' },
};

export interface ReviewOptions {
  operation?: 'CREATE' | 'UPDATE' | 'DELETE' | 'CONNECT';
  oldObject?: KubeObject;
  subResource?: string;
  username?: string;
  uid?: string;
  dryRun?: boolean;
}

/** An AdmissionReview for `object` as the API server sends one. */
export function reviewFor(object: KubeObject, options: ReviewOptions = {}): Record<string, unknown> {
  const [group, version] = object.apiVersion.includes('/') ? object.apiVersion.split('/') : ['', object.apiVersion];
  const known = RESOURCES[object.kind] ?? { group: group ?? '', resource: `${object.kind.toLowerCase()}s` };
  const namespace = object.metadata?.namespace;
  return {
    apiVersion: 'admission.k8s.io/v1',
    kind: 'AdmissionReview',
    request: {
      uid: options.uid ?? 'uid-1',
      kind: { group: group ?? '', version, kind: object.kind },
      resource: { group: known.group, version, resource: known.resource },
      ...(options.subResource ? { subResource: options.subResource } : {}),
      ...(object.metadata?.name ? { name: object.metadata.name } : {}),
      ...(namespace ? { namespace } : {}),
      operation: options.operation ?? 'CREATE',
      userInfo: { username: options.username ?? 'alice', groups: ['system:authenticated'] },
      object,
      ...(options.oldObject ? { oldObject: options.oldObject } : {}),
      dryRun: options.dryRun ?? false,
    },
  };
}

export interface HttpAnswer {
  status: number;
  body: string;
  headers: Record<string, string | string[] | undefined>;
}

/** One request over TLS to the webhook on 127.0.0.1, trusting the test CA. */
export function httpsRequest(
  port: number,
  caPem: string,
  method: string,
  urlPath: string,
  body?: string | Buffer,
  extra: https.RequestOptions = {},
): Promise<HttpAnswer> {
  return new Promise((resolve, reject) => {
    const req = https.request(
      {
        host: '127.0.0.1',
        port,
        method,
        path: urlPath,
        ca: caPem,
        agent: false,
        headers: { 'Content-Type': 'application/json' },
        ...extra,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), headers: res.headers }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

export const privilegedPod = (name = 'web', namespace = 'team'): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace },
  spec: { containers: [{ name: 'app', image: 'registry.example/app:1.0', securityContext: { privileged: true } }] },
});

/** A pod that passes PSS restricted. */
export const restrictedPod = (name = 'web', namespace = 'team'): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace },
  spec: {
    securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
    containers: [
      {
        name: 'app',
        image: 'registry.example/app:1.0',
        securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } },
      },
    ],
  },
});
