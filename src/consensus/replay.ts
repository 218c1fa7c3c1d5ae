/**
 * Modeled time: a discrete-event replay of executed rounds, as if every validator had a machine
 * like this one and its own network link. Each validator has `cores` cores serving one queue of
 * jobs: the check of each received message, in order of arrival, and the production of each
 * message it sends, which goes ahead of the queued checks (a node sends what it decided before it
 * reads on). A message's independent signature checks (a block's transactions, the entries of a
 * signature-list certificate) are split over the cores; any other job takes the next free core.
 * What a job costs is the pricing's business: the calibrated costs of the operations it did (the
 * default), or the wall time its worker took here (the raw replay, a diagnostic, on one core). A
 * message occupies the sender's uplink and the receiver's downlink for size ÷ bandwidth and
 * arrives one propagation latency of its link later.
 *
 * A basic protocol's round starts with every CPU and link idle. A pipelined protocol's views run
 * back to back in one replay: a view opens when its leader has formed the previous view's
 * certificate, while the validators may still be busy with earlier views, so the steady-state
 * view time shows whichever of latency, bandwidth and CPU is the bottleneck. Pure functions: the
 * tests check them against hand-computed rounds.
 */
import { emptyState, nextSends, updateCommit } from './rules.js';
import { receiveCounted } from './sampling.js';
import { EventQueue } from './event-queue.js';
import { linksOf, transferMs } from './network.js';
import { zeroWork, type WorkCounts } from './messages.js';
import type { ModeledRound, Pricing, RoundTrace, TraceMessage, TraceSend } from './network.js';
import type { NetworkModel, ProtocolSpec, RoundContext, ValidatorState } from './types.js';

/** One executed round (a view of a pipelined protocol) to replay. */
export interface ViewInput {
  ctx: RoundContext;
  trace: RoundTrace;
}

/** The network figures a replay needs; `geo` gives every link its own latency. */
export type ReplayNetwork = Pick<NetworkModel, 'latencyMs' | 'bandwidthMbps'> & Pick<Partial<NetworkModel>, 'geo'>;

export interface ReplayOptions {
  /** Cores of each validator (default 1). The raw replay always uses one: it replays one worker's wall times. */
  cores?: number;
}

/** What a replay gives per view. */
export interface ReplayedView {
  /** When the view opened (its leader set out to send its proposal), ms; null if it never did. */
  startMs: number | null;
  /** Pipelined: when the next leader had formed this view's certificate, ms; null if it never did. */
  certifiedMs: number | null;
  /** Per validator: when it committed (pipelined: accepted the view's proposal), ms, or null. */
  commitMs: (number | null)[];
}

interface Event {
  timeMs: number;
  seq: number;
  /** arrive: at the receiver's link; deliver: fully received; done: a job finished on a core. */
  kind: 'arrive' | 'deliver' | 'done';
  view: number;
  /** Whose link or core the event concerns: the receiver of a message, the sender of a send job. */
  at: number;
  /** The message's sender. */
  from: number;
  step: string;
  /** The message (arrive, deliver and check jobs) or null for a send job. */
  msg: TraceMessage | null;
  /** The send a send job produces. */
  send: TraceSend | null;
  costMs: number;
  /** A message checked in parallel chunks: the chunks still running or queued. */
  group: { left: number } | null;
  /** Priced when the job starts: a BLS vote added into the leader's aggregate. */
  batched: boolean;
  /** The validator's commit of this view counts once this send job is done. */
  commits: boolean;
  /** A pipelined next leader's certificate: the next view opens when this send job is done. */
  opensNext: boolean;
}

function event(kind: Event['kind'], view: number, at: number, from: number, step: string): Event {
  return {
    timeMs: 0,
    seq: 0,
    kind,
    view,
    at,
    from,
    step,
    msg: null,
    send: null,
    costMs: 0,
    group: null,
    batched: false,
    commits: false,
    opensNext: false,
  };
}

