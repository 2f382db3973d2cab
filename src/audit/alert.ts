import { isRecord } from '../core/pod-spec.js';
import type { Result } from '../core/result.js';
import type { Frameworks, Owner } from '../core/rule.js';
import type { Severity } from '../core/severity.js';

/**
 * One detection, as every alert output writes it: the engine's result (rule, verdict, severity,
 * message, remediation, owner, frameworks, suppression) and who did what, when, from where. The
 * request and response objects are never copied: they may hold Secrets.
 */
export interface AuditAlert {
  time?: string;
  ruleId: string;
  verdict: Result['verdict'];
  severity: Severity;
  message: string;
  auditID?: string;
  user?: string;
  impersonatedUser?: string;
  verb?: string;
  target?: { resource?: string; subresource?: string; apiGroup?: string; namespace?: string; name?: string };
  sourceIPs?: string[];
  userAgent?: string;
  /** Where the event was read: a file and line, or `webhook` and the position in its batch. */
  location?: { file: string; line: number };
  owner?: Owner;
  remediation?: string;
  frameworks?: Frameworks;
  suppressed?: Result['suppressed'];
}

const TARGET_KEYS = ['resource', 'subresource', 'apiGroup', 'namespace', 'name'] as const;

export function toAlert(result: Result): AuditAlert {
  const event = result.subject?.object;
  const alert: AuditAlert = {
    ruleId: result.ruleId,
    verdict: result.verdict,
    severity: result.severity,
    message: result.message,
  };
  if (event) {
    const text = (value: unknown) => (typeof value === 'string' ? value : undefined);
    const time = text(event.stageTimestamp) ?? text(event.requestReceivedTimestamp);
    if (time) alert.time = time;
    const id = text(event.auditID);
    if (id) alert.auditID = id;
    const user = isRecord(event.user) ? text(event.user.username) : undefined;
    if (user) alert.user = user;
    const as = isRecord(event.impersonatedUser) ? text(event.impersonatedUser.username) : undefined;
    if (as) alert.impersonatedUser = as;
    const verb = text(event.verb);
    if (verb) alert.verb = verb;
    if (isRecord(event.objectRef)) {
      const ref = event.objectRef;
      const target: NonNullable<AuditAlert['target']> = {};
      for (const key of TARGET_KEYS) {
        const value = text(ref[key]);
        if (value) target[key] = value;
      }
      alert.target = target;
    }
    if (Array.isArray(event.sourceIPs))
      alert.sourceIPs = event.sourceIPs.filter((ip): ip is string => typeof ip === 'string');
    const agent = text(event.userAgent);
    if (agent) alert.userAgent = agent;
  }
  if (result.location) alert.location = { file: result.location.file, line: result.location.line };
  if (result.owner) alert.owner = result.owner;
  if (result.remediation) alert.remediation = result.remediation;
  if (result.frameworks) alert.frameworks = result.frameworks;
  if (result.suppressed) alert.suppressed = result.suppressed;
  return alert;
}
