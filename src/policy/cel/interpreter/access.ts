/** Field selection, presence tests and indexing on runtime values, including optionals. */
import {
  type CelList,
  type CelMap,
  ErrorVal,
  isCelList,
  isCelMap,
  isCelUint,
  isError,
  keyText,
  mapGet,
  OptionalValue,
  type Result,
  typeName,
  type Val,
} from '../values.js';

function lookup(value: Val, field: string, id: number): Result | undefined {
  if (isCelMap(value)) {
    const found = (value as CelMap).get(field) as Result | undefined;
    return found;
  }
  return new ErrorVal(`type '${typeName(value)}' does not support field selection`, id);
}

/** `a.f`: a missing key is an error; on an optional, the result is optional. */
export function selectField(value: Val, field: string, id: number): Result {
  if (value instanceof OptionalValue) return optionalSelect(value, field, id);
  const found = lookup(value, field, id);
  if (found === undefined) return new ErrorVal(`no such key: ${field}`, id);
  return found;
}

/** `a.?f`: optional.of(a.f) when present, optional.none() when not. */
export function optionalSelect(value: Val, field: string, id: number): Result {
  if (value instanceof OptionalValue) {
    if (value.value === undefined) return value;
    return optionalSelect(value.value, field, id);
  }
  const found = lookup(value, field, id);
  if (found === undefined) return OptionalValue.NONE;
  if (isError(found)) return found;
  return OptionalValue.of(found);
}

/** `has(a.f)`. */
export function hasField(value: Val, field: string, id: number): Result {
  if (value instanceof OptionalValue) {
    if (value.value === undefined) return false;
    return hasField(value.value, field, id);
  }
  if (isCelMap(value)) {
    if (!(value as CelMap).has(field)) return false;
    // A field whose data does not fit its schema is an error even to has(), as on the API server.
    const found = (value as CelMap).get(field) as Result;
    return isError(found) ? found : true;
  }
  return new ErrorVal(`type '${typeName(value)}' does not support field selection`, id);
}

function listIndex(list: CelList, index: Val, id: number): Result | undefined {
  let i: number;
  if (typeof index === 'bigint') i = Number(index);
  else if (isCelUint(index)) i = Number(index.value);
  else if (typeof index === 'number' && Number.isInteger(index)) i = index;
  else return new ErrorVal(`unsupported index type '${typeName(index)}' for a list`, id);
  if (i < 0 || i >= list.size) return undefined;
  return list.get(i) as Val;
}

function element(value: Val, index: Val, id: number): Result | undefined {
  if (isCelList(value)) return listIndex(value, index, id);
  if (isCelMap(value)) {
    if (typeof index === 'number' && !Number.isInteger(index)) return undefined;
    if (index === null || (typeof index === 'object' && !isCelUint(index))) {
      return new ErrorVal(`unsupported key type '${typeName(index)}'`, id);
    }
    return mapGet(value, index);
  }
  return new ErrorVal(`type '${typeName(value)}' does not support indexing`, id);
}

/**
 * `a[i]`. A missing key is named in the error only when it is a literal of the expression
 * (`labels['app']`); a key computed from the data is redacted like any other data.
 */
export function indexValue(value: Val, index: Val, id: number, literal = false): Result {
  if (value instanceof OptionalValue) return optionalIndex(value, index, id);
  const found = element(value, index, id);
  if (found !== undefined) return found;
  const key = literal && typeof index === 'string' ? index : keyText(index);
  return isCelList(value)
    ? new ErrorVal(`index out of bounds: ${keyText(index)}`, id)
    : new ErrorVal(`no such key: ${key}`, id);
}

/** `a[?i]`. */
export function optionalIndex(value: Val, index: Val, id: number): Result {
  if (value instanceof OptionalValue) {
    if (value.value === undefined) return value;
    return optionalIndex(value.value, index, id);
  }
  const found = element(value, index, id);
  if (found === undefined) return OptionalValue.NONE;
  if (isError(found)) return found;
  return OptionalValue.of(found);
}
