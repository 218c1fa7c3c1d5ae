/** The writer and the run of a result file: who wrote it, what ran, when, how it ended. */
import { shown } from '../core/errors.js';
import { isObject } from '../core/guards.js';
import type { ResultFields } from './result-fields.js';
import { CASE_KINDS, RUN_STATUSES, type NotRunCase, type ResultFile, type RunInfo } from './schema.js';

export function checkTool(f: ResultFields, value: unknown): ResultFile['tool'] {
  const tool = f.record(value, 'tool');
  if (tool.name !== 'chainmark') f.fail('tool.name', `must be "chainmark", got ${shown(tool.name)}`);
  f.string(tool.version, 'tool.version');
  return value as ResultFile['tool'];
}

/** null, "a list" or the type: the words `run --only-failed` has always used for this list. */
const kindOf = (v: unknown): string => (v === null ? 'null' : Array.isArray(v) ? 'a list' : typeof v);

/**
 * The cases a stopped run did not reach. Only what every reader relies on is checked here (an id
 * and a kind); `run --only-failed` checks the rest as it rebuilds each case.
 */
function checkNotRun(f: ResultFields, value: unknown, at: string): NotRunCase[] {
  if (!Array.isArray(value)) return f.fail(at, `must be a list, got ${kindOf(value)}`);
  value.forEach((v: unknown, i) => {
    const field = `${at}[${i}]`;
    if (!isObject(v)) return f.fail(field, `must be an object, got ${kindOf(v)}`);
    f.string(v.id, `${field}.id`);
    f.among(v.kind, `${field}.kind`, CASE_KINDS);
  });
  return value as NotRunCase[];
}

export function checkRun(f: ResultFields, value: unknown): RunInfo {
  const run = f.record(value, 'run');
  for (const k of ['id', 'startedAt', 'status'] as const) f.string(run[k], `run.${k}`);
  f.among(run.status, 'run.status', RUN_STATUSES);
  const scenario = f.record(run.scenario, 'run.scenario');
  f.string(scenario.name, 'run.scenario.name');
  f.optional(scenario, 'description', 'run.scenario', f.text);
  f.string(scenario.file, 'run.scenario.file');
  f.string(run.finishedAt, 'run.finishedAt');
  f.finite(run.seed, 'run.seed');
  f.strings(run.argv, 'run.argv');
  f.optional(run, 'stopReason', 'run', f.text);
  f.optional(run, 'rerunOf', 'run', (v, at) => {
    const of = f.record(v, at);
    for (const k of ['id', 'file'] as const) f.string(of[k], `${at}.${k}`);
  });
  f.optional(run, 'notRun', 'run', (v, at) => checkNotRun(f, v, at));
  return value as RunInfo;
}
