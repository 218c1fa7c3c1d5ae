/** Consensus entries of scenario files (`"op": "consensus"`) and their validation, in the style of the primitive entries. */
import { dirname, isAbsolute, join } from 'node:path';
import { shown } from '../core/errors.js';
import type { Fields } from '../core/fields.js';
import type { ValidateContext } from '../scenario/kind.js';
import { CONSENSUS_DEFAULTS, CONSENSUS_LIMITS } from './defaults.js';
import { MAX_REGIONS, REGION_NAME, REGION_NAME_HINT } from './latency-table.js';
import { MIN_SAMPLE } from './sampling.js';
import {
  FAULT_KINDS,
  PAYLOAD_MODES,
  PROTOCOLS,
  TX_SCHEMES,
  type FaultKind,
  type PayloadMode,
  type ProtocolName,
  type TxScheme,
} from './types.js';
import { checkPublishedInput, type PublishedInput } from './published.js';

/**
 * Consensus rounds at increasing node counts (`"op": "consensus"`): one case per protocol,
 * backend, node count and thread count. Defaults are in src/consensus/defaults.ts.
 */
export interface ConsensusCaseInput {
  op: 'consensus';
  protocols: ProtocolName[];
  /** Validator counts n, each at least 4 (f ≥ 1). */
  nodes?: number[];
  /** Measured rounds per case: the samples. */
  rounds?: number;
  /** Transactions per block. */
  txs?: number;
  txScheme?: TxScheme;
  /** Bytes of each opaque command, with `txScheme` none only (default 128, src/consensus/block.ts). */
  txBytes?: number;
  /** Where the block's payload travels (default proposal; see docs/consensus.md). */
  payload?: PayloadMode;
  /** Backend that checks transaction signatures and the Merkle root. */
  txBackend?: string;
  /** Backends of the consensus signatures; default per protocol, the fastest built-in with its scheme. */
  backends?: string[];
  threads?: number[];
  /** A preset, or geo: validators spread over regions of a latency table (src/consensus/geo.ts). */
  network?: 'lan' | 'wan' | 'geo';
  /** Geo: the regions validators are placed in, round-robin, in this order (default: the table's default set). */
  regions?: string[];
  /**
   * Geo: a CSV of latencies between regions (src/consensus/latency-table.ts) instead of the shipped
   * table; a relative path is resolved against the scenario file's folder when the scenario is read.
   */
  latencyMatrix?: string;
  /** One-way link latency, ms (overrides the preset's; not with geo). */
  latencyMs?: number;
  /** Per-validator link bandwidth, Mbit/s (overrides the preset's). */
  bandwidthMbps?: number;
  /** Faulty validators k (the highest indices; the leader is always correct). */
  faulty?: number;
  fault?: FaultKind;
  /**
   * Validators whose crypto is executed each round: 0 for all of them, at least 16 for a sample
   * (the rest are followed and their work counted; src/consensus/sampling.ts). Absent: all, unless
   * the case is estimated to take longer than the sampling budget.
   */
  sample?: number;
  /**
   * Cores of each modeled validator: a message's independent signature checks are split over them
   * at the parallel efficiency measured here (src/consensus/calibrate.ts). Default: this
   * machine's availableParallelism(), so that "a validator like this machine" means all of it.
   */
  validatorCores?: number;
  thresholdPct?: number;
  /** Measurements a paper or a project published for these protocols, printed beside the modeled ones (src/consensus/published.ts). */
  published?: PublishedInput;
}

/** Consensus flags (`--protocols`, `--nodes`, …): they override every consensus case of the scenario. */
export type ConsensusOverrides = Partial<
  Omit<ConsensusCaseInput, 'op' | 'backends' | 'threads' | 'thresholdPct' | 'published'>
> & {
  /** A result file of another machine whose calibrated costs price the modeled round (src/consensus/costs-from.ts). */
  costsFrom?: string;
};

export const CONSENSUS_FIELDS = [
  'op',
  'protocols',
  'nodes',
  'rounds',
  'txs',
  'txScheme',
  'txBytes',
  'payload',
  'txBackend',
  'backends',
  'threads',
  'network',
  'regions',
  'latencyMatrix',
  'latencyMs',
  'bandwidthMbps',
  'faulty',
  'fault',
  'sample',
  'validatorCores',
  'thresholdPct',
  'published',
] as const;

/** Why `txBytes` does not apply: commands have a size only when the block holds opaque commands; null when it does. */
export function txBytesMismatch(txScheme: TxScheme, txBytes: number): string | null {
  return txScheme === 'none'
    ? null
    : `applies to opaque commands (tx scheme none) only, got ${txBytes} with tx scheme ${txScheme}`;
}

/** A sample size: 0 (execute every validator) or at least MIN_SAMPLE validators. */
export function checkSample(c: Fields, value: unknown, field: string): number {
  const s = c.int(value, field, 0, CONSENSUS_LIMITS.maxNodes);
  if (s > 0 && s < MIN_SAMPLE)
    c.fail(field, `must be 0 (every validator executed) or at least ${MIN_SAMPLE}, got ${s}`);
  return s;
}

/** A node count: BFT needs n ≥ 3f + 1 with f ≥ 1, so at least 4. */
export function checkNodes(c: Fields, value: unknown, field: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value)) c.fail(field, `must be an integer, got ${shown(value)}`);
  if (value < CONSENSUS_LIMITS.minNodes)
    c.fail(field, `must be at least ${CONSENSUS_LIMITS.minNodes} (BFT needs n ≥ 3f + 1 with f ≥ 1), got ${value}`);
  if (value > CONSENSUS_LIMITS.maxNodes) c.fail(field, `must be at most ${CONSENSUS_LIMITS.maxNodes}, got ${value}`);
  return value;
}

