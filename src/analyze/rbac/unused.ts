import type { AuditEvent } from '../../load/audit-events.js';
import { auditCounts, auditDenied, auditIdentity, auditRequest } from './audit-request.js';
import { grantsFor } from './authorize.js';
import { subjectKey } from './identity.js';
import type { PolicyIndex } from './policy-index.js';
import type { BindingInfo, RoleInfo, RuleSource, SubjectRef } from './types.js';

export interface RuleUsage {
  rule: RuleSource;
  /** Verbs of the rule that allowed a request in the log. */
  usedVerbs: string[];
}

export interface BindingUsage {
  binding: BindingInfo;
  role: RoleInfo;
  subject: SubjectRef;
  subjectIndex: number;
  used: RuleUsage[];
  unused: RuleSource[];
}

/**
 * Marks which grants allowed the requests of an audit log: each allowed request is authorized
 * again against the policy as the identity the log recorded, and every grant that allows it counts
 * as exercised (by the binding subject that matched). Results are cached per identity and request.
 */
export class UsageTracker {
  private readonly used = new Map<string, Map<RuleSource, Set<string>>>();
  private readonly memo = new Map<string, string[]>();
  events = 0;
  first?: string;
  last?: string;

  constructor(private readonly index: PolicyIndex) {}

  add(event: AuditEvent): void {
    if (!auditCounts(event) || auditDenied(event)) return;
    this.events++;
    if (event.timestamp) {
      if (!this.first || event.timestamp < this.first) this.first = event.timestamp;
      if (!this.last || event.timestamp > this.last) this.last = event.timestamp;
    }
    const identity = auditIdentity(event);
    const request = auditRequest(event);
    const key = JSON.stringify([identity, request]);
    let marks = this.memo.get(key);
    if (!marks) {
      marks = [];
      for (const grant of grantsFor(this.index, identity, request)) {
        const usageKey = `${grant.binding.order}\u0000${grant.subjectIndex}`;
        let rules = this.used.get(usageKey);
        if (!rules) {
          rules = new Map();
          this.used.set(usageKey, rules);
        }
        const verbs = rules.get(grant.rule) ?? new Set();
        verbs.add(request.verb);
        rules.set(grant.rule, verbs);
        marks.push(usageKey);
      }
      if (this.memo.size < 100_000) this.memo.set(key, marks);
    }
  }

  /** Usage of every binding subject (or only `subject`'s entries), unused rules listed. */
  report(subject?: SubjectRef): BindingUsage[] {
    const wanted = subject ? subjectKey(subject) : undefined;
    const out: BindingUsage[] = [];
    for (const binding of this.index.bindings) {
      const role = binding.role;
      if (!role) continue;
      binding.subjects.forEach((entry, subjectIndex) => {
        if (!entry || (wanted && subjectKey(entry) !== wanted)) return;
        const rules = this.used.get(`${binding.order}\u0000${subjectIndex}`);
        const usage: BindingUsage = { binding, role, subject: entry, subjectIndex, used: [], unused: [] };
        for (const rule of role.rules) {
          const verbs = rules?.get(rule);
          if (verbs) usage.used.push({ rule, usedVerbs: [...verbs].sort() });
          else usage.unused.push(rule);
        }
        out.push(usage);
      });
    }
    return out;
  }
}
