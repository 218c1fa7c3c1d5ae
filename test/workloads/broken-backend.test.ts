import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { nobleBackend } from '../../src/workloads/backends/noble.js';
import { resolveWorkload, type ResolvedWorkload } from '../../src/workloads/prepare.js';
import { flipBit } from '../../src/workloads/inputs.js';
import {
  isUnsupported,
  type Backend,
  type HashAlgorithm,
  type HashImpl,
  type SignatureImpl,
  type WorkloadSpec,
} from '../../src/workloads/types.js';
import { readResultFile } from '../../src/results/reader.js';
import { ROOT, cli, tempDir } from '../helpers.js';

const SEED = 1;
type PlainSignature = 'ed25519' | 'ecdsa-secp256k1' | 'schnorr-secp256k1';

/** noble everywhere, except for the pieces a test replaces. */
function brokenBackend(over: {
  hash?: Partial<Record<HashAlgorithm, HashImpl>>;
  signature?: Partial<Record<PlainSignature, SignatureImpl>>;
}): Backend {
  return {
    ...nobleBackend,
    name: 'broken',
    description: 'noble with a deliberate fault',
    hash: (alg) => over.hash?.[alg] ?? nobleBackend.hash(alg),
    signature: (alg) => over.signature?.[alg] ?? nobleBackend.signature(alg),
  };
}

function resolved(spec: Omit<WorkloadSpec, 'backend'>, backend: Backend): ResolvedWorkload {
  const r = resolveWorkload({ ...spec, backend: backend.name }, backend, SEED);
  if (isUnsupported(r)) throw new Error(`unexpectedly unsupported: ${r.unsupported}`);
  return r;
}

const nobleSha256 = nobleBackend.hash('sha256') as HashImpl;
const nobleEd25519 = nobleBackend.signature('ed25519') as SignatureImpl;
const nobleEcdsa = nobleBackend.signature('ecdsa-secp256k1') as SignatureImpl;

