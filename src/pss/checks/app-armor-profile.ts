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

const ANNOTATION_PREFIX = 'container.apparmor.security.beta.kubernetes.io/';

/** The field form: a profile must be set to one the runtime enforces. */
function allowedType(type: string): boolean {
  return type === 'RuntimeDefault' || type === 'Localhost';
}

/** The deprecated annotation form; empty means "no opinion" and is allowed. */
function allowedAnnotation(value: string): boolean {
  return value === '' || value === 'runtime/default' || value.startsWith('localhost/');
}

/*
 * Both forms are checked at every version: upstream added the field check to its v1.0 revision
 * when the field arrived, so pinning an old version does not switch it off.
 */
function appArmorProfileV1Dot0(pod: PodView): CheckOutcome | undefined {
  const setters: string[] = [];
  const types = new Set<string>();
  const findings: PssFinding[] = [];
  const podType = profileType(pod.securityContext);
  if (podType !== undefined && !allowedType(podType)) {
    setters.push('pod');
    types.add(podType);
    findings.push({
      path: specPath(pod, 'securityContext', 'appArmorProfile', 'type'),
      message: `pod must not set AppArmor profile type to ${quote(podType)}`,
    });
  }
  const containers: string[] = [];
  for (const container of pod.containers) {
    const type = profileType(container.securityContext);
    if (type === undefined || allowedType(type)) continue;
    containers.push(container.name);
    types.add(type);
    findings.push({
      path: containerPath(pod, container, 'securityContext', 'appArmorProfile', 'type'),
      message: `container ${quote(container.name)} must not set AppArmor profile type to ${quote(type)}`,
    });
  }
  if (containers.length > 0) setters.push(containersPhrase(containers));
  const annotations = forbiddenAnnotations(pod);
  for (const { key, text } of annotations) {
    findings.push({ path: annotationPath(pod, key), message: `annotation ${text} sets a forbidden AppArmor profile` });
  }
  if (annotations.length > 0) setters.push(plural('annotation', 'annotations', annotations.length));
  if (setters.length === 0) return undefined;
  const values = [...sortedList(types), ...annotations.map((a) => a.text)];
  return {
    reason: plural('forbidden AppArmor profile', 'forbidden AppArmor profiles', values.length),
    detail: `${setters.join(' and ')} must not set AppArmor profile type to ${quoteList(values)}`,
    findings,
  };
}

function profileType(securityContext: Fields | undefined): string | undefined {
  const profile = recordField(securityContext, 'appArmorProfile');
  return profile ? stringField(profile, 'type') : undefined;
}

/** Offending annotations as upstream prints them (`key="value"`), sorted by that text. */
function forbiddenAnnotations(pod: PodView): { key: string; text: string }[] {
  const out: { key: string; text: string }[] = [];
  if (!pod.annotations) return out;
  for (const key of Object.keys(pod.annotations)) {
    if (!key.startsWith(ANNOTATION_PREFIX)) continue;
    const value = annotationValue(pod.annotations[key]);
    if (!allowedAnnotation(value)) out.push({ key, text: `${key}=${goQuote(value)}` });
  }
  return out.sort((a, b) => compareStrings(a.text, b.text));
}

export const appArmorProfile: CheckDefinition = {
  id: 'appArmorProfile',
  level: 'baseline',
  versions: [{ since: 0, run: appArmorProfileV1Dot0 }],
};
