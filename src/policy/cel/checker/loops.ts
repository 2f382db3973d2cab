/** Typing of macro loops: the range's element types bind the loop variables; each macro has its result type. */

import { SORTABLE } from '../libraries/lists-ext.js';
import type { LoopNode } from '../parser/ast.js';
import type { Checker } from './checker.js';
import { CheckError } from './resolve.js';
import { BOOL, DYN, formatType, INT, isDyn, listOf, mapOf, optionalOf, sameType, type Type } from './types.js';

const OPTIONAL_NAME = 'optional_type';

export function checkLoop(checker: Checker, expr: LoopNode): Type {
  if (expr.var2 !== undefined || expr.macro.startsWith('transform')) {
    checker.require('two-var-comprehensions', `${expr.macro}() with two variables`, expr.offset);
  }
  if (expr.macro === 'optMap' || expr.macro === 'optFlatMap') checker.require('optional', expr.macro, expr.offset);
  if (expr.macro === 'bind') checker.require('bindings', 'cel.bind', expr.offset);
  if (expr.macro === 'sortBy') checker.require('lists-ext', 'sortBy', expr.offset);
  const range = checker.visit(expr.range);
  const scope = new Map<string, Type>();
  let first: Type = DYN;
  let second: Type = DYN;
  if (expr.macro === 'bind') {
    first = range;
  } else if (expr.macro === 'optMap' || expr.macro === 'optFlatMap') {
    if (range.kind === 'opaque' && range.name === OPTIONAL_NAME) first = range.params[0]!;
    else if (!isDyn(range))
      throw new CheckError(
        'type',
        `${expr.macro}() needs an optional, found '${formatType(range)}'`,
        expr.range.offset,
      );
  } else if (range.kind === 'list') {
    [first, second] = expr.var2 !== undefined ? [INT, range.elem] : [range.elem, DYN];
  } else if (range.kind === 'map') {
    [first, second] = [range.key, range.value];
  } else if (!isDyn(range)) {
    throw new CheckError(
      'type',
      `expression of type '${formatType(range)}' cannot be the range of a comprehension`,
      expr.range.offset,
    );
  }
  scope.set(expr.var1, first);
  if (expr.var2 !== undefined) scope.set(expr.var2, second);
  checker.scopes.push(scope);
  try {
    if (expr.predicate) checker.expectBool(expr.predicate);
    const transform = expr.transform ? checker.visit(expr.transform) : DYN;
    switch (expr.macro) {
      case 'all':
      case 'exists':
      case 'exists_one':
        return BOOL;
      case 'map':
      case 'transformList':
        return listOf(transform);
      case 'filter':
        return listOf(first);
      case 'transformMap':
        return mapOf(range.kind === 'list' ? INT : first, transform);
      case 'transformMapEntry':
        if (!isDyn(transform) && transform.kind !== 'map') {
          throw new CheckError(
            'type',
            `transformMapEntry() must produce a map, found '${formatType(transform)}'`,
            expr.transform!.offset,
          );
        }
        return transform;
      case 'optMap':
        return optionalOf(transform);
      case 'optFlatMap':
        if (!isDyn(transform) && !(transform.kind === 'opaque' && transform.name === OPTIONAL_NAME)) {
          throw new CheckError(
            'type',
            `optFlatMap() must produce an optional, found '${formatType(transform)}'`,
            expr.transform!.offset,
          );
        }
        return transform;
      case 'bind':
        return transform;
      case 'sortBy':
        return sortByType(range, first, transform, expr);
    }
    return DYN;
  } finally {
    checker.scopes.pop();
  }
}

/** `list.sortBy(e, key)`: a list of the same type, sorted by keys of one comparable type. */
function sortByType(range: Type, elem: Type, key: Type, expr: LoopNode): Type {
  const sortable = isDyn(key) || SORTABLE.some((type) => sameType(type, key));
  if (!sortable || (range.kind !== 'list' && !isDyn(range))) {
    throw new CheckError(
      'type',
      `found no matching overload for '@sortByAssociatedKeys' applied to '${formatType(range)}.(list(${formatType(key)}))'`,
      expr.offset,
    );
  }
  return listOf(elem);
}
