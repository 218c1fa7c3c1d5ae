/** The primitive kind: one operation (hash, sign, verify, aggregate…) timed on a worker pool. */
import { WorkerPool } from '../pool/pool.js';
import { fillBatchSpeedup, fillScalingEfficiency } from './aggregate.js';
import { validatePrimitiveCase, type PrimitiveCaseInput } from './input.js';
import { expandPrimitive, type PlannedPrimitiveCase } from './plan.js';
import { primitiveHead, runPrimitiveCase } from './run.js';
import { rebuildPrimitive } from './rebuild.js';
import type { CaseKind } from '../scenario/kind.js';
import type { CaseResult, PrimitiveCaseResult, Warning } from '../results/schema.js';

const isPrimitive = (c: CaseResult): c is PrimitiveCaseResult => c.kind === 'primitive';

/** Cases whose warm-up ran out of time before their rate settled: their first windows may still be warming. */
function warmupWarnings(cases: readonly PrimitiveCaseResult[]): Warning[] {
  const unsettled = cases.filter((c) => c.status === 'ok' && c.warmup && !c.warmup.steady).map((c) => c.id);
  if (unsettled.length === 0) return [];
  return [
    {
      code: 'warmup-unsettled',
      cases: unsettled,
      message: `warm-up did not reach a steady rate (last three 40 ms blocks within 5%) before its time limit in ${unsettled.length} case(s): ${unsettled.join(', ')} (a noisy case or a busy machine); their first windows may still include warm-up`,
    },
  ];
}

export const primitiveKind: CaseKind<PrimitiveCaseInput, PlannedPrimitiveCase, PrimitiveCaseResult, WorkerPool> = {
  name: 'primitive',
  // The fallback kind: every entry that no other kind claims is a primitive, and its validation says what is wrong.
  claims: () => true,
  validate: validatePrimitiveCase,
  expand: expandPrimitive,
  head: (c) => {
    const { wallMs: _, ...head } = primitiveHead(c);
    return head;
  },
  run: runPrimitiveCase,
  rebuild: rebuildPrimitive,
  nominalMs: (c) => c.warmupMs + c.repeat * c.timeMs,
  createPool: (threads, workerMemoryMb) => new WorkerPool(threads, workerMemoryMb),
  derive: (cases) => {
    const own = cases.filter(isPrimitive);
    fillScalingEfficiency(own);
    fillBatchSpeedup(own);
    return { scaling: [], warnings: warmupWarnings(own) };
  },
};
