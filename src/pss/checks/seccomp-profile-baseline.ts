import type { CheckDefinition, CheckOutcome, PssFinding } from '../check.js';
import { compareStrings, containersPhrase, goQuote, plural, quote, quoteList, sortedList } from '../format.js';
import {
  annotationPath,
  annotationValue,
  containerPath,
  type Fields,
  type PodView,
  recordField,
  specPath,
  stringField,
} from '../pod-view.js';

const POD_ANNOTATION = 'seccomp.security.alpha.kubernetes.io/pod';
const CONTAINER_ANNOTATION_PREFIX = 'container.seccomp.security.alpha.kubernetes.io/';

export function allowedSeccompType(type: string): boolean {
  return type === 'RuntimeDefault' || type === 'Localhost';
}

/** Unlike AppArmor's, an empty seccomp annotation is forbidden: it is not a profile at all. */
function allowedAnnotation(value: string): boolean {
  return value === 'runtime/default' || value === 'docker/default' || value.startsWith('localhost/');
}

/** Before v1.19 seccomp lived in alpha annotations only, so that is all older versions read. */
function seccompProfileBaselineV1Dot0(pod: PodView): CheckOutcome | undefined {
  const { annotations } = pod;
  if (!annotations) return undefined;
  const forbidden = new Map<string, string>();
  const judge = (key: string) => {
    if (!Object.hasOwn(annotations, key) || forbidden.has(key)) return;
    const value = annotationValue(annotations[key]);
    if (!allowedAnnotation(value)) forbidden.set(key, `${key}=${goQuote(value)}`);
  };
  judge(POD_ANNOTATION);
  for (const container of pod.containers) judge(CONTAINER_ANNOTATION_PREFIX + container.name);
  if (forbidden.size === 0) return undefined;
  const entries = [...forbidden].sort((a, b) => compareStrings(a[1], b[1]));
  const texts = entries.map(([, text]) => text);
  const findings: PssFinding[] = entries.map(([key, text]) => ({
    path: annotationPath(pod, key),
    message: `forbidden annotation ${text}`,
  }));
  return {
    reason: 'seccompProfile',
    detail: `forbidden ${plural('annotation', 'annotations', texts.length)} ${texts.join(', ')}`,
    findings,
  };
}

function seccompProfileBaselineV1Dot19(pod: PodView): CheckOutcome | undefined {
  const setters: string[] = [];
  const values = new Set<string>();
  const findings: PssFinding[] = [];
  const podType = seccompType(pod.securityContext);
  if (podType !== undefined && !allowedSeccompType(podType)) {
    setters.push('pod');
    values.add(podType);
    findings.push({
      path: specPath(pod, 'securityContext', 'seccompProfile', 'type'),
      message: `pod must not set securityContext.seccompProfile.type to ${quote(podType)}`,
    });
  }
  const containers: string[] = [];
  for (const container of pod.containers) {
    const type = seccompType(container.securityContext);
    if (type === undefined || allowedSeccompType(type)) continue;
    containers.push(container.name);
    values.add(type);
    findings.push({
      path: containerPath(pod, container, 'securityContext', 'seccompProfile', 'type'),
      message: `container ${quote(container.name)} must not set securityContext.seccompProfile.type to ${quote(type)}`,
    });
  }
  if (containers.length > 0) setters.push(containersPhrase(containers));
  if (setters.length === 0) return undefined;
  return {
    reason: 'seccompProfile',
    detail: `${setters.join(' and ')} must not set securityContext.seccompProfile.type to ${quoteList(sortedList(values))}`,
    findings,
  };
}

/** The profile type a security context sets, or undefined when it sets no profile. */
export function seccompType(securityContext: Fields | undefined): string | undefined {
  const profile = recordField(securityContext, 'seccompProfile');
  return profile ? stringField(profile, 'type') : undefined;
}

export const seccompProfileBaseline: CheckDefinition = {
  id: 'seccompProfile_baseline',
  level: 'baseline',
  versions: [
    { since: 0, run: seccompProfileBaselineV1Dot0 },
    { since: 19, run: seccompProfileBaselineV1Dot19 },
  ],
};
