import type { Path } from '../../core/path.js';
import type { Resource } from '../../core/resource.js';
import { FieldReader, type PolicyProblem } from './field-reader.js';
import type {
  AuditAnnotation,
  FailurePolicy,
  MutatingPolicy,
  Mutation,
  NamedExpression,
  StatusReason,
  ValidatingPolicy,
  Validation,
} from './model.js';
import { STATUS_REASONS } from './model.js';
import { parseMatchResources } from './parse-match.js';

const VALIDATING_SPEC = [
  'paramKind',
  'matchConstraints',
  'validations',
  'failurePolicy',
  'auditAnnotations',
  'matchConditions',
  'variables',
];
const MUTATING_SPEC = [
  'paramKind',
  'matchConstraints',
  'variables',
  'mutations',
  'failurePolicy',
  'reinvocationPolicy',
  'matchConditions',
];
const CEL_IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;
const QUALIFIED_NAME =
  /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;
const AUDIT_KEY = /^[A-Za-z0-9][-A-Za-z0-9_.]*$/;
const MAX_MATCH_CONDITIONS = 64;

/** What both policy kinds share. */
function parseBase(reader: FieldReader, resource: Resource, allowed: readonly string[]) {
  const { object } = resource;
  const name = reader.string(object.metadata?.name, ['metadata', 'name'], { required: true });
  const spec = reader.object(object.spec, ['spec'], true) ?? {};
  reader.keys(spec, ['spec'], allowed);
  let paramKind: { apiVersion: string; kind: string } | undefined;
  const kind = reader.object(spec.paramKind, ['spec', 'paramKind']);
  if (kind) {
    reader.keys(kind, ['spec', 'paramKind'], ['apiVersion', 'kind']);
    const apiVersion = reader.string(kind.apiVersion, ['spec', 'paramKind', 'apiVersion'], { required: true });
    const kindName = reader.string(kind.kind, ['spec', 'paramKind', 'kind'], { required: true });
    if (apiVersion && kindName) paramKind = { apiVersion, kind: kindName };
  }
  const failurePolicy = (reader.string(spec.failurePolicy, ['spec', 'failurePolicy'], { oneOf: ['Fail', 'Ignore'] }) ??
    'Fail') as FailurePolicy;
  const matchConstraints = parseMatchResources(reader, spec.matchConstraints, ['spec', 'matchConstraints'], 'policy');
  const matchConditions = namedExpressions(
    reader,
    spec.matchConditions,
    ['spec', 'matchConditions'],
    'expression',
    QUALIFIED_NAME,
  );
  if (matchConditions.length > MAX_MATCH_CONDITIONS)
    reader.fail(
      ['spec', 'matchConditions'],
      `holds ${matchConditions.length} conditions; at most ${MAX_MATCH_CONDITIONS} are allowed`,
    );
  const variables = namedExpressions(reader, spec.variables, ['spec', 'variables'], 'expression', CEL_IDENTIFIER);
  return { name, spec, paramKind, failurePolicy, matchConstraints, matchConditions, variables };
}

export function parseValidatingPolicy(resource: Resource, problems: PolicyProblem[]): ValidatingPolicy | undefined {
  const reader = new FieldReader(resource, problems);
  const before = problems.length;
  const base = parseBase(reader, resource, VALIDATING_SPEC);
  const validations = parseValidations(reader, base.spec.validations);
  const auditAnnotations = parseAuditAnnotations(reader, base.spec.auditAnnotations);
  if (validations.length === 0 && auditAnnotations.length === 0 && problems.length === before)
    reader.fail(['spec'], 'must hold validations or auditAnnotations (or both)');
  if (problems.length > before || !base.name || !base.matchConstraints) return undefined;
  return {
    type: 'validating',
    name: base.name,
    object: resource.object,
    resource,
    paramKind: base.paramKind,
    matchConstraints: base.matchConstraints,
    matchConditions: base.matchConditions,
    variables: base.variables,
    failurePolicy: base.failurePolicy,
    validations,
    auditAnnotations,
  };
}

export function parseMutatingPolicy(resource: Resource, problems: PolicyProblem[]): MutatingPolicy | undefined {
  const reader = new FieldReader(resource, problems);
  const before = problems.length;
  const base = parseBase(reader, resource, MUTATING_SPEC);
  const mutations = parseMutations(reader, base.spec.mutations);
  // No version defaults it: the API server refuses a MutatingAdmissionPolicy without one.
  const reinvocationPolicy = reader.string(base.spec.reinvocationPolicy, ['spec', 'reinvocationPolicy'], {
    oneOf: ['Never', 'IfNeeded'],
    required: true,
  });
  if (problems.length > before || !base.name || !base.matchConstraints) return undefined;
  return {
    type: 'mutating',
    name: base.name,
    object: resource.object,
    resource,
    paramKind: base.paramKind,
    matchConstraints: base.matchConstraints,
    matchConditions: base.matchConditions,
    variables: base.variables,
    failurePolicy: base.failurePolicy,
    mutations,
    reinvocationPolicy: reinvocationPolicy as MutatingPolicy['reinvocationPolicy'],
  };
}

