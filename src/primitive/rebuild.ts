import type { Fields } from '../core/fields.js';
/** A primitive case again from what a result file recorded about it (`run --only-failed`). */
import { LIMITS } from '../scenario/validate.js';
import { algorithmsFor } from '../workloads/prepare.js';
import { OPS, SPEC_PARAM, workloadSpec } from '../workloads/types.js';
import { OP_PARAMS } from './input.js';
import { caseId, type PlannedPrimitiveCase } from './plan.js';
import type { RebuildContext } from '../scenario/kind.js';

const PARAM_KEYS = ['sizeBytes', 'leaves', 'k', 'rounds'] as const;

export function rebuildPrimitive(
  raw: Readonly<Record<string, unknown>>,
  at: string,
  ctx: RebuildContext,
): PlannedPrimitiveCase {
  const c: Fields = ctx.fields;
  const op = c.oneOf(raw.op, `${at}.op`, OPS);
  const algorithm = c.oneOf(raw.algorithm, `${at}.algorithm`, algorithmsFor(op));
  const backend = ctx.backend(raw.backend, `${at}.backend`);
  const params = c.object(raw.params ?? {}, `${at}.params`, PARAM_KEYS);
  const key = SPEC_PARAM[op];
  for (const k of PARAM_KEYS) {
    if (params[k] !== undefined && k !== key) c.fail(`${at}.params.${k}`, `is not used by op "${op}"`);
  }
  const bounds = OP_PARAMS[op];
  const value = key && bounds ? c.int(params[key], `${at}.params.${key}`, bounds.min, bounds.max) : 0;
  const spec = workloadSpec(op, algorithm, backend, value);
  const threads = c.int(raw.threads, `${at}.threads`, 1, LIMITS.threads);
  const settings = c.object(raw.settings, `${at}.settings`, ['timeMs', 'warmupMs', 'repeat']);
  const thresholdPct =
    raw.thresholdPct === undefined ? undefined : c.number(raw.thresholdPct, `${at}.thresholdPct`, 0, 1000, true);
  return {
    id: caseId(spec, threads),
    kind: 'primitive',
    spec,
    threads,
    timeMs: c.int(settings.timeMs, `${at}.settings.timeMs`, 1, LIMITS.timeMs),
    warmupMs: c.int(settings.warmupMs, `${at}.settings.warmupMs`, 0, LIMITS.warmupMs),
    repeat: c.int(settings.repeat, `${at}.settings.repeat`, 1, LIMITS.repeat),
    ...(thresholdPct !== undefined ? { thresholdPct } : {}),
  };
}
