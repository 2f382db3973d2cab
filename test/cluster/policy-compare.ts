/*
 * How a replayed admission request is compared: the server's answer (status, warnings, audit
 * annotations, returned object) against Rampart's AdmissionOutcome for the same request.
 */
import type { AdmissionOutcome } from '../../src/policy/admission-policy/index.js';

type Json = unknown;

/** Leaves of a JSON value by path; empty objects and lists are leaves too. */
export function flatten(value: Json, prefix = '', out = new Map<string, string>()): Map<string, string> {
  if (Array.isArray(value) && value.length > 0) {
    value.forEach((item, i) => {
      flatten(item, `${prefix}[${i}]`, out);
    });
  } else if (value && typeof value === 'object' && !Array.isArray(value) && Object.keys(value).length > 0) {
    for (const [key, item] of Object.entries(value)) flatten(item, `${prefix}.${key}`, out);
  } else {
    // The ServiceAccount plugin names its token volume with a random suffix on every request.
    const text = JSON.stringify(value);
    out.set(
      prefix,
      typeof value === 'string' && /^kube-api-access-[a-z0-9]{5}$/.test(value) ? '"kube-api-access-*"' : text,
    );
  }
  return out;
}

/** Fields the server sets on every stored or dry-run object, which no policy wrote. */
const SERVER_METADATA = /^\.metadata\.(uid|creationTimestamp|resourceVersion|managedFields|generation)\b/;

export function changes(before: Json, after: Json): Map<string, string | undefined> {
  const a = flatten(before);
  const b = flatten(after);
  const out = new Map<string, string | undefined>();
  for (const [path, value] of b) if (a.get(path) !== value && !SERVER_METADATA.test(path)) out.set(path, value);
  for (const path of a.keys()) if (!b.has(path) && !SERVER_METADATA.test(path)) out.set(path, undefined);
  return out;
}

/**
 * Mutations agree when every field Rampart's mutations changed has the server's value, and every
 * field the server's mutations changed was changed by Rampart too — except fields the server
 * defaulted inside content the mutation added (a container a policy adds gets its
 * terminationMessagePath, as any container does).
 */
export function compareMutation(
  written: Json,
  rampartAfter: Json,
  serverBefore: Json,
  serverAfter: Json,
): string | undefined {
  const mine = changes(written, rampartAfter);
  const theirs = changes(serverBefore, serverAfter);
  const writtenPaths = [...flatten(written).keys()];
  const serverFinal = flatten(serverAfter);
  const problems: string[] = [];
  for (const [path, value] of mine) {
    if (serverFinal.get(path) !== value)
      problems.push(`${path}: rampart ${value ?? '(removed)'}, server ${serverFinal.get(path) ?? '(absent)'}`);
  }
  const changed = [...theirs.keys()];
  for (const [path, value] of theirs) {
    if (mine.has(path)) continue;
    // An empty object or list (a leaf) that the mutation filled: its contents are compared instead.
    if (
      value === undefined &&
      changed.some((p) => p !== path && (p.startsWith(`${path}.`) || p.startsWith(`${path}[`)))
    )
      continue;
    const insideAdded = ancestors(path).some(
      (prefix) => !writtenPaths.some((p) => p.startsWith(prefix)) && [...mine.keys()].some((p) => p.startsWith(prefix)),
    );
    if (!insideAdded) problems.push(`${path}: server ${value ?? '(removed)'}, rampart left it`);
  }
  return problems.length ? `mutated objects differ: ${problems.slice(0, 6).join('; ')}` : undefined;
}

/** `.spec.containers[1].name` → [`.spec`, `.spec.containers`, `.spec.containers[1]`]. */
function ancestors(path: string): string[] {
  const out: string[] = [];
  for (let i = 1; i < path.length; i++) if (path[i] === '.' || path[i] === '[') out.push(path.slice(0, i));
  return out;
}

export function sameMultiset(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  const sa = [...a].sort();
  const sb = [...b].sort();
  return sa.every((x, i) => x === sb[i]);
}

export interface ServerAnswer {
  status: number;
  message: string;
  reason: string;
  warnings: string[];
  object: Json;
  auditAnnotations: Record<string, string> | undefined;
}

/** Annotation keys only admission policies write (the rest are authorization's, PSA's, …). */
export function policyAnnotations(
  annotations: Record<string, string>,
  policies: ReadonlySet<string>,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(annotations)) {
    const prefix = key.slice(0, key.indexOf('/'));
    if (key === 'validation.policy.admission.k8s.io/validation_failure' || policies.has(prefix)) out[key] = value;
  }
  return out;
}

export function compareAnswer(
  server: ServerAnswer,
  rampart: AdmissionOutcome,
  policies: ReadonlySet<string>,
): string[] {
  const problems: string[] = [];
  const allowed = server.status >= 200 && server.status < 300;
  if (allowed !== rampart.allowed) {
    problems.push(
      allowed
        ? `server admits; rampart denies: ${rampart.status?.message}`
        : `server denies (HTTP ${server.status}: ${server.message}); rampart admits`,
    );
  } else if (!allowed && rampart.status) {
    if (server.message !== rampart.status.message)
      problems.push(
        `denial messages differ:\n      server:  ${server.message}\n      rampart: ${rampart.status.message}`,
      );
    if (server.status !== rampart.status.code || server.reason !== rampart.status.reason) {
      problems.push(
        `status differs: server ${server.status} ${server.reason}, rampart ${rampart.status.code} ${rampart.status.reason}`,
      );
    }
  }
  // The API server also warns about deprecated APIs (v1 Endpoints…): not an admission policy's doing.
  const serverWarnings = server.warnings.filter((w) => !/ is deprecated in v1\.\d+\+/.test(w));
  if (!sameMultiset(serverWarnings, rampart.warnings)) {
    problems.push(
      `warnings differ: server ${JSON.stringify(serverWarnings)}, rampart ${JSON.stringify(rampart.warnings)}`,
    );
  }
  if (server.auditAnnotations) {
    const theirs = policyAnnotations(server.auditAnnotations, policies);
    const mine = rampart.auditAnnotations;
    const keys = new Set([...Object.keys(theirs), ...Object.keys(mine)]);
    for (const key of keys) {
      if (theirs[key] !== mine[key])
        problems.push(
          `audit annotation ${key}: server ${JSON.stringify(theirs[key])}, rampart ${JSON.stringify(mine[key])}`,
        );
    }
  }
  return problems;
}
