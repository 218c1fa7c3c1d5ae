/**
 * The kinds of case chainmark runs, listed once. Adding a kind is a folder implementing CaseKind
 * (src/scenario/kind.ts) and one entry in KINDS; its result type joins CaseResult in
 * src/results/schema.ts, the file contract.
 */
import { primitiveKind } from '../primitive/kind.js';
import { consensusKind } from '../consensus/kind.js';
import { qualificationKind } from '../qualify/kind.js';
import { readJsonFile } from '../core/json-file.js';
import { validateScenarioWith } from '../scenario/validate.js';
import { resolvePlanWith } from '../scenario/plan.js';
import type { CaseKind, OwnedPool, PlannedCaseBase } from '../scenario/kind.js';
import type { Plan as PlanOf, RunOverrides, ScenarioInput as ScenarioOf } from '../scenario/types.js';
import type { CaseResult } from '../results/schema.js';

/** In the order they are asked to claim a scenario entry; the last one (primitive) takes the rest. */
const REGISTERED = [consensusKind, qualificationKind, primitiveKind] as const;

type Registered = (typeof REGISTERED)[number];
type InputOf<K> = K extends CaseKind<infer I, PlannedCaseBase, CaseResult, OwnedPool> ? I : never;
type PlannedOf<K> = K extends CaseKind<unknown, infer P, CaseResult, OwnedPool> ? P : never;

/** A scenario entry of any kind. */
export type CaseInput = InputOf<Registered>;
/** A planned case of any kind (PlannedPrimitiveCase | PlannedConsensusCase | …). */
export type PlannedCase = PlannedOf<Registered>;
export type ScenarioInput = ScenarioOf<CaseInput>;
export type Plan = PlanOf<PlannedCase>;

/** A kind with its types erased to the unions above, so the generic layers can hold every kind in one list. */
export type AnyKind = CaseKind<CaseInput, PlannedCase, CaseResult, OwnedPool>;

/**
 * Every kind only ever receives its own entries and cases (entries by `claims`, cases by `kind`,
 * see kindOf), so seeing each through the erased type is sound; TypeScript cannot express the
 * pairing of a kind with its own members of the unions, hence the one cast.
 */
export const KINDS = REGISTERED as unknown as readonly AnyKind[];

export function kindNames(): string[] {
  return KINDS.map((k) => k.name);
}

export function validateScenario(raw: unknown, file: string, knownBackends: readonly string[]): ScenarioInput {
  return validateScenarioWith(KINDS, raw, file, knownBackends);
}

export function loadScenario(file: string, knownBackends: readonly string[]): ScenarioInput {
  return validateScenario(readJsonFile(file), file, knownBackends);
}

/** Expand a validated scenario and the command-line overrides into the ordered list of cases. */
export function resolvePlan(s: ScenarioInput, file: string, over: RunOverrides, allBackends: readonly string[]): Plan {
  return resolvePlanWith(KINDS, s, file, over, allBackends);
}
