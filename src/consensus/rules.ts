/**
 * The generic round rules every protocol description plugs into: quorum sizes, who sends a step
 * to whom, and when a validator sends or commits given what it holds. Pure functions over plain
 * data, shared by the engine (main thread), the validators' tasks (workers) and the network model,
 * so all three agree on what happens.
 */
import type { FaultKind, ProtocolSpec, RoundContext, StepSpec, Trigger, ValidatorState } from './types.js';

/** f = ⌊(n − 1)/3⌋: the most Byzantine validators n can tolerate, since n ≥ 3f + 1 (Castro & Liskov §3). */
export function faultTolerance(nodes: number): number {
  return Math.floor((nodes - 1) / 3);
}

/**
 * Quorum q = n − f. It equals 2f + 1 when n = 3f + 1 (the papers' setting) and Tendermint's
 * "more than 2/3" (⌊2n/3⌋ + 1) for every n; HotStuff states it as n − f. Two quorums then share
 * n − 2f ≥ f + 1 validators, one of them correct. For n ≠ 3f + 1 a quorum of 2f + 1 would let a
 * round commit with more than f validators silent, so n − f is what makes "k > f ⇒ no commit" hold.
 */
export function quorumSize(nodes: number): number {
  return nodes - faultTolerance(nodes);
}

/** Faulty validators are the highest indices; the leader rotates round-robin over the correct ones. */
export function leaderOf(round: number, nodes: number, faulty: number): number {
  return round % (nodes - faulty);
}

export function faultOf(validator: number, nodes: number, faulty: number, kind: FaultKind): FaultKind | null {
  return validator >= nodes - faulty ? kind : null;
}

export function emptyState(): ValidatorState {
  return { sent: [], held: [], valid: {}, committed: false };
}

export function cloneState(s: ValidatorState): ValidatorState {
  const valid: Record<string, number[]> = {};
  for (const [k, v] of Object.entries(s.valid)) valid[k] = [...v];
  return { sent: [...s.sent], held: [...s.held], valid, committed: s.committed };
}

export function stepOf(protocol: ProtocolSpec, name: string): StepSpec {
  const step = protocol.steps.find((s) => s.name === name);
  if (!step) throw new Error(`${protocol.name} has no step "${name}"`);
  return step;
}

export function isSender(step: StepSpec, ctx: RoundContext, validator: number): boolean {
  if (step.from === 'leader') return validator === ctx.leader;
  if (step.from === 'next-leader') return validator === ctx.next;
  if (step.from === 'replicas') return validator !== ctx.leader;
  return true;
}

/** Receivers of one sender's message of this step (a leader's own vote to itself is not a message). */
export function recipients(step: StepSpec, ctx: RoundContext, sender: number): number[] {
  if (step.to === 'none') return [];
  if (step.to === 'leader') return sender === ctx.leader ? [] : [ctx.leader];
  if (step.to === 'next-leader') return sender === ctx.next ? [] : [ctx.next];
  const out: number[] = [];
  for (let v = 0; v < ctx.nodes; v++) if (v !== sender) out.push(v);
  return out;
}

/** Votes of a step this validator can count: valid ones held (its own included) plus a stand-in message. */
export function quorumCount(protocol: ProtocolSpec, state: ValidatorState, stepName: string): number {
  const step = stepOf(protocol, stepName);
  let count = state.valid[stepName]?.length ?? 0;
  if (step.quorumAlsoCounts && state.held.includes(step.quorumAlsoCounts)) count += 1;
  return count;
}

export function triggerMet(protocol: ProtocolSpec, ctx: RoundContext, state: ValidatorState, t: Trigger): boolean {
  return t.need === 'leader' ? state.held.includes(t.step) : quorumCount(protocol, state, t.step) >= ctx.quorum;
}

/** Record a received message that verified (or, for a Byzantine receiver, that it pretends did). */
export function receive(protocol: ProtocolSpec, state: ValidatorState, stepName: string, from: number): void {
  const step = stepOf(protocol, stepName);
  if (step.from === 'leader') {
    if (!state.held.includes(stepName)) state.held.push(stepName);
    return;
  }
  const list = (state.valid[stepName] ??= []);
  if (!list.includes(from)) list.push(from);
}

/**
 * The steps this validator sends now, in order, updating its state as it sends (its own vote
 * counts, its own leader message is held). One send can enable the next: Tendermint's proposer
 * prevotes on its own proposal at once.
 */
export function nextSends(
  protocol: ProtocolSpec,
  ctx: RoundContext,
  state: ValidatorState,
  validator: number,
): StepSpec[] {
  const out: StepSpec[] = [];
  for (let progressed = true; progressed;) {
    progressed = false;
    for (const step of protocol.steps) {
      if (!isSender(step, ctx, validator) || state.sent.includes(step.name)) continue;
      if (step.after ? !triggerMet(protocol, ctx, state, step.after) : validator !== ctx.leader) continue;
      state.sent.push(step.name);
      if (step.from === 'leader') state.held.push(step.name);
      else (state.valid[step.name] ??= []).push(validator);
      out.push(step);
      progressed = true;
    }
  }
  return out;
}

/** Mark the block committed once the protocol's commit rule holds; true when that happened now. */
export function updateCommit(protocol: ProtocolSpec, ctx: RoundContext, state: ValidatorState): boolean {
  if (state.committed || !triggerMet(protocol, ctx, state, protocol.commit)) return false;
  state.committed = true;
  return true;
}

/** The q signers of a quorum certificate: the builder's own vote first, then the lowest indices. */
export function certificateSigners(signers: readonly number[], self: number, quorum: number): number[] {
  const others = signers.filter((s) => s !== self).sort((a, b) => a - b);
  return (signers.includes(self) ? [self, ...others] : others).slice(0, quorum);
}
