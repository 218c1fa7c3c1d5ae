/**
 * The work of one fault-free round in closed form: messages, signatures and signature checks.
 * `closedFormMessages` states the papers' formulas; `expectedWork` derives every count from a
 * protocol's description, which the tests hold against both the formulas and executed rounds,
 * and which the duration estimate multiplies by measured operation costs.
 */
import { quorumSize } from './rules.js';
import { PROTOCOL_SPECS } from './protocols/index.js';
import type { ProtocolName, ProtocolSpec, TxScheme } from './types.js';

/**
 * Signature checks a block's transactions cost its receiver: one per transaction, none for opaque
 * commands (`txScheme: none`), which replicas order without checking.
 */
export function txChecksPerBlock(txs: number, txScheme: TxScheme): number {
  return txScheme === 'none' ? 0 : txs;
}

/**
 * Messages per round (or view), as each protocol's file states its paper's formula: PBFT normal
 * case (n−1) + (n−1)² + n(n−1); Tendermint (n−1) + 2n(n−1); basic HotStuff 7(n−1); the pipelined
 * HotStuffs 2(n−1) per view.
 */
export function closedFormMessages(protocol: ProtocolName, n: number): number {
  return PROTOCOL_SPECS[protocol].closedFormMessages(n);
}

export interface ExpectedWork {
  messages: number;
  signatures: number;
  voteVerifications: number;
  aggregateVerifications: number;
  aggregations: number;
  txVerifications: number;
  merkleRoots: number;
}

/** Counts of a round with no faulty validator, from the protocol's steps (see validator.ts for what each check does). */
export function expectedWork(protocol: ProtocolSpec, n: number, txs: number, txScheme: TxScheme): ExpectedWork {
  const txChecks = txChecksPerBlock(txs, txScheme);
  const q = quorumSize(n);
  const w: ExpectedWork = {
    messages: 0,
    signatures: 0,
    voteVerifications: 0,
    aggregateVerifications: 0,
    aggregations: 0,
    txVerifications: 0,
    merkleRoots: 0,
  };
  for (const step of protocol.steps) {
    const senders = step.from === 'leader' || step.from === 'next-leader' ? 1 : step.from === 'replicas' ? n - 1 : n;
    // Sending to one leader: every sender but that leader itself sends one message.
    const toOne = step.to === 'leader' || step.to === 'next-leader';
    const selfIncluded = step.from === 'all' || (step.from === 'replicas' && step.to === 'next-leader');
    const messages =
      step.to === 'none' ? 0 : step.to === 'others' ? senders * (n - 1) : toOne && selfIncluded ? senders - 1 : senders;
    w.messages += messages;
    if (step.signed) {
      w.signatures += senders;
      if (protocol.certificates === 'aggregate' && (step.to === 'leader' || step.to === 'next-leader')) {
        // The leader aggregates the votes it received and checks them at once. In a pipelined
        // view the proposer votes in the task that proposes, so its vote reaches the next leader
        // one wave before the others' and is checked as a batch of its own.
        const batches = protocol.pipeline && step.to === 'next-leader' && step.from === 'all' ? 2 : 1;
        w.aggregations += batches;
        w.aggregateVerifications += batches;
      } else w.voteVerifications += messages;
    }
    if (step.block) {
      w.txVerifications += messages * txChecks;
      w.merkleRoots += messages;
    }
    if (step.certificateOf || step.lastCertificate) {
      if (protocol.certificates === 'aggregate') w.aggregateVerifications += messages;
      else w.voteVerifications += messages * q;
    }
    if (step.certificateOf && protocol.certificates === 'aggregate') w.aggregations += 1;
  }
  return w;
}