/** The leader is a correct validator, so at least one must be: faulty < n for every n. */
export function checkFaulty(c: Fields, faulty: number, nodes: readonly number[], field: string): void {
  const smallest = Math.min(...nodes);
  if (faulty >= smallest)
    c.fail(
      field,
      `must be less than every node count (the leader is a correct validator), got ${faulty} with ${smallest} nodes`,
    );
}

export function validateConsensusCase(raw: unknown, field: string, ctx: ValidateContext): ConsensusCaseInput {
  const c: Fields = ctx.fields;
  const { threadList, backendList, knownBackends } = ctx;
  const o = c.object(raw, field, CONSENSUS_FIELDS);
  const at = (k: string) => `${field}.${k}`;
  const out: ConsensusCaseInput = {
    op: 'consensus',
    protocols: c.list(o.protocols, at('protocols'), (v, f) => c.oneOf(v, f, PROTOCOLS), PROTOCOLS.length),
  };
  const nodes = c.optional(o, 'nodes', field, (v, f) => c.list(v, f, (x, g) => checkNodes(c, x, g), 64));
  if (nodes) out.nodes = nodes;
  const rounds = c.optional(o, 'rounds', field, (v, f) => c.int(v, f, 1, CONSENSUS_LIMITS.rounds));
  if (rounds !== undefined) out.rounds = rounds;
  const txs = c.optional(o, 'txs', field, (v, f) => c.int(v, f, 1, CONSENSUS_LIMITS.txs));
  if (txs !== undefined) out.txs = txs;
  const txScheme = c.optional(o, 'txScheme', field, (v, f) => c.oneOf(v, f, TX_SCHEMES));
  if (txScheme) out.txScheme = txScheme;
  const txBytes = c.optional(o, 'txBytes', field, (v, f) => c.int(v, f, 1, CONSENSUS_LIMITS.txBytes));
  if (txBytes !== undefined) {
    const mismatch = txBytesMismatch(txScheme ?? CONSENSUS_DEFAULTS.txScheme, txBytes);
    if (mismatch) c.fail(at('txBytes'), mismatch);
    out.txBytes = txBytes;
  }
  const payload = c.optional(o, 'payload', field, (v, f) => c.oneOf(v, f, PAYLOAD_MODES));
  if (payload) out.payload = payload;
  const txBackend = c.optional(o, 'txBackend', field, (v, f) => c.oneOf(v, f, knownBackends));
  if (txBackend) out.txBackend = txBackend;
  const backends = c.optional(o, 'backends', field, backendList);
  if (backends) out.backends = backends;
  const threads = c.optional(o, 'threads', field, threadList);
  if (threads) out.threads = threads;
  const network = c.optional(o, 'network', field, (v, f) => c.oneOf(v, f, ['lan', 'wan', 'geo'] as const));
  if (network) out.network = network;
  const regionName = (v: unknown, f: string) => c.string(v, f, REGION_NAME, REGION_NAME_HINT);
  const regions = c.optional(o, 'regions', field, (v, f) => c.list(v, f, regionName, MAX_REGIONS));
  if (regions) out.regions = regions;
  const matrix = c.optional(o, 'latencyMatrix', field, (v, f) => c.string(v, f, /\S/, 'a path to a CSV file'));
  if (matrix !== undefined) out.latencyMatrix = isAbsolute(matrix) ? matrix : join(dirname(c.file), matrix);
  const geoField = regions ? 'regions' : matrix !== undefined ? 'latencyMatrix' : undefined;
  if (geoField && network && network !== 'geo') c.fail(at(geoField), `applies to network geo, not ${network}`);
  const latencyMs = c.optional(o, 'latencyMs', field, (v, f) => c.number(v, f, 0, CONSENSUS_LIMITS.latencyMs));
  if (latencyMs !== undefined && (network === 'geo' || geoField))
    c.fail(at('latencyMs'), 'does not apply to network geo, whose links take their latency from its table');
  if (latencyMs !== undefined) out.latencyMs = latencyMs;
  const bandwidthMbps = c.optional(o, 'bandwidthMbps', field, (v, f) =>
    c.number(v, f, 0, CONSENSUS_LIMITS.bandwidthMbps, true),
  );
  if (bandwidthMbps !== undefined) out.bandwidthMbps = bandwidthMbps;
  const faulty = c.optional(o, 'faulty', field, (v, f) => c.int(v, f, 0, CONSENSUS_LIMITS.maxNodes));
  if (faulty !== undefined) {
    if (nodes) checkFaulty(c, faulty, nodes, at('faulty'));
    out.faulty = faulty;
  }
  const fault = c.optional(o, 'fault', field, (v, f) => c.oneOf(v, f, FAULT_KINDS));
  if (fault) out.fault = fault;
  const sample = c.optional(o, 'sample', field, (v, f) => checkSample(c, v, f));
  if (sample !== undefined) out.sample = sample;
  const validatorCores = c.optional(o, 'validatorCores', field, (v, f) =>
    c.int(v, f, 1, CONSENSUS_LIMITS.validatorCores),
  );
  if (validatorCores !== undefined) out.validatorCores = validatorCores;
  if (o.thresholdPct !== undefined) out.thresholdPct = c.number(o.thresholdPct, at('thresholdPct'), 0, 1000, true);
  if (o.published !== undefined) out.published = checkPublishedInput(c, o.published, at('published'), nodes);
  return out;
}
