import { Counter, Gauge, Registry } from 'prom-client';
import type { AuditStats } from './pipeline.js';
import type { ReceiverStats } from './receiver.js';

/**
 * Prometheus metrics of the receiver at /metrics, read from the counters it keeps anyway at each
 * scrape: events taken, refused (queue full), failed, unreadable; batches by outcome; queue depth;
 * alerts by severity. Its own registry: nothing else in the process reports here.
 */
export function receiverMetrics(
  stats: ReceiverStats,
  pipeline: AuditStats,
  queued: () => number,
): { registry: Registry; contentType: string } {
  const registry = new Registry();
  new Counter({
    name: 'rampart_audit_events_total',
    help: 'Audit events by what became of them: accepted (judged and kept), refused (queue full, 429), failed (503), unreadable',
    labelNames: ['result'],
    registers: [registry],
    collect() {
      this.reset();
      this.inc({ result: 'accepted' }, stats.events);
      this.inc({ result: 'refused' }, stats.refusedEvents);
      this.inc({ result: 'failed' }, stats.failedEvents);
      this.inc({ result: 'unreadable' }, stats.unreadable);
    },
  });
  new Counter({
    name: 'rampart_audit_batches_total',
    help: 'Batches posted, by answer',
    labelNames: ['result'],
    registers: [registry],
    collect() {
      this.reset();
      this.inc({ result: 'received' }, stats.batches);
      this.inc({ result: 'refused' }, stats.refusedBatches);
      this.inc({ result: 'failed' }, stats.failedBatches);
      this.inc({ result: 'too_large' }, stats.tooLarge);
    },
  });
  new Counter({
    name: 'rampart_audit_alerts_total',
    help: 'Unsuppressed alerts by severity',
    labelNames: ['severity'],
    registers: [registry],
    collect() {
      this.reset();
      for (const [severity, count] of Object.entries(pipeline.severities)) this.inc({ severity }, count);
    },
  });
  new Gauge({
    name: 'rampart_audit_queue_events',
    help: 'Events waiting to be judged',
    registers: [registry],
    collect() {
      this.set(queued());
    },
  });
  return { registry, contentType: registry.contentType };
}
