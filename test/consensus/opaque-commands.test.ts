/**
 * Blocks of opaque commands (`txScheme: none`) and payload modes: the block's bytes and Merkle
 * root, what its receiver checks, the backends it needs, and what the leader's proposal carries.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_TX_BYTES,
  TX_BODY_BYTES,
  buildBlock,
  proposalBlockBytes,
  readBlock,
  txLeafBytes,
  verifyBlock,
} from '../../src/consensus/block.js';
import { buildCrypto, resolveImpls, setupKey } from '../../src/consensus/crypto.js';
import { closedFormMessages } from '../../src/consensus/work.js';
import { BLOCK_HEADER_BYTES } from '../../src/consensus/wire.js';
import { nobleBackend } from '../../src/workloads/backends/noble.js';
import { seededBytes } from '../../src/workloads/inputs.js';
import type { Backend, HashImpl, SignatureImpl } from '../../src/workloads/types.js';
import type { ConsensusSetup } from '../../src/consensus/messages.js';
import type { TxScheme } from '../../src/consensus/types.js';
import { runRounds } from './support.js';

const sha = (...parts: Uint8Array[]): Buffer => {
  const h = createHash('sha256');
  for (const p of parts) h.update(p);
  return h.digest();
};
const H: HashImpl = { hash: (m) => new Uint8Array(sha(m)) };
const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

/** The block's layout (block.ts): 16 bytes of lengths, the 32-byte root, then the leaves. */
const FIRST_LEAF = 16 + 32;

/** A copy of a block's buffer with one byte of its payload flipped. */
function tampered(buffer: SharedArrayBuffer, at: number): SharedArrayBuffer {
  const copy = new SharedArrayBuffer(buffer.byteLength);
  const bytes = new Uint8Array(copy);
  bytes.set(new Uint8Array(buffer));
  bytes[at] = bytes[at]! ^ 0x01;
  return copy;
}

function setupOf(txScheme: TxScheme, block: SharedArrayBuffer, txs: number): ConsensusSetup {
  return {
    protocol: 'pbft',
    backend: 'noble',
    nodes: 4,
    seed: 3,
    txs,
    txScheme,
    txBackend: 'sha-only',
    backendModules: [],
    block,
  };
}

/** A transaction backend with SHA-256 and no signature scheme at all. */
const shaOnly: Backend = {
  ...nobleBackend,
  name: 'sha-only',
  description: 'SHA-256 without signatures',
  signature: () => ({ unsupported: 'no signatures here' }),
};
const backends = new Map<string, Backend>([
  ['noble', nobleBackend],
  ['sha-only', shaOnly],
]);

describe('a block of opaque commands', () => {
  it('holds B seeded commands of N bytes, the header plus B × N on the wire, and their RFC 6962 root', () => {
    const block = buildBlock(3, 5, 'none', 100);
    expect(block.txs).toBe(5);
    expect(block.blockBytes).toBe(BLOCK_HEADER_BYTES + 5 * 100);
    expect(block.buffer.byteLength).toBe(FIRST_LEAF + 500);
    const payload = new Uint8Array(block.buffer, FIRST_LEAF);
    // Deterministic: the seeded bytes of (seed, B, N), the same on every machine.
    expect(hex(payload)).toBe(hex(seededBytes(3, 'commands-5x100', 500)));
    // MTH of 5 leaves splits at 4 (RFC 6962 §2.1): H(1 ‖ MTH(c0..c3) ‖ H(0 ‖ c4)).
    const c = (i: number) => payload.subarray(i * 100, (i + 1) * 100);
    const leaf = (i: number) => sha(Uint8Array.of(0), c(i));
    const node = (l: Uint8Array, r: Uint8Array) => sha(Uint8Array.of(1), l, r);
    const root = node(node(node(leaf(0), leaf(1)), node(leaf(2), leaf(3))), leaf(4));
    expect(hex(block.merkleRoot)).toBe(hex(root));
    expect(hex(new Uint8Array(block.buffer, 16, 32))).toBe(hex(root));
  });

  it('another seed or command size gives other commands; no size means 128 bytes', () => {
    const a = buildBlock(3, 5, 'none', 100);
    expect(hex(buildBlock(4, 5, 'none', 100).merkleRoot)).not.toBe(hex(a.merkleRoot));
    expect(buildBlock(3, 5, 'none', 101).blockBytes).toBe(BLOCK_HEADER_BYTES + 505);
    expect(DEFAULT_TX_BYTES).toBe(128);
    expect(buildBlock(3, 5, 'none').blockBytes).toBe(BLOCK_HEADER_BYTES + 5 * 128);
  });

  it('its receiver recomputes the root and checks no signature; a flipped command byte fails', () => {
    const block = buildBlock(3, 5, 'none', 100);
    const read = readBlock(block.buffer, null);
    expect(read.leaves.map((l) => l.length)).toEqual([100, 100, 100, 100, 100]);
    expect(verifyBlock(read, null, H)).toEqual({ valid: true, txVerifications: 0 });
    // A byte of the last command, then of the first.
    for (const at of [FIRST_LEAF + 499, FIRST_LEAF]) {
      expect(verifyBlock(readBlock(tampered(block.buffer, at), null), null, H)).toEqual({
        valid: false,
        txVerifications: 0,
      });
    }
  });

  it('needs SHA-256 on the transaction backend, no signature scheme; the validators check it so', () => {
    const block = buildBlock(3, 5, 'none', 100);
    const impls = resolveImpls(setupOf('none', block.buffer, 5), backends);
    expect(impls).toMatchObject({ tx: null });
    // Signed transactions on the same backend cannot be checked.
    expect(resolveImpls(setupOf('ed25519', block.buffer, 5), backends)).toEqual({
      unsupported: 'transactions (ed25519) on sha-only: no signatures here',
    });
    const crypto = buildCrypto(setupOf('none', block.buffer, 5), backends);
    expect(crypto.verifyBlock()).toEqual({ valid: true, txVerifications: 0 });
    expect(buildCrypto(setupOf('none', tampered(block.buffer, FIRST_LEAF + 7), 5), backends).verifyBlock()).toEqual({
      valid: false,
      txVerifications: 0,
    });
  });

  it('workers cache crypto per setup: blocks of commands of another size are another setup', () => {
    const a = setupOf('none', buildBlock(3, 5, 'none', 100).buffer, 5);
    const b = setupOf('none', buildBlock(3, 5, 'none', 200).buffer, 5);
    expect(setupKey(a)).not.toBe(setupKey(b));
    expect(setupKey(a)).toBe(setupKey(setupOf('none', buildBlock(3, 5, 'none', 100).buffer, 5)));
  });

  it('a block of signed transactions is refused without a signature backend', () => {
    const block = buildBlock(3, 2, 'ed25519');
    expect(() => readBlock(block.buffer, null)).toThrow(/needs a signature backend/);
  });
});

