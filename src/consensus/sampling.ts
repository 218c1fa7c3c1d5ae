/**
 * Sampled rounds: above a work budget only a sample of validators runs its crypto for real; every
 * other validator follows the protocol on the main thread (it signs its own messages for real,
 * so the sampled validators verify real signatures from everyone), and what it would have
 * verified is counted exactly, message by message, from what it received. The network model
 * prices every validator's work, counted or executed, with the calibrated costs, so modeled time
 * covers all n; host time covers the sample and is estimated for the rest.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { utf8ToBytes } from '@noble/hashes/utils.js';
import { stepOf } from './rules.js';
import { zeroWork, type WorkCounts } from './messages.js';
import type { InboundMessage } from './wire.js';
import { txChecksPerBlock } from './work.js';
import type { ProtocolSpec, RoundContext, TxScheme, ValidatorState } from './types.js';

/** The smallest sample worth its name: enough validators that correctness is checked across many senders and receivers. */
export const MIN_SAMPLE = 16;

/**
 * A deterministic sample of `size` validators for a round: the leader, the next round's leader
 * (Tendermint's next proposer builds the carried certificate from what it holds), then validators
 * ordered by a hash of (seed, round, index), so two machines sample the same validators.
 */
export function sampleValidators(
  seed: number,
  round: number,
  ctx: RoundContext,
  nextLeader: number,
  size: number,
): Set<number> {
  const out = new Set<number>([ctx.leader, nextLeader]);
  const rank = (v: number) => {
    const h = sha256(utf8ToBytes(`chainmark/sample|${seed}|${round}|${v}`));
    return ((h[0]! << 24) | (h[1]! << 16) | (h[2]! << 8) | h[3]!) >>> 0;
  };
  const order = [...Array(ctx.nodes).keys()].sort((a, b) => rank(a) - rank(b) || a - b);
  for (const v of order) {
    if (out.size >= Math.min(size, ctx.nodes)) break;
    out.add(v);
  }
  return out;
}

/**
 * What checking a message costs a validator, counted from its shape exactly as the executed check
 * does it (src/consensus/validator.ts): one signature, the block's B transactions and Merkle root,
 * the q signatures of a list certificate or one aggregate check over its signers. Shared objects
 * per shape: they are never changed. A block of opaque commands (`txScheme` none) costs its Merkle
 * root only; absent, the scheme is taken to be a signed one.
 */
export class WorkCounter {
  private readonly cache = new Map<string, Readonly<WorkCounts>>();
  private readonly txChecks: number;

  constructor(
    private readonly protocol: ProtocolSpec,
    txs: number,
    txScheme: TxScheme = 'ed25519',
  ) {
    this.txChecks = txChecksPerBlock(txs, txScheme);
  }

  of(m: InboundMessage): Readonly<WorkCounts> {
    const c = m.certificate;
    const key = `${m.step}|${c ? `${c.kind}${c.signers.length}` : ''}`;
    const hit = this.cache.get(key);
    if (hit) return hit;
    const step = stepOf(this.protocol, m.step);
    const w = zeroWork();
    if (step.signed) w.voteVerifications += 1;
    if (step.block) {
      w.txVerifications += this.txChecks;
      w.merkleRoots += 1;
    }
    if (c && c.kind === 'list') w.voteVerifications += c.signers.length;
    if (c && c.kind === 'aggregate') {
      w.aggregateVerifications += 1;
      w.aggregateVerifySigners += c.signers.length;
    }
    const frozen = Object.freeze(w);
    this.cache.set(key, frozen);
    return frozen;
  }
}

/**
 * `receive` for a validator that is not executed, without its duplicate check: the engine routes
 * each (step, sender) message once, and at n in the thousands the check would cost n² a round.
 */
export function receiveCounted(protocol: ProtocolSpec, state: ValidatorState, stepName: string, from: number): void {
  if (stepOf(protocol, stepName).from === 'leader') {
    if (!state.held.includes(stepName)) state.held.push(stepName);
    return;
  }
  (state.valid[stepName] ??= []).push(from);
}
