/**
 * Rampart's CEL engine: the Common Expression Language as the Kubernetes API server evaluates it
 * (ValidatingAdmissionPolicy, MutatingAdmissionPolicy, CRD validation rules), with the Kubernetes
 * libraries of each Kubernetes version, static and runtime cost limits, and a worker sandbox for
 * untrusted policies. This file is the folder's only public surface; see README.md beside it.
 *
 *   const engine = createCelEngine({ kubernetesVersion: 'v1.33', variables: { object: 'dyn' } });
 *   const compiled = engine.compile('object.spec.containers.all(c, c.ports.all(p, p.containerPort + 1 > 1))');
 *   if (!compiled.ok) throw new Error(`${compiled.error.line}:${compiled.error.column} ${compiled.error.message}`);
 *   const budget = newCostBudget();                       // one per policy evaluation (1e7 units)
 *   const result = compiled.program.evaluate({ object: toCelValue(pod) }, budget);
 *   // result.ok ? result.value === true : result.error.kind === 'cost' | 'runtime'
 */

export type { OpenApiSchema } from './conversion.js';
export { toCelValue } from './conversion.js';
export { DEFAULT_PER_CALL_LIMIT, DEFAULT_POLICY_BUDGET, newCostBudget } from './cost/limits.js';
export { createCelEngine } from './engine.js';
export { formatCelError } from './errors.js';
export type { AuthorizationCheck, AuthorizationDecision, CelAuthorizer } from './libraries/authz.js';
export { authorizerValue, requestResourceValue } from './libraries/authz.js';
/** Marks a value from the data in a message (`quoted`), and redacts the marked values (`redactValues`). */
export { quoted, REDACTED, redactValues } from './redact.js';
export { CelSandbox, evaluateIsolated, type IsolatedRequest, type IsolatedResult } from './sandbox.js';
export { escapeProperty, schemaTypeSpec, withTypeAndObjectMeta } from './schema-types.js';
export type { CelValue } from './values.js';
export { type LazyResult, lazyMap, toJs, toJson } from './values.js';
export {
  CEL_LIBRARIES,
  type CelLibraryName,
  LATEST_KUBERNETES_MINOR,
  librariesFor,
} from './versions.js';

import type { CelValue } from './values.js';

/**
 * A CEL type, as a string in CEL's own notation — `dyn`, `int`, `uint`, `double`, `bool`, `string`,
 * `bytes`, `null_type`, `timestamp`, `duration`, `list(string)`, `map(string, dyn)`,
 * `kubernetes.authorization.Authorizer` — or one of the structured forms, which also carry the size
 * bounds the static cost estimate uses (from an OpenAPI schema's maxItems / maxLength / maxProperties).
 */
export type CelTypeSpec =
  | string
  | { kind: 'list'; elem: CelTypeSpec; maxItems?: number }
  | { kind: 'map'; key?: CelTypeSpec; value: CelTypeSpec; maxProperties?: number }
  | { kind: 'string' | 'bytes'; maxLength?: number }
  /** A declared object type: selecting a field it does not declare is a compile error (like `request.namex`). */
  | { kind: 'object'; name: string; fields: Record<string, CelTypeSpec> };

/** `createCelEngine` throws on invalid options (an unknown Kubernetes version or variable type). */
export interface CelEnvOptions {
  /** `v1.N` (or `1.N`); libraries and language features introduced after it are unavailable. Default: newest. */
  kubernetesVersion?: string;
  /** The variables an expression may reference, by name. */
  variables: Record<string, CelTypeSpec>;
  /** Runtime cost limit of one evaluation of one expression. Default 1e6 (the API server's PerCallLimit). */
  costLimit?: number;
  /**
   * Reject at compile time an expression whose estimated worst-case cost exceeds this (kind `cost`).
   * Default: none — the estimate is reported on the program and only the runtime limit applies, which is
   * what the API server does for admission policies. CRD validation rules use a static limit.
   */
  estimatedCostLimit?: number;
  /**
   * Type names that `Name{field: value}` literals may construct (MutatingAdmissionPolicy's `Object{…}`,
   * `Object.spec{…}`, `JSONPatch{…}`): a name matches when it equals an entry or starts with `entry.`.
   * Constructed objects evaluate to maps. Default: none. With `JSONPatch` listed, the environment is
   * a mutation's, which also has `jsonpatch.escapeKey`.
   */
  structTypes?: readonly string[];
}

export interface CelEngine {
  /** The options the engine was created with, normalized (`kubernetesVersion` as `v1.N`). */
  readonly kubernetesVersion: string;
  /** Parses, type-checks and plans an expression; never throws. Compile once, evaluate many. */
  compile(expression: string): CompileResult;
}

export type CompileResult = { ok: true; program: CelProgram } | { ok: false; error: CelError };

export type CelErrorKind =
  /** The text does not parse. */
  | 'syntax'
  /** A reference to an undeclared variable, field of a declared object type, or a mistyped call. */
  | 'type'
  /** A function or macro that does not exist, or does not exist at the target Kubernetes version. */
  | 'unknown-function'
  /** Estimated cost above `estimatedCostLimit` (compile), or runtime cost above the per-call limit or the budget. */
  | 'cost'
  /** An evaluation error: no such key, division by zero, overflow, a bad quantity string… */
  | 'runtime'
  /** The sandbox's wall-clock limit ended the evaluation. */
  | 'timeout';

export interface CelError {
  kind: CelErrorKind;
  message: string;
  /** 1-based line and column of the error within the expression; 0 when no position applies. */
  line: number;
  column: number;
  /** 0-based offset within the expression (UTF-16 code units), or -1. */
  offset: number;
}

export interface CostEstimate {
  min: number;
  /** `Infinity` when the size of an input is unbounded and no bound was declared. */
  max: number;
}

/** Shared by the expressions of one policy evaluation; each evaluation subtracts its cost. */
export interface CostBudget {
  remaining: number;
}

export interface CelProgram {
  readonly expression: string;
  /** The static type of the result, in CEL notation (`bool`, `string`, `dyn`, …). */
  readonly outputType: string;
  /** Static estimate over the checked syntax tree, in the API server's cost units. */
  readonly estimatedCost: CostEstimate;
  /**
   * Evaluates with variables bound to values from `toCelValue()` (or values of other evaluations),
   * and for `authorizer` a `CelAuthorizer`. Never throws. With a budget, the evaluation stops when
   * either the per-call limit or the budget is exhausted, and the cost is subtracted from it.
   */
  evaluate(activation: Activation, budget?: CostBudget): EvalResult;
}

/**
 * Variable name → value: a `CelValue` (from `toCelValue()`, `lazyMap()`, `authorizerValue()` or another
 * evaluation), or plain JavaScript data, which is converted with `toCelValue()` on first use (cached
 * per object). A declared variable left unbound is a runtime error when the expression reads it.
 */
export type Activation = Readonly<Record<string, CelValue | unknown>>;

export type EvalResult = { ok: true; value: CelValue; cost: number } | { ok: false; error: CelError; cost: number };
