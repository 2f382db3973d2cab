/**
 * createCelEngine: parse → check → estimate → plan, once per expression; evaluate per object.
 */
import { CheckError, type Checked, check } from './checker/checker.js';
import { formatType, parseTypeName, type Type } from './checker/types.js';
import { estimateCost } from './cost/estimate.js';
import { DEFAULT_PER_CALL_LIMIT } from './cost/limits.js';
import { celError } from './errors.js';
import { TYPE_NAMES } from './functions/std.js';
import type {
  Activation,
  CelEngine,
  CelEnvOptions,
  CelProgram,
  CelTypeSpec,
  CompileResult,
  CostBudget,
  EvalResult,
} from './index.js';
import { CostExceeded, type Frame, thrownMessage } from './interpreter/frame.js';
import { plan } from './interpreter/plan.js';
import { functionTable, LIBRARY_TYPE_NAMES } from './libraries/index.js';
import { children as childrenOf, type Expr } from './parser/ast.js';
import { CelSyntaxError, parse } from './parser/parser.js';
import { asCelValue, isError, type Val } from './values.js';
import { type CelLibraryName, LATEST_KUBERNETES_MINOR, librariesFor, parseKubernetesMinor } from './versions.js';

/** Options the public API does not expose: the conformance suite's plain-CEL environment. */
export interface EnvironmentOptions extends CelEnvOptions {
  /** Replaces the version's library set. */
  libraries?: ReadonlySet<CelLibraryName>;
  homogeneousLiterals?: boolean;
  validateLiterals?: boolean;
  /** The conformance suite's comparison with the API server's messages: values shown by this, not redacted. */
  revealValues?: (value: string) => string;
}

export function createCelEngine(options: CelEnvOptions): CelEngine {
  return createEnvironment(options);
}

export function createEnvironment(options: EnvironmentOptions): CelEngine & {
  compileUnchecked(expression: string): CompileResult;
} {
  const minor = resolveMinor(options.kubernetesVersion);
  const versionName = `v1.${minor}`;
  const enabled = options.libraries ?? withScopes(librariesFor(minor), options);
  const table = functionTable();
  const variables = new Map<string, Type>();
  for (const [name, spec] of Object.entries(options.variables)) variables.set(name, typeFromSpec(spec, name));
  const typeNames = new Set([...TYPE_NAMES, ...LIBRARY_TYPE_NAMES]);
  const costLimit = options.costLimit ?? DEFAULT_PER_CALL_LIMIT;
  const checkOptions = {
    table,
    enabled,
    minor,
    versionName,
    variables,
    structTypes: options.structTypes ?? [],
    typeNames,
    homogeneousLiterals: options.homogeneousLiterals ?? true,
    validateLiterals: options.validateLiterals ?? enabled.has('literal-validators'),
  };

  const compileWith = (expression: string, checking: boolean): CompileResult => {
    let expr: Expr;
    try {
      expr = parse(expression).expr;
    } catch (error) {
      if (error instanceof CelSyntaxError)
        return { ok: false, error: celError(expression, 'syntax', error.message, error.offset, options.revealValues) };
      throw error;
    }
    let checked: Checked | undefined;
    if (checking) {
      try {
        checked = check(expr, checkOptions);
      } catch (error) {
        if (error instanceof CheckError)
          return {
            ok: false,
            error: celError(expression, error.kind, error.message, error.offset, options.revealValues),
          };
        throw error;
      }
    }
    const estimatedCost = checked ? estimateCost(expr, checked) : { min: 0, max: Number.POSITIVE_INFINITY };
    if (options.estimatedCostLimit !== undefined && estimatedCost.max > options.estimatedCostLimit) {
      const message = `estimated cost ${formatCost(estimatedCost.max)} exceeds the limit of ${options.estimatedCostLimit}`;
      return { ok: false, error: celError(expression, 'cost', message, 0, options.revealValues) };
    }
    const planned = plan(expr, { checked, table, enabled, variables: new Set(variables.keys()), typeNames });
    const offsets = nodeOffsets(expr);
    const program: CelProgram = {
      expression,
      outputType: checked ? formatTypeName(checked.type) : 'dyn',
      estimatedCost,
      evaluate(activation: Activation, budget?: CostBudget): EvalResult {
        const available = budget ? Math.min(costLimit, budget.remaining) : costLimit;
        const frame: Frame = {
          vars: activation as unknown as Frame['vars'],
          slots: planned.slots ? new Array(planned.slots) : EMPTY_SLOTS,
          cost: 0,
          limit: available,
        };
        try {
          const value = planned.root(frame);
          if (budget) budget.remaining -= frame.cost;
          if (isError(value)) {
            const offset = offsets.get(value.id) ?? -1;
            return {
              ok: false,
              error: celError(expression, value.kind, value.message, offset, options.revealValues),
              cost: frame.cost,
            };
          }
          return { ok: true, value: asCelValue(value as Val), cost: frame.cost };
        } catch (error) {
          if (!(error instanceof CostExceeded)) {
            if (budget) budget.remaining -= frame.cost;
            const message = thrownMessage(error, 'evaluation');
            return {
              ok: false,
              error: celError(expression, 'runtime', message, -1, options.revealValues),
              cost: frame.cost,
            };
          }
          if (budget) budget.remaining -= frame.cost;
          const which =
            budget && budget.remaining + frame.cost < costLimit
              ? `the policy's remaining budget of ${formatCost(budget.remaining + frame.cost)}`
              : `the per-expression limit of ${formatCost(costLimit)}`;
          const message = `cost exceeded: evaluation stopped after ${formatCost(frame.cost)} units, over ${which}`;
          return {
            ok: false,
            error: celError(expression, 'cost', message, -1, options.revealValues),
            cost: frame.cost,
          };
        }
      },
    };
    return { ok: true, program };
  };

  return {
    kubernetesVersion: versionName,
    compile: (expression) => compileWith(expression, true),
    compileUnchecked: (expression) => compileWith(expression, false),
  };
}

