import { applyFix } from '../core/fix.js';
import { isRecord } from '../core/pod-spec.js';
import type { KubeObject, Resource } from '../core/resource.js';
import type { Result } from '../core/result.js';
import type { FixOperation } from '../core/rule.js';
import type { WebhookConfig } from '../load/webhook-config.js';
import { resourceSource, type Scanner } from '../scan/index.js';
import type { FailurePolicy } from './failure-policy.js';
import { jsonPatch } from './json-patch.js';
import type { WebhookMetrics } from './metrics.js';
import { ruleMode } from './modes.js';
import type { NamespaceLabels } from './namespaces.js';
import { podSecurity } from './pod-security.js';
import {
  type AdmissionCall,
  type AdmissionRequest,
  type AdmissionResponse,
  allow,
  type ReviewHandler,
} from './review.js';

export interface JudgeOptions {
  /** The scanner `rampart scan` would build from the same rampart.yaml and policies. */
  scanner: Scanner;
  /** The same scanner limited to the rules of `webhook.mutate`; absent, the mutate path changes nothing. */
  mutateScanner?: Scanner;
  config: WebhookConfig;
  namespaces: NamespaceLabels;
  metrics?: WebhookMetrics;
}

/** Findings listed in one answer; the rest are counted, so a hostile object cannot make the answer huge. */
const LISTED = 20;
/** Audit annotation values stay well under the API server's limits for an event. */
const AUDIT_VALUE_LIMIT = 4000;

/**
 * The decision for one judged request, from the scan service's results on the object: the
 * verdicts `rampart scan` gives, each finding routed by its rule's mode — enforce denies with the
 * message and the fix, warn becomes an AdmissionReview warning, audit an audit annotation — plus
 * Pod Security Admission from the namespace labels. The mutate path answers with the opt-in fixes
 * as a JSON Patch. Dry-run requests are judged the same; the webhook has no side effects to skip.
 */
export function createJudge(options: JudgeOptions): ReviewHandler {
  const failurePolicy: FailurePolicy = options.config.failurePolicy ?? 'Fail';
  const mutable = new Set(options.config.mutate ?? []);
  return async (call: AdmissionCall) => {
    const { request } = call;
    const object = request.object as KubeObject;
    const labels = await namespaceLabels(request, options.namespaces);
    if (call.path === 'mutate' && !options.mutateScanner) return allow(request.uid);
    const scanner = call.path === 'mutate' ? (options.mutateScanner as Scanner) : options.scanner;
    const outcome = await scanner.scan(resourceSource([subjectOf(request, object)]));
    // results about the object only: an expired exception is the configuration's problem, not this request's
    const findings = outcome.results.filter(
      (r) => r.subject && !r.suppressed && (r.verdict === 'fail' || r.verdict === 'warn' || r.verdict === 'error'),
    );
    const modeOf = (result: Result) =>
      ruleMode(result.ruleId, result.severity, labels, options.config, options.scanner.failOn);
    if (call.path === 'mutate') return mutate(request, object, findings, { mutable, modeOf, metrics: options.metrics });
    const existing = await existingFindings(request, scanner);

    const denials: string[] = [];
    const warnings: string[] = [];
    const audits: string[] = [];
    for (const result of findings) {
      if (result.verdict === 'error') {
        // A rule that throws, a CEL expression over its cost budget: no verdict, so the failure
        // policy's answer — unless the rule is off here anyway.
        const failed = failedRule(result);
        if (failed && ruleMode(failed, result.severity, labels, options.config, scanner.failOn) === 'off') continue;
        options.metrics?.error('rule_error');
        const line = `[${result.ruleId}] ${result.message}`;
        if (failurePolicy === 'Fail') denials.push(`${line} (failurePolicy Fail)`);
        else warnings.push(`${line} (failurePolicy Ignore: not judged)`);
        continue;
      }
      let mode = modeOf(result);
      if (mode === 'enforce' && result.verdict === 'warn') mode = 'warn';
      // an UPDATE is denied for what it introduces; a finding the object already had is warned, so
      // that a finalizer can still be removed and a label added to an object admitted before
      if (mode === 'enforce' && existing.has(findingKey(result))) mode = 'warn';
      if (mode === 'off') continue;
      options.metrics?.decision(result.ruleId, mode, mode === 'enforce' ? 'deny' : mode);
      if (mode === 'enforce') denials.push(denialLine(result));
      else if (mode === 'warn') warnings.push(`[${result.ruleId}] ${result.message}`);
      else audits.push(`[${result.ruleId}] ${result.message}`);
    }

    const response = allow(request.uid);
    const psa = podSecurity(request, labels, options.config.podSecurity ?? {});
    const auditAnnotations: Record<string, string> = {};
    for (const [key, value] of Object.entries(psa?.auditAnnotations ?? {}))
      auditAnnotations[`pod-security-${key}`] = value;
    if (audits.length) auditAnnotations['audit-violations'] = bounded(audits.join('; '), AUDIT_VALUE_LIMIT);
    if (Object.keys(auditAnnotations).length) response.auditAnnotations = auditAnnotations;
    const allWarnings = [...(psa?.warnings ?? []), ...listed(warnings, 'warning')];
    if (allWarnings.length) response.warnings = allWarnings;
    if (psa?.status && !psa.allowed && denials.length === 0) {
      response.allowed = false;
      response.status = psa.status;
    } else if (denials.length) {
      const what = `${object.kind}${request.name ? ` ${request.name}` : ''}`;
      const ours = `rampart denied ${what}:\n${listed(denials, 'finding').join('\n')}`;
      response.allowed = false;
      response.status = {
        code: 403,
        reason: 'Forbidden',
        message: psa?.status && !psa.allowed ? `${psa.status.message}\n${ours}` : ours,
      };
    }
    return response;
  };
}

