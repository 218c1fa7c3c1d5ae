import { equalBytes, seededBytes } from './inputs.js';
import { DEFAULT_LEAF_BYTES, type HashImpl, type PreparedWorkload } from './types.js';

/**
 * Merkle tree hash of RFC 6962 §2.1 (Certificate Transparency): leaves hashed as H(0x00‖d),
 * interior nodes as H(0x01‖left‖right), the split at the largest power of two below n. The
 * domain prefixes avoid the duplicate-leaf ambiguity of Bitcoin's tree (CVE-2012-2459).
 */
export function merkleRoot(hash: HashImpl, leaves: Uint8Array[]): Uint8Array {
  if (leaves.length === 0) return hash.hash(new Uint8Array(0));
  const hashWidth = hash.hash(new Uint8Array(0)).length;
  const leafBuf = new Uint8Array(1 + (leaves[0]?.length ?? 0));
  let level = leaves.map((leaf) => {
    const buf = leaf.length + 1 === leafBuf.length ? leafBuf : new Uint8Array(leaf.length + 1);
    buf[0] = 0x00;
    buf.set(leaf, 1);
    return hash.hash(buf);
  });
  // Bottom-up over the RFC 6962 shape: pair left to right, carry an odd last node up unchanged.
  // For n leaves this yields the same root as the recursive largest-power-of-two split.
  const nodeBuf = new Uint8Array(1 + 2 * hashWidth);
  nodeBuf[0] = 0x01;
  while (level.length > 1) {
    const next: Uint8Array[] = [];
    for (let i = 0; i + 1 < level.length; i += 2) {
      nodeBuf.set(level[i]!, 1);
      nodeBuf.set(level[i + 1]!, 1 + hashWidth);
      next.push(hash.hash(nodeBuf));
    }
    if (level.length % 2 === 1) next.push(level[level.length - 1]!);
    level = next;
  }
  return level[0]!;
}

/** The recursive definition, kept as the reference the fast version is tested against. */
export function merkleRootRecursive(hash: HashImpl, leaves: Uint8Array[]): Uint8Array {
  if (leaves.length === 0) return hash.hash(new Uint8Array(0));
  if (leaves.length === 1) return hash.hash(concat(Uint8Array.of(0), leaves[0]!));
  let k = 1;
  while (k * 2 < leaves.length) k *= 2;
  return hash.hash(
    concat(Uint8Array.of(1), merkleRootRecursive(hash, leaves.slice(0, k)), merkleRootRecursive(hash, leaves.slice(k))),
  );
}

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

/**
 * `count` seeded leaves of `leafBytes` each: by default 32-byte transaction hashes, as a block's
 * body would give them; a consensus calibration asks for its block's own leaf size.
 */
export function merkleLeaves(seed: number | string, count: number, leafBytes = DEFAULT_LEAF_BYTES): Uint8Array[] {
  // The 32-byte label is the one primitive cases always used, so their inputs stay the same.
  const label = leafBytes === DEFAULT_LEAF_BYTES ? `merkle-leaves-${count}` : `merkle-leaves-${count}x${leafBytes}`;
  const all = seededBytes(seed, label, count * leafBytes);
  return Array.from({ length: count }, (_, i) => all.subarray(i * leafBytes, (i + 1) * leafBytes));
}

export function prepareMerkle(impl: HashImpl, leaves: Uint8Array[], expectedRoot: Uint8Array): PreparedWorkload {
  let last: Uint8Array = new Uint8Array(0);
  return {
    run: () => {
      last = merkleRoot(impl, leaves);
    },
    verifyRun: () => (equalBytes(last, expectedRoot) ? null : 'Merkle root changed during the timed run'),
    bytesPerOp: leaves.reduce((n, leaf) => n + leaf.length, 0),
  };
}
