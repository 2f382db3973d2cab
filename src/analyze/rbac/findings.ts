import type { RbacAnalysis } from './analysis.js';
import type { EscalationPath } from './paths.js';
import { isPlatformSubject } from './platform.js';
import type { BindingInfo, SubjectRef } from './types.js';

export interface BindingPath {
  subjectIndex: number;
  subject: SubjectRef;
  path: EscalationPath;
}

/**
 * The escalation paths a binding opens: for each of its subjects (other than the platform's own
 * and those the caller ignores), the subject's shortest path to `target` when its first step is
 * granted by this binding through that very subject entry. A path a subject gets through a
 * group is reported once, on the group's binding, not again for every member.
 */
export function pathsOpenedBy(
  analysis: RbacAnalysis,
  binding: BindingInfo,
  target: string,
  ignore: readonly string[] = [],
): BindingPath[] {
  const out: BindingPath[] = [];
  binding.subjects.forEach((subject, subjectIndex) => {
    if (!subject || isPlatformSubject(subject, ignore)) return;
    const path = analysis.pathFrom(subject, target);
    const first = path?.steps[0];
    if (!path || !first) return;
    const opened = first.grants.some((grant) => grant.binding === binding && grant.subjectIndex === subjectIndex);
    if (opened) out.push({ subjectIndex, subject, path });
  });
  return out;
}

/** Reads the `ignoreSubjects` rule option: subjects written as the CLI writes them. */
export function ignoredSubjects(options: Record<string, unknown>): string[] {
  const value = options.ignoreSubjects;
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}