const findingKey = (result: Result) => `${result.ruleId}\u0000${result.path ?? ''}\u0000${result.message}`;

/** The findings the object had before an UPDATE (none for a CREATE). */
async function existingFindings(request: AdmissionRequest, scanner: Scanner): Promise<Set<string>> {
  if (request.operation !== 'UPDATE' || !request.oldObject) return new Set();
  const outcome = await scanner.scan(resourceSource([subjectOf(request, request.oldObject)]));
  return new Set(outcome.results.filter((r) => r.subject && r.verdict === 'fail').map(findingKey));
}

/** The rule a `rule-error` result names (`rule <id> failed on this resource: …`). */
function failedRule(result: Result): string | undefined {
  const prefix = 'rule ';
  if (!result.message.startsWith(prefix)) return undefined;
  const end = result.message.indexOf(' ', prefix.length);
  return end === -1 ? undefined : result.message.slice(prefix.length, end);
}

function denialLine(result: Result): string {
  const fix = result.fix?.description ?? result.remediation;
  return `[${result.ruleId}] ${result.message}${result.path ? ` (at ${result.path})` : ''}${fix ? `; fix: ${fix}` : ''}`;
}

function listed(lines: readonly string[], noun: string): string[] {
  if (lines.length <= LISTED) return [...lines];
  return [...lines.slice(0, LISTED), `… and ${lines.length - LISTED} more ${noun}s (rampart scan lists them all)`];
}

function bounded(text: string, limit: number): string {
  return text.length <= limit ? text : `${text.slice(0, limit - 1)}…`;
}

interface MutateContext {
  mutable: ReadonlySet<string>;
  modeOf: (result: Result) => string;
  metrics?: WebhookMetrics;
}

/** The opt-in rules' fixes, applied to the object as it came and sent back as a JSON Patch. */
function mutate(
  request: AdmissionRequest,
  object: KubeObject,
  findings: readonly Result[],
  context: MutateContext,
): AdmissionResponse {
  const operations: FixOperation[] = [];
  const applied: string[] = [];
  for (const result of findings) {
    if (result.verdict === 'error' || !result.fix || !context.mutable.has(result.ruleId)) continue;
    if (context.modeOf(result) === 'off') continue;
    operations.push(...result.fix.operations);
    applied.push(`[${result.ruleId}] ${result.fix.description}`);
    context.metrics?.decision(result.ruleId, 'mutate', 'patch');
  }
  if (operations.length === 0) return allow(request.uid);
  let patch: ReturnType<typeof jsonPatch>;
  try {
    patch = jsonPatch(object, applyFix(object, operations));
  } catch {
    // A fix that does not apply to this object's shape is not applied; validation still judges it.
    return allow(request.uid, { warnings: ['rampart could not apply its fixes to this object; it was not changed'] });
  }
  if (patch.length === 0) return allow(request.uid);
  return allow(request.uid, {
    patchType: 'JSONPatch',
    patch: Buffer.from(JSON.stringify(patch)).toString('base64'),
    warnings: [...new Set(applied)].map((line) => `rampart changed this object: ${line}`),
  });
}

/**
 * The object as the scan sees it: with the request's namespace when the object does not name one
 * (a create in `-n team`), so exceptions and namespace-scoped results read as in `rampart scan -n`.
 */
function subjectOf(request: AdmissionRequest, object: KubeObject): Resource {
  const origin = { kind: 'admission' as const, uid: request.uid, operation: request.operation };
  const meta = isRecord(object.metadata) ? object.metadata : {};
  if (!request.namespace || typeof meta.namespace === 'string') return { object, origin };
  return { object: { ...object, metadata: { ...meta, namespace: request.namespace } }, origin };
}

async function namespaceLabels(
  request: AdmissionRequest,
  namespaces: NamespaceLabels,
): Promise<Readonly<Record<string, string>> | undefined> {
  if (request.resource.group === '' && request.resource.resource === 'namespaces') {
    const labels = request.object?.metadata?.labels;
    return isRecord(labels) ? (labels as Record<string, string>) : undefined;
  }
  return request.namespace ? namespaces.labels(request.namespace) : undefined;
}
