import type { Rule } from '../core/rule.js';
import type { WebhookConfig } from '../load/webhook-config.js';
import { RULES } from '../rules/index.js';
import {
  type ConfigFile,
  createScanner,
  fileSource,
  policyFileRules,
  readConfigFile,
  type Scanner,
  UsageError,
} from '../scan/index.js';
import { createJudge } from './decide.js';
import { type FailurePolicy, withFailurePolicy } from './failure-policy.js';
import { withFilter } from './filter.js';
import { WebhookMetrics, withMetrics } from './metrics.js';
import type { NamespaceLabels } from './namespaces.js';
import type { ReviewHandler } from './review.js';
import { type ServerLog, type ServerOptions, startWebhookServer, type WebhookServer } from './server.js';
import { withTimeout } from './timeout.js';

export interface WebhookOptions extends Omit<ServerOptions, 'handler' | 'ready' | 'metrics'> {
  /** rampart.yaml: the explicit file, else rampart.yaml in `cwd`. */
  configFile?: string;
  cwd: string;
  /** Admission policy files (ValidatingAdmissionPolicy, MutatingAdmissionPolicy), loaded once. */
  policies?: readonly string[];
  namespaces: NamespaceLabels;
  /** Overrides rampart.yaml's webhook.failurePolicy and timeoutMs. */
  failurePolicy?: FailurePolicy;
  timeoutMs?: number;
  /** Wraps the judge (tests slow it down to see the failure policy). */
  wrapJudge?: (judge: ReviewHandler) => ReviewHandler;
  metrics?: WebhookMetrics;
  log?: ServerLog;
}

export interface RunningWebhook extends WebhookServer {
  metrics: WebhookMetrics;
  scanner: Scanner;
  config: WebhookConfig;
}

/** Loads the configuration and policies once, then serves: the same scanner `rampart scan` builds. */
export async function startWebhook(options: WebhookOptions): Promise<RunningWebhook> {
  const file = readConfigFile(
    options.configFile,
    options.cwd,
    RULES.map((rule) => rule.meta),
  );
  const config: WebhookConfig = {
    ...(file.config.webhook ?? {}),
    ...(options.failurePolicy ? { failurePolicy: options.failurePolicy } : {}),
    ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}),
  };
  const catalogue: Rule[] = [...RULES];
  if (options.policies?.length) {
    const { resources } = await fileSource(options.policies).load({ exclude: [] });
    const loaded = await policyFileRules(options.policies, {
      resources,
      reservedIds: new Set(RULES.map((rule) => rule.meta.id)),
      ...(file.config.kubernetesVersion ? { kubernetesVersion: file.config.kubernetesVersion } : {}),
    });
    const broken = loaded.problems.filter((p) => p.verdict === 'error');
    if (broken.length)
      throw new UsageError(`admission policies do not load:\n  ${broken.map((p) => p.message).join('\n  ')}`);
    catalogue.push(...loaded.rules);
  }
  const metrics = options.metrics ?? new WebhookMetrics({ processMetrics: true });
  const { judge, scanner } = await webhookJudge({ file, config, catalogue, namespaces: options.namespaces, metrics });
  const handler = composeHandler(options.wrapJudge ? options.wrapJudge(judge) : judge, config, metrics);
  const server = await startWebhookServer({
    ...options,
    handler,
    metrics,
    ready: () => options.namespaces.synced(),
  });
  return { ...server, metrics, scanner, config };
}

/**
 * The judge over the scanners of one configuration: the scanner `rampart scan` builds, and for
 * the mutate path the same limited to the rules `webhook.mutate` may apply.
 */
export async function webhookJudge(options: {
  file: ConfigFile;
  config: WebhookConfig;
  catalogue: readonly Rule[];
  namespaces: NamespaceLabels;
  metrics?: WebhookMetrics;
}): Promise<{ judge: ReviewHandler; scanner: Scanner }> {
  const { file, config, catalogue } = options;
  const fixable = new Set(catalogue.filter((rule) => rule.meta.fixable).map((rule) => rule.meta.id));
  const unfixable = (config.mutate ?? []).filter((id) => !fixable.has(id));
  if (unfixable.length)
    throw new UsageError(
      `webhook.mutate: ${unfixable.join(', ')} ${unfixable.length === 1 ? 'has' : 'have'} no fix to apply`,
    );
  const scanner = await createScanner({ config: file, catalogue });
  const mutateScanner = config.mutate?.length
    ? await createScanner({ config: file, catalogue, only: config.mutate })
    : undefined;
  const judge = createJudge({
    scanner,
    ...(mutateScanner ? { mutateScanner } : {}),
    config,
    namespaces: options.namespaces,
    ...(options.metrics ? { metrics: options.metrics } : {}),
  });
  return { judge, scanner };
}

/**
 * The wrappers around the judge, outermost first: metrics see every answer, the filter lets
 * through only what is judged, the failure policy answers for errors and timeouts.
 */
export function composeHandler(judge: ReviewHandler, config: WebhookConfig, metrics: WebhookMetrics): ReviewHandler {
  const timed = withTimeout(judge, config.timeoutMs ?? 8000);
  const safe = withFailurePolicy(timed, config.failurePolicy ?? 'Fail', (_error, kind) => metrics.error(kind));
  const filtered = withFilter(safe, config.ignoreNamespaces ? { ignoreNamespaces: config.ignoreNamespaces } : {});
  return withMetrics(filtered, metrics);
}
