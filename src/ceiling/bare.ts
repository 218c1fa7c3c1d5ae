import * as crypto from 'node:crypto';
import { sha256 } from '@noble/hashes/sha2.js';
import { SHA256_BYTES, type OpensslSpeed } from '../system/openssl.js';

/**
 * The node:crypto calls of the ceiling's operations in a plain loop on the main thread: no pool,
 * no worker, no windows, no harness. It splits the node backend's gap to `openssl speed` in two:
 * chainmark against this loop is what the harness costs; this loop against openssl speed is what
 * Node's bindings cost per call (a JS → C++ transition, a fresh EVP context, a result Buffer),
 * which no harness can remove.
 */
export type BareFigures = Omit<OpensslSpeed, 'version'>;

type Key = keyof BareFigures;

/** Ops/s of `op` over `seconds`, in batches of `batch` calls between clock reads. */
export function timedLoop(op: () => boolean, seconds: number, batch: number, what: string): number {
  let ok = true;
  for (let i = 0; i < batch; i++) ok = op() && ok; // warm-up, and the first correctness check
  let n = 0;
  const t0 = performance.now();
  const end = t0 + seconds * 1000;
  let t = t0;
  while (t < end) {
    for (let i = 0; i < batch; i++) ok = op() && ok;
    n += batch;
    t = performance.now();
  }
  if (!ok) throw new Error(`bare node:crypto loop: ${what} gave a wrong answer`);
  return n / ((t - t0) / 1000);
}

function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

export function bareNodeLoop(seconds: number): BareFigures {
  const message = crypto.createHash('sha256').update('chainmark ceiling').digest();

  const ed = crypto.generateKeyPairSync('ed25519');
  const edSig = crypto.sign(null, message, ed.privateKey);
  const ec = crypto.generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const ecKey = { key: ec.privateKey, dsaEncoding: 'ieee-p1363' as const };
  const ecPub = { key: ec.publicKey, dsaEncoding: 'ieee-p1363' as const };
  const ecSig = crypto.sign('sha256', message, ecKey);

  // A verifier that accepts anything would be fast and wrong: each must reject a tampered copy.
  const bad = Buffer.from(message);
  bad[0]! ^= 1;
  if (crypto.verify(null, bad, ed.publicKey, edSig) || crypto.verify('sha256', bad, ecPub, ecSig))
    throw new Error('bare node:crypto loop: a verifier accepted a tampered message');

  const block = new Uint8Array(SHA256_BYTES).map((_, i) => (i * 31 + 7) & 0xff);
  const expected = sha256(block);
  // crypto.hash (one call, no Hash object) exists from Node 20.12; package.json requires 20.19.
  const digest = () => crypto.hash('sha256', block, 'buffer');

  const ops: Record<Key, { op: () => boolean; batch: number; what: string }> = {
    ed25519Sign: { op: () => crypto.sign(null, message, ed.privateKey).length === 64, batch: 64, what: 'ed25519 sign' },
    ed25519Verify: { op: () => crypto.verify(null, message, ed.publicKey, edSig), batch: 32, what: 'ed25519 verify' },
    p256Sign: { op: () => crypto.sign('sha256', message, ecKey).length === 64, batch: 64, what: 'P-256 sign' },
    p256Verify: { op: () => crypto.verify('sha256', message, ecPub, ecSig), batch: 32, what: 'P-256 verify' },
    sha256x16k: { op: () => bytesEqual(digest(), expected), batch: 64, what: 'sha256' },
  };
  const out = {} as Record<Key, { opsPerSec: number; command: string }>;
  for (const key of Object.keys(ops) as Key[]) {
    const { op, batch, what } = ops[key];
    out[key] = { opsPerSec: timedLoop(op, seconds, batch, what), command: `node:crypto ${what} in a plain loop` };
  }
  return out;
}
