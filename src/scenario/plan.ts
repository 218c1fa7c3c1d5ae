import { InputError } from '../core/errors.js';
import type { CaseKind, ExpandContext, OwnedPool, PlannedCaseBase } from './kind.js';
import type { Plan, RunOverrides, ScenarioInput } from './types.js';
import type { CaseResult, PublishedSeries } from '../results/schema.js';

/** Defaults of the top-level timing settings and the seed. */
export const DEFAULTS = { seed: 1, timeMs: 500, warmupMs: 200, repeat: 5 } as const;

/** The part of a kind the planner uses. */
export type PlanningKind<Input, Planned extends PlannedCaseBase> = Pick<
  CaseKind<Input, Planned, CaseResult, OwnedPool>,
  'claims' | 'expand' | 'checkPlan' | 'published'
>;

/**
 * Expand a validated scenario and the command-line overrides into the ordered list of cases:
 * each entry by the kind that claims it, ids unique across the plan, grouped by thread count.
 */
export function resolvePlanWith<Input extends object, Planned extends PlannedCaseBase>(
  kinds: readonly PlanningKind<Input, Planned>[],
  s: ScenarioInput<Input>,
  file: string,
  over: RunOverrides,
  allBackends: readonly string[],
): Plan<Planned> {
  const kindOf = (entry: Input) => kinds.find((k) => k.claims(entry)) ?? kinds[kinds.length - 1]!;
  for (const k of kinds)
    k.checkPlan?.(
      s.cases.filter((e) => kindOf(e) === k),
      file,
      over,
    );
  const planned: Planned[] = [];
  const seen = new Map<string, number>();
  const published: PublishedSeries[] = [];
  s.cases.forEach((entry, index) => {
    const kind = kindOf(entry);
    const ctx: ExpandContext<Input> = {
      file,
      index,
      scenario: s,
      siblings: s.cases.filter((e) => kindOf(e) === kind),
      over,
      allBackends,
    };
    const expanded = kind.expand(entry, ctx);
    published.push(...(kind.published?.(entry, expanded) ?? []));
    for (const pc of expanded) {
      if (seen.has(pc.id))
        throw new InputError(
          file,
          `cases[${index}]`,
          `repeats case ${pc.id}, already planned by cases[${seen.get(pc.id)}]`,
        );
      seen.set(pc.id, index);
      planned.push(pc);
    }
  });
  // Group by thread count (stable), so one pool serves every case of a count.
  planned.sort((a, b) => a.threads - b.threads);
  const scenario: Plan<Planned>['scenario'] = { name: s.name, file };
  if (s.description !== undefined) scenario.description = s.description;
  return {
    scenario,
    seed: over.seed ?? s.seed ?? DEFAULTS.seed,
    cases: planned,
    ...(published.length > 0 ? { published } : {}),
  };
}
