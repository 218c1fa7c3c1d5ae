import { Fields } from '../core/fields.js';
import { DEFAULT_MAX_JSON_BYTES } from '../core/json-file.js';
import { OPS, type Op } from '../workloads/types.js';
import { algorithmsFor } from '../workloads/prepare.js';
import { validateConsensusCase } from '../consensus/scenario.js';
import type { ConsensusCaseInput, PrimitiveCaseInput, ScenarioInput } from './types.js';

/** Scenario files above this size are refused before parsing. */
export const MAX_SCENARIO_BYTES = DEFAULT_MAX_JSON_BYTES;

const TOP_FIELDS = ['name', 'description', 'seed', 'threads', 'timeMs', 'warmupMs', 'repeat', 'backends', 'cases'] as const;
const CASE_FIELDS = ['op', 'algorithms', 'backends', 'threads', 'sizes', 'leaves', 'k', 'rounds', 'timeMs', 'warmupMs', 'repeat', 'thresholdPct'] as const;

/** Which parameter list each op takes, with its bounds. */
export const OP_PARAMS: Partial<Record<Op, { field: 'sizes' | 'leaves' | 'k' | 'rounds'; min: number; max: number }>> = {
  hash: { field: 'sizes', min: 0, max: 64 << 20 },
  merkle: { field: 'leaves', min: 1, max: 1 << 20 },
  'fast-aggregate-verify': { field: 'k', min: 1, max: 4096 },
  'aggregate-verify': { field: 'k', min: 1, max: 4096 },
  'verify-batch': { field: 'k', min: 2, max: 4096 },
  spin: { field: 'rounds', min: 1, max: 10_000_000 },
};

export const LIMITS = { threads: 1024, timeMs: 600_000, warmupMs: 600_000, repeat: 1000, seed: 2 ** 32 - 1 } as const;

export function validateScenario(raw: unknown, file: string, knownBackends: readonly string[]): ScenarioInput {
  const c = new Fields(file);
  const o = c.object(raw, '', TOP_FIELDS);
  const threadList = (v: unknown, f: string) => c.list(v, f, (x, g) => c.int(x, g, 1, LIMITS.threads), 64);
  const backendList = (v: unknown, f: string) => c.list(v, f, (x, g) => c.oneOf(x, g, knownBackends), 64);
  const scenario: ScenarioInput = {
    name: c.string(o.name, 'name', /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, 'a name of letters, digits, ".", "_" or "-" (at most 64)'),
    cases: c.list(o.cases, 'cases', (v, f) => validateAnyCase(c, v, f, threadList, backendList, knownBackends), 500),
  };
  const description = c.optional(o, 'description', '', (v, f) => c.string(v, f));
  if (description !== undefined) scenario.description = description;
  const seed = c.optional(o, 'seed', '', (v, f) => c.int(v, f, 0, LIMITS.seed));
  if (seed !== undefined) scenario.seed = seed;
  const threads = c.optional(o, 'threads', '', threadList);
  if (threads) scenario.threads = threads;
  const backends = c.optional(o, 'backends', '', backendList);
  if (backends) scenario.backends = backends;
  Object.assign(scenario, timing(c, o, ''));
  return scenario;
}

function timing(c: Fields, o: Record<string, unknown>, field: string): Pick<PrimitiveCaseInput, 'timeMs' | 'warmupMs' | 'repeat'> {
  const out: Pick<PrimitiveCaseInput, 'timeMs' | 'warmupMs' | 'repeat'> = {};
  const timeMs = c.optional(o, 'timeMs', field, (v, f) => c.int(v, f, 1, LIMITS.timeMs));
  if (timeMs !== undefined) out.timeMs = timeMs;
  const warmupMs = c.optional(o, 'warmupMs', field, (v, f) => c.int(v, f, 0, LIMITS.warmupMs));
  if (warmupMs !== undefined) out.warmupMs = warmupMs;
  const repeat = c.optional(o, 'repeat', field, (v, f) => c.int(v, f, 1, LIMITS.repeat));
  if (repeat !== undefined) out.repeat = repeat;
  return out;
}

/** `"op": "consensus"` cases have their own fields (src/consensus/scenario.ts); every other op is a primitive. */
function validateAnyCase(
  c: Fields,
  raw: unknown,
  field: string,
  threadList: (v: unknown, f: string) => number[],
  backendList: (v: unknown, f: string) => string[],
  knownBackends: readonly string[],
): PrimitiveCaseInput | ConsensusCaseInput {
  const isConsensus = typeof raw === 'object' && raw !== null && (raw as { op?: unknown }).op === 'consensus';
  return isConsensus ? validateConsensusCase(c, raw, field, threadList, backendList, knownBackends) : validateCase(c, raw, field, threadList, backendList);
}

function validateCase(
  c: Fields,
  raw: unknown,
  field: string,
  threadList: (v: unknown, f: string) => number[],
  backendList: (v: unknown, f: string) => string[],
): PrimitiveCaseInput {
  const o = c.object(raw, field, CASE_FIELDS);
  const op = c.oneOf(o.op, `${field}.op`, OPS);
  const algorithms = c.list(o.algorithms, `${field}.algorithms`, (v, f) => c.oneOf(v, f, algorithmsFor(op)), 32);
  const out: PrimitiveCaseInput = { op, algorithms, ...timing(c, o, field) };
  const backends = c.optional(o, 'backends', field, backendList);
  if (backends) out.backends = backends;
  const threads = c.optional(o, 'threads', field, threadList);
  if (threads) out.threads = threads;
  const param = OP_PARAMS[op];
  for (const name of ['sizes', 'leaves', 'k', 'rounds'] as const) {
    if (o[name] === undefined) continue;
    if (param?.field !== name) c.fail(`${field}.${name}`, `is not used by op "${op}"${param ? ` (it takes ${param.field})` : ''}`);
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
