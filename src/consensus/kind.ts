/** The consensus kind: rounds of a BFT protocol among n virtual validators, with real crypto on a worker pool. */
import { ConsensusPool } from './pool.js';
import { consensusCaseHead, runConsensusCase } from './case.js';
import { consensusScaling, consensusWarnings, parallelWarnings } from './analysis.js';
import { refuseUnusedConsensusFlags, planConsensusCases, type PlannedConsensusCase } from './plan.js';
import { rebuildConsensus } from './rebuild.js';
import { validateConsensusCase, type ConsensusCaseInput } from './scenario.js';
import { publishedSeries } from './published.js';
import type { CaseKind } from '../scenario/kind.js';
import type { ConsensusCaseResult } from '../results/schema.js';

export const consensusKind: CaseKind<ConsensusCaseInput, PlannedConsensusCase, ConsensusCaseResult, ConsensusPool> = {
  name: 'consensus',
  claims: (entry) => 'op' in entry && entry.op === 'consensus',
  validate: validateConsensusCase,
  checkPlan: refuseUnusedConsensusFlags,
  expand: planConsensusCases,
  published: publishedSeries,
  head: (c) => {
    const { wallMs: _, ...head } = consensusCaseHead(c);
    return head;
  },
  run: runConsensusCase,
  rebuild: rebuildConsensus,
  // The estimate from src/consensus/estimate.ts when there is one, else a second a round.
  nominalMs: (c) => c.estimatedMs ?? c.rounds * 1000,
  createPool: (threads, workerMemoryMb) => new ConsensusPool(threads, workerMemoryMb),
  derive: (cases) => ({
    scaling: consensusScaling(cases),
    warnings: [...consensusWarnings(cases), ...parallelWarnings(cases)],
  }),
};
