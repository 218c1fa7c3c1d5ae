/**
 * A scenario file as the user writes it (scenarios/*.json), and a resolved plan. Generic over the
 * kinds of case: each kind's entry type lives in its own folder (src/primitive/, src/consensus/)
 * and the registry (src/kinds/) names the union. Every field is documented in the README.
 */
import type { PublishedSeries } from '../results/schema.js';

/** Settings a scenario sets for all its cases; every case may override them. */
export interface ScenarioSettings {
  name: string;
  description?: string;
  seed?: number;
  /** Thread counts to sweep; default 1, powers of two, and the machine's parallelism. */
  threads?: number[];
  /** Measuring window per sample, ms. */
  timeMs?: number;
  warmupMs?: number;
  /** Independent samples (windows) per case. */
  repeat?: number;
  backends?: string[];
}

export interface ScenarioInput<Entry> extends ScenarioSettings {
  cases: Entry[];
}

/**
 * Flags that override the scenario file. A kind with flags of its own adds its field to this
 * interface from its folder (declaration merging), e.g. `consensus?: ConsensusOverrides`.
 */
export interface RunOverrides {
  threads?: number[];
  timeMs?: number;
  warmupMs?: number;
  repeat?: number;
  backends?: string[];
  seed?: number;
}

export interface Plan<Planned> {
  scenario: { name: string; description?: string; file: string };
  seed: number;
  cases: Planned[];
  /** Published measurements the entries cite, for the result file's `published` (absent: none). */
  published?: PublishedSeries[];
}
