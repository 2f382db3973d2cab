import type { Resource } from '../../core/resource.js';
import { FieldReader, type PolicyProblem } from './field-reader.js';
import { type Binding, VALIDATION_ACTIONS, type ValidationAction } from './model.js';
import { parseMatchResources } from './parse-match.js';

/** A ValidatingAdmissionPolicyBinding or MutatingAdmissionPolicyBinding, validated as the API server would. */
export function parseBinding(
  resource: Resource,
  type: 'validating' | 'mutating',
  problems: PolicyProblem[],
): Binding | undefined {
  const reader = new FieldReader(resource, problems);
  const before = problems.length;
  const { object } = resource;
  const name = reader.string(object.metadata?.name, ['metadata', 'name'], { required: true });
  const spec = reader.object(object.spec, ['spec'], true) ?? {};
  const fields = ['policyName', 'paramRef', 'matchResources'];
  reader.keys(spec, ['spec'], type === 'validating' ? [...fields, 'validationActions'] : fields);
  const policyName = reader.string(spec.policyName, ['spec', 'policyName'], { required: true });
  const matchResources = parseMatchResources(reader, spec.matchResources, ['spec', 'matchResources'], 'binding');
  const validationActions = type === 'validating' ? parseActions(reader, spec.validationActions) : [];
  const paramRef = parseParamRef(reader, spec.paramRef);
  if (problems.length > before || !name || !policyName) return undefined;
  return { type, name, policyName, resource, paramRef, matchResources, validationActions };
}

function parseActions(reader: FieldReader, value: unknown): ValidationAction[] {
  const path = ['spec', 'validationActions'];
  const actions: ValidationAction[] = [];
  for (const [i, action] of reader.strings(value, path, true).entries()) {
    if (!(VALIDATION_ACTIONS as readonly string[]).includes(action)) {
      reader.fail([...path, i], `must be one of ${VALIDATION_ACTIONS.join(', ')} (got "${action}")`);
    } else if (actions.includes(action as ValidationAction)) {
      reader.fail([...path, i], `repeats "${action}"`);
    } else actions.push(action as ValidationAction);
  }
  // The API server refuses this pair: the failure would be repeated in the response and its warning headers.
  if (actions.includes('Deny') && actions.includes('Warn')) reader.fail(path, 'must not hold both Deny and Warn');
  return actions;
}

function parseParamRef(reader: FieldReader, value: unknown): Binding['paramRef'] {
  const path = ['spec', 'paramRef'];
  const ref = reader.object(value, path);
  if (!ref) return undefined;
  reader.keys(ref, path, ['name', 'namespace', 'selector', 'parameterNotFoundAction']);
  const name = reader.string(ref.name, [...path, 'name']);
  const namespace = reader.string(ref.namespace, [...path, 'namespace']);
  const selector = ref.selector === undefined ? undefined : reader.selector(ref.selector, [...path, 'selector']);
  if (name !== undefined && ref.selector !== undefined) reader.fail(path, 'must set name or selector, not both');
  if (name === undefined && ref.selector === undefined) reader.fail(path, 'must set name or selector');
  const action = reader.string(ref.parameterNotFoundAction, [...path, 'parameterNotFoundAction'], {
    oneOf: ['Deny', 'Allow'],
  });
  return {
    name: name === '' ? undefined : name,
    namespace: namespace === '' ? undefined : namespace,
    selector,
    parameterNotFoundAction: (action ?? 'Deny') as 'Deny' | 'Allow',
  };
}