describe('leaf sizes: what the calibration hashes is what the block holds', () => {
  it.each([
    ['ed25519', 32 + 64],
    ['secp256k1', 33 + 64],
  ] as const)('%s: body + public key + signature', (scheme, keyAndSignature) => {
    expect(txLeafBytes(scheme)).toBe(TX_BODY_BYTES + keyAndSignature);
    const block = buildBlock(3, 3, scheme);
    const impl = nobleBackend.signature(scheme === 'ed25519' ? 'ed25519' : 'ecdsa-secp256k1') as SignatureImpl;
    const { leaves } = readBlock(block.buffer, impl);
    expect(leaves.map((l) => l.length)).toEqual([1, 2, 3].map(() => txLeafBytes(scheme)));
  });

  it('none: the command size, 128 by default', () => {
    expect(txLeafBytes('none', 1024)).toBe(1024);
    expect(txLeafBytes('none')).toBe(128);
  });
});

describe('payload modes: the block bytes of the proposal', () => {
  it('proposal carries the whole block; dissemination the header and one 32-byte hash per command', () => {
    const commands = buildBlock(3, 8, 'none', 1024);
    // 36-byte header (count 4, root 32) + 8 × 1024 = 8228; with hashes 36 + 8 × 32 = 292.
    expect(proposalBlockBytes(commands, 'proposal')).toBe(8228);
    expect(proposalBlockBytes(commands)).toBe(8228);
    expect(proposalBlockBytes(commands, 'dissemination')).toBe(292);
    // Signed ed25519 transactions of 160 bytes: 36 + 8 × 160 = 1316 in full, 292 as hashes.
    const signed = buildBlock(3, 8, 'ed25519');
    expect(proposalBlockBytes(signed, 'proposal')).toBe(1316);
    expect(proposalBlockBytes(signed, 'dissemination')).toBe(292);
  });

  it.each(['pbft', 'hotstuff'] as const)(
    '%s at n = 4: the same messages, bytes lower by (n − 1) × the block bytes saved',
    async (protocol) => {
      const run = async (payload: 'proposal' | 'dissemination') =>
        (await runRounds({ protocol, nodes: 4, txs: 8, txScheme: 'none', txBytes: 1024, payload })).records[0]!;
      const full = await run('proposal');
      const hashes = await run('dissemination');
      expect(full.committed && hashes.committed).toBe(true);
      expect(hashes.messages).toBe(full.messages);
      expect(hashes.messages).toBe(closedFormMessages(protocol, 4));
      // One proposal to each of the 3 others: 3 × (8228 − 292) = 23 808 bytes fewer.
      expect(full.bytes - hashes.bytes).toBe(23_808);
      expect(hashes.work).toEqual(full.work);
    },
  );
});
