import * as crypto from 'node:crypto';

const { createHash } = crypto;

/**
 * RFC 6962 (section 2.1) Merkle tree hashing, inclusion and consistency proofs, with the
 * verification algorithms of RFC 9162 (section 2.1.3). Hashes are SHA-256; a leaf is hashed as
 * 0x00 || data and a node as 0x01 || left || right, so a leaf can never pass for a node.
 */
const LEAF = Buffer.from([0]);
const NODE = Buffer.from([1]);

/**
 * SHA-256 in one call where node has it (20.12 and later): a Hash object per leaf and per node
 * was a sixth of an append. The digest comes back as a `binary` (latin1) string, one char per
 * byte, and is made a Buffer from the pool: node 20 makes a `buffer` digest three times slower.
 */
const oneShot = typeof crypto.hash === 'function' ? crypto.hash : undefined;

/** SHA-256 of `data[from:to]`, whose first byte is the domain prefix (0x00 leaf, 0x01 node). */
export function hashWithPrefix(data: Buffer, from: number, to: number): Buffer {
  const bytes = data.subarray(from, to);
  return oneShot
    ? Buffer.from(oneShot('sha256', bytes, 'binary'), 'latin1')
    : createHash('sha256').update(bytes).digest();
}

export function leafHash(data: Uint8Array): Buffer {
  return createHash('sha256').update(LEAF).update(data).digest();
}

/** Reused for every node: 0x01 || left || right. */
const node = Buffer.alloc(65);

export function nodeHash(left: Uint8Array, right: Uint8Array): Buffer {
  if (left.length !== 32 || right.length !== 32)
    return createHash('sha256').update(NODE).update(left).update(right).digest();
  node[0] = 1;
  node.set(left, 1);
  node.set(right, 33);
  return hashWithPrefix(node, 0, 65);
}

/** SHA-256 of nothing: the root of the empty tree. */
export const EMPTY_ROOT = createHash('sha256').digest();

/**
 * The roots of the perfect subtrees that make up a tree of `size` leaves, largest first: all an
 * append-only log needs to add a leaf and know its new root, in O(log n) space.
 */
export class CompactRange {
  constructor(
    public size = 0,
    readonly hashes: Buffer[] = [],
  ) {}

  append(leaf: Buffer): void {
    let hash = leaf;
    // the trailing one bits of the old size are the subtrees the new leaf completes
    for (let bits = this.size; bits & 1; bits >>= 1) hash = nodeHash(this.hashes.pop() as Buffer, hash);
    this.hashes.push(hash);
    this.size++;
  }

  /** MTH of the tree: the subtrees folded right to left, as RFC 6962 splits at the largest power of two. */
  root(): Buffer {
    if (this.hashes.length === 0) return EMPTY_ROOT;
    let hash = this.hashes[this.hashes.length - 1] as Buffer;
    for (let i = this.hashes.length - 2; i >= 0; i--) hash = nodeHash(this.hashes[i] as Buffer, hash);
    return hash;
  }

  /** Whether the stored subtrees fit the size (one per one bit). */
  wellFormed(): boolean {
    let bits = 0;
    for (let n = this.size; n > 0; n >>= 1) bits += n & 1;
    return bits === this.hashes.length;
  }
}

/** Leaf hashes of a whole log, for proofs: 32 bytes each. */
export interface Leaves {
  size: number;
  at(index: number): Buffer;
}

function largestPowerOfTwoBelow(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

/** MTH(D[from:to]), recursively; O(to - from). */
export function subtreeRoot(leaves: Leaves, from: number, to: number): Buffer {
  const n = to - from;
  if (n === 0) return EMPTY_ROOT;
  if (n === 1) return leaves.at(from);
  const k = largestPowerOfTwoBelow(n);
  return nodeHash(subtreeRoot(leaves, from, from + k), subtreeRoot(leaves, from + k, to));
}

/** PATH(m, D[0:n]) of RFC 6962 2.1.1: the audit path of leaf `m` in the tree of the first `n` leaves. */
export function inclusionProof(leaves: Leaves, m: number, n: number): Buffer[] {
  const path = (index: number, from: number, to: number): Buffer[] => {
    const size = to - from;
    if (size <= 1) return [];
    const k = largestPowerOfTwoBelow(size);
    return index < k
      ? [...path(index, from, from + k), subtreeRoot(leaves, from + k, to)]
      : [...path(index - k, from + k, to), subtreeRoot(leaves, from, from + k)];
  };
  return path(m, 0, n);
}

/** PROOF(m, D[0:n]) of RFC 6962 2.1.2: that the tree of the first `m` leaves is a prefix of the tree of `n`. */
export function consistencyProof(leaves: Leaves, m: number, n: number): Buffer[] {
  const subproof = (m: number, from: number, to: number, complete: boolean): Buffer[] => {
    const size = to - from;
    if (m === size) return complete ? [] : [subtreeRoot(leaves, from, to)];
    const k = largestPowerOfTwoBelow(size);
    return m <= k
      ? [...subproof(m, from, from + k, complete), subtreeRoot(leaves, from + k, to)]
      : [...subproof(m - k, from + k, to, false), subtreeRoot(leaves, from, from + k)];
  };
  return m === 0 || m === n ? [] : subproof(m, 0, n, true);
}

/** RFC 9162 2.1.3.2: whether `proof` shows leaf `index` (its hash `leaf`) in the tree of `size` leaves with `root`. */
export function verifyInclusion(
  index: number,
  size: number,
  leaf: Buffer,
  proof: readonly Buffer[],
  root: Buffer,
): boolean {
  if (index >= size) return false;
  let fn = index;
  let sn = size - 1;
  let r = leaf;
  for (const p of proof) {
    if (sn === 0) return false;
    if (fn & 1 || fn === sn) {
      r = nodeHash(p, r);
      if (!(fn & 1))
        while (fn !== 0 && !(fn & 1)) {
          fn >>= 1;
          sn >>= 1;
        }
    } else r = nodeHash(r, p);
    fn >>= 1;
    sn >>= 1;
  }
  return sn === 0 && r.equals(root);
}

/** RFC 9162 2.1.4.2: whether `proof` shows the tree (`size1`, `root1`) is a prefix of (`size2`, `root2`). */
export function verifyConsistency(
  size1: number,
  size2: number,
  proof: readonly Buffer[],
  root1: Buffer,
  root2: Buffer,
): boolean {
  if (size1 > size2) return false;
  if (size1 === size2) return proof.length === 0 && root1.equals(root2);
  if (size1 === 0) return proof.length === 0;
  let path = [...proof];
  if (isPowerOfTwo(size1)) path = [root1, ...path];
  let fn = size1 - 1;
  let sn = size2 - 1;
  while (fn & 1) {
    fn >>= 1;
    sn >>= 1;
  }
  if (path.length === 0) return false;
  let fr = path[0] as Buffer;
  let sr = path[0] as Buffer;
  for (const c of path.slice(1)) {
    if (sn === 0) return false;
    if (fn & 1 || fn === sn) {
      fr = nodeHash(c, fr);
      sr = nodeHash(c, sr);
      if (!(fn & 1))
        while (fn !== 0 && !(fn & 1)) {
          fn >>= 1;
          sn >>= 1;
        }
    } else sr = nodeHash(sr, c);
    fn >>= 1;
    sn >>= 1;
  }
  return fr.equals(root1) && sr.equals(root2) && sn === 0;
}

function isPowerOfTwo(n: number): boolean {
  return n > 0 && (n & (n - 1)) === 0;
}
