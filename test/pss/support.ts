import assert from 'node:assert/strict';
import { formatPath } from '../../src/core/path.js';
import { type PodTemplate, podTemplate } from '../../src/core/pod-spec.js';
import type { KubeObject } from '../../src/core/resource.js';
import { LATEST_MINOR, runCheck } from '../../src/pss/index.js';

/** A bare Pod's template from its spec (and metadata); the object is frozen, as the engine's input may be. */
export function pod(spec: Record<string, unknown>, metadata: Record<string, unknown> = { name: 'p' }): PodTemplate {
  return templateOf({ apiVersion: 'v1', kind: 'Pod', metadata, spec });
}

export function templateOf(object: KubeObject): PodTemplate {
  deepFreeze(object);
  const template = podTemplate(object);
  assert.ok(template, `${object.kind} has no pod template`);
  return template;
}

/** A container named `name` with the given securityContext (omitted when undefined). */
export function container(name: string, securityContext?: Record<string, unknown>, rest: Record<string, unknown> = {}) {
  return securityContext === undefined ? { name, ...rest } : { name, securityContext, ...rest };
}

export interface Expected {
  reason: string;
  detail: string;
  /** Finding paths, dotted, in order. */
  paths?: string[];
  /** Finding messages, in order. */
  messages?: string[];
}

/** Asserts what one check concludes about a pod at a version (the newest by default). */
export function denies(checkId: string, template: PodTemplate, expected: Expected, minor = LATEST_MINOR): void {
  const violation = runCheck(checkId, template, minor);
  assert.ok(violation, `${checkId} at v1.${minor} allowed the pod`);
  assert.equal(violation.check, checkId);
  assert.equal(violation.reason, expected.reason);
  assert.equal(violation.detail, expected.detail);
  if (expected.paths)
    assert.deepEqual(
      violation.findings.map((f) => formatPath(f.path)),
      expected.paths,
    );
  if (expected.messages)
    assert.deepEqual(
      violation.findings.map((f) => f.message),
      expected.messages,
    );
}

export function allows(checkId: string, template: PodTemplate, minor = LATEST_MINOR): void {
  const violation = runCheck(checkId, template, minor);
  assert.equal(violation, undefined, `${checkId} at v1.${minor} denied: ${violation?.reason} (${violation?.detail})`);
}

function deepFreeze(value: unknown): void {
  if (value === null || typeof value !== 'object' || Object.isFrozen(value)) return;
  Object.freeze(value);
  for (const child of Object.values(value)) deepFreeze(child);
}
