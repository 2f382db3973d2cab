import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  CompactRange,
  consistencyProof,
  EMPTY_ROOT,
  inclusionProof,
  type Leaves,
  leafHash,
  nodeHash,
  subtreeRoot,
  verifyConsistency,
  verifyInclusion,
} from './merkle.js';

const leaves = (n: number): Leaves => {
  const hashes = Array.from({ length: n }, (_, i) => leafHash(Buffer.from(`entry ${i}`)));
  return { size: n, at: (i) => hashes[i] as Buffer };
};

/** MTH written straight from RFC 6962 2.1, on the data: the reference the fast paths are held to. */
function reference(data: Buffer[]): Buffer {
  if (data.length === 0) return EMPTY_ROOT;
  if (data.length === 1) return leafHash(data[0] as Buffer);
  let k = 1;
  while (k * 2 < data.length) k *= 2;
  return nodeHash(reference(data.slice(0, k)), reference(data.slice(k)));
}

describe('RFC 6962 Merkle tree', () => {
  test('leaf and node hashes are domain-separated, and the known 1-leaf and empty roots hold', () => {
    assert.equal(EMPTY_ROOT.toString('hex'), 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    // RFC 6962's leaf of the empty string: SHA-256(0x00)
    assert.equal(
      leafHash(Buffer.alloc(0)).toString('hex'),
      '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
    );
  });

  test('the compact range gives the reference root at every size up to 70', () => {
    const range = new CompactRange();
    const data: Buffer[] = [];
    for (let n = 1; n <= 70; n++) {
      const entry = Buffer.from(`entry ${n - 1}`);
      data.push(entry);
      range.append(leafHash(entry));
      assert.ok(range.wellFormed());
      assert.ok(range.root().equals(reference(data)), `size ${n}`);
      assert.ok(subtreeRoot(leaves(n), 0, n).equals(reference(data)), `subtree root, size ${n}`);
    }
  });

  test('every inclusion proof verifies, and fails for another leaf, index or root', () => {
    for (let n = 1; n <= 33; n++) {
      const tree = leaves(n);
      const root = subtreeRoot(tree, 0, n);
      for (let m = 0; m < n; m++) {
        const proof = inclusionProof(tree, m, n);
        assert.ok(verifyInclusion(m, n, tree.at(m), proof, root), `${m} in ${n}`);
        if (n > 1) assert.ok(!verifyInclusion((m + 1) % n, n, tree.at(m), proof, root), `wrong index ${m} in ${n}`);
        assert.ok(!verifyInclusion(m, n, leafHash(Buffer.from('forged')), proof, root));
      }
    }
  });

  test('every consistency proof verifies, and fails against a rewritten history', () => {
    for (let n = 1; n <= 33; n++) {
      const tree = leaves(n);
      const root = subtreeRoot(tree, 0, n);
      for (let m = 1; m <= n; m++) {
        const proof = consistencyProof(tree, m, n);
        const old = subtreeRoot(tree, 0, m);
        assert.ok(verifyConsistency(m, n, proof, old, root), `${m} -> ${n}`);
        assert.ok(!verifyConsistency(m, n, proof, leafHash(Buffer.from('rewritten')), root), `forged ${m} -> ${n}`);
      }
    }
  });
});
