import { Counter, collectDefaultMetrics, Histogram, Registry } from 'prom-client';
import type { ReviewHandler } from './review.js';

export type ErrorKind = 'timeout' | 'error' | 'bad_request' | 'body_too_large' | 'rule_error';

/** The webhook's Prometheus metrics, in a registry of its own (tests and several servers never share one). */
export class WebhookMetrics {
  readonly registry = new Registry();
  private readonly requests: Counter<'path' | 'outcome'>;
  private readonly decisions: Counter<'rule' | 'mode' | 'decision'>;
  private readonly errors: Counter<'kind'>;
  private readonly duration: Histogram<'path'>;

  constructor(options: { processMetrics?: boolean } = {}) {
    const registers = [this.registry];
    this.requests = new Counter({
      name: 'rampart_admission_requests_total',
      help: 'Admission reviews answered, by path (validate, mutate) and outcome (allowed, denied)',
      labelNames: ['path', 'outcome'],
      registers,
    });
    this.decisions = new Counter({
      name: 'rampart_admission_decisions_total',
      help: 'Findings acted on, by rule, mode (enforce, warn, audit, mutate) and decision (deny, warn, audit, patch)',
      labelNames: ['rule', 'mode', 'decision'],
      registers,
    });
    this.errors = new Counter({
      name: 'rampart_admission_errors_total',
      help: 'Requests that could not be judged normally, by kind',
      labelNames: ['kind'],
      registers,
    });
    this.duration = new Histogram({
      name: 'rampart_admission_duration_seconds',
      help: 'Time from a parsed review to its answer',
      labelNames: ['path'],
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    });
    if (options.processMetrics) collectDefaultMetrics({ register: this.registry });
  }

  decision(rule: string, mode: string, decision: string): void {
    this.decisions.inc({ rule, mode, decision });
  }

  error(kind: ErrorKind): void {
    this.errors.inc({ kind });
  }

  request(path: string, outcome: 'allowed' | 'denied'): void {
    this.requests.inc({ path, outcome });
  }

  text(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  observe(path: string, seconds: number): void {
    this.duration.observe({ path }, seconds);
  }
}

/** Counts every answer by outcome and times it; a handler that throws is counted by the failure policy around it. */
export function withMetrics(next: ReviewHandler, metrics: WebhookMetrics): ReviewHandler {
  return async (call) => {
    const started = process.hrtime.bigint();
    const response = await next(call);
    metrics.observe(call.path, Number(process.hrtime.bigint() - started) / 1e9);
    metrics.request(call.path, response.allowed ? 'allowed' : 'denied');
    return response;
  };
}
