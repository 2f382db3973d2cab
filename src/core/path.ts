/** A path into a Kubernetes object: keys and array indices, outermost first. */
export type PathSegment = string | number;
export type Path = readonly PathSegment[];

const PLAIN_KEY = /^[A-Za-z_$][\w$-]*$/;

/**
 * Dotted form with `[i]` indices, the form every output uses:
 * `spec.template.spec.containers[0].securityContext`. Keys that are not plain
 * identifiers (annotation keys, for instance) are written `["key"]`.
 *
 * A scan of 10,000 workloads formats a path for each of its ~160,000 findings, and they are the
 * same few hundred paths: each is made once, walking a tree of the segments seen so far, and
 * every finding at that path shares the one string (less to build, to keep and to collect).
 */
export function formatPath(path: Path): string {
  let node = ROOT;
  for (const segment of path) {
    let child = node.children?.get(segment);
    if (child === undefined) {
      if (nodeCount >= MAX_NODES) return formatted(path);
      child = { text: flat(node.text + piece(segment, node.text === '')), children: undefined };
      node.children ??= new Map();
      node.children.set(segment, child);
      nodeCount++;
    }
    node = child;
  }
  return node.text;
}

interface PathNode {
  /** The formatted path from the root to this node. */
  text: string;
  children: Map<PathSegment, PathNode> | undefined;
}

const ROOT: PathNode = { text: '', children: undefined };
/** Paths come from input (annotation and label keys): the tree stops growing here and paths are then formatted afresh. */
const MAX_NODES = 20_000;
let nodeCount = 0;

function formatted(path: Path): string {
  let out = '';
  for (const segment of path) out += piece(segment, out === '');
  return flat(out);
}

function piece(segment: PathSegment, first: boolean): string {
  if (typeof segment === 'number') return `[${segment}]`;
  if (PLAIN_KEY.test(segment)) return first ? segment : `.${segment}`;
  return `[${JSON.stringify(segment)}]`;
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
