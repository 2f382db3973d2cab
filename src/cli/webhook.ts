import type { Command } from 'commander';
import type { Io } from './io.js';
import { VERSION } from './version.js';

export interface WebhookServeFlags {
  cert: string;
  key: string;
  port: string;
  host: string;
  config?: string;
  policy?: string[];
  kubeconfig?: string;
  context?: string;
  namespaceWatch: boolean;
  failurePolicy?: string;
  timeoutMs?: string;
  maxBodyBytes?: string;
}

export interface WebhookManifestFlags {
  namespace: string;
  image: string;
  certificates: string;
  failurePolicy: string;
  timeoutSeconds: string;
  replicas: string;
  config?: string;
  apiServerCidr?: string[];
}

/** Declares `rampart webhook`: the admission webhook and the manifests that deploy it. */
export function registerWebhook(program: Command, io: Io, exit: (code: number) => void): void {
  const webhook = program
    .command('webhook')
    .description('admission webhook: the verdicts of rampart scan, enforced, warned or audited at deploy time');

  webhook
    .command('serve')
    .description('serve AdmissionReviews over HTTPS (/validate, /mutate, /healthz, /readyz, /metrics)')
    .option('--cert <file>', 'serving certificate (PEM), reloaded when it changes', '/etc/rampart/tls/tls.crt')
    .option('--key <file>', 'private key (PEM), reloaded when it changes', '/etc/rampart/tls/tls.key')
    .option('--port <port>', 'HTTPS port', '8443')
    .option('--host <address>', 'address to listen on', '0.0.0.0')
    .option('--config <file>', 'rampart.yaml (default: ./rampart.yaml when present); its webhook: section sets modes')
    .option('--policy <paths...>', 'ValidatingAdmissionPolicy / MutatingAdmissionPolicy files to enforce')
    .option('--kubeconfig <file>', 'kubeconfig for the namespace watch (default: in-cluster, then ~/.kube/config)')
    .option('--context <name>', 'kubeconfig context')
    .option('--no-namespace-watch', 'do not watch namespaces: no namespace labels (PSA levels, modes) are read')
    .option('--failure-policy <policy>', 'Fail|Ignore: the answer when a decision fails or times out (default Fail)')
    .option('--timeout-ms <ms>', 'time to decide before the failure policy answers (default 8000)')
    .option('--max-body-bytes <n>', 'largest AdmissionReview accepted; larger ones get 413 (default 3 MiB)')
    .action(async (flags: WebhookServeFlags) => {
      const { serveWebhook } = await import('./run-webhook.js');
      exit(await serveWebhook(flags, io));
    });

  webhook
    .command('manifests')
    .description('write the manifests that deploy the webhook (YAML on stdout)')
    .option('-n, --namespace <name>', 'namespace of the webhook', 'rampart')
    .option('--image <ref>', 'container image, best pinned by digest', `ghcr.io/rampart-dev/rampart:v${VERSION}`)
    .option(
      '--certificates <source>',
      'self-signed (a CA made now) | cert-manager (Issuer, Certificate, CA injection)',
      'self-signed',
    )
    .option('--failure-policy <policy>', 'Fail|Ignore', 'Fail')
    .option('--timeout-seconds <n>', 'webhook timeoutSeconds (1-30)', '5')
    .option('--replicas <n>', 'replicas of the Deployment', '3')
    .option('--config <file>', 'rampart.yaml to ship in the ConfigMap (default: failOn: high)')
    .option(
      '--api-server-cidr <cidrs...>',
      'addresses the API server calls the webhook from (default: 10/8, 172.16/12, 192.168/16)',
    )
    .action(async (flags: WebhookManifestFlags) => {
      const { writeManifests } = await import('./run-webhook.js');
      exit(await writeManifests(flags, io));
    });
}
