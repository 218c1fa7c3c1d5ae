/**
 * Modeled round time: a discrete-event replay of one executed round, as if every validator had a
 * machine like this one and its own network link. Each validator is a CPU that processes its
 * received messages one at a time, in order of arrival, for the crypto time it really spent on
 * each (measured in its worker task), and sends a step's messages when the protocol's rules say
 * so, after the measured time to sign them. A message occupies the sender's uplink and the
 * receiver's downlink for size ÷ bandwidth, and arrives one propagation latency later. A pure
 * function: the tests check it against hand-computed rounds.
 */
import { emptyState, nextSends, receive, updateCommit } from './rules.js';
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
  /** The receiver's crypto time for it, ms (0 for a Byzantine receiver, which checks nothing). */
  verifyMs: number;
  valid: boolean;
  /** Sent to a crashed validator: it costs the sender's link, nobody processes it. */
  dropped: boolean;
}

/** One validator's send of one step: the time to produce it and its deliveries, in sending order. */
export interface TraceSend {
  ms: number;
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

/** Binary min-heap on (time, insertion order): equal times stay first-come first-served. */
class EventQueue {
  private readonly heap: Event[] = [];
  private seq = 0;
  get size(): number {
    return this.heap.length;
  }
  push(e: Omit<Event, 'seq'>): void {
    const h = this.heap;
    h.push({ ...e, seq: this.seq++ });
    for (let i = h.length - 1; i > 0;) {
      const p = (i - 1) >> 1;
      if (!this.less(h[i]!, h[p]!)) break;
      [h[i], h[p]] = [h[p]!, h[i]!];
      i = p;
    }
  }
  pop(): Event {
    const h = this.heap;
    const top = h[0]!;
    const last = h.pop()!;
    if (h.length > 0) {
      h[0] = last;
      for (let i = 0; ;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < h.length && this.less(h[l]!, h[m]!)) m = l;
        if (r < h.length && this.less(h[r]!, h[m]!)) m = r;
        if (m === i) break;
        [h[i], h[m]] = [h[m]!, h[i]!];
        i = m;
      }
    }
    return top;
  }
  private less(a: Event, b: Event): boolean {
    return a.timeMs < b.timeMs || (a.timeMs === b.timeMs && a.seq < b.seq);
  }
}

export function simulateRound(
  protocol: ProtocolSpec,
  ctx: RoundContext,
  trace: RoundTrace,
  net: Pick<NetworkModel, 'latencyMs' | 'bandwidthMbps'>,
): ModeledRound {
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
      cpu[v] = cpu[v]! + send.ms;
      for (const msg of send.messages) {
        uplink[v] = Math.max(cpu[v]!, uplink[v]!) + transferMs(msg.bytes, net.bandwidthMbps);
        queue.push({ timeMs: uplink[v]! + net.latencyMs, kind: 'arrive', from: v, step: step.name, msg });
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
      queue.push({ ...e, timeMs: downlink[to]!, kind: 'deliver' });
      continue;
    }
    cpu[to] = Math.max(e.timeMs, cpu[to]!) + e.msg.verifyMs;
    if (e.msg.valid) receive(protocol, states[to]!, e.step, e.from);
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
