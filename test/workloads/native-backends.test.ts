import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BUILTIN_BACKENDS, defaultBackends, loadBackends } from '../../src/workloads/backends/index.js';
import { createBlstBackend } from '../../src/workloads/backends/blst.js';
import { createSodiumBackend } from '../../src/workloads/backends/sodium.js';
import { createSecp256k1Backend } from '../../src/workloads/backends/secp256k1.js';
import { createWasmBackend } from '../../src/workloads/backends/wasm.js';
import { nobleBackend } from '../../src/workloads/backends/noble.js';
import { resolveWorkload } from '../../src/workloads/prepare.js';
import { checkBatchVerify, prepareVerifyBatch } from '../../src/workloads/signature.js';
import { seededBytes } from '../../src/workloads/inputs.js';
import {
  SIGNATURE_ALGORITHMS,
  isUnsupported,
  type Backend,
  type BlsImpl,
  type SignatureImpl,
} from '../../src/workloads/types.js';
import { ROOT } from '../helpers.js';

const backends = await loadBackends();
const byName = (name: string) => backends.get(name)!;
const loaded = (name: string) => !byName(name).unavailable;
for (const b of BUILTIN_BACKENDS)
  if (b.unavailable)
    console.warn(`NOTICE: optional backend ${b.name} is not installed here, its tests are skipped: ${b.unavailable}`);

function sigImpl(b: Backend, alg: (typeof SIGNATURE_ALGORITHMS)[number]): SignatureImpl | null {
  const impl = alg === 'bls12-381' ? b.bls() : b.signature(alg);
  return isUnsupported(impl) ? null : impl;
}

describe('the optional backends', () => {
  // Set by .ci/run, where npm ci installs them: losing one there must not pass as fewer pairs.
  it.runIf(process.env.CHAINMARK_REQUIRE_NATIVE === '1')('all load where they are required', () => {
    expect(BUILTIN_BACKENDS.filter((b) => b.unavailable).map((b) => `${b.name}: ${b.unavailable}`)).toEqual([]);
  });
});

describe('signatures agree across every pair of backends', () => {
  it.each([...SIGNATURE_ALGORITHMS])(
    "%s: each backend verifies every other backend's signatures, and rejects a wrong message",
    (alg) => {
      const impls = [...backends.values()].flatMap((b) => {
        const impl = sigImpl(b, alg);
        return impl ? [{ name: b.name, impl }] : [];
      });
      expect(impls.length).toBeGreaterThanOrEqual(1);
      const secret = seededBytes(3, `pairwise-${alg}`, 32);
      secret[0] = (secret[0]! & 0x3f) | 1;
      const message = seededBytes(3, `pairwise-${alg}-message`, 32);
      const other = seededBytes(3, `pairwise-${alg}-other`, 32);
      for (const signer of impls) {
        const kp = signer.impl.keyFromSeed(secret);
        const sig = signer.impl.sign(message, kp.secret);
        for (const verifier of impls) {
          const pk = verifier.impl.importPublicKey(kp.publicKeyBytes);
          expect(
            verifier.impl.verify(sig, message, pk),
            `${verifier.name} verifies ${signer.name}'s ${alg} signature`,
          ).toBe(true);
          expect(
            verifier.impl.verify(sig, other, pk),
            `${verifier.name} rejects ${signer.name}'s signature on another message`,
          ).toBe(false);
        }
      }
    },
  );
});

describe('blst batch verification', () => {
  it.skipIf(!loaded('blst'))('agrees with one-by-one verification and catches any bad item', () => {
    const blst = byName('blst').bls() as BlsImpl;
    expect(checkBatchVerify('bls12-381', blst, nobleBackend.bls() as BlsImpl, 5)).toBeNull();
  });

  it.skipIf(!loaded('blst'))('times whole batches, and every timed batch was valid', () => {
    const w = prepareVerifyBatch(byName('blst').bls() as BlsImpl, 5, 'bls12-381', 8);
    for (let i = 0; i < 4; i++) w.run();
    expect(w.verifyRun()).toBeNull();
  });

  it('is skipped with a reason where a backend has no batch method', () => {
    const r = resolveWorkload({ op: 'verify-batch', algorithm: 'bls12-381', backend: 'noble', k: 8 }, nobleBackend, 5);
    expect(isUnsupported(r) && r.unsupported).toBe('backend noble offers no batch verification for bls12-381');
    const ed = resolveWorkload({ op: 'verify-batch', algorithm: 'ed25519', backend: 'noble', k: 8 }, nobleBackend, 5);
    expect(isUnsupported(ed) && ed.unsupported).toMatch(/no batch verification for ed25519/);
  });
});

describe('an optional library that cannot load', () => {
  const missing = 'chainmark-test-no-such-module';
  const cases: [string, () => Backend][] = [
    ['blst', () => createBlstBackend(missing)],
    ['sodium', () => createSodiumBackend(missing)],
    ['secp256k1', () => createSecp256k1Backend(missing)],
    ['wasm', () => createWasmBackend(missing)],
  ];

  it.each(cases)('%s: every algorithm is unsupported, with the module named in the reason', (name, make) => {
    const b = make();
    expect(b.name).toBe(name);
    expect(b.unavailable).toMatch(new RegExp(`optional dependency ${missing} could not be loaded`));
    for (const impl of [b.hash('sha256'), b.signature('ed25519'), b.bls()]) {
      expect(isUnsupported(impl)).toBe(true);
      expect((impl as { unsupported: string }).unsupported).toContain(missing);
    }
    // A case on it resolves to the same reason, which the runner writes as a skipped case.
    const r = resolveWorkload({ op: 'verify', algorithm: 'bls12-381', backend: name }, b, 1);
    expect(isUnsupported(r) && r.unsupported).toContain(missing);
  });

  it('secp256k1 without its native binary is refused rather than measuring the pure-JS fallback', () => {
    const b = createSecp256k1Backend(join(ROOT, 'test', 'fixtures', 'fake-secp256k1'));
    expect(b.unavailable).toMatch(/no native binary for this platform/);
    expect(isUnsupported(b.signature('ecdsa-secp256k1'))).toBe(true);
  });
});

describe('default backends', () => {
  it('are the portable pair (and plug-ins); native ones run when named', () => {
    expect(defaultBackends(['noble', 'node', 'blst', 'sodium', 'secp256k1', 'wasm', 'mine'])).toEqual([
      'noble',
      'node',
      'mine',
    ]);
  });
});
