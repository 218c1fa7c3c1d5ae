import { sha256 } from '@noble/hashes/sha2.js';
import { describe, expect, it } from 'vitest';
import { merkleLeaves, merkleRoot, merkleRootRecursive } from '../../src/workloads/merkle.js';
import { bytesToHex, hexToBytes } from '../../src/workloads/inputs.js';
import type { HashImpl } from '../../src/workloads/types.js';

const H: HashImpl = { hash: (m) => sha256(m) };
const hex = (b: Uint8Array): string => bytesToHex(b);

describe('merkleRoot (bottom-up) equals the recursive RFC 6962 definition', () => {
  it.each(Array.from({ length: 40 }, (_, i) => i + 1))('%i leaves', (n) => {
    const leaves = merkleLeaves(3, n);
    expect(leaves).toHaveLength(n);
    expect(hex(merkleRoot(H, leaves))).toBe(hex(merkleRootRecursive(H, leaves)));
  });

  it('different leaf sets give different roots (the comparison is not vacuous)', () => {
    const roots = new Set(Array.from({ length: 40 }, (_, i) => hex(merkleRoot(H, merkleLeaves(3, i + 1)))));
    expect(roots.size).toBe(40);
  });
});

describe('RFC 6962 §2.1 shape', () => {
  it('the empty tree hashes to SHA-256 of the empty string', () => {
    // MTH({}) = SHA-256() = e3b0c442…b855 (FIPS 180-4 / NIST CAVP, Len = 0)
    const empty = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';
    expect(hex(merkleRoot(H, []))).toBe(empty);
    expect(hex(merkleRootRecursive(H, []))).toBe(empty);
  });

  it('one leaf hashes to H(0x00 ‖ leaf)', () => {
    const leaf = merkleLeaves(3, 1)[0]!;
    const expected = hex(sha256(Uint8Array.of(0x00, ...leaf)));
    expect(hex(merkleRoot(H, [leaf]))).toBe(expected);
    // Not the bare leaf hash: the 0x00 prefix is what separates leaves from nodes.
    expect(expected).not.toBe(hex(sha256(leaf)));
  });

  it('two leaves hash to H(0x01 ‖ H(0x00 ‖ a) ‖ H(0x00 ‖ b))', () => {
    const [a, b] = merkleLeaves(3, 2) as [Uint8Array, Uint8Array];
    const expected = sha256(
      Uint8Array.of(0x01, ...sha256(Uint8Array.of(0x00, ...a)), ...sha256(Uint8Array.of(0x00, ...b))),
    );
    expect(hex(merkleRoot(H, [a, b]))).toBe(hex(expected));
  });

  it('three leaves split at 2: H(0x01 ‖ MTH(a, b) ‖ H(0x00 ‖ c)), the odd leaf carried up', () => {
    const [a, b, c] = merkleLeaves(3, 3) as [Uint8Array, Uint8Array, Uint8Array];
    const leaf = (x: Uint8Array) => sha256(Uint8Array.of(0x00, ...x));
    const node = (l: Uint8Array, r: Uint8Array) => sha256(Uint8Array.of(0x01, ...l, ...r));
    expect(hex(merkleRoot(H, [a, b, c]))).toBe(hex(node(node(leaf(a), leaf(b)), leaf(c))));
  });

  // The Certificate Transparency reference test vectors (certificate-transparency
  // cpp/merkletree/merkle_tree_test.cc): eight leaves of different lengths, root for each prefix.
  const CT_LEAVES = [
    '',
    '00',
    '10',
    '2021',
    '3031',
    '40414243',
    '5051525354555657',
    '606162636465666768696a6b6c6d6e6f',
  ];
  const CT_ROOTS = [
    '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
    'fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125',
    'aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77',
    'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
    '4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4',
    '76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef',
    'ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c',
    '5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328',
  ];

  it.each(CT_ROOTS.map((root, i) => [i + 1, root] as const))(
    'Certificate Transparency vector with %i leaves',
    (n, root) => {
      const leaves = CT_LEAVES.slice(0, n).map(hexToBytes);
      expect(hex(merkleRoot(H, leaves))).toBe(root);
      expect(hex(merkleRootRecursive(H, leaves))).toBe(root);
    },
  );
});

describe('merkleLeaves', () => {
  it('gives count distinct 32-byte transaction hashes, the same for the same seed', () => {
    const a = merkleLeaves(5, 10);
    expect(a.every((l) => l.length === 32)).toBe(true);
    expect(new Set(a.map(hex)).size).toBe(10);
    expect(merkleLeaves(5, 10).map(hex)).toEqual(a.map(hex));
    expect(merkleLeaves(6, 10).map(hex)).not.toEqual(a.map(hex));
  });
});
