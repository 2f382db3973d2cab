import type { KubeObject, Origin, Resource, SourcePosition } from '../core/resource.js';
import type { AuditEvent } from '../load/audit-events.js';

/**
 * Where an event was read. One object per event rather than a position and a closure: a batch
 * holds a thousand of them until it is judged, and every object it holds is one the collector copies.
 */
class EventOrigin {
  readonly kind = 'file';
  constructor(
    readonly file: string,
    readonly document: number,
  ) {}

  locate(): SourcePosition {
    return { line: this.document + 1, column: 1 };
  }
}

/**
 * An audit event as the engine judges it: the event itself is the resource, named by its auditID
 * and placed in the namespace of the object it was about, so rampart.yaml exceptions match it by
 * namespace like any other resource. Items of a webhook's EventList carry no apiVersion or kind;
 * they get the ones of the list.
 */
export function eventResource(event: AuditEvent, file: string): Resource {
  const raw = event.object;
  const metadata: Record<string, string> = {};
  if (event.auditID) metadata.name = event.auditID;
  if (event.objectRef?.namespace) metadata.namespace = event.objectRef.namespace;
  // A copy made by spread costs five times what Object.assign's does, and every later read of it
  // ten times as much (V8 20). Object.assign sets keys, so an own `__proto__` key (JSON.parse makes
  // one) would set the copy's prototype: such an event takes the spread. Key order is the same.
  const copy: Record<string, unknown> = Object.hasOwn(raw, '__proto__') ? { ...raw } : Object.assign({}, raw);
  copy.apiVersion = typeof raw.apiVersion === 'string' ? raw.apiVersion : 'audit.k8s.io/v1';
  copy.kind = 'Event';
  copy.metadata = metadata;
  const object = copy as KubeObject;
  const origin: Origin = new EventOrigin(file, event.line - 1);
  return { object, origin };
}
