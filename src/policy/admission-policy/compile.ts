import { type CelEngine, type CelErrorKind, type CelProgram, type CelTypeSpec, createCelEngine } from '../cel/index.js';
import type { Expression, Mutation, NamedExpression, Policy, Validation } from './model.js';

/** An expression that does not compile, with where it is and where in it the error is. */
export interface CompileProblem {
  policy: string;
  expression: Expression;
  kind: CelErrorKind | 'return-type';
  message: string;
  /** 1-based, within the expression. */
  line: number;
  column: number;
}

export interface Compiled {
  expression: Expression;
  program: CelProgram | undefined;
  error: CompileProblem | undefined;
}

export interface CompiledPolicy {
  policy: Policy;
  matchConditions: (Compiled & { name: string })[];
  variables: (Compiled & { name: string })[];
  validations: { validation: Validation; condition: Compiled; message: Compiled | undefined }[];
  auditAnnotations: { key: string; value: Compiled }[];
  mutations: { mutation: Mutation; patch: Compiled }[];
  /** Every compile problem of the policy, in field order. */
  errors: CompileProblem[];
}

export interface CompileOptions {
  /** `v1.N`: functions introduced later do not compile, as on that API server. */
  kubernetesVersion?: string;
}

const STRING = 'string';
const GROUP_VERSION_KIND: CelTypeSpec = {
  kind: 'object',
  name: 'GroupVersionKind',
  fields: { group: STRING, version: STRING, kind: STRING },
};
const GROUP_VERSION_RESOURCE: CelTypeSpec = {
  kind: 'object',
  name: 'GroupVersionResource',
  fields: { group: STRING, version: STRING, resource: STRING },
};

/**
 * `request`, declared field by field so that `request.namespce` is a compile error, as upstream
 * (BuildRequestType, which leaves out `uid`: `request.uid` is a compile error there too).
 */
export const REQUEST_TYPE: CelTypeSpec = {
  kind: 'object',
  name: 'kubernetes.AdmissionRequest',
  fields: {
    kind: GROUP_VERSION_KIND,
    resource: GROUP_VERSION_RESOURCE,
    subResource: STRING,
    requestKind: GROUP_VERSION_KIND,
    requestResource: GROUP_VERSION_RESOURCE,
    requestSubResource: STRING,
    name: STRING,
    namespace: STRING,
    operation: STRING,
    userInfo: {
      kind: 'object',
      name: 'UserInfo',
      fields: { username: STRING, uid: STRING, groups: 'list(string)', extra: 'map(string, list(string))' },
    },
    dryRun: 'bool',
    options: 'dyn',
  },
};

const STRING_LIST: CelTypeSpec = 'list(string)';

/**
 * `namespaceObject`, declared as the API server declares it (BuildNamespaceType), so that
 * `namespaceObject.metadata.nam` is a compile error there and here. The declaration types the
 * times as timestamps and spells the uid field `UID`; the value, converted from JSON, holds strings
 * and `uid`: reading those fields fails at runtime there as here.
 */
export const NAMESPACE_TYPE: CelTypeSpec = {
  kind: 'object',
  name: 'kubernetes.Namespace',
  fields: {
    metadata: {
      kind: 'object',
      name: 'kubernetes.NamespaceMetadata',
      fields: {
        name: STRING,
        generateName: STRING,
        namespace: STRING,
        labels: 'map(string, string)',
        annotations: 'map(string, string)',
        UID: STRING,
        creationTimestamp: 'timestamp',
        deletionGracePeriodSeconds: 'int',
        deletionTimestamp: 'timestamp',
        generation: 'int',
        resourceVersion: STRING,
        finalizers: STRING_LIST,
      },
    },
    spec: { kind: 'object', name: 'kubernetes.NamespaceSpec', fields: { finalizers: STRING_LIST } },
    status: {
      kind: 'object',
      name: 'kubernetes.NamespaceStatus',
      fields: {
        conditions: {
          kind: 'list',
          elem: {
            kind: 'object',
            name: 'kubernetes.NamespaceCondition',
            fields: { status: STRING, type: STRING, lastTransitionTime: 'timestamp', message: STRING, reason: STRING },
          },
        },
        phase: STRING,
      },
    },
  },
};

/** What each kind of expression may return; `dyn` results are checked when evaluated. */
const RETURN_TYPES = {
  /** A variable's type is whatever it computes; the expressions using it are checked against that. */
  variable: [],
  condition: ['bool'],
  message: ['string'],
  audit: ['string', 'null_type'],
  applyConfiguration: ['Object'],
  jsonPatch: ['list(JSONPatch)'],
} as const;

type Purpose = keyof typeof RETURN_TYPES;

