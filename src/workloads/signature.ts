import { SIGNATURE_VECTORS } from './vectors.js';
import { bytesToHex, equalBytes, flipBit, hexToBytes, seededBytes, seededSecret } from './inputs.js';
import type { KeyPair, PreparedWorkload, SignatureAlgorithm, SignatureImpl, SignedItem } from './types.js';

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
      if (!v.verifyOnly && bytesToHex(impl.sign(msg, kp.secret)) !== v.signature)
        return `signature of the ${v.source} vector differs from the published one`;
      if (!impl.verify(hexToBytes(v.signature), msg, kp.public))
        return `the published ${v.source} signature does not verify`;
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
    if (!reference.verify(sig, msg, reference.importPublicKey(kp.publicKeyBytes)))
      return "noble rejects this backend's signature";
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
      impl.verify(last, set.messages[lastIndex]!, set.keys[lastIndex]!.public)
        ? null
        : 'a signature made during the timed run does not verify',
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

/** Batches a `verify-batch` loop alternates between, so no result can be cached. */
const BATCHES = 2;

/** k independent signed items: distinct signers and messages. */
export function signedBatch(impl: SignatureImpl, seed: number | string, label: string, k: number): SignedItem[] {
  const set = signedSet(impl, seed, label, k);
  return set.keys.map((key, i) => ({
    signature: set.signatures[i]!,
    message: set.messages[i]!,
    publicKey: key.public,
  }));
}

/**
 * Batch verification must agree with verifying one by one: a valid batch passes, and a batch with
 * one tampered signature, two messages swapped or one signature under the wrong key fails. The
 * items are signed by noble, so the batch method also agrees with the reference implementation.
 */
export function checkBatchVerify(
  algorithm: SignatureAlgorithm,
  impl: SignatureImpl,
  reference: SignatureImpl,
  seed: number | string,
): string | null {
  const verifyBatch = impl.verifyBatch;
  if (!verifyBatch) return `no batch verification for ${algorithm}`;
  const refItems = signedBatch(reference, seed, `check-${algorithm}-batch`, 5);
  const items = refItems.map((x, i) => ({
    ...x,
    publicKey: impl.importPublicKey(
      reference.keyFromSeed(seededSecret(seed, `check-${algorithm}-batch-key-${i}`)).publicKeyBytes,
    ),
  }));
  const run = (xs: SignedItem[]) => verifyBatch.call(impl, xs);
  if (!run(items)) return 'a batch of valid signatures (made by noble) does not verify';
  if (run(items.map((x, i) => (i === 2 ? { ...x, signature: flipBit(x.signature, 77) } : x))))
    return 'a batch with one tampered signature verifies';
  if (
    run(
      items.map((x, i) =>
        i === 0 ? { ...x, message: items[1]!.message } : i === 1 ? { ...x, message: items[0]!.message } : x,
      ),
    )
  )
    return 'a batch with two messages swapped verifies';
  if (run(items.map((x, i) => (i === 4 ? { ...x, publicKey: items[3]!.publicKey } : x))))
    return 'a batch with a signature under the wrong key verifies';
  return null;
}

/** One operation verifies a whole batch of k signatures in one call. */
export function prepareVerifyBatch(
  impl: SignatureImpl,
  seed: number | string,
  algorithm: SignatureAlgorithm,
  k: number,
): PreparedWorkload {
  const verifyBatch = impl.verifyBatch;
  if (!verifyBatch) throw new TypeError(`this backend has no batch verification for ${algorithm}`);
  const batches = Array.from({ length: BATCHES }, (_, b) =>
    signedBatch(impl, seed, `${algorithm}-verify-batch-${k}-${b}`, k),
  );
  let i = 0;
  let failures = 0;
  return {
    run: () => {
      if (!verifyBatch.call(impl, batches[i]!)) failures++;
      i = (i + 1) % batches.length;
    },
    verifyRun: () =>
      failures === 0 ? null : `${failures} batches of valid signatures failed to verify during the timed run`,
  };
}
