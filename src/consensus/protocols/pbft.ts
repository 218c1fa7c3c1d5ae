import type { ProtocolSpec } from '../protocol.js';

/**
 * PBFT normal case (Castro & Liskov, OSDI 1999, §4.2). The primary multicasts a signed
 * PRE-PREPARE with the request batch (our block); each backup that accepts it multicasts a signed
 * PREPARE; a replica is *prepared* with the pre-prepare and 2f matching prepares (the pre-prepare
 * stands for the primary's prepare), then multicasts a signed COMMIT; it commits with 2f + 1
 * commits. Messages per round: (n−1) + (n−1)² + n(n−1).
 */
export const pbft: ProtocolSpec = {
  name: 'pbft',
  title: 'PBFT (normal case)',
  source: 'Castro & Liskov, Practical Byzantine Fault Tolerance, OSDI 1999',
  voteScheme: 'ed25519',
  certificates: 'list',
  steps: [
    { name: 'pre-prepare', from: 'leader', to: 'others', signed: true, block: true },
    {
      name: 'prepare',
      from: 'replicas',
      to: 'others',
      signed: true,
      after: { step: 'pre-prepare', need: 'leader' },
      quorumAlsoCounts: 'pre-prepare',
    },
    { name: 'commit', from: 'all', to: 'others', signed: true, after: { step: 'prepare', need: 'quorum' } },
  ],
  commit: { step: 'commit', need: 'quorum' },
  closedFormMessages: (n) => n - 1 + (n - 1) ** 2 + n * (n - 1),
};
