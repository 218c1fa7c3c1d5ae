/**
 * The generic round engine. The main thread plays the network: it hands each validator what it
 * received as one pool task (verify, then sign what the rules allow), routes the messages those
 * tasks send, and keeps counts. Validators run in waves (everyone's step k before anyone's step
 * k + 1), which is how n validators share this machine; the wall time of all waves is the host
 * round time, and the recorded trace feeds the network model for the modeled round time.
 */
import { performance } from 'node:perf_hooks';
import { PROTOCOL_SPECS } from './protocols/index.js';
import {
  certificateSigners,
  cloneState,
  emptyState,
  faultOf,
  leaderOf,
  nextSends,
  quorumSize,
  recipients,
  stepOf,
} from './rules.js';
import { blockHash, messageBytes, stepDigest, type CertificateWire, type InboundMessage } from './wire.js';
import {
  addWork,
  zeroWork,
  type CertificateResult,
  type CertificateTask,
  type ConsensusSetup,
  type Failure,
  type RoundResult,
  type RoundTask,
  type WorkCounts,
} from './messages.js';
import { certificateSources } from './validator.js';
import { receiveCounted, sampleValidators, WorkCounter } from './sampling.js';
import { updateCommit } from './rules.js';
import { wrongDigest } from './wire.js';
import type { CostModel, RoundTrace, TraceMessage, TraceSend } from './network.js';
import type { ConsensusCrypto } from './crypto.js';
import type { SendResult } from './messages.js';
import type { FaultKind, ProtocolSpec, RoundContext, ValidatorState } from './types.js';

/** Runs validators' tasks: the worker pool, or in-process for tests. */
export interface Executor {
  runRound(tasks: RoundTask[]): Promise<(RoundResult | Failure)[]>;
  certificate(task: CertificateTask): Promise<CertificateResult | Failure>;
}

export interface RoundRecord {
  round: number;
  leader: number;
  ctx: RoundContext;
  /** Every correct validator committed the block. */
  committed: boolean;
  committedValidators: number;
  /**
   * Wall time of the round on this machine, ms. With sampling: the measured time plus the
   * calibrated cost of the checks not executed, spread over the worker threads (an estimate).
   */
  hostMs: number;
  /** With sampling: the wall time really measured, and the validators executed. */
  sampled?: { measuredMs: number; validators: number };
  messages: number;
  bytes: number;
  work: WorkCounts;
  waves: number;
  /** Messages of correct senders that a correct receiver rejected: must be 0, else the crypto is broken. */
  rejectedValid: number;
  /** Invalid (Byzantine) messages a correct receiver accepted: must be 0. */
  acceptedInvalid: number;
  trace: RoundTrace;
}

type Signatures = Record<string, Record<number, Uint8Array>>;

/** The work of a message nobody checked (dropped, or sent to a Byzantine validator): shared, never changed. */
const NO_WORK: Readonly<WorkCounts> = Object.freeze(zeroWork());

/**
 * Sampled execution (src/consensus/sampling.ts): only `size` validators a round run their crypto
 * on the pool; the others are followed on the main thread with `crypto` (their signatures are
 * real) and their checks counted. `costs` prices the work not executed, for the host estimate.
 */
export interface SampleOptions {
  size: number;
  crypto: ConsensusCrypto;
  seed: number;
  costs: CostModel;
  /** Worker threads the executed work shared, to spread the estimate of the rest over. */
  threads: number;
}

export interface EngineOptions {
  setup: ConsensusSetup;
  /** Run only a sample of validators' crypto (absent: every validator's). */
  sample?: SampleOptions;
  faulty: number;
  fault: FaultKind;
  merkleRoot: Uint8Array;
  blockBytes: number;
  executor: Executor;
}

export class RoundEngine {
  readonly protocol: ProtocolSpec;
  private lastCertificate: CertificateWire | null = null;
  /** The round whose certificate `lastCertificate` should be: the last committed one (−1 before the first). */
  private certifiedRound = -1;

  constructor(private readonly o: EngineOptions) {
    this.protocol = PROTOCOL_SPECS[o.setup.protocol];
  }

  /** The certificate of the (fictional) round before the first, signed by the first q validators; untimed setup. */
  async prepare(): Promise<void> {
    const carry = this.protocol.carryCertificate;
    if (!carry) return;
    const n = this.o.setup.nodes;
    const digest = stepDigest(this.protocol.name, -1, carry, blockHash(-1, this.o.merkleRoot));
    const signers = [...Array(quorumSize(n)).keys()];
    const r = await this.o.executor.certificate({
      kind: 'certificate',
      setup: this.o.setup,
      step: carry,
      digest,
      signers,
    });
    if (!r.ok) throw new Error(`genesis certificate: ${r.error}`);
    this.lastCertificate = r.certificate;
  }