/**
 * Compiles every expression of a policy once. Variables see only the variables declared before
 * them (which is what prevents cycles); message and audit expressions get no `authorizer`, and
 * only mutations may build `Object{…}` and `JSONPatch{…}` values, as on the API server.
 */
export function compilePolicy(policy: Policy, options: CompileOptions = {}): CompiledPolicy {
  const errors: CompileProblem[] = [];
  const environments = new Environments(policy, options);
  const compile = (expression: Expression, purpose: Purpose, variables: number, authorizer: boolean): Compiled => {
    const engine = environments.get(variables, authorizer, purpose === 'applyConfiguration' || purpose === 'jsonPatch');
    const compiled = compileOne(policy.name, engine, expression, purpose);
    if (compiled.error) errors.push(compiled.error);
    return compiled;
  };
  const variables: CompiledPolicy['variables'] = [];
  for (const [i, variable] of policy.variables.entries()) {
    const compiled = compile(variable, 'variable', i, true);
    variables.push({ ...compiled, name: variable.name });
    environments.declare(variable.name, compiled.program?.outputType);
  }
  const all = policy.variables.length;
  const matchConditions = policy.matchConditions.map((condition: NamedExpression) => ({
    ...compile(condition, 'condition', all, true),
    name: condition.name,
  }));
  const compiled: CompiledPolicy = {
    policy,
    matchConditions,
    variables,
    validations: [],
    auditAnnotations: [],
    mutations: [],
    errors,
  };
  if (policy.type === 'validating') {
    for (const validation of policy.validations) {
      compiled.validations.push({
        validation,
        condition: compile(validation.expression, 'condition', all, true),
        message: validation.messageExpression
          ? compile(validation.messageExpression, 'message', all, false)
          : undefined,
      });
    }
    for (const annotation of policy.auditAnnotations) {
      compiled.auditAnnotations.push({
        key: annotation.key,
        value: compile(annotation.valueExpression, 'audit', all, false),
      });
    }
  } else {
    for (const mutation of policy.mutations) {
      const purpose = mutation.patchType === 'ApplyConfiguration' ? 'applyConfiguration' : 'jsonPatch';
      compiled.mutations.push({ mutation, patch: compile(mutation.expression, purpose, all, true) });
    }
  }
  return compiled;
}

function compileOne(policy: string, engine: CelEngine, expression: Expression, purpose: Purpose): Compiled {
  const result = engine.compile(expression.text);
  if (!result.ok) {
    const { kind, message, line, column } = result.error;
    return { expression, program: undefined, error: { policy, expression, kind, message, line, column } };
  }
  const { outputType } = result.program;
  const allowed: readonly string[] = RETURN_TYPES[purpose];
  if (allowed.length > 0 && outputType !== 'dyn' && !allowed.includes(outputType)) {
    return {
      expression,
      program: undefined,
      error: {
        policy,
        expression,
        kind: 'return-type',
        message: `must evaluate to ${allowed.join(' or ')}, but its type is ${outputType}`,
        line: 1,
        column: 1,
      },
    };
  }
  return { expression, program: result.program, error: undefined };
}

/** CEL environments of one policy, created once per distinct set of declarations. */
class Environments {
  private readonly declared: [string, CelTypeSpec][] = [];
  private readonly cache = new Map<string, CelEngine>();

  constructor(
    private readonly policy: Policy,
    private readonly options: CompileOptions,
  ) {}

  declare(name: string, type: string | undefined): void {
    this.declared.push([name, type && type !== 'error' ? type : 'dyn']);
  }

  get(variableCount: number, authorizer: boolean, patchTypes: boolean): CelEngine {
    const key = `${variableCount}/${authorizer}/${patchTypes}`;
    let engine = this.cache.get(key);
    if (!engine) {
      const variables: Record<string, CelTypeSpec> = {
        object: 'dyn',
        oldObject: 'dyn',
        request: REQUEST_TYPE,
        namespaceObject: NAMESPACE_TYPE,
        variables: {
          kind: 'object',
          name: 'kubernetes.variables',
          fields: Object.fromEntries(this.declared.slice(0, variableCount)),
        },
      };
      // `params` exists only for policies that declare a paramKind: referring to it otherwise is a mistake.
      if (this.policy.paramKind) variables.params = 'dyn';
      if (authorizer) {
        variables.authorizer = 'kubernetes.authorization.Authorizer';
        // A variable with a qualified name: CEL resolves `authorizer.requestResource` to it first.
        variables['authorizer.requestResource'] = 'kubernetes.authorization.ResourceCheck';
      }
      engine = createCelEngine({
        ...(this.options.kubernetesVersion ? { kubernetesVersion: this.options.kubernetesVersion } : {}),
        variables,
        ...(patchTypes ? { structTypes: ['Object', 'JSONPatch'] } : {}),
      });
      this.cache.set(key, engine);
    }
    return engine;
  }
}
