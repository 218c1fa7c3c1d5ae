/**
 * What `compare` and the CI gate warn about, as data: a renderer decides by code what to show
 * loudly, and never matches the text, which is for people and may be reworded.
 */
export type CompareWarningCode =
  /** The files come from different host fingerprints: differences may be the machines'. */
  | 'different-machines'
  /** A file's run was interrupted or failed, so cases may be missing. */
  | 'run-incomplete'
  /** The load average exceeded the logical cores: other work shared the CPU. */
  | 'machine-busy'
  | 'seed-differs'
  | 'scenario-differs'
  /** A case was run with other parameters in one file than in another. */
  | 'parameters-differ'
  /** Gate verdicts tested the windows of single runs rather than one median per run. */
  | 'single-run-windows'
  /** compare left differences between single runs unmarked: within the single-run floor. */
  | 'single-run-floor'
  /** The compared metric is not registered, so no ratio is marked faster or slower. */
  | 'direction-unknown';

export interface CompareWarning {
  code: CompareWarningCode;
  /** One line for people, complete on its own. */
  message: string;
  /** The ids of the cases it is about, when it is about some. */
  cases?: string[];
}
