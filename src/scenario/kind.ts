/**
 * The contract every kind of case implements. A kind validates its entries of a scenario file,
 * expands them into planned cases, names each case and the head its result records, runs it, and
 * rebuilds it from a recorded result (`run --only-failed`). The scenario reader, the planner and
 * the runner are generic over this contract; the kinds are listed once, in src/kinds/index.ts.
 */
import type { Fields } from '../core/fields.js';
import type { CaseResult, NotRunCase, PublishedSeries, ScalingEntry, Warning } from '../results/schema.js';
import type { Backend } from '../workloads/types.js';
import type { RunOverrides, ScenarioInput } from './types.js';

/** What every planned case has, whatever its kind. */
export interface PlannedCaseBase {
  id: string;
  /** The kind's name, recorded as the result's `kind`. */
  kind: string;
  threads: number;
  /** Regression threshold for the CI gate, percent, when the scenario sets one. */
  thresholdPct?: number;
}

/** Validators shared by every kind's scenario entries. */
export interface ValidateContext {
  fields: Fields;
  knownBackends: readonly string[];
  /** A list of thread counts (each a positive integer, no repeats). */
  threadList(value: unknown, field: string): number[];
  /** A list of backend names this run has. */
  backendList(value: unknown, field: string): string[];
}

export interface ExpandContext<Input> {
  file: string;
  /** Position of the entry in the scenario's `cases`, for error messages. */
  index: number;
  scenario: ScenarioInput<unknown>;
  /** Every entry of this kind in the scenario, in order (the one being expanded among them). */
  siblings: readonly Input[];
  over: RunOverrides;
  allBackends: readonly string[];
}

export interface RebuildContext {
  fields: Fields;
  /** A backend name as recorded; one this run lacks is an error that says how to load it. */
  backend(value: unknown, field: string): string;
}

/** A worker pool as the runner owns it: created for a kind and a thread count, destroyed between. */
export interface OwnedPool {
  readonly threads: number;
  destroy(): Promise<void>;
}

export interface RunContext<Pool extends OwnedPool> {
  seed: number;
  backends: Map<string, Backend>;
  backendModules: string[];
  /** The kind's pool at the case's thread count, created on first use and kept while cases share it. */
  pool(): Pool;
  /** Self-test outcomes shared across cases of a run: each known-answer test runs once. */
  selfTests: Map<string, string | null>;
  /** A value computed once per run and key, shared by the cases that need it (a calibration, say). */
  memo<T>(key: string, compute: () => Promise<T>): Promise<T>;
  signal?: AbortSignal;
}

/** What a kind derives from all the cases of a run, recomputed after every case. */
export interface Derived {
  scaling: ScalingEntry[];
  warnings: Warning[];
}

export interface CaseKind<Input, Planned extends PlannedCaseBase, Result extends CaseResult, Pool extends OwnedPool> {
  readonly name: Planned['kind'] & Result['kind'];
  /** Whether a scenario entry belongs to this kind; kinds are asked in the registry's order. */
  claims(entry: object): boolean;
  /** A scenario entry, checked field by field; errors name the file, the field and the value. */
  validate(raw: unknown, field: string, ctx: ValidateContext): Input;
  /**
   * Checks across the whole plan, once per plan with every entry of this kind (possibly none):
   * e.g. a flag of this kind given for a scenario that has no case of it.
   */
  checkPlan?(entries: readonly Input[], file: string, over: RunOverrides): void;
  /** The planned cases of one entry, all defaults and overrides applied. */
  expand(input: Input, ctx: ExpandContext<Input>): Planned[];
  /** Published measurements an entry cites, for the result file, given the cases planned from it. */
  published?(input: Input, planned: readonly Planned[]): PublishedSeries[];
  /** The fields every result of this case records, whatever its status (also how `run.notRun` lists it). */
  head(c: Planned): NotRunCase;
  /** Run the case; `aborted` when the run's signal stopped it. A failure is a result, never a throw. */
  run(c: Planned, ctx: RunContext<Pool>): Promise<Result | 'aborted'>;
  /** A planned case again from what a result file recorded about it (untrusted input). */
  rebuild(raw: Readonly<Record<string, unknown>>, at: string, ctx: RebuildContext): Planned;
  /** Expected duration, ms, for the progress estimate. */
  nominalMs(c: Planned): number;
  createPool(threads: number, workerMemoryMb?: number): Pool;
  /** Run-level fields derived from the cases (fills derived fields of its own cases in place). */
  derive?(cases: CaseResult[]): Derived;
}
