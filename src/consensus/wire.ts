/**
 * What validators sign and send: step digests, quorum certificates, and the byte size of each
 * message on the wire. Sizes are built from the real byte lengths of the signatures, keys and
 * transactions of the run, over a fixed header layout, so the network model charges what a
 * compact binary encoding would carry.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { utf8ToBytes } from '@noble/hashes/utils.js';

/** type (1) + round (8) + sender index (2) + block hash (32). */
export const MESSAGE_HEADER_BYTES = 1 + 8 + 2 + 32;
/** Certificate header: step and round (9) + digest (32) + signer count (2). */
export const CERTIFICATE_HEADER_BYTES = 9 + 32 + 2;
/** Signer index in a list certificate. */
export const SIGNER_INDEX_BYTES = 2;
/** Block header: transaction count (4) + Merkle root (32). */
export const BLOCK_HEADER_BYTES = 4 + 32;

export type CertificateWire =
  | { kind: 'list'; step: string; digest: Uint8Array; signers: number[]; signatures: Uint8Array[] }
  | { kind: 'aggregate'; step: string; digest: Uint8Array; signers: number[]; signature: Uint8Array };

/** A message as the engine routes it; its signature and certificate are real bytes from the workers. */
export interface InboundMessage {
  step: string;
  from: number;
  /** The sender's signature over the step digest, for signed steps. */
  signature?: Uint8Array;
  /** Carries the block, whose transactions and Merkle root the receiver checks. */
  block?: boolean;
  /** A quorum certificate: of an earlier step of this round, or the previous round's. */
  certificate?: CertificateWire;
}

const concatBytes = (a: Uint8Array, b: Uint8Array): Uint8Array => {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
};

/** Hash of the round's block: its round number and Merkle root (the header a real chain would hash). */
export function blockHash(round: number, merkleRoot: Uint8Array): Uint8Array {
  return sha256(concatBytes(utf8ToBytes(`chainmark/block|${round}|`), merkleRoot));
}

/**
 * What every validator signs for a step: protocol, round, step and block hash, domain-separated.
 * All voters of a step sign the same bytes, as BLS aggregation (FastAggregateVerify) requires.
 */
export function stepDigest(protocol: string, round: number, step: string, block: Uint8Array): Uint8Array {
  return sha256(concatBytes(utf8ToBytes(`chainmark/consensus|${protocol}|${round}|${step}|`), block));
}

export function certificateBytes(c: CertificateWire, nodes: number): number {
  if (c.kind === 'list')
    return CERTIFICATE_HEADER_BYTES + c.signatures.reduce((n, s) => n + SIGNER_INDEX_BYTES + s.length, 0);
  return CERTIFICATE_HEADER_BYTES + Math.ceil(nodes / 8) + c.signature.length;
}

export function messageBytes(m: InboundMessage, nodes: number, blockBytes: number): number {
  return (
    MESSAGE_HEADER_BYTES +
    (m.signature?.length ?? 0) +
    (m.block ? blockBytes : 0) +
    (m.certificate ? certificateBytes(m.certificate, nodes) : 0)
  );
}

/** The same signature over another digest: what a Byzantine validator sends, which must fail verification. */
export function wrongDigest(digest: Uint8Array): Uint8Array {
  const copy = digest.slice();
  copy[copy.length - 1] = copy[copy.length - 1]! ^ 1;
  return copy;
}
