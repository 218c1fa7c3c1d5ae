import { SIGNATURE_VECTORS } from './vectors.js';
import { bytesToHex, equalBytes, flipBit, hexToBytes, seededBytes, seededSecret } from './inputs.js';
import type { KeyPair, PreparedWorkload, SignatureAlgorithm, SignatureImpl } from './types.js';

/** Distinct key/message pairs a verify loop rotates through, so no result can be cached. */
export const ROTATION = 16;

/**
 * Known-answer and tamper checks for one signature implementation, generic over the scheme.
 * `reference` is noble's implementation: signatures must verify across backends both ways.
 */
export function checkSignatureScheme(
  algorithm: SignatureAlgorithm,
  impl: SignatureImpl,
  reference: SignatureImpl,
  seed: number | string,
): string | null {
  for (const v of SIGNATURE_VECTORS[algorithm]) {
    const kp = impl.keyFromSeed(hexToBytes(v.secretKey));
    if (v.publicKey && bytesToHex(kp.publicKeyBytes) !== v.publicKey)
      return `public key of the ${v.source} vector is ${bytesToHex(kp.publicKeyBytes).slice(0, 16)}…, expected ${v.publicKey.slice(0, 16)}…`;
    const msg = hexToBytes(v.message);
    if (v.signature) {
      const sig = impl.sign(msg, kp.secret);
      if (bytesToHex(sig) !== v.signature) return `signature of the ${v.source} vector differs from the published one`;
      if (!impl.verify(hexToBytes(v.signature), msg, kp.public)) return `the published ${v.source} signature does not verify`;
    }
  }
  const kp = impl.keyFromSeed(seededSecret(seed, `check-${algorithm}`));
  const other = impl.keyFromSeed(seededSecret(seed, `check-${algorithm}-other`));
  const msg = seededBytes(seed, `check-${algorithm}-message`, 32);
  const sig = impl.sign(msg, kp.secret);
  if (!impl.verify(sig, msg, kp.public)) return 'a valid signature does not verify';
  if (impl.verify(sig, flipBit(msg, 3), kp.public)) return 'a signature verifies for a tampered message';
  if (impl.verify(flipBit(sig, 8 * (sig.length - 1) - 5), msg, kp.public)) return 'a tampered signature verifies';
  if (impl.verify(sig, msg, other.public)) return 'a signature verifies under the wrong public key';
  if (impl !== reference) {
    const refKp = reference.keyFromSeed(seededSecret(seed, `check-${algorithm}`));
    if (!equalBytes(refKp.publicKeyBytes, kp.publicKeyBytes)) return 'public key bytes disagree with noble';
    if (!reference.verify(sig, msg, reference.importPublicKey(kp.publicKeyBytes))) return "noble rejects this backend's signature";
    if (!impl.verify(reference.sign(msg, refKp.secret), msg, impl.importPublicKey(refKp.publicKeyBytes)))
      return "this backend rejects noble's signature";
  }
  return null;
}

export interface SignedSet {
  keys: KeyPair[];
  messages: Uint8Array[];
  signatures: Uint8Array[];
}

/** ROTATION deterministic key pairs, 32-byte messages (transaction hashes) and their signatures. */
export function signedSet(impl: SignatureImpl, seed: number | string, label: string, count = ROTATION): SignedSet {
  const keys = Array.from({ length: count }, (_, i) => impl.keyFromSeed(seededSecret(seed, `${label}-key-${i}`)));
  const messages = keys.map((_, i) => seededBytes(seed, `${label}-msg-${i}`, 32));
  const signatures = keys.map((k, i) => impl.sign(messages[i]!, k.secret));
  return { keys, messages, signatures };
}

export function prepareSign(impl: SignatureImpl, set: SignedSet): PreparedWorkload {
  let i = 0;
  let last: Uint8Array = new Uint8Array(0);
  let lastIndex = 0;
  return {
    run: () => {
      lastIndex = i;
      last = impl.sign(set.messages[i]!, set.keys[i]!.secret);
      i = (i + 1) % set.keys.length;
    },
    verifyRun: () =>
      impl.verify(last, set.messages[lastIndex]!, set.keys[lastIndex]!.public) ? null : 'a signature made during the timed run does not verify',
  };
}

export function prepareVerify(impl: SignatureImpl, set: SignedSet): PreparedWorkload {
  let i = 0;
  let failures = 0;
  return {
    run: () => {
      if (!impl.verify(set.signatures[i]!, set.messages[i]!, set.keys[i]!.public)) failures++;
      i = (i + 1) % set.keys.length;
    },
    verifyRun: () => (failures === 0 ? null : `${failures} valid signatures failed to verify during the timed run`),
  };
}