  async runRound(round: number, signal?: AbortSignal): Promise<RoundRecord | 'aborted'> {
    const { protocol, o } = this;
    const n = o.setup.nodes;
    const ctx: RoundContext = {
      nodes: n,
      quorum: quorumSize(n),
      leader: leaderOf(round, n, o.faulty),
      next: leaderOf(round + 1, n, o.faulty),
    };
    const faults = Array.from({ length: n }, (_, v) => faultOf(v, n, o.faulty, o.fault));
    const sources = certificateSources(protocol);
    const block = blockHash(round, o.merkleRoot);
    const digests: Record<string, Uint8Array> = {};
    for (const s of protocol.steps) digests[s.name] = stepDigest(protocol.name, round, s.name, block);
    // What the carried certificate must sign, derived from the round number, not from the certificate itself.
    const carry = protocol.carryCertificate;
    if (carry && this.lastCertificate)
      digests['@last'] = stepDigest(
        protocol.name,
        this.certifiedRound,
        carry,
        blockHash(this.certifiedRound, o.merkleRoot),
      );

    const states = Array.from({ length: n }, emptyState);
    let inbox: { msg: InboundMessage; entry: TraceMessage }[][] = Array.from({ length: n }, () => []);
    const held: Signatures[] = Array.from({ length: n }, () => ({}));
    const sent: Signatures = {};
    const formed: Record<string, CertificateWire> = {};
    const trace: RoundTrace = { sends: {}, faults };
    const rec: RoundRecord = {
      round,
      leader: ctx.leader,
      ctx,
      committed: false,
      committedValidators: 0,
      hostMs: 0,
      messages: 0,
      bytes: 0,
      work: zeroWork(),
      waves: 0,
      rejectedValid: 0,
      acceptedInvalid: 0,
      trace,
    };
    const keep = (into: Signatures, step: string, signer: number, sig: Uint8Array) =>
      ((into[step] ??= {})[signer] = sig);

    // The previous round's certificate, which this round's messages carry; it changes only after the round.
    const carried = this.lastCertificate;
    const sample = o.sample ? sampleValidators(o.sample.seed, round, ctx, ctx.next, o.sample.size) : null;
    const counter = o.sample ? new WorkCounter(protocol, o.setup.txs, o.setup.txScheme) : null;
    /** Main-thread time spent following the validators outside the sample (their signing, mostly). */
    let followMs = 0;
    const t0 = performance.now();
    for (;;) {
      const who: number[] = [];
      for (let v = 0; v < n; v++) {
        if (faults[v] === 'crash') continue;
        if (inbox[v]!.length > 0 || nextSends(protocol, ctx, cloneState(states[v]!), v).length > 0) who.push(v);
      }
      if (who.length === 0) break;
      if (signal?.aborted) return 'aborted';
      if (++rec.waves > 2 * protocol.steps.length + 2)
        throw new Error(`${protocol.name} round ${round} did not settle after ${rec.waves} waves`);
      const counted = sample ? who.filter((v) => !sample.has(v)) : [];
      const executed = sample ? who.filter((v) => sample.has(v)) : who;
      const tasks: RoundTask[] = executed.map((v) => ({
        kind: 'round',
        setup: o.setup,
        validator: v,
        byzantine: faults[v] === 'byzantine',
        ctx,
        digests,
        state: states[v]!,
        inbox: inbox[v]!.map((x) => x.msg),
        heldSignatures: held[v]!,
      }));
      const delivered = inbox;
      inbox = Array.from({ length: n }, () => []);
      const results = await o.executor.runRound(tasks);
      const followStart = performance.now();
      for (const v of counted)
        this.followCounted(v, ctx, delivered[v]!, states[v]!, faults, digests, counter!, rec, route);
      followMs += performance.now() - followStart;

      results.forEach((r, i) => {
        const v = executed[i]!;
        if (!r.ok) throw new Error(`validator ${v}: ${r.error}`);
        addWork(rec.work, r.work);
        states[v] = r.state;
        delivered[v]!.forEach(({ msg, entry }, j) => {
          const check = r.checks[j]!;
          entry.valid = check.valid;
          entry.verifyMs = check.ms;
          entry.work = check.work;
          entry.batched = check.batched;
          if (faults[v] === null && faults[msg.from] === null && !check.valid) rec.rejectedValid++;
          if (faults[v] === null && faults[msg.from] !== null && check.valid) rec.acceptedInvalid++;
          if (check.valid && msg.signature && sources.has(msg.step)) keep(held[v]!, msg.step, msg.from, msg.signature);
        });
        for (const s of r.sends) route(v, s);
      });
    }
    const measuredMs = performance.now() - t0;
    rec.hostMs = measuredMs;
    if (sample && o.sample) {
      rec.sampled = { measuredMs, validators: sample.size };
      // On the pool, the followed validators' signing would have shared the threads as their checks would.
      const threads = o.sample.threads;
      rec.hostMs = measuredMs - followMs + (followMs + this.unexecutedMs(trace, sample, o.sample.costs)) / threads;
    }

    const correct = [...Array(n).keys()].filter((v) => faults[v] === null);
    rec.committedValidators = correct.filter((v) => states[v]!.committed).length;
    rec.committed = rec.committedValidators === correct.length;
    // A pipelined view succeeds when its proposal was accepted and the next leader formed its certificate.
    if (protocol.pipeline && !formed[protocol.carryCertificate ?? '']) {
      rec.committed = false;
      rec.committedValidators = 0;
    }
    if (rec.committed) this.carry(round, states, sent, formed);
    return rec;

    function route(v: number, s: SendResult): void {
      const step = stepOf(protocol, s.step);
      if (s.signature) {
        keep(sent, s.step, v, s.signature);
        if (sources.has(s.step)) keep(held[v]!, s.step, v, s.signature);
      }
      if (s.certificate) formed[s.certificate.step] = s.certificate;
      const certificate = s.certificate ?? (step.lastCertificate ? (carried ?? undefined) : undefined);
      const msg: InboundMessage = { step: s.step, from: v };
      if (s.signature) msg.signature = s.signature;
      if (step.block) msg.block = true;
      if (certificate) msg.certificate = certificate;
      const bytes = messageBytes(msg, n, o.blockBytes);
      const send: TraceSend = { ms: s.ms, work: s.work, messages: [] };
      trace.sends[`${v}|${s.step}`] = send;
      for (const to of recipients(step, ctx, v)) {
        const entry: TraceMessage = {
          to,
          bytes,
          verifyMs: 0,
          work: NO_WORK,
          batched: false,
          valid: false,
          dropped: faults[to] === 'crash',
        };
        send.messages.push(entry);
        rec.messages++;
        rec.bytes += bytes;
        if (!entry.dropped) inbox[to]!.push({ msg, entry });
      }
    }
  }

