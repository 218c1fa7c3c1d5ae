/**
 * The work of one fault-free round in closed form: messages, signatures and signature checks.
 * `closedFormMessages` states the papers' formulas; `expectedWork` derives every count from a
 * protocol's description, which the tests hold against both the formulas and executed rounds,
 * and which the duration estimate multiplies by measured operation costs.
 */
import { quorumSize } from './rules.js';
import type { ProtocolName, ProtocolSpec } from './types.js';

/**
 * Messages per round. PBFT normal case: (n−1) pre-prepares + (n−1)² prepares + n(n−1) commits
 * (Castro & Liskov 1999 §4.2). Tendermint: (n−1) proposals + n(n−1) prevotes + n(n−1) precommits
 * (Buchman, Kwon & Milosevic 2018). Basic HotStuff: 4 leader broadcasts of (n−1) + 3 vote phases
 * of (n−1) = 7(n−1) (Yin et al. 2019, Algorithm 2).
 */
export function closedFormMessages(protocol: ProtocolName, n: number): number {
  switch (protocol) {
    case 'pbft':
      return n - 1 + (n - 1) ** 2 + n * (n - 1);
    case 'tendermint':
      return n - 1 + 2 * n * (n - 1);
    case 'hotstuff':
    case 'hotstuff-bls':
      return 7 * (n - 1);
  }
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
export function expectedWork(protocol: ProtocolSpec, n: number, txs: number): ExpectedWork {
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
    const senders = step.from === 'leader' ? 1 : step.from === 'replicas' ? n - 1 : n;
    // Sending to the leader: every sender but the leader itself sends one message.
    const messages = step.to === 'others' ? senders * (n - 1) : step.from === 'replicas' ? senders : senders - 1;
    w.messages += messages;
    if (step.signed) {
      w.signatures += senders;
      if (protocol.certificates === 'aggregate' && step.to === 'leader') {
        // The leader aggregates the votes it received and checks them at once.
        w.aggregations += 1;
        w.aggregateVerifications += 1;
      } else w.voteVerifications += messages;
    }
    if (step.block) {
      w.txVerifications += messages * txs;
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
