/**
 * One validator's CPU for one step of a round, run as one pool task: verify every message it
 * received, update its protocol state, then sign (and build certificates for) whatever the rules
 * now let it send. Each message's verification and each send is timed on its own: those are the
 * validator's crypto times that the network model replays.
 */
import { performance } from 'node:perf_hooks';
import { PROTOCOL_SPECS } from './protocols/index.js';
import { certificateSigners, cloneState, nextSends, receive, stepOf, updateCommit } from './rules.js';
import { wrongDigest, type CertificateWire, type InboundMessage } from './wire.js';
import {
  workSince,
  zeroWork,
  type CertificateResult,
  type CertificateTask,
  type RoundResult,
  type RoundTask,
  type SendResult,
  type WorkCounts,
} from './messages.js';
import type { ConsensusCrypto } from './crypto.js';
import type { ProtocolSpec, RoundContext, StepSpec } from './types.js';

/** A vote that one leader (this round's or, pipelined, the next one's) collects into a certificate. */
export function isVoteToLeader(step: StepSpec): boolean {
  return step.to === 'leader' || step.to === 'next-leader';
}

/** Steps whose votes some later step turns into a certificate: their signatures must be kept. */
export function certificateSources(protocol: ProtocolSpec): Set<string> {
  return new Set(protocol.steps.flatMap((s) => (s.certificateOf ? [s.certificateOf] : [])));
}

function distinctInRange(signers: number[], nodes: number): boolean {
  return new Set(signers).size === signers.length && signers.every((s) => Number.isInteger(s) && s >= 0 && s < nodes);
}

/** A certificate is valid with at least a quorum of distinct signers whose signatures all verify over the expected digest. */
export function verifyCertificate(
  c: CertificateWire,
  expected: Uint8Array | undefined,
  ctx: RoundContext,
  crypto: ConsensusCrypto,
  work: WorkCounts,
): boolean {
  if (!expected || !Buffer.from(c.digest).equals(Buffer.from(expected))) return false;
  if (c.signers.length < ctx.quorum || !distinctInRange(c.signers, ctx.nodes)) return false;
  if (c.kind === 'aggregate') {
    work.aggregateVerifications++;
    work.aggregateVerifySigners += c.signers.length;
    return crypto.verifyAggregate(c.signers, c.digest, c.signature);
  }
  if (c.signatures.length !== c.signers.length) return false;
  for (let i = 0; i < c.signers.length; i++) {
    work.voteVerifications++;
    if (!crypto.verify(c.signers[i]!, c.digest, c.signatures[i]!)) return false;
  }
  return true;
}

/** Everything a received message carries, checked in the order a node would reject it cheapest-first. */
function checkMessage(
  m: InboundMessage,
  task: RoundTask,
  protocol: ProtocolSpec,
  crypto: ConsensusCrypto,
  work: WorkCounts,
): boolean {
  const step = stepOf(protocol, m.step);
  if (step.from === 'leader' && m.from !== task.ctx.leader) return false;
  if (step.signed) {
    if (!m.signature) return false;
    work.voteVerifications++;
    if (!crypto.verify(m.from, task.digests[m.step]!, m.signature)) return false;
  }
  if (step.block) {
    const r = crypto.verifyBlock();
    work.txVerifications += r.txVerifications;
    work.merkleRoots++;
    if (!r.valid) return false;
  }
  if (step.certificateOf || step.lastCertificate) {
    const expected = task.digests[step.certificateOf ?? '@last'];
    if (!m.certificate || !verifyCertificate(m.certificate, expected, task.ctx, crypto, work)) return false;
  }
  return true;
}

/** A batch of votes that verified as one aggregate: reused for the certificate, so each vote is decoded once. */
interface VerifiedBatch {
  signers: number[];
  signature: Uint8Array;
}

/**
 * A leader collecting BLS votes verifies them optimistically: aggregate all, verify once, and only
 * if that fails verify each vote to find the bad ones (the usual practice of BLS-based HotStuff
 * implementations; a Byzantine vote thus costs the leader n − 1 single verifications).
 */
function checkVoteBatch(
  items: number[],
  task: RoundTask,
  crypto: ConsensusCrypto,
  work: WorkCounts,
): { valid: boolean[]; batch?: VerifiedBatch } {
  const msgs = items.map((i) => task.inbox[i]!);
  const digest = task.digests[msgs[0]!.step]!;
  if (msgs.every((m) => m.signature)) {
    try {
      work.aggregations++;
      work.aggregatedSignatures += msgs.length;
      const signature = crypto.aggregate(msgs.map((m) => m.signature!));
      const signers = msgs.map((m) => m.from);
      work.aggregateVerifications++;
      work.aggregateVerifySigners += signers.length;
      if (crypto.verifyAggregate(signers, digest, signature))
        return { valid: msgs.map(() => true), batch: { signers, signature } };
    } catch {
      /* a malformed signature: fall through to single verification */
    }
  }
  const valid = msgs.map((m) => {
    if (!m.signature) return false;
    work.voteVerifications++;
    return crypto.verify(m.from, digest, m.signature);
  });
  return { valid };
}

/**
 * A list certificate holds exactly q signatures (each one costs every replica a verification). An
 * aggregate holds every valid vote the builder has: its bitmap costs replicas only public-key
 * additions, and when the votes verified as one batch their aggregate is reused (plus the
 * builder's own vote), so the builder decodes each vote once.
 */
