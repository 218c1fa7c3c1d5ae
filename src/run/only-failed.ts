/**
 * `run --only-failed <result file>`: a plan of the cases of an earlier run whose status is not ok,
 * followed by the cases it never reached (`run.notRun`: a run stopped by a signal, --bail or a
 * crash), so the same command both re-runs failures and resumes an interrupted run.
 * Each case is rebuilt by its kind from what the file records about it, with the run's seed, so
 * the scenario file is not needed. The result file is untrusted: every field used is checked as a
 * scenario's would be, and errors name the file and the field.
 */
import { existsSync, realpathSync } from 'node:fs';
import { resolve } from 'node:path';
import { Fields } from '../core/fields.js';
import { InputError } from '../core/errors.js';
import { readResultFile } from '../results/reader.js';
import { LIMITS } from '../scenario/validate.js';
import { KINDS, kindNames, type Plan, type PlannedCase } from '../kinds/index.js';
import type { RebuildContext } from '../scenario/kind.js';
import type { ResultFile } from '../results/schema.js';

/** Which cases of a result file `--only-failed` repeats: every one whose status is not ok. */
export function failedCaseIndices(result: ResultFile): number[] {
  return result.cases.flatMap((c, i) => (c.status === 'ok' ? [] : [i]));
}

export function planFailedCases(result: ResultFile, file: string, knownBackends: readonly string[]): Plan {
  const c = new Fields(file);
  const ctx: RebuildContext = {
    fields: c,
    backend: (v, f) => {
      if (typeof v === 'string' && !knownBackends.includes(v))
        c.fail(
          f,
          `is ${JSON.stringify(v)}, a backend this run does not have (known: ${knownBackends.join(', ')}); load its module with --backend-module`,
        );
      return c.oneOf(v, f, knownBackends);
    },
  };
  const rebuild = (raw: Readonly<Record<string, unknown>>, at: string): PlannedCase => {
    const kind = KINDS.find((k) => k.name === raw.kind) ?? KINDS.find((k) => k.name === 'primitive');
    if (!kind) return c.fail(`${at}.kind`, `must be one of ${kindNames().join(', ')}, got ${JSON.stringify(raw.kind)}`);
    return kind.rebuild(raw, at, ctx);
  };
  // Rebuilt from the record's fields as untrusted data: a kind checks each field it uses.
  const cases = failedCaseIndices(result).map((i) =>
    rebuild(Object.fromEntries(Object.entries(result.cases[i] ?? {})), `cases[${i}]`),
  );
  const seen = new Set(cases.map((x) => x.id));
  (result.run.notRun ?? []).forEach((raw, i) => {
    const planned = rebuild(raw, `run.notRun[${i}]`);
    if (seen.has(planned.id)) c.fail(`run.notRun[${i}].id`, `repeats case ${JSON.stringify(planned.id)}`);
    seen.add(planned.id);
    cases.push(planned);
  });
  // Grouped by thread count as a scenario's plan is, so one pool serves every case of a count.
  cases.sort((a, b) => a.threads - b.threads);
  const recorded = result.run.scenario;
  const scenario: Plan['scenario'] = {
    name: c.string(recorded.name, 'run.scenario.name'),
    file: typeof recorded.file === 'string' ? recorded.file : file,
  };
  if (typeof recorded.description === 'string') scenario.description = recorded.description;
  // The measurements the first run cited go on with its cases (the reader has checked them).
  const published = result.published;
  return {
    scenario,
    seed: c.int(result.run.seed, 'run.seed', 0, LIMITS.seed),
    cases,
    ...(published ? { published } : {}),
  };
}

/** How many cases `--only-failed` would run: those not ok plus those not reached. */
export function rerunCount(result: ResultFile): number {
  return failedCaseIndices(result).length + (result.run.notRun?.length ?? 0);
}

/** The plan of `run --only-failed <file>`, or null when every case of the file is ok and none is missing. */
export function loadRerun(
  file: string,
  knownBackends: readonly string[],
): { plan: Plan; rerunOf: { id: string; file: string } } | null {
  const result = readResultFile(file);
  if (rerunCount(result) === 0) return null;
  return { plan: planFailedCases(result, file, knownBackends), rerunOf: { id: result.run.id, file: resolve(file) } };
}

/** `--out` must not name the file being re-run: --only-failed writes a new file and never changes the old one. */
export function refuseOverwritingSource(out: string, source: string): void {
  const real = (p: string) => (existsSync(p) ? realpathSync(p) : resolve(p));
  if (real(out) === real(source))
    throw new InputError(
      'command line',
      '--out',
      `names ${JSON.stringify(source)}, the file being re-run; --only-failed writes a new result file and leaves that one as it is`,
    );
}
