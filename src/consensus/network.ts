/**
 * The network model's vocabulary: link presets, the trace of an executed round that the model
 * replays (src/consensus/replay.ts), the links of a round (one latency for all, or per region
 * pair), and the prices of crypto operations on one validator's machine.
 */
import type { WorkCounts } from './messages.js';
import type { FaultKind, NetworkModel } from './types.js';

/**
 * lan: validators in one data centre, 0.2 ms one way on 1 Gbit/s links (switched Ethernet inside a
 * region is typically 0.1–0.5 ms round trip). wan: validators on different continents, 50 ms one
 * way (100 ms round trip, between US-East–Europe at ≈ 80 ms and US–Asia at ≈ 150+ ms) on
 * 100 Mbit/s per validator.
 */
export const NETWORK_PRESETS = {
  lan: { latencyMs: 0.2, bandwidthMbps: 1000 },
  wan: { latencyMs: 50, bandwidthMbps: 100 },
} as const;
export type NetworkPreset = keyof typeof NETWORK_PRESETS;

/** One delivery of a sent message, with what its receiver did with it. */
export interface TraceMessage {
  to: number;
  bytes: number;
  /** The receiver's crypto time for it in its worker here, ms (0 for a Byzantine receiver, which checks nothing). */
  verifyMs: number;
  /** The receiver's crypto operations for it (none for a Byzantine receiver). */
  work: Readonly<WorkCounts>;
  /** A BLS vote the leader checks as part of an aggregate (priced by the model, see Pricing). */
  batched: boolean;
  valid: boolean;
  /** Sent to a crashed validator: it costs the sender's link, nobody processes it. */
  dropped: boolean;
}

/** One validator's send of one step: the time to produce it and its deliveries, in sending order. */
export interface TraceSend {
  ms: number;
  work: Readonly<WorkCounts>;
  messages: TraceMessage[];
}

export interface RoundTrace {
  /** Keyed `${validator}|${step}`. */
  sends: Record<string, TraceSend>;
  faults: (FaultKind | null)[];
}

export interface ModeledRound {
  /** Every correct validator committed. */
  committed: boolean;
  /** When the last correct validator committed, ms (null if one did not). */
  commitMs: number | null;
  /** When the last correct validator finished all its work of the round: the round's period. */
  roundMs: number;
  /** Per validator: commit time (null: did not commit) and the end of its last work. */
  validators: { commitMs: number | null; doneMs: number }[];
}

/** The links of a round: one-way latency of each ordered pair of validators, bandwidth per validator. */
export interface Links {
  oneWayMs(from: number, to: number): number;
  bandwidthMbps: number;
}

/** A network model's links: one latency for all, or (geo) by the regions the two validators sit in. */
export function linksOf(net: Pick<NetworkModel, 'latencyMs' | 'bandwidthMbps' | 'geo'>): Links {
  const geo = net.geo;
  if (!geo) {
    const latency = net.latencyMs;
    return { oneWayMs: () => latency, bandwidthMbps: net.bandwidthMbps };
  }
  const r = geo.regions.length;
  return { oneWayMs: (from, to) => geo.oneWayMs[from % r]![to % r]!, bandwidthMbps: net.bandwidthMbps };
}

/** The price of crypto operations on one validator's machine, ms. */
export interface CostModel {
  /** A counted set of operations (a message's check, a send's signature and certificate). */
  workMs(work: Readonly<WorkCounts>): number;
  /** Adding one BLS vote into the leader's aggregate. */
  batchedVoteMs: number;
  /** Verifying the aggregate of k received votes once the leader holds a quorum. */
  batchVerifyMs(k: number): number;
  /**
   * Parallel efficiency of signature checks spread over `cores` cores at once: the per-core rate
   * with all of them busy over the rate of one core alone (1 for one core; measured on this
   * machine at its thread counts, the largest measured one's standing in beyond them).
   */
  efficiency(cores: number): number;
}

/**
 * `calibrated`: every check and send costs what its operations cost when measured in steady state
 * (src/consensus/calibrate.ts); a BLS leader adds each vote into an aggregate as it arrives and
 * verifies the aggregate when the quorum-completing vote arrives, so its certificate is formed
 * after q votes and votes arriving later cost nothing. `replay`: the wall time each check and send
 * took in its worker on this host, preemptions and GC pauses included; a batch's time is spread
 * evenly over its votes.
 */
export type Pricing = { kind: 'calibrated'; costs: CostModel } | { kind: 'replay' };

/** Milliseconds to push `bytes` through a link of `mbps` megabits per second. */
export function transferMs(bytes: number, mbps: number): number {
  return mbps === Infinity ? 0 : (bytes * 8) / (mbps * 1000);
}