function buildCertificate(step: StepSpec, t: TaskState): CertificateWire {
  const { task, crypto, work } = t;
  const source = step.certificateOf!;
  const digest = task.digests[source]!;
  const valid = t.state.valid[source] ?? [];
  const signers = certificateSigners(
    valid,
    task.validator,
    t.protocol.certificates === 'list' ? task.ctx.quorum : valid.length,
  );
  const signatureOf = (s: number) => {
    const sig = t.held[source]?.[s];
    if (!sig) throw new Error(`validator ${task.validator} lacks the ${source} signature of ${s} for its certificate`);
    return sig;
  };
  if (t.protocol.certificates === 'list')
    return { kind: 'list', step: source, digest, signers, signatures: signers.map(signatureOf) };
  const batch = t.batches[source];
  const rest = batch ? signers.filter((s) => !batch.signers.includes(s)) : signers;
  const parts = [...(batch ? [batch.signature] : []), ...rest.map(signatureOf)];
  work.aggregations++;
  work.aggregatedSignatures += parts.length;
  return {
    kind: 'aggregate',
    step: source,
    digest,
    signers,
    signature: parts.length === 1 ? parts[0]! : crypto.aggregate(parts),
  };
}

interface TaskState {
  task: RoundTask;
  protocol: ProtocolSpec;
  crypto: ConsensusCrypto;
  work: WorkCounts;
  state: RoundTask['state'];
  held: RoundTask['heldSignatures'];
  batches: Record<string, VerifiedBatch>;
}

export function executeRoundTask(task: RoundTask, crypto: ConsensusCrypto): RoundResult {
  const protocol = PROTOCOL_SPECS[task.setup.protocol];
  const sources = certificateSources(protocol);
  const held: RoundTask['heldSignatures'] = {};
  for (const [step, bySigner] of Object.entries(task.heldSignatures)) held[step] = { ...bySigner };
  const t: TaskState = { task, protocol, crypto, work: zeroWork(), state: cloneState(task.state), held, batches: {} };
  const checks: RoundResult['checks'] = task.inbox.map(() => ({
    valid: true,
    ms: 0,
    work: zeroWork(),
    batched: false,
  }));

  // A Byzantine validator checks nothing: it acts as if every message were valid.
  if (!task.byzantine) {
    const batches = new Map<string, number[]>();
    task.inbox.forEach((m, i) => {
      const step = stepOf(protocol, m.step);
      const batched = protocol.certificates === 'aggregate' && isVoteToLeader(step) && step.signed;
      if (batched) batches.set(m.step, [...(batches.get(m.step) ?? []), i]);
      else {
        const before = { ...t.work };
        const t0 = performance.now();
        const valid = checkMessage(m, task, protocol, crypto, t.work);
        checks[i] = { valid, ms: performance.now() - t0, work: workSince(before, t.work), batched: false };
      }
    });
    for (const [step, items] of batches) {
      const t0 = performance.now();
      const before = { ...t.work };
      const { valid, batch } = checkVoteBatch(items, task, crypto, t.work);
      if (batch) t.batches[step] = batch;
      const each = (performance.now() - t0) / items.length;
      if (batch) items.forEach((i, j) => (checks[i] = { valid: valid[j]!, ms: each, work: zeroWork(), batched: true }));
      else {
        // The optimistic batch failed: each vote was verified on its own, after the failed attempt (charged to the first).
        const attempt = workSince(before, t.work);
        attempt.voteVerifications -= items.length - 1;
        items.forEach((i, j) => {
          const work = j === 0 ? attempt : { ...zeroWork(), voteVerifications: 1 };
          checks[i] = { valid: valid[j]!, ms: each, work, batched: false };
        });
      }
    }
  }
  task.inbox.forEach((m, i) => {
    if (!checks[i]!.valid) return;
    receive(protocol, t.state, m.step, m.from);
    if (sources.has(m.step) && m.signature) (held[m.step] ??= {})[m.from] = m.signature;
  });

  const sends: SendResult[] = [];
  for (const step of nextSends(protocol, task.ctx, t.state, task.validator)) {
    const before = { ...t.work };
    const t0 = performance.now();
    const out: SendResult = { step: step.name, ms: 0, work: zeroWork() };
    if (step.signed) {
      const digest = task.digests[step.name]!;
      t.work.signatures++;
      out.signature = crypto.sign(task.validator, task.byzantine ? wrongDigest(digest) : digest);
      if (sources.has(step.name)) (held[step.name] ??= {})[task.validator] = out.signature;
    }
    if (step.certificateOf) out.certificate = buildCertificate(step, t);
    out.ms = performance.now() - t0;
    out.work = workSince(before, t.work);
    sends.push(out);
  }
  updateCommit(protocol, task.ctx, t.state);
  return { ok: true, checks, sends, state: t.state, work: t.work };
}

/** The certificate of the round before the first: each signer signs the digest (untimed setup). */
export function buildGivenCertificate(task: CertificateTask, crypto: ConsensusCrypto): CertificateResult {
  const signatures = task.signers.map((s) => crypto.sign(s, task.digest));
  const base = { step: task.step, digest: task.digest, signers: task.signers };
  return PROTOCOL_SPECS[task.setup.protocol].certificates === 'aggregate'
    ? { ok: true, certificate: { kind: 'aggregate', ...base, signature: crypto.aggregate(signatures) } }
    : { ok: true, certificate: { kind: 'list', ...base, signatures } };
}
