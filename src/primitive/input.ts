import type { Fields } from '../core/fields.js';
/** A primitive entry of a scenario file (`"op": "hash"`, `"verify"`, …) and its validation. */
import { timing } from '../scenario/validate.js';
import { OPS, type Op } from '../workloads/types.js';
import { algorithmsFor } from '../workloads/prepare.js';
import type { ValidateContext } from '../scenario/kind.js';

export interface PrimitiveCaseInput {
  op: Op;
  algorithms: string[];
  backends?: string[];
  threads?: number[];
  /** `hash`: message sizes in bytes; `copy`: buffer sizes in bytes. */
  sizes?: number[];
  /** `merkle`: leaf counts. */
  leaves?: number[];
  /** `fast-aggregate-verify` / `aggregate-verify` / `verify-batch`: signatures per aggregate or batch. */
  k?: number[];
  /** `spin`: SHA-256 rounds per operation. */
  rounds?: number[];
  timeMs?: number;
  warmupMs?: number;
  repeat?: number;
  /** Regression threshold for `chainmark check`, percent; overrides --threshold for these cases. */
  thresholdPct?: number;
}

const CASE_FIELDS = [
  'op',
  'algorithms',
  'backends',
  'threads',
  'sizes',
  'leaves',
  'k',
  'rounds',
  'timeMs',
  'warmupMs',
  'repeat',
  'thresholdPct',
] as const;

/** The scenario's name for each op's parameter list. */
export type ParamList = 'sizes' | 'leaves' | 'k' | 'rounds';

/** Which parameter list each op takes, with its bounds. */
export const OP_PARAMS: Partial<Record<Op, { field: ParamList; min: number; max: number }>> = {
  hash: { field: 'sizes', min: 0, max: 64 << 20 },
  merkle: { field: 'leaves', min: 1, max: 1 << 20 },
  'fast-aggregate-verify': { field: 'k', min: 1, max: 4096 },
  'aggregate-verify': { field: 'k', min: 1, max: 4096 },
  aggregate: { field: 'k', min: 1, max: 4096 },
  'verify-batch': { field: 'k', min: 2, max: 4096 },
  spin: { field: 'rounds', min: 1, max: 10_000_000 },
  copy: { field: 'sizes', min: 1, max: 1 << 30 },
};

export function validatePrimitiveCase(raw: unknown, field: string, ctx: ValidateContext): PrimitiveCaseInput {
  const c: Fields = ctx.fields;
  const o = c.object(raw, field, CASE_FIELDS);
  const op = c.oneOf(o.op, `${field}.op`, OPS);
  const algorithms = c.list(o.algorithms, `${field}.algorithms`, (v, f) => c.oneOf(v, f, algorithmsFor(op)), 32);
  const out: PrimitiveCaseInput = { op, algorithms, ...timing(c, o, field) };
  const backends = c.optional(o, 'backends', field, ctx.backendList);
  if (backends) out.backends = backends;
  const threads = c.optional(o, 'threads', field, ctx.threadList);
  if (threads) out.threads = threads;
  const param = OP_PARAMS[op];
  for (const name of ['sizes', 'leaves', 'k', 'rounds'] as const) {
    if (o[name] === undefined) continue;
    if (param?.field !== name)
      c.fail(`${field}.${name}`, `is not used by op "${op}"${param ? ` (it takes ${param.field})` : ''}`);
    out[name] = c.list(o[name], `${field}.${name}`, (v, f) => c.int(v, f, param.min, param.max), 64);
  }
  const threshold = o.thresholdPct;
  if (threshold !== undefined) {
    if (typeof threshold !== 'number' || !(threshold > 0 && threshold <= 1000))
      c.fail(`${field}.thresholdPct`, `must be a number in (0, 1000], got ${JSON.stringify(threshold)}`);
    out.thresholdPct = threshold;
  }
  return out;
}
