import { flipBit, seededBytes, seededSecret } from './inputs.js';
import type { BlsImpl, PreparedWorkload } from './types.js';

/** Aggregates a BLS verify loop rotates through. */
const AGGREGATES = 2;

export interface Aggregate {
  signature: Uint8Array;
  messages: Uint8Array[];
  publicKeys: unknown[];
}

/**
 * k signers. With `distinct` false they all sign one message (an attestation: FastAggregateVerify);
 * with `distinct` true each signs its own message (AggregateVerify).
 */
export function buildAggregate(
  impl: BlsImpl,
  seed: number | string,
  k: number,
  distinct: boolean,
  index: number,
): Aggregate {
  const label = `bls-${distinct ? 'distinct' : 'same'}-${k}-${index}`;
  const shared = seededBytes(seed, `${label}-msg`, 32);
  const messages = Array.from({ length: k }, (_, i) =>
    distinct ? seededBytes(seed, `${label}-msg-${i}`, 32) : shared,
  );
  const keys = Array.from({ length: k }, (_, i) => impl.keyFromSeed(seededSecret(seed, `${label}-key-${i}`)));
  const signature = impl.aggregateSignatures(keys.map((key, i) => impl.sign(messages[i]!, key.secret)));
  return { signature, messages, publicKeys: keys.map((key) => key.public) };
}

function verifyAggregate(impl: BlsImpl, a: Aggregate, distinct: boolean): boolean {
  return distinct
    ? impl.aggregateVerify(a.signature, a.messages, a.publicKeys)
    : impl.fastAggregateVerify(a.signature, a.messages[0]!, a.publicKeys);
}

/** Aggregates verify; a tampered aggregate, a missing signer or swapped messages do not. */
export function checkBlsAggregation(impl: BlsImpl, seed: number | string): string | null {
  const same = buildAggregate(impl, seed, 4, false, 99);
  if (!verifyAggregate(impl, same, false)) return 'a valid fast aggregate does not verify';
  if (verifyAggregate(impl, { ...same, signature: flipBit(same.signature, 20) }, false))
    return 'a tampered aggregate signature verifies';
  if (verifyAggregate(impl, { ...same, messages: same.messages.slice(1), publicKeys: same.publicKeys.slice(1) }, false))
    return 'an aggregate verifies with a signer left out';
  const distinct = buildAggregate(impl, seed, 4, true, 99);
  if (!verifyAggregate(impl, distinct, true)) return 'a valid aggregate of distinct messages does not verify';
  const swapped = [distinct.messages[1]!, distinct.messages[0]!, ...distinct.messages.slice(2)];
  if (verifyAggregate(impl, { ...distinct, messages: swapped }, true))
    return 'an aggregate verifies with two messages swapped';
  return null;
}

export function prepareAggregateVerify(
  impl: BlsImpl,
  seed: number | string,
  k: number,
  distinct: boolean,
): PreparedWorkload {
  const aggregates = Array.from({ length: AGGREGATES }, (_, i) => buildAggregate(impl, seed, k, distinct, i));
  let i = 0;
  let failures = 0;
  return {
    run: () => {
      if (!verifyAggregate(impl, aggregates[i]!, distinct)) failures++;
      i = (i + 1) % aggregates.length;
    },
    verifyRun: () => (failures === 0 ? null : `${failures} valid aggregates failed to verify during the timed run`),
  };
}

/**
 * Aggregating k BLS signatures (decoding k G2 points and adding them): what a leader pays to turn
 * votes into a certificate. Each operation's result is compared with the reference aggregate.
 */
export function prepareAggregate(impl: BlsImpl, ref: BlsImpl, seed: number | string, k: number): PreparedWorkload {
  const message = seededBytes(seed, `bls-aggregate-${k}-msg`, 32);
  const signatures = Array.from({ length: k }, (_, i) =>
    impl.sign(message, impl.keyFromSeed(seededSecret(seed, `bls-aggregate-${k}-key-${i}`)).secret),
  );
  const expected = Buffer.from(ref.aggregateSignatures(signatures));
  let last: Uint8Array = new Uint8Array(0);
  return {
    run: () => {
      last = impl.aggregateSignatures(signatures);
    },
    verifyRun: () =>
      Buffer.from(last).equals(expected) ? null : 'the aggregate signature differs from the reference aggregate',
  };
}
