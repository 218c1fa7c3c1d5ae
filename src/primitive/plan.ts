/** Expansion of a primitive entry into planned cases, and how those cases are named. */
import { defaultBackends } from '../workloads/backends/index.js';
import { defaultThreadCounts } from '../pool/pool.js';
import { DEFAULTS } from '../scenario/plan.js';
import { caseId } from '../results/case-id.js';
import { workloadSpec, type WorkloadSpec } from '../workloads/types.js';
import { OP_PARAMS, type PrimitiveCaseInput } from './input.js';
import type { ExpandContext } from '../scenario/kind.js';

/** One primitive case of a resolved plan: everything needed to run it, all defaults filled in. */
export interface PlannedPrimitiveCase {
  id: string;
  kind: 'primitive';
  spec: WorkloadSpec;
  threads: number;
  timeMs: number;
  warmupMs: number;
  repeat: number;
  thresholdPct?: number;
}

/** Parameter values used when an entry names none. */
/** A copy case's buffer when the entry names none: far past any last-level cache, so a DRAM figure. */
const DEFAULT_COPY_BYTES = 64 << 20;
const DEFAULT_PARAMS = { sizes: [32, 1024, 65536], leaves: [1024], k: [64], rounds: [1000] } as const;

export { caseId, formatSize, paramLabel } from '../results/case-id.js';

export function expandPrimitive(c: PrimitiveCaseInput, ctx: ExpandContext<PrimitiveCaseInput>): PlannedPrimitiveCase[] {
  const { over, scenario: s } = ctx;
  const threadsList = over.threads ?? c.threads ?? s.threads ?? defaultThreadCounts();
  const backends = over.backends ?? c.backends ?? s.backends ?? defaultBackends(ctx.allBackends);
  const param = OP_PARAMS[c.op];
  // Ops without a parameter get one placeholder value, which workloadSpec ignores.
  const defaults = c.op === 'copy' ? [DEFAULT_COPY_BYTES] : param ? DEFAULT_PARAMS[param.field] : [0];
  const values: readonly number[] = param ? (c[param.field] ?? defaults) : [0];
  const out: PlannedPrimitiveCase[] = [];
  for (const algorithm of c.algorithms) {
    for (const backend of backends) {
      for (const value of values) {
        const spec = workloadSpec(c.op, algorithm, backend, value);
        for (const threads of threadsList) {
          out.push({
            id: caseId(spec, threads),
            kind: 'primitive',
            spec,
            threads,
            timeMs: over.timeMs ?? c.timeMs ?? s.timeMs ?? DEFAULTS.timeMs,
            warmupMs: over.warmupMs ?? c.warmupMs ?? s.warmupMs ?? DEFAULTS.warmupMs,
            repeat: over.repeat ?? c.repeat ?? s.repeat ?? DEFAULTS.repeat,
            ...(c.thresholdPct !== undefined ? { thresholdPct: c.thresholdPct } : {}),
          });
        }
      }
    }
  }
  return out;
}

/** The recorded `params` of a spec: its parameter under the spec's own field name. */
export function specParams(spec: WorkloadSpec): { sizeBytes?: number; leaves?: number; k?: number; rounds?: number } {
  const { op: _op, algorithm: _algorithm, backend: _backend, ...params } = spec;
  return params;
}
