/** A path into a Kubernetes object: keys and array indices, outermost first. */
export type PathSegment = string | number;
export type Path = readonly PathSegment[];

const PLAIN_KEY = /^[A-Za-z_$][\w$-]*$/;

/**
 * Dotted form with `[i]` indices, the form every output uses:
 * `spec.template.spec.containers[0].securityContext`. Keys that are not plain
 * identifiers (annotation keys, for instance) are written `["key"]`.
 */
export function formatPath(path: Path): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else if (isPlainKey(segment)) out += out === '' ? segment : `.${segment}`;
    else out += `[${JSON.stringify(segment)}]`;
  }
  return flat(out);
}

/**
 * Strings built with `+=` are ropes: a path kept in a result costs ~380 bytes as a rope and ~110
 * flattened, and a scan keeps hundreds of thousands of them. Reading one character makes V8
 * flatten the string in place.
 */
export function flat(text: string): string {
  text.charCodeAt(0);
  return text;
}

/** The same few dozen keys make up nearly every path, so their test is remembered. */
const plainKeys = new Map<string, boolean>();

function isPlainKey(key: string): boolean {
  let plain = plainKeys.get(key);
  if (plain === undefined) {
    plain = PLAIN_KEY.test(key);
    if (plainKeys.size < 10_000) plainKeys.set(key, plain);
  }
  return plain;
}

/** Reads the value at `path`, or undefined when any step is missing. */
export function valueAt(root: unknown, path: Path): unknown {
  let node: unknown = root;
  for (const segment of path) {
    // own fields only: an object's `constructor` or `__proto__` is not a field of the manifest
    if (node === null || typeof node !== 'object' || !Object.hasOwn(node, segment)) return undefined;
    node = (node as Record<PathSegment, unknown>)[segment];
  }
  return node;
}