  /**
   * A validator that is not executed this round: each message it received is valid unless a
   * faulty validator sent it (a Byzantine receiver accepts everything, as an executed one does),
   * its checks are counted, and it signs what the rules now let it send, for real.
   */
  private followCounted(
    v: number,
    ctx: RoundContext,
    delivered: { msg: InboundMessage; entry: TraceMessage }[],
    state: ValidatorState,
    faults: (FaultKind | null)[],
    digests: Record<string, Uint8Array>,
    counter: WorkCounter,
    rec: RoundRecord,
    route: (v: number, s: SendResult) => void,
  ): void {
    const { protocol } = this;
    const crypto = this.o.sample!.crypto;
    const byzantine = faults[v] === 'byzantine';
    for (const { msg, entry } of delivered) {
      entry.valid = byzantine || faults[msg.from] === null;
      if (!byzantine) {
        entry.work = counter.of(msg);
        addWork(rec.work, entry.work);
      }
      if (entry.valid) receiveCounted(protocol, state, msg.step, msg.from);
    }
    for (const step of nextSends(protocol, ctx, state, v)) {
      if (step.certificateOf)
        throw new Error(`validator ${v} builds a ${step.name} certificate but is not in the sample`);
      const out: SendResult = { step: step.name, ms: 0, work: zeroWork() };
      if (step.signed) {
        const digest = digests[step.name]!;
        out.signature = crypto.sign(v, byzantine ? wrongDigest(digest) : digest);
        out.work = { ...zeroWork(), signatures: 1 };
        rec.work.signatures++;
      }
      route(v, out);
    }
    updateCommit(protocol, ctx, state);
  }

  /**
   * What the checks the validators outside the sample did not execute would have taken here: their
   * calibrated cost, scaled by how much longer than calibrated the sampled validators' own checks
   * took in this round (the pool's contention, a slower core). Their signing ran on the main
   * thread and is in the measured time already.
   */
  private unexecutedMs(trace: RoundTrace, sample: Set<number>, costs: CostModel): number {
    let counted = 0;
    let pricedExecuted = 0;
    let tookExecuted = 0;
    for (const send of Object.values(trace.sends))
      for (const m of send.messages) {
        if (m.dropped) continue;
        if (!sample.has(m.to)) counted += costs.workMs(m.work);
        else if (!m.batched) {
          pricedExecuted += costs.workMs(m.work);
          tookExecuted += m.verifyMs;
        }
      }
    return counted * (pricedExecuted > 0 ? tookExecuted / pricedExecuted : 1);
  }

  /**
   * The next round's `lastCertificate`: the certificate this round formed over the carried step
   * (HotStuff's prepareQC becomes highQC), or else the next proposer's first q valid votes of it
   * (Tendermint's LastCommit).
   */
  private carry(
    round: number,
    states: { valid: Record<string, number[]> }[],
    sent: Signatures,
    formed: Record<string, CertificateWire>,
  ): void {
    const step = this.protocol.carryCertificate;
    if (!step || !this.lastCertificate) return;
    this.certifiedRound = round;
    if (formed[step]) {
      this.lastCertificate = formed[step];
      return;
    }
    const n = this.o.setup.nodes;
    const next = leaderOf(round + 1, n, this.o.faulty);
    const signers = certificateSigners(states[next]!.valid[step] ?? [], next, quorumSize(n));
    const digest = stepDigest(this.protocol.name, round, step, blockHash(round, this.o.merkleRoot));
    this.lastCertificate = { kind: 'list', step, digest, signers, signatures: signers.map((s) => sent[step]![s]!) };
  }
}