const EMPTY_SLOTS: never[] = [];

/** Mutations (`JSONPatch{…}` among the struct types) also have jsonpatch.escapeKey, as on the API server. */
function withScopes(libraries: Set<CelLibraryName>, options: CelEnvOptions): Set<CelLibraryName> {
  if (options.structTypes?.includes('JSONPatch')) libraries.add('jsonpatch');
  return libraries;
}

function resolveMinor(version: string | undefined): number {
  if (version === undefined || version === 'latest') return LATEST_KUBERNETES_MINOR;
  const minor = parseKubernetesMinor(version);
  if (minor === undefined) throw new Error(`invalid kubernetesVersion '${version}': expected v1.N`);
  return minor;
}

function typeFromSpec(spec: CelTypeSpec, variable: string): Type {
  if (typeof spec === 'string') {
    const type = parseTypeName(spec);
    if (!type) throw new Error(`variable '${variable}': invalid CEL type '${spec}'`);
    return type;
  }
  switch (spec.kind) {
    case 'list':
      return { kind: 'list', elem: typeFromSpec(spec.elem, variable), ...sizeOf(spec.maxItems) };
    case 'map':
      return {
        kind: 'map',
        key: spec.key ? typeFromSpec(spec.key, variable) : { kind: 'primitive', name: 'string' },
        value: typeFromSpec(spec.value, variable),
        ...sizeOf(spec.maxProperties),
      };
    case 'string':
    case 'bytes':
      return { kind: 'primitive', name: spec.kind, ...sizeOf(spec.maxLength) };
    case 'object':
      return {
        kind: 'object',
        name: spec.name,
        fields: new Map(Object.entries(spec.fields).map(([name, field]) => [name, typeFromSpec(field, variable)])),
      };
  }
}

function sizeOf(max: number | undefined): { maxSize?: number } {
  return max === undefined ? {} : { maxSize: max };
}

function formatTypeName(type: Type): string {
  return type.kind === 'error' ? 'dyn' : formatType(type);
}

function formatCost(units: number): string {
  return Number.isFinite(units) ? String(units) : 'unbounded';
}

function nodeOffsets(expr: Expr): Map<number, number> {
  const offsets = new Map<number, number>();
  const stack: Expr[] = [expr];
  while (stack.length) {
    const node = stack.pop()!;
    offsets.set(node.id, node.offset);
    stack.push(...childrenOf(node));
  }
  return offsets;
}