describe('the pre-timing check catches a broken backend', () => {
  it('passes unmodified noble (control)', () => {
    const noble = brokenBackend({});
    expect(resolved({ op: 'hash', algorithm: 'sha256', sizeBytes: 32 }, noble).selfTest()).toBeNull();
    expect(resolved({ op: 'verify', algorithm: 'ed25519' }, noble).selfTest()).toBeNull();
    expect(resolved({ op: 'sign', algorithm: 'ecdsa-secp256k1' }, noble).selfTest()).toBeNull();
  });

  it('a SHA-256 digest with one flipped bit fails the published vector', () => {
    const b = brokenBackend({ hash: { sha256: { hash: (m) => flipBit(nobleSha256.hash(m), 0) } } });
    const reason = resolved({ op: 'hash', algorithm: 'sha256', sizeBytes: 32 }, b).selfTest();
    // Names the algorithm, the input, the expected digest's start and the vector's source.
    expect(reason).toMatch(/^sha256\("abc"\) = [0-9a-f]{16}…, expected ba7816bf8f01cfea…/);
    expect(reason).toContain('FIPS 180-2');
  });

  it('the same flipped bit is caught in Merkle cases too', () => {
    const b = brokenBackend({ hash: { sha256: { hash: (m) => flipBit(nobleSha256.hash(m), 0) } } });
    expect(resolved({ op: 'merkle', algorithm: 'sha256', leaves: 8 }, b).selfTest()).toMatch(/^sha256\("abc"\)/);
  });

  it('a digest that is right on the vectors but wrong on long inputs fails the agreement check', () => {
    // Correct for the short vector inputs, wrong for the 1 KiB case input.
    const b = brokenBackend({
      hash: { sha256: { hash: (m) => (m.length > 64 ? flipBit(nobleSha256.hash(m), 5) : nobleSha256.hash(m)) } },
    });
    const reason = resolved({ op: 'hash', algorithm: 'sha256', sizeBytes: 1024 }, b).selfTest();
    expect(reason).toMatch(/1024-byte case input disagrees with noble/);
  });

  it('an ed25519 verify that always answers true is caught by the tamper check', () => {
    const b = brokenBackend({ signature: { ed25519: { ...nobleEd25519, verify: () => true } } });
    const reason = resolved({ op: 'verify', algorithm: 'ed25519' }, b).selfTest();
    expect(reason).toBe('a signature verifies for a tampered message');
  });

  it('an ed25519 sign over the wrong message differs from the RFC 8032 signature', () => {
    // Signs the message with one byte appended (the RFC vector's message is empty, so no bit to flip).
    const b = brokenBackend({
      signature: { ed25519: { ...nobleEd25519, sign: (m, sk) => nobleEd25519.sign(Uint8Array.of(...m, 0x42), sk) } },
    });
    const reason = resolved({ op: 'sign', algorithm: 'ed25519' }, b).selfTest();
    expect(reason).toMatch(/signature of the RFC 8032 §7\.1 TEST 1 vector differs from the published one/);
  });

  it('an ECDSA sign over the wrong message (no published signature to compare) fails round-trip verification', () => {
    const b = brokenBackend({
      signature: { 'ecdsa-secp256k1': { ...nobleEcdsa, sign: (m, sk) => nobleEcdsa.sign(flipBit(m, 0), sk) } },
    });
    const reason = resolved({ op: 'sign', algorithm: 'ecdsa-secp256k1' }, b).selfTest();
    expect(reason).toBe('a valid signature does not verify');
  });

  it('a verify that ignores the public key is caught', () => {
    // Checks every signature against the most recent signer's key, whatever key it is given.
    let signer: Uint8Array = new Uint8Array(0);
    const impl: SignatureImpl = {
      ...nobleEd25519,
      sign: (m, sk) => {
        signer = nobleEd25519.keyFromSeed(sk as Uint8Array).publicKeyBytes;
        return nobleEd25519.sign(m, sk);
      },
      verify: (sig, m) => nobleEd25519.verify(sig, m, signer),
    };
    const reason = resolved(
      { op: 'verify', algorithm: 'ed25519' },
      brokenBackend({ signature: { ed25519: impl } }),
    ).selfTest();
    expect(reason).toBe('a signature verifies under the wrong public key');
  });
});

describe('verifyRun catches a backend that goes wrong during the timed run', () => {
  /** Right for the first `n` calls, then one bit off. */
  function driftingHash(n: number): HashImpl & { calls: () => number } {
    let calls = 0;
    return {
      hash: (m) => {
        calls++;
        const d = nobleSha256.hash(m);
        return calls > n ? flipBit(d, 0) : d;
      },
      calls: () => calls,
    };
  }

  it('a hash whose output changes after N calls passes check() but fails verifyRun()', () => {
    const drifting = driftingHash(20);
    const r = resolved(
      { op: 'hash', algorithm: 'sha256', sizeBytes: 32 },
      brokenBackend({ hash: { sha256: drifting } }),
    );
    expect(r.selfTest()).toBeNull();
    const callsByCheck = drifting.calls();
    expect(callsByCheck).toBeLessThan(20);
    const w = r.prepare();
    w.run();
    expect(w.verifyRun()).toBeNull(); // still inside the first 20 calls
    for (let i = 0; i < 100; i++) w.run();
    expect(drifting.calls()).toBeGreaterThan(20);
    expect(w.verifyRun()).toBe('digest changed during the timed run');
  });

  it('a Merkle root that changes after N hash calls fails verifyRun()', () => {
    const drifting = driftingHash(200);
    const r = resolved(
      { op: 'merkle', algorithm: 'sha256', leaves: 16 },
      brokenBackend({ hash: { sha256: drifting } }),
    );
    expect(r.selfTest()).toBeNull();
    const w = r.prepare();
    w.run();
    expect(w.verifyRun()).toBeNull();
    for (let i = 0; i < 20; i++) w.run();
    expect(w.verifyRun()).toBe('Merkle root changed during the timed run');
  });

  it('a verify that starts rejecting valid signatures after N calls fails verifyRun() with a count', () => {
    let calls = 0;
    const impl: SignatureImpl = {
      ...nobleEd25519,
      verify: (sig, m, pk) => ++calls <= 20 && nobleEd25519.verify(sig, m, pk),
    };
    const r = resolved({ op: 'verify', algorithm: 'ed25519' }, brokenBackend({ signature: { ed25519: impl } }));
    expect(r.selfTest()).toBeNull();
    const w = r.prepare();
    w.run();
    expect(w.verifyRun()).toBeNull();
    const before = calls;
    for (let i = 0; i < 30; i++) w.run();
    // Every call after the 20th is a failure: (before + 30) − 20 of them.
    expect(w.verifyRun()).toBe(`${before + 30 - 20} valid signatures failed to verify during the timed run`);
  });
});

