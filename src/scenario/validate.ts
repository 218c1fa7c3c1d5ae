import { Fields } from '../core/fields.js';
import { DEFAULT_MAX_JSON_BYTES } from '../core/json-file.js';
import { isObject } from '../core/guards.js';
import type { CaseKind, OwnedPool, PlannedCaseBase, ValidateContext } from './kind.js';
import type { ScenarioInput, ScenarioSettings } from './types.js';
import type { CaseResult } from '../results/schema.js';

/** Scenario files above this size are refused before parsing. */
export const MAX_SCENARIO_BYTES = DEFAULT_MAX_JSON_BYTES;

const TOP_FIELDS = [
  'name',
  'description',
  'seed',
  'threads',
  'timeMs',
  'warmupMs',
  'repeat',
  'backends',
  'cases',
] as const;

export const LIMITS = { threads: 1024, timeMs: 600_000, warmupMs: 600_000, repeat: 1000, seed: 2 ** 32 - 1 } as const;

/** The part of a kind the scenario reader uses. */
export type ValidatingKind<Input> = Pick<
  CaseKind<Input, PlannedCaseBase, CaseResult, OwnedPool>,
  'claims' | 'validate'
>;

/** Check a parsed scenario: the top-level settings here, each case by the first kind that claims it. */
export function validateScenarioWith<Input>(
  kinds: readonly ValidatingKind<Input>[],
  raw: unknown,
  file: string,
  knownBackends: readonly string[],
): ScenarioInput<Input> {
  const c = new Fields(file);
  const o = c.object(raw, '', TOP_FIELDS);
  const ctx: ValidateContext = {
    fields: c,
    knownBackends,
    threadList: (v, f) => c.list(v, f, (x, g) => c.int(x, g, 1, LIMITS.threads), 64),
    backendList: (v, f) => c.list(v, f, (x, g) => c.oneOf(x, g, knownBackends), 64),
  };
  const entry = (v: unknown, f: string): Input => {
    // The last kind is the fallback: it validates whatever no other kind claims, and says what is wrong.
    const kind = kinds.find((k) => isObject(v) && k.claims(v)) ?? kinds[kinds.length - 1]!;
    return kind.validate(v, f, ctx);
  };
  const scenario: ScenarioInput<Input> = {
    name: c.string(
      o.name,
      'name',
      /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/,
      'a name of letters, digits, ".", "_" or "-" (at most 64)',
    ),
    cases: c.list(o.cases, 'cases', entry, 500),
  };
  const description = c.optional(o, 'description', '', (v, f) => c.string(v, f));
  if (description !== undefined) scenario.description = description;
  const seed = c.optional(o, 'seed', '', (v, f) => c.int(v, f, 0, LIMITS.seed));
  if (seed !== undefined) scenario.seed = seed;
  const threads = c.optional(o, 'threads', '', ctx.threadList);
  if (threads) scenario.threads = threads;
  const backends = c.optional(o, 'backends', '', ctx.backendList);
  if (backends) scenario.backends = backends;
  Object.assign(scenario, timing(c, o, ''));
  return scenario;
}

/** `timeMs`, `warmupMs` and `repeat`, at the top level or in a case. */
export function timing(
  c: Fields,
  o: Record<string, unknown>,
  field: string,
): Pick<ScenarioSettings, 'timeMs' | 'warmupMs' | 'repeat'> {
  const out: Pick<ScenarioSettings, 'timeMs' | 'warmupMs' | 'repeat'> = {};
  const timeMs = c.optional(o, 'timeMs', field, (v, f) => c.int(v, f, 1, LIMITS.timeMs));
  if (timeMs !== undefined) out.timeMs = timeMs;
  const warmupMs = c.optional(o, 'warmupMs', field, (v, f) => c.int(v, f, 0, LIMITS.warmupMs));
  if (warmupMs !== undefined) out.warmupMs = warmupMs;
  const repeat = c.optional(o, 'repeat', field, (v, f) => c.int(v, f, 1, LIMITS.repeat));
  if (repeat !== undefined) out.repeat = repeat;
  return out;
}
