import { constants, readFileSync } from 'node:fs';
import { access } from 'node:fs/promises';
import path from 'node:path';
import { stringify } from 'yaml';
import { type NamespaceLabels, startWebhook, staticNamespaces, watchNamespaces } from '../admission/index.js';
import { webhookManifests } from '../admission/manifests.js';
import { redactedMessage } from '../core/redact.js';
import { EXIT, type Io, UsageError } from './io.js';
import type { WebhookManifestFlags, WebhookServeFlags } from './webhook.js';

function integer(value: string | undefined, flag: string, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max)
    throw new UsageError(`${flag} must be an integer from ${min} to ${max}`);
  return n;
}

function failurePolicy(value: string | undefined): 'Fail' | 'Ignore' | undefined {
  if (value === undefined || value === 'Fail' || value === 'Ignore') return value;
  throw new UsageError('--failure-policy must be Fail or Ignore');
}

/** `rampart webhook serve`: runs until SIGTERM or SIGINT, then finishes the requests in flight. */
export async function serveWebhook(flags: WebhookServeFlags, io: Io): Promise<number> {
  const { pino } = await import('pino');
  const log = pino({ name: 'rampart-webhook' });
  const errorText = (error: unknown) => (error === undefined ? {} : { err: redactedMessage(error) });
  const serverLog = {
    info: (message: string) => log.info(message),
    warn: (message: string, error?: unknown) => log.warn(errorText(error), message),
  };
  const port = integer(flags.port, '--port', 0, 65535) as number;
  const timeoutMs = integer(flags.timeoutMs, '--timeout-ms', 100, 30_000);
  const bodyLimit = integer(flags.maxBodyBytes, '--max-body-bytes', 1024, 64 * 1024 * 1024);
  const policy = failurePolicy(flags.failurePolicy);
  // Before the namespace watch starts, so that a wrong path is the one thing said.
  for (const [flag, file] of [
    ['--cert', flags.cert],
    ['--key', flags.key],
  ] as const) {
    await access(path.resolve(io.cwd, file), constants.R_OK).catch((error: NodeJS.ErrnoException) => {
      throw new UsageError(
        `cannot read ${flag} ${file}: ${error.code === 'ENOENT' ? 'no such file' : 'permission denied'}`,
      );
    });
  }
  const namespaces: NamespaceLabels = flags.namespaceWatch
    ? await watchNamespaces({
        ...(flags.kubeconfig ? { kubeconfig: flags.kubeconfig } : {}),
        ...(flags.context ? { context: flags.context } : {}),
        log: (message, error) => serverLog.warn(message, error),
      })
    : staticNamespaces();
  let webhook: Awaited<ReturnType<typeof startWebhook>>;
  try {
    webhook = await startWebhook({
      cwd: io.cwd,
      ...(flags.config ? { configFile: flags.config } : {}),
      ...(flags.policy ? { policies: flags.policy } : {}),
      certFile: flags.cert,
      keyFile: flags.key,
      port,
      host: flags.host,
      namespaces,
      ...(policy ? { failurePolicy: policy } : {}),
      ...(timeoutMs ? { timeoutMs } : {}),
      ...(bodyLimit ? { bodyLimit } : {}),
      log: serverLog,
    });
  } catch (error) {
    await namespaces.stop();
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'EACCES') {
      const file = (error as NodeJS.ErrnoException).path;
      throw new UsageError(`cannot read ${file ? path.relative(io.cwd, file) || file : 'a file it needs'}: ${code}`);
    }
    if (code === 'EADDRINUSE') throw new UsageError(`port ${port} is in use`);
    throw error;
  }
  log.info({ port: webhook.port }, 'rampart webhook serving');
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGTERM', stop);
    process.once('SIGINT', stop);
  });
  log.info('shutting down');
  await Promise.all([webhook.close(), namespaces.stop()]);
  return EXIT.clean;
}

/** `rampart webhook manifests`: the YAML that deploys the webhook, on stdout. */
export async function writeManifests(flags: WebhookManifestFlags, io: Io): Promise<number> {
  if (flags.certificates !== 'self-signed' && flags.certificates !== 'cert-manager')
    throw new UsageError('--certificates must be self-signed or cert-manager');
  if (!/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/.test(flags.namespace))
    throw new UsageError('--namespace must be a namespace name');
  let config = 'failOn: high\n';
  if (flags.config) {
    try {
      config = readFileSync(path.resolve(io.cwd, flags.config), 'utf8');
    } catch {
      throw new UsageError(`cannot read ${flags.config}`);
    }
  }
  const objects = webhookManifests({
    namespace: flags.namespace,
    image: flags.image,
    certificates: flags.certificates,
    failurePolicy: failurePolicy(flags.failurePolicy) ?? 'Fail',
    timeoutSeconds: integer(flags.timeoutSeconds, '--timeout-seconds', 1, 30) as number,
    replicas: integer(flags.replicas, '--replicas', 1, 100) as number,
    config,
    ...(flags.apiServerCidr ? { apiServerCidrs: flags.apiServerCidr } : {}),
  });
  io.stdout.write(objects.map((object) => stringify(object, { lineWidth: 0 })).join('---\n'));
  return EXIT.clean;
}
