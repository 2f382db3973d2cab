import type { KubeObject } from '../../core/resource.js';
import { redactValues, toJson } from '../cel/index.js';
import { applyConfiguration } from './apply-configuration.js';
import type { Compiled } from './compile.js';
import { describe, isObject } from './field-reader.js';
import type { Invocation } from './invocation.js';
import { applyJsonPatch, type PatchOperation } from './json-patch.js';
import type { Mutation } from './model.js';
import type { Shape } from './shapes.js';

export type PatchOutcome = { ok: true; object: KubeObject } | { ok: false; error: string };

/** Evaluates one mutation of a MutatingAdmissionPolicy and applies it to the invocation's object. */
export function applyMutation(
  mutation: Mutation,
  patch: Compiled,
  invocation: Invocation,
  object: KubeObject,
  shape: Shape,
): PatchOutcome {
  const outcome = invocation.evaluate(patch);
  if (!outcome.ok) return { ok: false, error: outcome.message };
  const value = toJson(outcome.value);
  if (mutation.patchType === 'ApplyConfiguration') {
    const applied = applyConfiguration(object, value, shape);
    if (!applied.ok)
      return { ok: false, error: redactValues(`error applying patch: invalid ApplyConfiguration: ${applied.error}`) };
    return { ok: true, object: { ...applied.value, apiVersion: object.apiVersion, kind: object.kind } as KubeObject };
  }
  const operations = jsonPatchOperations(value);
  if (typeof operations === 'string') return { ok: false, error: operations };
  const patched = applyJsonPatch(object, operations);
  // Worded as the API server words it: "JSON Patch: " and the patch library's own error.
  if (!patched.ok) return { ok: false, error: redactValues(`JSON Patch: ${patched.error}`) };
  // A failed `test` leaves the object as it was, without an error.
  if ('testFailed' in patched) return { ok: true, object };
  if (
    !isObject(patched.value) ||
    typeof patched.value.apiVersion !== 'string' ||
    typeof patched.value.kind !== 'string'
  )
    return { ok: false, error: 'JSONPatch: the patched object is no longer a Kubernetes object (apiVersion and kind)' };
  return { ok: true, object: patched.value as KubeObject };
}

/** `[JSONPatch{op, path, from?, value?}, …]` as plain operations, or why not. */
function jsonPatchOperations(value: unknown): PatchOperation[] | string {
  if (!Array.isArray(value))
    return `type mismatch: a JSONPatch expression must evaluate to a list of JSONPatch, not ${describe(value)}`;
  const operations: PatchOperation[] = [];
  for (const [i, item] of value.entries()) {
    if (!isObject(item) || typeof item.op !== 'string' || typeof item.path !== 'string')
      return `type mismatch: element ${i} of the JSONPatch list is not a JSONPatch{op, path, …}`;
    const operation: PatchOperation = { op: item.op, path: item.path };
    if (typeof item.from === 'string' && item.from !== '') operation.from = item.from;
    if (item.value !== undefined) operation.value = item.value;
    operations.push(operation);
  }
  return operations;
}
