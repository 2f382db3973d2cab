import type { KubeObject } from '../../core/resource.js';
import {
  type Activation,
  authorizerValue,
  type CelAuthorizer,
  type CelValue,
  type CostBudget,
  lazyMap,
  newCostBudget,
  requestResourceValue,
  toCelValue,
  toJs,
} from '../cel/index.js';
import { type Authorizer, requestAuthorizer } from './authorizer.js';
import type { Compiled, CompiledPolicy } from './compile.js';
import { namespaceObjectValue } from './namespaces.js';
import { type AdmissionAttributes, requestValue } from './request.js';
import type { ResourceInfo } from './resource-mapper.js';

/**
 * The values every policy sees the same way for one request, converted to CEL values once: the
 * object and old object, the namespace, the authorizer, and the request as each matched resource
 * gives it. Admitting a pod through 16 policies would otherwise convert them 16 times.
 */
export class RequestScope {
  readonly object: CelValue;
  readonly oldObject: CelValue;
  readonly namespaceObject: CelValue;
  private readonly authorizer: CelAuthorizer;
  private readonly authorizerCel: CelValue;
  private readonly byResource = new Map<ResourceInfo, ResourceValues>();

  constructor(
    readonly attributes: AdmissionAttributes,
    namespace: KubeObject | null,
    authorizer: Authorizer,
  ) {
    this.object = toCelValue(attributes.object);
    this.oldObject = toCelValue(attributes.oldObject);
    this.namespaceObject = namespace ? namespaceValue(namespace) : NULL;
    this.authorizer = requestAuthorizer(authorizer, attributes.userInfo);
    this.authorizerCel = authorizerValue(this.authorizer);
  }

  /** `request` and `authorizer.requestResource` as the policy matched the request (its own resource, or an equivalent). */
  forResource(matched: ResourceInfo): ResourceValues {
    let values = this.byResource.get(matched);
    if (!values) {
      const { attributes } = this;
      values = {
        request: toCelValue(requestValue(attributes, matched)),
        requestResource: requestResourceValue(this.authorizer, {
          group: matched.group,
          resource: matched.resource,
          subresource: attributes.subResource,
          namespace: attributes.namespace,
          name: attributes.name,
        }),
        authorizer: this.authorizerCel,
      };
      this.byResource.set(matched, values);
    }
    return values;
  }
}

interface ResourceValues {
  request: CelValue;
  requestResource: CelValue;
  authorizer: CelValue;
}

/** One policy × binding × param evaluation of one request. */
export interface InvocationInput {
  scope: RequestScope;
  /** The resource the policy matched the request as. */
  matched: ResourceInfo;
  param: KubeObject | null;
}

export type Outcome =
  | { ok: true; value: CelValue }
  | {
      ok: false;
      message: string;
      kind: 'compile' | 'runtime' | 'cost' | 'timeout';
      /** The error itself, without the `expression '…' resulted in error: ` the message wraps it in. */
      cause: string;
    };

const NULL = toCelValue(null);
const NO_VARIABLES = lazyMap([], () => ({ ok: true, value: NULL }));
const namespaceValues = new WeakMap<KubeObject, CelValue>();

/**
 * The variables of one invocation: `object`, `oldObject`, `request`, `params`, `namespaceObject`,
 * `authorizer`, and `variables`, evaluated lazily on first use and then remembered (their cost
 * counted once, as upstream). Expressions share one cost budget.
 */
export class Invocation {
  readonly budget: CostBudget = newCostBudget();
  private readonly activation: Record<string, CelValue | undefined>;

  constructor(
    readonly compiled: CompiledPolicy,
    input: InvocationInput,
  ) {
    const { scope } = input;
    const shared = scope.forResource(input.matched);
    this.activation = {
      object: scope.object,
      oldObject: scope.oldObject,
      request: shared.request,
      params: input.param ? toCelValue(input.param) : NULL,
      namespaceObject: scope.namespaceObject,
      authorizer: shared.authorizer,
      'authorizer.requestResource': shared.requestResource,
      variables: NO_VARIABLES,
    };
    const variables = compiled.variables;
    if (variables.length > 0) {
      this.activation.variables = lazyMap(
        variables.map((v) => v.name),
        (name) => {
          const variable = variables.find((v) => v.name === name) as Compiled;
          const outcome = this.evaluate(variable);
          // Upstream's wording: the expression that used the variable reports its cause.
          return outcome.ok
            ? outcome
            : { ok: false, error: { message: `composited variable "${name}" fails to evaluate: ${outcome.cause}` } };
        },
      );
    }
  }

  /** Evaluates one compiled expression; an expression that did not compile fails here, as upstream. */
  evaluate(compiled: Compiled, budget: CostBudget = this.budget): Outcome {
    if (!compiled.program) {
      const error = compiled.error;
      const message = `compilation failed: ${error ? `${error.message} (at ${error.line}:${error.column})` : 'unknown error'}`;
      return { ok: false, kind: 'compile', message, cause: message };
    }
    const result = compiled.program.evaluate(this.activation as Activation, budget);
    if (result.ok) return { ok: true, value: result.value };
    const kind = result.error.kind === 'cost' || result.error.kind === 'timeout' ? result.error.kind : 'runtime';
    // cel-go stops an expression over its cost limit with this error, and the API server reports it as is.
    const cause = kind === 'cost' ? 'operation cancelled: actual cost limit exceeded' : result.error.message;
    return {
      ok: false,
      kind,
      message: `expression '${compiled.expression.text.trim()}' resulted in error: ${cause}`,
      cause,
    };
  }

  /** A fresh budget (audit annotations get their own, as upstream). */
  static freshBudget(): CostBudget {
    return newCostBudget();
  }
}

function namespaceValue(namespace: KubeObject): CelValue {
  let value = namespaceValues.get(namespace);
  if (!value) {
    value = toCelValue(namespaceObjectValue(namespace));
    namespaceValues.set(namespace, value);
  }
  return value;
}

/** A CEL boolean result, or undefined for anything else. */
export function asBoolean(value: CelValue): boolean | undefined {
  const js = toJs(value);
  return typeof js === 'boolean' ? js : undefined;
}
