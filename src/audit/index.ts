/** Audit events judged by the rule engine, and the tamper-evident log they are kept in. */
export { type AuditAlert, toAlert } from './alert.js';
export { AlertWebhook } from './alert-webhook.js';
export { eventResource } from './event-resource.js';
export {
  type AlertSink,
  AuditPipeline,
  type AuditStats,
  type EventSink,
  type Judge,
  type PipelineOptions,
} from './pipeline.js';
export { AuditReceiver, type ReceiverLog, type ReceiverOptions, type ReceiverStats } from './receiver.js';
