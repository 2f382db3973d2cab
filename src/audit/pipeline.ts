import type { Resource } from '../core/resource.js';
import type { Result } from '../core/result.js';
import { atOrAbove, SEVERITIES, type Severity } from '../core/severity.js';
import type { AuditEvent } from '../load/audit-events.js';
import { type AuditAlert, toAlert } from './alert.js';
import { eventResource } from './event-resource.js';

/**
 * The scan service, as the front-end built it: resources in, the engine's results out. Injected so
 * that the audit pipeline judges events on the one path every other verdict takes (rampart.yaml,
 * exceptions, severities) without importing the service.
 */
export type Judge = (resources: readonly Resource[]) => Promise<readonly Result[]>;

/** Where alerts go: an output stream, a webhook, the ledger. */
export interface AlertSink {
  write(alerts: readonly AuditAlert[]): void | Promise<void>;
}

/** Where every event that was read goes before it is judged (the ledger, in `events` mode). */
export interface EventSink {
  append(events: readonly AuditEvent[]): void | Promise<void>;
}

export interface AuditStats {
  events: number;
  /** Lines or items that were not audit events: counted, and each reported where it was. */
  unreadable: number;
  alerts: number;
  suppressed: number;
  /** Unsuppressed alerts by severity. */
  severities: Record<Severity, number>;
  /** Unsuppressed failing alerts at or above the threshold, and results that are errors. */
  failing: number;
  errors: number;
}

export interface PipelineOptions {
  judge: Judge;
  sinks: readonly AlertSink[];
  events?: EventSink;
  /** Threshold for `failing` (the exit code's --fail-on). */
  failOn: Severity | 'none';
  /** Events judged together; the engine's per-call cost is paid once per batch. */
  batchSize?: number;
}

/**
 * Events in, alerts out, in order, in batches: memory holds one batch of events, never the log.
 * Results of the engine that are not about an event (an expired exception) are alerted once.
 */
export class AuditPipeline {
  readonly stats: AuditStats = {
    events: 0,
    unreadable: 0,
    alerts: 0,
    suppressed: 0,
    severities: Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>,
    failing: 0,
    errors: 0,
  };
  private batch: AuditEvent[] = [];
  private resources: Resource[] = [];
  private readonly said = new Set<string>();
  private readonly size: number;

  constructor(private readonly options: PipelineOptions) {
    this.size = options.batchSize ?? 1000;
  }

  /** Adds one event; judges the batch when it is full. */
  async push(event: AuditEvent, source: string): Promise<void> {
    this.stats.events++;
    this.batch.push(event);
    this.resources.push(eventResource(event, source));
    if (this.batch.length >= this.size) await this.flush();
  }

  unreadable(): void {
    this.stats.unreadable++;
  }

  /** Judges what is pending and hands the alerts to every sink. */
  async flush(): Promise<void> {
    if (this.batch.length === 0) return;
    const events = this.batch;
    const resources = this.resources;
    this.batch = [];
    this.resources = [];
    if (this.options.events) await this.options.events.append(events);
    const results = await this.options.judge(resources);
    const alerts: AuditAlert[] = [];
    for (const result of results) {
      if (result.verdict === 'pass' || result.verdict === 'skip') continue;
      if (!result.subject) {
        const key = `${result.ruleId}\n${result.message}`;
        if (this.said.has(key)) continue;
        this.said.add(key);
      }
      this.count(result);
      alerts.push(toAlert(result));
    }
    if (alerts.length > 0) for (const sink of this.options.sinks) await sink.write(alerts);
  }

  private count(result: Result): void {
    const { stats } = this;
    stats.alerts++;
    if (result.verdict === 'error') stats.errors++;
    if (result.suppressed) {
      stats.suppressed++;
      return;
    }
    stats.severities[result.severity]++;
    if (result.verdict === 'fail' && atOrAbove(result.severity, this.options.failOn)) stats.failing++;
  }
}
