/** Overload resolution: which declarations a call may use, given the argument types and the target version. */
import type { FunctionTable, Overload } from '../functions/registry.js';
import { type CelLibraryName, libraryInfo } from '../versions.js';
import {
  DYN,
  FREE,
  formatType,
  isAssignable,
  listOf,
  mapOf,
  type Substitution,
  sameType,
  substitute,
  type Type,
} from './types.js';

export class CheckError extends Error {
  constructor(
    readonly kind: 'type' | 'unknown-function',
    message: string,
    readonly offset: number,
  ) {
    // cel-go names the null type `null` in its messages ('(string, null)'), `null_type` as a value.
    super(message.replace(/\bnull_type\b/g, 'null'));
  }
}

export interface Resolution {
  overloads: Overload[];
  result: Type;
}

export interface ResolveContext {
  table: FunctionTable;
  enabled: ReadonlySet<CelLibraryName>;
  minor: number;
  /** Human name of the target version, `v1.N`. */
  versionName: string;
}

/** Display name of a function in messages: operators as cel-go prints them. */
function display(name: string): string {
  return name;
}

function signature(member: boolean, args: Type[]): string {
  if (member) return `${formatType(args[0]!)}.(${args.slice(1).map(formatType).join(', ')})`;
  return `(${args.map(formatType).join(', ')})`;
}

function matchOverload(overload: Overload, args: Type[]): Type | undefined {
  return bindOverload(overload, args)?.result;
}

/** The overload's result type for these arguments, and the arguments with their free types bound by it. */
function bindOverload(overload: Overload, args: Type[]): { result: Type; args: Type[] } | undefined {
  if (overload.params.length !== args.length) return undefined;
  const subst: Substitution = new Map();
  for (let i = 0; i < args.length; i++) {
    if (!isAssignable(overload.params[i]!, args[i]!, subst)) return undefined;
  }
  const bound = args.map((arg, i) => bindFree(arg, substitute(overload.params[i]!, subst)));
  return { result: substitute(overload.result, subst), args: bound };
}

/** `arg` with its free parts (an empty literal's element type) taken from the matched parameter type. */
function bindFree(arg: Type, param: Type): Type {
  if (arg === FREE) return param;
  if (arg.kind === 'list' && param.kind === 'list') return listOf(bindFree(arg.elem, param.elem));
  if (arg.kind === 'map' && param.kind === 'map')
    return mapOf(bindFree(arg.key, param.key), bindFree(arg.value, param.value));
  return arg;
}

/** Resolves a call or throws a `CheckError` naming the function and the argument types. */
export function resolveCall(
  context: ResolveContext,
  name: string,
  member: boolean,
  args: Type[],
  offset: number,
): Resolution {
  const all = context.table.named(name);
  if (all.length === 0) throw new CheckError('unknown-function', `undeclared reference to '${name}'`, offset);
  const sameForm = all.filter((overload) => overload.member === member);
  const available = sameForm.filter((overload) => context.enabled.has(overload.library));
  const matching: Overload[] = [];
  let result: Type | undefined;
  // As cel-go's checker does, the first overload that matches binds the free type of an empty
  // literal for the rest: `[].sum()` is an int (not dyn), so `[].sum() == 4.0` does not compile.
  let bound = args;
  for (const overload of available) {
    const match = bindOverload(overload, bound);
    if (!match) continue;
    if (matching.length === 0) bound = match.args;
    matching.push(overload);
    const type = match.result;
    result = result === undefined ? type : sameType(result, type) ? result : DYN;
  }
  if (matching.length > 0) return { overloads: matching, result: result ?? DYN };
  // Nothing usable: say why, preferring "not at this version" when a later library would match.
  const later = sameForm.find((overload) => !context.enabled.has(overload.library) && matchOverload(overload, args));
  if (later) throw versionError(context, name, later.library, offset);
  if (available.length === 0) {
    const anyLater = all.find((overload) => !context.enabled.has(overload.library));
    if (anyLater && sameForm.length > 0) throw versionError(context, name, anyLater.library, offset);
    if (sameForm.length === 0) {
      const form = member ? 'a receiver (member) function' : 'a global function';
      throw new CheckError('unknown-function', `'${name}' is not ${form} here`, offset);
    }
  }
  throw new CheckError(
    'type',
    `found no matching overload for '${display(name)}' applied to '${signature(member, args)}'`,
    offset,
  );
}

export function versionError(
  context: ResolveContext,
  what: string,
  library: CelLibraryName,
  offset: number,
): CheckError {
  const info = libraryInfo(library);
  if (info.scope === 'patch') {
    return new CheckError(
      'unknown-function',
      `undeclared reference to '${what}' (it exists only in MutatingAdmissionPolicy mutations)`,
      offset,
    );
  }
  const since = Number.isFinite(info.since)
    ? `Kubernetes v1.${info.since}`
    : 'a CEL environment Kubernetes does not provide';
  return new CheckError(
    'unknown-function',
    `'${what}' needs ${since} (${library} library); the target is ${context.versionName}`,
    offset,
  );
}
