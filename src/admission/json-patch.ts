import { isDeepStrictEqual } from 'node:util';

export type PatchOperation = { op: 'add' | 'replace'; path: string; value: unknown } | { op: 'remove'; path: string };

/**
 * The RFC 6902 patch that turns `before` into `after`: fields added, replaced and removed one by
 * one, lists of equal length compared entry by entry, a list that changed length replaced whole
 * (a patch of indices into a list the API server may have changed meanwhile would be fragile).
 */
export function jsonPatch(before: unknown, after: unknown, path = ''): PatchOperation[] {
  if (isDeepStrictEqual(before, after)) return [];
  if (isPlainObject(before) && isPlainObject(after)) {
    const ops: PatchOperation[] = [];
    for (const key of Object.keys(before)) {
      if (!Object.hasOwn(after, key)) ops.push({ op: 'remove', path: `${path}/${pointerToken(key)}` });
    }
    for (const [key, value] of Object.entries(after)) {
      const at = `${path}/${pointerToken(key)}`;
      if (!Object.hasOwn(before, key)) ops.push({ op: 'add', path: at, value });
      else ops.push(...jsonPatch(before[key], value, at));
    }
    return ops;
  }
  if (Array.isArray(before) && Array.isArray(after) && before.length === after.length) {
    return before.flatMap((entry, i) => jsonPatch(entry, after[i], `${path}/${i}`));
  }
  return [{ op: 'replace', path, value: after }];
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** RFC 6901: `~` and `/` in a key are escaped, in that order. */
function pointerToken(key: string): string {
  return key.replaceAll('~', '~0').replaceAll('/', '~1');
}
