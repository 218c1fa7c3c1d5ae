/**
 * The qualification kind: one case per requirement of a chain's validator profile, decided from
 * measurements of this host (src/qualify/measures.ts) by src/qualify/verdict.ts. A measurement
 * several requirements share runs once per run.
 */
import { WorkerPool } from '../pool/pool.js';
import type { CaseKind, RunContext } from '../scenario/kind.js';
import type { CaseResult, QualificationCaseResult, Warning } from '../results/schema.js';
import { isQualificationCase } from '../results/schema.js';
import { measureRequirement } from './measures.js';
import { decide, notComparable } from './verdict.js';
import {
  claimsQualification,
  expandQualification,
  qualificationHead,
  rebuildQualification,
  validateQualification,
  type PlannedQualificationCase,
  type QualificationInput,
} from './plan.js';
import { diskNominalMs } from './disk.js';

export async function runQualificationCase(
  c: PlannedQualificationCase,
  ctx: RunContext<WorkerPool>,
): Promise<QualificationCaseResult | 'aborted'> {
  const head = { ...qualificationHead(c), wallMs: 0 };
  const notMeasured = (status: 'failed-check' | 'errored' | 'skipped', error: string): QualificationCaseResult => ({
    ...head,
    status,
    verdict: 'not-measured',
    error,
  });
  let m;
  try {
    m = await measureRequirement(c.requirement, ctx, {
      timeMs: c.timeMs,
      warmupMs: c.warmupMs,
      repeat: c.repeat,
      ...(c.disk ? { disk: c.disk } : {}),
    });
  } catch (err) {
    if (ctx.signal?.aborted) return 'aborted';
    return notMeasured('errored', (err as Error).message);
  }
  if (ctx.signal?.aborted) return 'aborted';
  if (m.failedCheck) return notMeasured('failed-check', m.failedCheck);
  if (m.errored) return notMeasured('errored', m.errored);
  const d = m.proxy ? notComparable(c.requirement, m.figures, m.proxy) : decide(c.requirement, m.figures, m.unmeasured);
  if (d.verdict === 'not-measured')
    return {
      ...notMeasured('skipped', d.reason ?? 'not measured'),
      ...(d.besides.length ? { besides: d.besides } : {}),
    };
  const notes = [...(m.notes ?? [])];
  const ci = d.marginRate?.ci95;
  if (ci && d.margin !== null && ci[0] <= d.margin && d.margin <= ci[1] && ci[0] < 1 && ci[1] >= 1)
    notes.push(
      `the margin's 95% interval ${ci[0].toFixed(2)}–${ci[1].toFixed(2)}× includes 1: another run may decide the other way`,
    );
  return {
    ...head,
    status: 'ok',
    verdict: d.verdict,
    margin: d.margin,
    measured: d.measured,
    besides: d.besides,
    ...(d.reason ? { reason: d.reason } : {}),
    ...(notes.length ? { notes } : {}),
    metrics: d.marginRate ? { margin: d.marginRate } : {},
  };
}

/** One warning per disk directory that is not on a disk (its figures are of memory or of a layered filesystem). */
function diskWarnings(cases: readonly CaseResult[]): Warning[] {
  const byNote = new Map<string, string[]>();
  for (const c of cases) {
    if (!isQualificationCase(c) || c.status !== 'ok' || !c.algorithm.startsWith('disk-')) continue;
    for (const n of c.notes ?? []) if (n.startsWith('disk directory')) byNote.set(n, [...(byNote.get(n) ?? []), c.id]);
  }
  return [...byNote].map(([message, ids]) => ({ code: 'disk-not-block-device', message, cases: ids }));
}

export const qualificationKind: CaseKind<
  QualificationInput,
  PlannedQualificationCase,
  QualificationCaseResult,
  WorkerPool
> = {
  name: 'qualification',
  claims: claimsQualification,
  validate: validateQualification,
  expand: expandQualification,
  head: qualificationHead,
  run: runQualificationCase,
  rebuild: rebuildQualification,
  nominalMs: (c) =>
    c.disk ? diskNominalMs(c.disk) : c.requirement.measure.startsWith('cpu') ? 10 : c.warmupMs + c.repeat * c.timeMs,
  createPool: (threads, workerMemoryMb) => new WorkerPool(threads, workerMemoryMb),
  derive: (cases) => ({ scaling: [], warnings: diskWarnings(cases) }),
};
