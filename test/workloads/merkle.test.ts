import { sha256 } from '@noble/hashes/sha2.js';
import { describe, expect, it } from 'vitest';
import { merkleLeaves, merkleRoot, merkleRootRecursive } from '../../src/workloads/merkle.js';
import { bytesToHex, hexToBytes } from '../../src/workloads/inputs.js';
import { isUnsupported, type HashImpl } from '../../src/workloads/types.js';
import { resolveWorkload } from '../../src/workloads/prepare.js';
import { nobleBackend } from '../../src/workloads/backends/noble.js';
import { caseId } from '../../src/results/case-id.js';

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

describe('leaves of another size than 32 bytes (a block’s transactions or commands)', () => {
  it('merkleLeaves gives count leaves of leafBytes each; 32 bytes by default, with the inputs primitive cases always had', () => {
    const big = merkleLeaves(5, 4, 160);
    expect(big.map((l) => l.length)).toEqual([160, 160, 160, 160]);
    expect(new Set(big.map(hex)).size).toBe(4);
    expect(merkleLeaves(5, 4, 160).map(hex)).toEqual(big.map(hex));
    // The default leaf is the first 32 bytes of SHA-256("chainmark|5|merkle-leaves-1|0"), as before leaf sizes existed.
    expect(hex(merkleLeaves(5, 1)[0]!)).toBe(hex(sha256(new TextEncoder().encode('chainmark|5|merkle-leaves-1|0'))));
    expect(merkleLeaves(5, 3, 32).map(hex)).toEqual(merkleLeaves(5, 3).map(hex));
  });

  it('three 100-byte leaves: the root by hand, the recursive definition and the bottom-up one agree', () => {
    const [a, b, c] = merkleLeaves(9, 3, 100) as [Uint8Array, Uint8Array, Uint8Array];
    const leaf = (x: Uint8Array) => sha256(Uint8Array.of(0x00, ...x));
    const node = (l: Uint8Array, r: Uint8Array) => sha256(Uint8Array.of(0x01, ...l, ...r));
    const known = hex(node(node(leaf(a), leaf(b)), leaf(c)));
    expect(hex(merkleRootRecursive(H, [a, b, c]))).toBe(known);
    expect(hex(merkleRoot(H, [a, b, c]))).toBe(known);
  });

  it.each([1, 2, 5, 16, 33])('%i leaves of 161 bytes: bottom-up equals recursive', (n) => {
    const leaves = merkleLeaves(3, n, 161);
    expect(hex(merkleRoot(H, leaves))).toBe(hex(merkleRootRecursive(H, leaves)));
  });
});

describe('a Merkle workload with a leaf size', () => {
  it('hashes leaves of that size, passes its check, and names the size in its case id (not at 32 bytes)', () => {
    const spec = { op: 'merkle', algorithm: 'sha256', backend: 'noble', leaves: 4, leafBytes: 160 } as const;
    const w = resolveWorkload(spec, nobleBackend, 1);
    if (isUnsupported(w)) throw new Error(w.unsupported);
    expect(w.selfTest()).toBeNull();
    const prepared = w.prepare();
    expect(prepared.bytesPerOp).toBe(4 * 160);
    prepared.run();
    expect(prepared.verifyRun()).toBeNull();
    expect(caseId(spec, 1)).toBe('merkle/sha256/noble/4leaves-160B/t1');
    expect(caseId({ ...spec, leafBytes: 2048 }, 1)).toBe('merkle/sha256/noble/4leaves-2KiB/t1');
    expect(caseId({ ...spec, leafBytes: 32 }, 1)).toBe('merkle/sha256/noble/4leaves/t1');
    const { leafBytes: _, ...plain } = spec;
    expect(caseId(plain, 1)).toBe('merkle/sha256/noble/4leaves/t1');
    const p32 = resolveWorkload(plain, nobleBackend, 1);
    if (isUnsupported(p32)) throw new Error(p32.unsupported);
    expect(p32.prepare().bytesPerOp).toBe(4 * 32);
  });
});