describe('a broken --backend-module fails its cases end to end', () => {
  it('marks the broken cases failed-check with a reason, keeps noble ok, exits 1', () => {
    const dir = tempDir();
    const sha2 = pathToFileURL(join(ROOT, 'node_modules', '@noble', 'hashes', 'sha2.js')).href;
    const moduleText = (name: string, body: string) => `import { sha256 } from ${JSON.stringify(sha2)};
const unsupported = { unsupported: 'the ${name} test backend has only sha256' };
${body}
export const backend = {
  name: '${name}',
  description: 'a deliberately broken sha256',
  libraries: () => ({}),
  hash: (alg) => (alg === 'sha256' ? impl : unsupported),
  signature: () => unsupported,
  bls: () => unsupported,
};
`;
    // One bit flipped on every call: the pre-timing check on the main thread must catch it.
    const flipped = join(dir, 'flipped.mjs');
    writeFileSync(
      flipped,
      moduleText('broken', `const impl = { hash: (m) => { const d = sha256(m); d[0] ^= 1; return d; } };`),
    );
    // Right for 100 calls per thread, then wrong: passes the check, so only the worker's verifyRun can catch it.
    const drifting = join(dir, 'drifting.mjs');
    writeFileSync(
      drifting,
      moduleText(
        'drifting',
        `let calls = 0;\nconst impl = { hash: (m) => { const d = sha256(m); if (++calls > 100) d[0] ^= 1; return d; } };`,
      ),
    );
    const scenario = join(dir, 'broken.json');
    writeFileSync(
      scenario,
      JSON.stringify({
        name: 'broken-e2e',
        backends: ['noble', 'broken', 'drifting'],
        cases: [{ op: 'hash', algorithms: ['sha256'], sizes: [32] }],
      }),
    );
    const out = join(dir, 'r.json');
    const res = cli([
      'run',
      scenario,
      '--backend-module',
      flipped,
      '--backend-module',
      drifting,
      '--threads',
      '1',
      '--time',
      '30',
      '--repeat',
      '2',
      '--warmup',
      '10',
      '--out',
      out,
      '--no-progress',
    ]);
    expect(res.status, res.stderr).toBe(1);

    const result = readResultFile(out);
    expect(result.run.status).toBe('complete');
    const byId = new Map(result.cases.map((c) => [c.id, c]));
    expect([...byId.keys()].sort()).toEqual([
      'hash/sha256/broken/32B/t1',
      'hash/sha256/drifting/32B/t1',
      'hash/sha256/noble/32B/t1',
    ]);

    const noble = byId.get('hash/sha256/noble/32B/t1')!;
    expect(noble.status).toBe('ok');
    expect(noble.status === 'ok' && noble.metrics.opsPerSec.samples).toHaveLength(2);

    const raw = JSON.parse(readFileSync(out, 'utf8')) as { cases: Record<string, unknown>[] };
    for (const [id, why] of [
      ['hash/sha256/broken/32B/t1', /^sha256\("abc"\) = .*expected ba7816bf/],
      ['hash/sha256/drifting/32B/t1', /^digest changed during the timed run$/],
    ] as const) {
      const c = raw.cases.find((x) => x.id === id)!;
      expect(c.status, id).toBe('failed-check');
      expect(c.error, id).toMatch(why);
      expect(c, id).not.toHaveProperty('metrics');
    }
  });
});
