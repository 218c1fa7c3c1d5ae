import { sha256 } from '@noble/hashes/sha2.js';
import { utf8ToBytes } from '@noble/hashes/utils.js';

/**
 * Deterministic bytes from a seed and a label: SHA-256 in counter mode over
 * `chainmark|<seed>|<label>|<counter>`. Two machines given the same seed build the same keys,
 * messages and blocks, so their results describe the same work.
 */
export function seededBytes(seed: number | string, label: string, length: number): Uint8Array {
  const out = new Uint8Array(length);
  for (let offset = 0, counter = 0; offset < length; counter++) {
    const block = sha256(utf8ToBytes(`chainmark|${seed}|${label}|${counter}`));
    out.set(block.subarray(0, Math.min(block.length, length - offset)), offset);
    offset += block.length;
  }
  return out;
}

/** A secret key seed that is valid for every curve we use (non-zero, below every group order). */
export function seededSecret(seed: number | string, label: string): Uint8Array {
  const sk = seededBytes(seed, label, 32);
  sk[0] = (sk[0]! & 0x3f) | 0x01; // < 2^254, below the BLS12-381 and secp256k1 orders; non-zero
  return sk;
}

export function hexToBytes(hex: string): Uint8Array {
  if (hex.length % 2 !== 0 || /[^0-9a-f]/i.test(hex)) throw new TypeError(`invalid hex string: ${hex.slice(0, 16)}…`);
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return out;
}

export function bytesToHex(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += b.toString(16).padStart(2, '0');
  return s;
}

export function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a[i]! ^ b[i]!;
  return diff === 0;
}

/** A copy with one bit flipped: the tampered input every negative check uses. */
export function flipBit(bytes: Uint8Array, bit = 0): Uint8Array {
  if (bytes.length === 0) throw new RangeError('flipBit: cannot tamper with an empty input');
  const copy = bytes.slice();
  const i = Math.floor(bit / 8) % copy.length;
  copy[i] = copy[i]! ^ (1 << (bit % 8));
  return copy;
}
