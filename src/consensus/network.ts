/**
 * Modeled round time: a discrete-event replay of one executed round, as if every validator had a
 * machine like this one and its own network link. Each validator is a CPU that processes its
 * received messages one at a time, in order of arrival, and sends a step's messages when the
 * protocol's rules say so. What each check and each send costs is the pricing's business: the
 * calibrated costs of the operations it did (the default), or the wall time its worker took here
 * (the raw replay, kept as a diagnostic). A message occupies the sender's uplink and the
 * receiver's downlink for size ÷ bandwidth, and arrives one propagation latency later. A pure
 * function: the tests check it against hand-computed rounds.
 */
import { emptyState, nextSends, updateCommit } from './rules.js';
import { receiveCounted } from './sampling.js';
import type { WorkCounts } from './messages.js';
import type { FaultKind, NetworkModel, ProtocolSpec, RoundContext } from './types.js';

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

interface Event {
  timeMs: number;
  seq: number;
  kind: 'arrive' | 'deliver';
  from: number;
  step: string;
  msg: TraceMessage;
}

/**
 * Binary min-heap on (time, insertion order): equal times stay first-come first-served. The keys
 * live in typed arrays beside the events, so sifting compares numbers in place instead of
 * chasing pointers: a PBFT round at n = 1024 puts a million events in the queue at once.
 */
class EventQueue {
  private times = new Float64Array(1024);
  private seqs = new Float64Array(1024);
  private events: Event[] = [];
  private count = 0;
  private seq = 0;
  get size(): number {
    return this.count;
  }
  /** Takes the event itself (no copy: at n² events a round, allocation is what the replay spends on). */
  push(e: Event): void {
    if (this.count === this.times.length) this.grow();
    e.seq = this.seq++;
    let i = this.count++;
    const { times, seqs, events } = this;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (times[p]! < e.timeMs || (times[p] === e.timeMs && seqs[p]! < e.seq)) break;
      times[i] = times[p]!;
      seqs[i] = seqs[p]!;
      events[i] = events[p]!;
      i = p;
    }
    times[i] = e.timeMs;
    seqs[i] = e.seq;
    events[i] = e;
  }
  pop(): Event {
    const { times, seqs, events } = this;
    const top = events[0]!;
    const n = --this.count;
    const t = times[n]!;
    const q = seqs[n]!;
    const last = events[n]!;
    events.length = n;
    if (n > 0) {
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= n) break;
        const r = l + 1;
        const m = r < n && (times[r]! < times[l]! || (times[r] === times[l] && seqs[r]! < seqs[l]!)) ? r : l;
        if (t < times[m]! || (t === times[m] && q < seqs[m]!)) break;
        times[i] = times[m]!;
        seqs[i] = seqs[m]!;
        events[i] = events[m]!;
        i = m;
      }
      times[i] = t;
      seqs[i] = q;
      events[i] = last;
    }
    return top;
  }
  private grow(): void {
    const times = new Float64Array(this.times.length * 2);
    times.set(this.times);
    const seqs = new Float64Array(this.seqs.length * 2);
    seqs.set(this.seqs);
    this.times = times;
    this.seqs = seqs;
  }
}

export function simulateRound(
  protocol: ProtocolSpec,
  ctx: RoundContext,
  trace: RoundTrace,
  net: Pick<NetworkModel, 'latencyMs' | 'bandwidthMbps'>,
  pricing: Pricing = { kind: 'replay' },
): ModeledRound {
  const costs = pricing.kind === 'calibrated' ? pricing.costs : null;
  const sendMs = (s: TraceSend) => (costs ? costs.workMs(s.work) : s.ms);
  const n = ctx.nodes;
  const cpu = new Array<number>(n).fill(0);
  const uplink = new Array<number>(n).fill(0);
  const downlink = new Array<number>(n).fill(0);
  const commitAt = new Array<number | null>(n).fill(null);
  const states = Array.from({ length: n }, emptyState);
  const queue = new EventQueue();

  const act = (v: number, atMs: number): void => {
    cpu[v] = Math.max(cpu[v]!, atMs);
    for (const step of nextSends(protocol, ctx, states[v]!, v)) {
      const send = trace.sends[`${v}|${step.name}`];
      if (!send)
        throw new Error(`the model sends ${step.name} from validator ${v}, which the executed round never did`);
      cpu[v] = cpu[v]! + sendMs(send);
      for (const msg of send.messages) {
        uplink[v] = Math.max(cpu[v]!, uplink[v]!) + transferMs(msg.bytes, net.bandwidthMbps);
        queue.push({ timeMs: uplink[v]! + net.latencyMs, seq: 0, kind: 'arrive', from: v, step: step.name, msg });
      }
    }
    if (updateCommit(protocol, ctx, states[v]!)) commitAt[v] = cpu[v]!;
  };

  for (let v = 0; v < n; v++) if (trace.faults[v] !== 'crash') act(v, 0);
  while (queue.size > 0) {
    const e = queue.pop();
    const to = e.msg.to;
    if (e.kind === 'arrive') {
      if (e.msg.dropped) continue;
      // The bits streamed in while the uplink sent them, unless the downlink was still busy.
      downlink[to] = Math.max(e.timeMs, downlink[to]! + transferMs(e.msg.bytes, net.bandwidthMbps));
      // The same event goes on as its delivery: it has left the queue.
      e.timeMs = downlink[to]!;
      e.kind = 'deliver';
      queue.push(e);
      continue;
    }
    const start = Math.max(e.timeMs, cpu[to]!);
    if (!costs) cpu[to] = start + e.msg.verifyMs;
    else if (!e.msg.batched) cpu[to] = start + costs.workMs(e.msg.work);
    // Each (step, sender) message is delivered once, so the duplicate check of `receive` (O(n) a call, n³ a round) is not needed.
    if (e.msg.valid) receiveCounted(protocol, states[to]!, e.step, e.from);
    if (costs && e.msg.batched) {
      // Own vote included: the quorum-completing vote is the (q − 1)-th received one.
      const held = states[to]!.valid[e.step]?.length ?? 0;
      const beforeQuorum = held <= ctx.quorum;
      cpu[to] =
        start +
        (beforeQuorum ? costs.batchedVoteMs : 0) +
        (held === ctx.quorum ? costs.batchVerifyMs(ctx.quorum - 1) : 0);
    }
    act(to, cpu[to]!);
  }

  const correct = [...Array(n).keys()].filter((v) => trace.faults[v] === null);
  const committed = correct.every((v) => commitAt[v] !== null);
  return {
    committed,
    commitMs: committed ? Math.max(...correct.map((v) => commitAt[v]!)) : null,
    roundMs: Math.max(...correct.map((v) => cpu[v]!)),
    validators: cpu.map((doneMs, v) => ({ commitMs: commitAt[v]!, doneMs })),
  };
}