function parseValidations(reader: FieldReader, value: unknown): Validation[] {
  const out: Validation[] = [];
  for (const [i, item] of reader.list(value, ['spec', 'validations']).entries()) {
    const at: Path = ['spec', 'validations', i];
    const validation = reader.object(item, at, true);
    if (!validation) continue;
    reader.keys(validation, at, ['expression', 'message', 'messageExpression', 'reason']);
    const expression = reader.expression(validation.expression, [...at, 'expression']);
    const message = reader.string(validation.message, [...at, 'message']);
    if (message !== undefined && /[\r\n]/.test(message))
      reader.fail([...at, 'message'], 'must not contain line breaks');
    const messageExpression =
      validation.messageExpression === undefined
        ? undefined
        : reader.expression(validation.messageExpression, [...at, 'messageExpression']);
    const reason = reader.string(validation.reason, [...at, 'reason'], { oneOf: STATUS_REASONS }) as
      | StatusReason
      | undefined;
    if (expression) out.push({ expression, message, messageExpression, reason });
  }
  return out;
}

function parseAuditAnnotations(reader: FieldReader, value: unknown): AuditAnnotation[] {
  const out: AuditAnnotation[] = [];
  const keys = new Set<string>();
  for (const [i, item] of reader.list(value, ['spec', 'auditAnnotations']).entries()) {
    const at: Path = ['spec', 'auditAnnotations', i];
    const annotation = reader.object(item, at, true);
    if (!annotation) continue;
    reader.keys(annotation, at, ['key', 'valueExpression']);
    const key = reader.string(annotation.key, [...at, 'key'], { required: true });
    if (key !== undefined) {
      if (!AUDIT_KEY.test(key) || key.length > 63)
        reader.fail([...at, 'key'], 'must be a qualified name ([A-Za-z0-9][-A-Za-z0-9_.]*) of at most 63 characters');
      if (keys.has(key)) reader.fail([...at, 'key'], `repeats the key "${key}"`);
      keys.add(key);
    }
    const valueExpression = reader.expression(annotation.valueExpression, [...at, 'valueExpression']);
    if (key !== undefined && valueExpression) out.push({ key, valueExpression });
  }
  return out;
}

function parseMutations(reader: FieldReader, value: unknown): Mutation[] {
  const out: Mutation[] = [];
  for (const [i, item] of reader.list(value, ['spec', 'mutations'], true).entries()) {
    const at: Path = ['spec', 'mutations', i];
    const mutation = reader.object(item, at, true);
    if (!mutation) continue;
    reader.keys(mutation, at, ['patchType', 'applyConfiguration', 'jsonPatch']);
    const patchType = reader.string(mutation.patchType, [...at, 'patchType'], {
      required: true,
      oneOf: ['ApplyConfiguration', 'JSONPatch'],
    });
    if (patchType === undefined) continue;
    const field = patchType === 'ApplyConfiguration' ? 'applyConfiguration' : 'jsonPatch';
    const other = field === 'jsonPatch' ? 'applyConfiguration' : 'jsonPatch';
    if (mutation[other] !== undefined) reader.fail([...at, other], `must not be set when patchType is ${patchType}`);
    const holder = reader.object(mutation[field], [...at, field], true);
    if (!holder) continue;
    reader.keys(holder, [...at, field], ['expression']);
    const expression = reader.expression(holder.expression, [...at, field, 'expression']);
    if (expression) out.push({ patchType: patchType as Mutation['patchType'], expression });
  }
  return out;
}

function namedExpressions(
  reader: FieldReader,
  value: unknown,
  path: Path,
  field: string,
  namePattern: RegExp,
): NamedExpression[] {
  const out: NamedExpression[] = [];
  const names = new Set<string>();
  for (const [i, item] of reader.list(value, path).entries()) {
    const at = [...path, i];
    const entry = reader.object(item, at, true);
    if (!entry) continue;
    reader.keys(entry, at, ['name', field]);
    const name = reader.string(entry.name, [...at, 'name'], { required: true });
    if (name !== undefined) {
      if (!namePattern.test(name)) reader.fail([...at, 'name'], `"${name}" is not a valid name here`);
      if (names.has(name)) reader.fail([...at, 'name'], `repeats the name "${name}"`);
      names.add(name);
    }
    const expression = reader.expression(entry[field], [...at, field]);
    if (name !== undefined && expression) out.push({ ...expression, name });
  }
  return out;
}
