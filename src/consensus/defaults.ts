/** Defaults, limits and naming of consensus cases: what a scenario may leave out and how a case is called. */
import { buildCaseId } from '../results/case-id.js';
import { BUILTIN_BACKENDS } from '../workloads/backends/index.js';
import { isUnsupported } from '../workloads/types.js';
import { NETWORK_PRESETS, type NetworkPreset } from './network.js';
import { PROTOCOL_SPECS } from './protocols/index.js';
import { voteAlgorithm } from './crypto.js';
import type { ConsensusSpec, NetworkModel, ProtocolName } from './types.js';

export const CONSENSUS_DEFAULTS = {
  nodes: [4, 16, 64],
  rounds: 5,
  txs: 256,
  txScheme: 'ed25519',
  network: 'lan',
  faulty: 0,
  fault: 'crash',
} as const;

export const CONSENSUS_LIMITS = {
  /** n ≥ 3f + 1 with f ≥ 1: below 4 validators BFT tolerates no fault at all. */
  minNodes: 4,
  maxNodes: 4096,
  rounds: 1000,
  /** Blocks are signed with noble at setup (≈ 1 ms a transaction). */
  txs: 16384,
  /**
   * Bytes of one opaque command: 64 KiB, the largest message of the primitive hash cases and 64×
   * the largest payload of the HotStuff paper's evaluation (1024 bytes). The block is B × this
   * in memory (1 GiB at the largest B).
   */
  txBytes: 65536,
  latencyMs: 10_000,
  bandwidthMbps: 1_000_000,
  /** Cores of one modeled validator: a bound against typing mistakes, well past today's servers. */
  validatorCores: 1024,
} as const;

/**
 * The fastest backend present for each vote scheme: OpenSSL for ed25519 (≈ 13× noble here), blst
 * for BLS12-381 (≈ 25× noble) when its native module loaded, else noble, which always has both.
 */
const PREFERENCE = ['node', 'blst', 'noble'];

function supports(backendName: string, protocol: ProtocolName): boolean {
  const b = BUILTIN_BACKENDS.find((x) => x.name === backendName);
  if (!b) return false;
  const scheme = PROTOCOL_SPECS[protocol].voteScheme;
  return !isUnsupported(scheme === 'bls12-381' ? b.bls() : b.signature(voteAlgorithm(scheme)));
}

/** The consensus backend of a protocol when the scenario and the flags name none. */
export function defaultBackendFor(protocol: ProtocolName, known: readonly string[]): string {
  return PREFERENCE.find((b) => known.includes(b) && supports(b, protocol)) ?? known[0]!;
}

/** Transaction checks default to OpenSSL (it has ed25519, ECDSA on secp256k1 and SHA-256). */
export function defaultTxBackend(known: readonly string[]): string {
  return known.includes('node') ? 'node' : known[0]!;
}

export function resolveNetwork(preset: NetworkPreset, latencyMs?: number, bandwidthMbps?: number): NetworkModel {
  const base = NETWORK_PRESETS[preset];
  const custom =
    (latencyMs !== undefined && latencyMs !== base.latencyMs) ||
    (bandwidthMbps !== undefined && bandwidthMbps !== base.bandwidthMbps);
  return {
    preset: custom ? 'custom' : preset,
    latencyMs: latencyMs ?? base.latencyMs,
    bandwidthMbps: bandwidthMbps ?? base.bandwidthMbps,
  };
}

/** `consensus/<protocol>/<backend>/n<nodes>[/<k>-<fault>]/t<threads>`, e.g. `consensus/pbft/node/n64/t2`. */
export function consensusCaseId(spec: ConsensusSpec, threads: number): string {
  const fault = spec.faulty > 0 ? [`${spec.faulty}-${spec.fault}`] : [];
  return buildCaseId(['consensus', spec.protocol, spec.backend, `n${spec.nodes}`, ...fault], threads);
}
