/**
 * Overload declarations: what the checker resolves calls against, what the planner calls, and what
 * the cost model charges. Every library (standard or Kubernetes) is a list of these.
 */

import type { Type } from '../checker/types.js';
import type { CostEstimate, SizeEstimate } from '../cost/estimate-types.js';
import { isCelList, isCelMap, isCelUint, OpaqueValue, type Result, TypeValue, type Val } from '../values.js';
import type { CelLibraryName } from '../versions.js';

/**
 * Implementation: receiver first for member overloads. Returns an `ErrorVal` on failure. The call's
 * `cost` has been charged before it runs; an implementation whose work is known only part way
 * (a regular expression, once compiled) charges the rest to `meter` before doing it.
 */
export type Impl = (args: Val[], meter: Meter) => Result;

/** The evaluation's cost counter; `charge(meter, units)` (interpreter/frame.ts) stops at the limit. */
export interface Meter {
  cost: number;
  limit: number;
}

/** What the planner knows about a call's arguments: which are literals of the expression. */
export interface CallSite {
  readonly literal: readonly boolean[];
}

/**
 * Runtime cost of one call, from the argument values (receiver first), charged BEFORE the call runs
 * so that a call over the limit does no work: a cost that depends on the result is computed from
 * the arguments (the result's size, counted first). Default 1.
 */
export type RuntimeCost = (args: Val[], site: CallSite) => number;

/** Static cost of one call, given size estimates of the arguments (receiver first). */
export type StaticCost = (
  sizes: SizeEstimate[],
  args: readonly ArgInfo[],
) => { cost: CostEstimate; resultSize?: SizeEstimate };

/** What the static estimator knows about an argument. */
export interface ArgInfo {
  type: Type;
  /** The literal value when the argument is a constant. */
  constant?: unknown;
  /** Size estimate of a list's elements (for costs that depend on element sizes). */
  elemSize?: SizeEstimate;
}

export interface Overload {
  /** Unique, in cel-go's style where one exists (`string_split_string`), used in cost tables and tests. */
  id: string;
  /** Function name; namespaced globals keep their namespace (`sets.contains`, `optional.of`). */
  name: string;
  member: boolean;
  /** Parameter types, the receiver first for member overloads. */
  params: Type[];
  result: Type;
  library: CelLibraryName;
  impl: Impl;
  cost?: RuntimeCost;
  estimate?: StaticCost;
}

export type OverloadSpec = Omit<Overload, 'member' | 'library'>;

export function globals(library: CelLibraryName, specs: OverloadSpec[]): Overload[] {
  return specs.map((spec) => ({ ...spec, member: false, library }));
}

export function members(library: CelLibraryName, specs: OverloadSpec[]): Overload[] {
  return specs.map((spec) => ({ ...spec, member: true, library }));
}

/** Whether a runtime value may be passed for a parameter of this type (dispatch over dyn arguments). */
export function matchesType(value: Val, type: Type): boolean {
  switch (type.kind) {
    case 'dyn':
    case 'param':
    case 'error':
      return true;
    case 'primitive':
      switch (type.name) {
        case 'int':
          return typeof value === 'bigint';
        case 'double':
          return typeof value === 'number';
        case 'string':
          return typeof value === 'string';
        case 'bool':
          return typeof value === 'boolean';
        case 'uint':
          return isCelUint(value);
        case 'bytes':
          return value instanceof Uint8Array;
        case 'null_type':
          return value === null;
        case 'timestamp':
          return value instanceof OpaqueValue && value.typeName === 'google.protobuf.Timestamp';
        case 'duration':
          return value instanceof OpaqueValue && value.typeName === 'google.protobuf.Duration';
      }
      return false;
    case 'list':
      return isCelList(value);
    case 'map':
    case 'object':
      return isCelMap(value);
    case 'type':
      return value instanceof TypeValue;
    case 'opaque':
      return value instanceof OpaqueValue && value.typeName === type.name;
  }
}

/** All overloads of every library, indexed by name and by member/global form. */
export class FunctionTable {
  private readonly byName = new Map<string, Overload[]>();

  constructor(overloads: Iterable<Overload>) {
    for (const overload of overloads) {
      const list = this.byName.get(overload.name) ?? [];
      list.push(overload);
      this.byName.set(overload.name, list);
    }
  }

  /** Overloads named `name`, of any library. */
  named(name: string): readonly Overload[] {
    return this.byName.get(name) ?? [];
  }

  has(name: string): boolean {
    return this.byName.has(name);
  }

  names(): IterableIterator<string> {
    return this.byName.keys();
  }
}
