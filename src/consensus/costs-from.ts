/**
 * `run --costs-from <result file>`: the modeled round is priced with the operation costs another
 * machine measured, read from a result file it wrote, instead of a calibration here, so that one
 * run there gives that machine's consensus curve anywhere. Each operation a case's rounds use
 * (calibrationSpecs) is looked up by its primitive case id at one thread, in the file's
 * consensus cases' calibrated `costs` (any node count: costs do not depend on n) or else in its
 * primitive ok cases. Resolved when planning, so a file that lacks a cost is refused before any
 * case runs. For validators with more than one core, the parallel efficiency measured there
 * (`costs.parallel`) comes along when the file has one for the same signature check; a file
 * without it is not refused: the model then takes 1, and the run warns (src/consensus/analysis.ts).
 */
import { InputError } from '../core/errors.js';
import { summarizeRate } from '../measure/stats.js';
import { caseId } from '../results/case-id.js';
import { DEFAULT_LEAF_BYTES } from '../workloads/types.js';
import { readResultFile } from '../results/reader.js';
import { assembleCosts, calibrationSpecs, parallelOperation } from './calibrate.js';
import type { CalibratedCost, ConsensusCosts, ResultFile } from '../results/schema.js';
import type { ConsensusSpec } from './types.js';

/** What a result file offers: each operation's cost by primitive case id, and the machine it was measured on. */
export interface CostSource {
  /** The file as the user named it. */
  file: string;
  host: string;
  fingerprint: string;
  costs: ReadonlyMap<string, CalibratedCost>;
  /** Parallel efficiency points measured there, by the primitive case id at one thread of the check measured. */
  parallel: ReadonlyMap<string, NonNullable<ConsensusCosts['parallel']>['points']>;
}

/** The costs of a primitive ok case: ms per operation = 1000 ÷ ops/s, one sample per window. */
function primitiveCost(id: string, opsPerSecSamples: readonly number[]): CalibratedCost | undefined {
  if (opsPerSecSamples.length === 0 || opsPerSecSamples.some((r) => !(r > 0))) return undefined;
  return { case: id, ...summarizeRate(opsPerSecSamples.map((r) => 1000 / r)) };
}

export function costSource(result: ResultFile, file: string): CostSource {
  const costs = new Map<string, CalibratedCost>();
  const parallel = new Map<string, NonNullable<ConsensusCosts['parallel']>['points']>();
  const add = (c: CalibratedCost) => {
    if (!costs.has(c.case)) costs.set(c.case, c);
  };
  // First what calibration measured there; costs that file itself read from yet another file are
  // not that machine's and are passed over.
  for (const c of result.cases) {
    if (c.kind !== 'consensus' || c.status !== 'ok' || c.costs?.source.kind !== 'measured') continue;
    const { voteSignMs, voteVerifyMs, txVerifyMs, merkleMs, bls } = c.costs;
    [voteSignMs, voteVerifyMs, merkleMs].forEach(add);
    if (txVerifyMs) add(txVerifyMs);
    for (const p of [...(bls?.aggregateVerify ?? []), ...(bls?.aggregate ?? [])]) add(p.ms);
    const together = c.costs.parallel;
    // Keyed by the check at one thread: the same primitive may be a transaction check there and a vote check here.
    const one = together?.operation === 'voteVerify' ? voteVerifyMs : txVerifyMs;
    if (together && one && !parallel.has(one.case)) parallel.set(one.case, together.points);
  }
  for (const c of result.cases) {
    if (c.kind !== 'primitive' || c.status !== 'ok' || c.threads !== 1 || costs.has(c.id)) continue;
    const cost = primitiveCost(c.id, c.metrics.opsPerSec.samples);
    if (cost) costs.set(c.id, cost);
  }
  return { file, host: result.system.hostname, fingerprint: result.system.fingerprint, costs, parallel };
}

/** Read a result file (untrusted: the reader checks every field) for its costs. */
export function readCostSource(file: string): CostSource {
  return costSource(readResultFile(file), file);
}

/**
 * The costs of one planned case from the source; a missing operation is an InputError naming it
 * and the case. With validators of more than one core, the source's parallel points for the
 * case's split check, when it has them.
 */
export function costsFor(
  source: CostSource,
  spec: ConsensusSpec,
  neededBy: string,
  validatorCores = 1,
): ConsensusCosts {
  const byName = new Map<string, CalibratedCost>();
  for (const { name, spec: s } of calibrationSpecs(spec)) {
    const id = caseId(s, 1);
    const cost = source.costs.get(id);
    if (!cost)
      throw new InputError(
        source.file,
        '',
        `has no calibrated cost for ${id} (needed by ${neededBy}); run it there with scenarios/consensus.json${
          s.op === 'merkle' && s.leafBytes !== undefined && s.leafBytes !== DEFAULT_LEAF_BYTES
            ? ` (a Merkle root over the block's ${s.leafBytes}-byte leaves, which primitive cases do not measure)`
            : ' or a primitive scenario with that case'
        }`,
      );
    byName.set(name, cost);
  }
  const costs = assembleCosts(spec, byName, {
    kind: 'file',
    file: source.file,
    host: source.host,
    fingerprint: source.fingerprint,
  });
  const operation = parallelOperation(spec);
  const points = source.parallel.get(
    ((operation === 'txVerify' ? costs.txVerifyMs : undefined) ?? costs.voteVerifyMs).case,
  );
  if (validatorCores > 1 && points) costs.parallel = { operation, points };
  return costs;
}