/** A FIFO of jobs that only grows at its tail, read from a moving head. */
class JobQueue {
  private items: Event[] = [];
  private head = 0;
  push(e: Event): void {
    this.items.push(e);
  }
  shift(): Event | undefined {
    if (this.head >= this.items.length) return undefined;
    const e = this.items[this.head++];
    if (this.head > 1024 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
    return e;
  }
}

/** The operations of a check that can run side by side: single signature verifications. */
const scratch: WorkCounts = zeroWork();
function parallelPart(w: Readonly<WorkCounts>): WorkCounts {
  scratch.txVerifications = w.txVerifications;
  scratch.voteVerifications = w.voteVerifications;
  return scratch;
}

/** Replay views of one protocol on one network: every view's commits, and (pipelined) when each opened and was certified. */
export function replayViews(
  protocol: ProtocolSpec,
  views: readonly ViewInput[],
  net: ReplayNetwork,
  pricing: Pricing = { kind: 'replay' },
  options: ReplayOptions = {},
): { views: ReplayedView[]; doneMs: number[] } {
  const first = views[0];
  if (!first) throw new Error('nothing to replay: no views');
  const costs = pricing.kind === 'calibrated' ? pricing.costs : null;
  const cores = costs ? Math.max(1, Math.floor(options.cores ?? 1)) : 1;
  const links = linksOf(net);
  const n = first.ctx.nodes;
  const faults = first.trace.faults;
  const pipelined = protocol.pipeline !== undefined;
  const opener = pipelined ? protocol.steps.find((s) => s.certificateOf === protocol.carryCertificate) : undefined;

  const idle = new Array<number>(n).fill(cores);
  const urgent: Event[][] = Array.from({ length: n }, () => []);
  const queue = Array.from({ length: n }, () => new JobQueue());
  const doneMs = new Array<number>(n).fill(0);
  const uplink = new Array<number>(n).fill(0);
  const downlink = new Array<number>(n).fill(0);
  const states: ValidatorState[][] = views.map(() => Array.from({ length: n }, emptyState));
  const out: ReplayedView[] = views.map(() => ({
    startMs: null,
    certifiedMs: null,
    commitMs: new Array<number | null>(n).fill(null),
  }));
  /** BLS votes being checked: they count toward the leader's aggregate when their job starts. */
  const inflight = new Map<string, number>();
  const events = new EventQueue<Event>();

  const sendMs = (s: TraceSend) => (costs ? costs.workMs(s.work) : s.ms);

  const act = (view: number, v: number, now: number): void => {
    const { ctx, trace } = views[view]!;
    const state = states[view]![v]!;
    let last: Event | null = null;
    for (const step of nextSends(protocol, ctx, state, v)) {
      const send = trace.sends[`${v}|${step.name}`];
      if (!send)
        throw new Error(`the model sends ${step.name} from validator ${v}, which the executed round never did`);
      if (step.after === undefined) out[view]!.startMs = now;
      const job = event('done', view, v, v, step.name);
      job.send = send;
      job.costMs = sendMs(send);
      job.opensNext = step === opener;
      urgent[v]!.push(job);
      last = job;
    }
    if (updateCommit(protocol, ctx, state)) {
      if (last) last.commits = true;
      else out[view]!.commitMs[v] = now;
    }
  };

  const start = (job: Event, now: number): void => {
    if (job.batched) {
      // Own vote included: the quorum-completing vote is the (q − 1)-th received one.
      const { ctx } = views[job.view]!;
      const key = `${job.view}|${job.at}|${job.step}`;
      const running = (inflight.get(key) ?? 0) + (job.msg!.valid ? 1 : 0);
      inflight.set(key, running);
      const held = (states[job.view]![job.at]!.valid[job.step]?.length ?? 0) + running;
      job.costMs =
        (held <= ctx.quorum ? costs!.batchedVoteMs : 0) +
        (held === ctx.quorum && job.msg!.valid ? costs!.batchVerifyMs(ctx.quorum - 1) : 0);
    }
    job.timeMs = now + job.costMs;
    job.kind = 'done';
    events.push(job);
  };

  const dispatch = (v: number, now: number): void => {
    while (idle[v]! > 0) {
      const job = urgent[v]!.length > 0 ? urgent[v]!.shift() : queue[v]!.shift();
      if (!job) return;
      idle[v] = idle[v]! - 1;
      start(job, now);
    }
  };

  /** The jobs that check one delivered message: one, or one chunk per core of its signature checks. */
  const deliver = (e: Event): void => {
    const to = e.at;
    const msg = e.msg!;
    if (!costs) e.costMs = msg.verifyMs;
    else if (msg.batched) e.batched = true;
    else {
      const total = costs.workMs(msg.work);
      const checks = msg.work.txVerifications + msg.work.voteVerifications;
      const chunks = Math.min(cores, checks);
      if (chunks <= 1) e.costMs = total;
      else {
        const parallelMs = costs.workMs(parallelPart(msg.work));
        const perCheckMs = parallelMs / checks / costs.efficiency(chunks);
        const group = { left: chunks };
        for (let j = 0; j < chunks; j++) {
          const share = Math.floor(checks / chunks) + (j < checks % chunks ? 1 : 0);
          const job = j === 0 ? e : event('done', e.view, to, e.from, e.step);
          job.msg = msg;
          job.group = group;
          // The rest of the check (Merkle root, aggregate checks) rides on the first chunk.
          job.costMs = share * perCheckMs + (j === 0 ? total - parallelMs : 0);
          queue[to]!.push(job);
        }
        return dispatch(to, e.timeMs);
      }
    }
    queue[to]!.push(e);
    dispatch(to, e.timeMs);
  };

  const done = (job: Event, now: number): void => {
    const v = job.at;
    idle[v] = idle[v]! + 1;
    doneMs[v] = Math.max(doneMs[v]!, now);
    if (job.send) {
      const bw = links.bandwidthMbps;
      for (const msg of job.send.messages) {
        uplink[v] = Math.max(now, uplink[v]!) + transferMs(msg.bytes, bw);
        const a = event('arrive', job.view, msg.to, v, job.step);
        a.msg = msg;
        a.timeMs = uplink[v]! + links.oneWayMs(v, msg.to);
        events.push(a);
      }
      if (job.commits) out[job.view]!.commitMs[v] = now;
      if (job.opensNext) {
        out[job.view]!.certifiedMs = now;
        const next = job.view + 1;
        if (next < views.length) {
          if (views[next]!.ctx.leader !== v)
            throw new Error(
              `view ${next}'s leader is ${views[next]!.ctx.leader}, but validator ${v} formed its certificate`,
            );
          act(next, v, now);
        }
      }
    } else {
      const msg = job.msg!;
      if (job.group && --job.group.left > 0) return dispatch(v, now);
      if (job.batched) {
        const key = `${job.view}|${v}|${job.step}`;
        if (msg.valid) inflight.set(key, inflight.get(key)! - 1);
      }
      // Each (step, sender) message is delivered once, so the duplicate check of `receive` (O(n) a call, n³ a round) is not needed.
      if (msg.valid) receiveCounted(protocol, states[job.view]![v]!, job.step, job.from);
      act(job.view, v, now);
    }
    dispatch(v, now);
  };

  // Pipelined views open one after the other; a basic round starts everyone at once.
  for (let v = 0; v < n; v++) {
    if (faults[v] === 'crash') continue;
    act(0, v, 0);
    dispatch(v, 0);
  }
  while (events.size > 0) {
    const e = events.pop();
    if (e.kind === 'arrive') {
      if (e.msg!.dropped) continue;
      // The bits streamed in while the uplink sent them, unless the downlink was still busy.
      downlink[e.at] = Math.max(e.timeMs, downlink[e.at]! + transferMs(e.msg!.bytes, links.bandwidthMbps));
      // The same event goes on as its delivery: it has left the queue.
      e.timeMs = downlink[e.at]!;
      e.kind = 'deliver';
      events.push(e);
    } else if (e.kind === 'deliver') deliver(e);
    else done(e, e.timeMs);
  }
  return { views: out, doneMs };
}

/** One basic round: when the last correct validator committed, and when it finished all its work (the round's period). */
export function simulateRound(
  protocol: ProtocolSpec,
  ctx: RoundContext,
  trace: RoundTrace,
  net: ReplayNetwork,
  pricing: Pricing = { kind: 'replay' },
  options: ReplayOptions = {},
): ModeledRound {
  // A pipelined view replayed alone: certified or not, and its view time; its block commits only views later.
  if (protocol.pipeline) return simulatePipeline(protocol, [{ ctx, trace }], net, pricing, options)[0]!;
  const { views, doneMs } = replayViews(protocol, [{ ctx, trace }], net, pricing, options);
  const commitAt = views[0]!.commitMs;
  const correct = [...Array(ctx.nodes).keys()].filter((v) => trace.faults[v] === null);
  const committed = correct.every((v) => commitAt[v] !== null);
  return {
    committed,
    commitMs: committed ? Math.max(...correct.map((v) => commitAt[v]!)) : null,
    roundMs: Math.max(...correct.map((v) => doneMs[v]!)),
    validators: doneMs.map((d, v) => ({ commitMs: commitAt[v]!, doneMs: d })),
  };
}

/**
 * Consecutive views of a pipelined protocol replayed back to back. Per view: `committed` when
 * every correct validator accepted its proposal and its certificate was formed; `roundMs` the
 * view time, from its opening to the next one's (the certificate's formation); `commitMs` the
 * commit latency of its block, from its proposal until the last correct validator accepted the
 * proposal `commitChain` views later (null when the replay has no such view or the chain broke).
 */
export function simulatePipeline(
  protocol: ProtocolSpec,
  views: readonly ViewInput[],
  net: ReplayNetwork,
  pricing: Pricing = { kind: 'replay' },
  options: ReplayOptions = {},
): ModeledRound[] {
  const chain = protocol.pipeline?.commitChain;
  if (chain === undefined) throw new Error(`${protocol.name} is not a pipelined protocol`);
  const replayed = replayViews(protocol, views, net, pricing, options).views;
  const faults = views[0]!.trace.faults;
  const correct = [...faults.keys()].filter((v) => faults[v] === null);
  const ok = replayed.map(
    (r) => r.startMs !== null && r.certifiedMs !== null && correct.every((v) => r.commitMs[v] !== null),
  );
  return replayed.map((r, w) => {
    const later = replayed[w + chain];
    const chainHolds = later !== undefined && ok.slice(w, w + chain).every(Boolean) && r.startMs !== null;
    const acceptedAll = later !== undefined && correct.every((v) => later.commitMs[v] !== null);
    return {
      committed: ok[w]!,
      commitMs: chainHolds && acceptedAll ? Math.max(...correct.map((v) => later.commitMs[v]!)) - r.startMs! : null,
      roundMs: ok[w]! ? r.certifiedMs! - r.startMs! : 0,
      validators: r.commitMs.map((c) => ({ commitMs: c, doneMs: 0 })),
    };
  });
}
