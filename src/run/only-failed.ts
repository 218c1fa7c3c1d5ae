/**
 * `run --only-failed <result file>`: a plan of the cases of an earlier run whose status is not ok,
 * followed by the cases it never reached (`run.notRun`: a run stopped by a signal, --bail or a
 * crash), so the same command both re-runs failures and resumes an interrupted run.
 * Each case is rebuilt from what the file records about it (op, algorithm, backend, parameters,
 * threads and settings; for consensus cases the protocol, node count, block, faults, rounds and
 * network), with the run's seed, so the scenario file is not needed. The result file is untrusted:
 * every field used is checked as a scenario's would be, and errors name the file and the field.
 */
import { existsSync, realpathSync } from 'node:fs';
import { resolve } from 'node:path';
import { Fields } from '../core/fields.js';
import { InputError } from '../core/errors.js';
import { readResultFile } from '../results/reader.js';
import { LIMITS, OP_PARAMS } from '../scenario/validate.js';
import { caseId } from '../scenario/plan.js';
import { algorithmsFor } from '../workloads/prepare.js';
import { OPS, type WorkloadSpec } from '../workloads/types.js';
import { CONSENSUS_LIMITS, consensusCaseId } from '../consensus/defaults.js';
import { checkNodes, checkNumber } from '../consensus/scenario.js';
import { FAULT_KINDS, PROTOCOLS, TX_SCHEMES, type ConsensusSpec } from '../consensus/types.js';
import type { ResultFile } from '../results/schema.js';
import type { Plan, PlannedCase, PlannedConsensusCase } from '../scenario/types.js';

/** WorkloadSpec key of each op's parameter list (OP_PARAMS names the scenario's list). */
const SPEC_KEY = { sizes: 'sizeBytes', leaves: 'leaves', k: 'k', rounds: 'rounds' } as const;
const PARAM_KEYS = Object.values(SPEC_KEY);

type Raw = Record<string, unknown>;

/** Which cases of a result file `--only-failed` repeats: every one whose status is not ok. */
export function failedCaseIndices(result: ResultFile): number[] {
  return result.cases.flatMap((c, i) => (c.status === 'ok' ? [] : [i]));
}

export function planFailedCases(result: ResultFile, file: string, knownBackends: readonly string[]): Plan {
  const c = new Fields(file);
  const backendHint = (v: unknown, f: string) => {
    if (typeof v === 'string' && !knownBackends.includes(v))
      c.fail(f, `is ${JSON.stringify(v)}, a backend this run does not have (known: ${knownBackends.join(', ')}); load its module with --backend-module`);
    return c.oneOf(v, f, knownBackends);
  };
  const rebuild = (raw: Raw, at: string) =>
    raw.kind === 'consensus' ? consensusCase(c, raw, at, backendHint) : primitiveCase(c, raw, at, backendHint);
  const cases = failedCaseIndices(result).map((i) => rebuild(result.cases[i] as unknown as Raw, `cases[${i}]`));
  const notRun = notRunRecords(c, result);
  const seen = new Set(cases.map((x) => x.id));
  notRun.forEach((raw, i) => {
    const planned = rebuild(raw, `run.notRun[${i}]`);
    if (seen.has(planned.id)) c.fail(`run.notRun[${i}].id`, `repeats case ${JSON.stringify(planned.id)}`);
    seen.add(planned.id);
    cases.push(planned);
  });
  // Grouped by thread count as a scenario's plan is, so one pool serves every case of a count.
  cases.sort((a, b) => a.threads - b.threads);
  const run = result.run as unknown as Raw;
  const recorded = run.scenario as Raw;
  const scenario: Plan['scenario'] = {
    name: c.string(recorded.name, 'run.scenario.name'),
    file: typeof recorded.file === 'string' ? recorded.file : file,
  };
  if (typeof recorded.description === 'string') scenario.description = recorded.description;
  return { scenario, seed: c.int(run.seed, 'run.seed', 0, LIMITS.seed), cases };
}

function threshold(c: Fields, raw: Raw, at: string): { thresholdPct?: number } {
  if (raw.thresholdPct === undefined) return {};
  return { thresholdPct: checkNumber(c, raw.thresholdPct, `${at}.thresholdPct`, 0, 1000, true) };
}

function primitiveCase(c: Fields, raw: Raw, at: string, backend: (v: unknown, f: string) => string): PlannedCase {
  const op = c.oneOf(raw.op, `${at}.op`, OPS);
  const spec: WorkloadSpec = { op, algorithm: c.oneOf(raw.algorithm, `${at}.algorithm`, algorithmsFor(op)), backend: backend(raw.backend, `${at}.backend`) };
  const params = c.object(raw.params ?? {}, `${at}.params`, PARAM_KEYS);
  const param = OP_PARAMS[op];
  for (const key of PARAM_KEYS) {
    if (params[key] === undefined) continue;
    if (!param || SPEC_KEY[param.field] !== key) c.fail(`${at}.params.${key}`, `is not used by op "${op}"`);
  }
  if (param) {
    const key = SPEC_KEY[param.field];
    spec[key] = c.int(params[key], `${at}.params.${key}`, param.min, param.max);
  }
  const threads = c.int(raw.threads, `${at}.threads`, 1, LIMITS.threads);
  const settings = c.object(raw.settings, `${at}.settings`, ['timeMs', 'warmupMs', 'repeat']);
  return {
    id: caseId(spec, threads),
    kind: 'primitive',
    spec,
    threads,
    timeMs: c.int(settings.timeMs, `${at}.settings.timeMs`, 1, LIMITS.timeMs),
    warmupMs: c.int(settings.warmupMs, `${at}.settings.warmupMs`, 0, LIMITS.warmupMs),
    repeat: c.int(settings.repeat, `${at}.settings.repeat`, 1, LIMITS.repeat),
    ...threshold(c, raw, at),
  };
}

const CONSENSUS_PARAMS = ['nodes', 'f', 'quorum', 'voteScheme', 'txs', 'txScheme', 'txBackend', 'faulty', 'fault'];

function consensusCase(c: Fields, raw: Raw, at: string, backend: (v: unknown, f: string) => string): PlannedConsensusCase {
  const params = c.object(raw.params, `${at}.params`, CONSENSUS_PARAMS);
  const nodes = checkNodes(c, params.nodes, `${at}.params.nodes`);
  const spec: ConsensusSpec = {
    protocol: c.oneOf(raw.protocol, `${at}.protocol`, PROTOCOLS),
    backend: backend(raw.backend, `${at}.backend`),
    nodes,
    txs: c.int(params.txs, `${at}.params.txs`, 1, CONSENSUS_LIMITS.txs),
    txScheme: c.oneOf(params.txScheme, `${at}.params.txScheme`, TX_SCHEMES),
    txBackend: backend(params.txBackend, `${at}.params.txBackend`),
    faulty: c.int(params.faulty, `${at}.params.faulty`, 0, nodes - 1),
    fault: c.oneOf(params.fault, `${at}.params.fault`, FAULT_KINDS),
  };
  const threads = c.int(raw.threads, `${at}.threads`, 1, LIMITS.threads);
  const settings = c.object(raw.settings, `${at}.settings`, ['rounds', 'repeat', 'network']);
  const net = c.object(settings.network, `${at}.settings.network`, ['preset', 'latencyMs', 'bandwidthMbps']);
  return {
    id: consensusCaseId(spec, threads),
    kind: 'consensus',
    spec,
    threads,
    rounds: c.int(settings.rounds, `${at}.settings.rounds`, 1, CONSENSUS_LIMITS.rounds),
    network: {
      preset: c.oneOf(net.preset, `${at}.settings.network.preset`, ['lan', 'wan', 'custom'] as const),
      latencyMs: checkNumber(c, net.latencyMs, `${at}.settings.network.latencyMs`, 0, CONSENSUS_LIMITS.latencyMs),
      bandwidthMbps: checkNumber(c, net.bandwidthMbps, `${at}.settings.network.bandwidthMbps`, 0, CONSENSUS_LIMITS.bandwidthMbps, true),
    },
    ...threshold(c, raw, at),
  };
}

/** `run.notRun`, checked to be a list of objects (each is then checked as it is rebuilt). */
function notRunRecords(c: Fields, result: ResultFile): Raw[] {
  const list = (result.run as unknown as Raw).notRun;
  if (list === undefined) return [];
  if (!Array.isArray(list)) return c.fail('run.notRun', `must be a list, got ${list === null ? 'null' : typeof list}`);
  return list.map((x, i) => {
    if (typeof x !== 'object' || x === null || Array.isArray(x)) c.fail(`run.notRun[${i}]`, `must be an object, got ${x === null ? 'null' : Array.isArray(x) ? 'a list' : typeof x}`);
    return x as Raw;
  });
}

/** How many cases `--only-failed` would run: those not ok plus those not reached. */
export function rerunCount(result: ResultFile): number {
  const notRun = (result.run as unknown as Raw).notRun;
  return failedCaseIndices(result).length + (Array.isArray(notRun) ? notRun.length : 0);
}

/** The plan of `run --only-failed <file>`, or null when every case of the file is ok and none is missing. */
export function loadRerun(file: string, knownBackends: readonly string[]): { plan: Plan; rerunOf: { id: string; file: string } } | null {
  const result = readResultFile(file);
  if (rerunCount(result) === 0) return null;
  return { plan: planFailedCases(result, file, knownBackends), rerunOf: { id: result.run.id, file: resolve(file) } };
}

/** `--out` must not name the file being re-run: --only-failed writes a new file and never changes the old one. */
export function refuseOverwritingSource(out: string, source: string): void {
  const real = (p: string) => (existsSync(p) ? realpathSync(p) : resolve(p));
  if (real(out) === real(source))
    throw new InputError('command line', '--out', `names ${JSON.stringify(source)}, the file being re-run; --only-failed writes a new result file and leaves that one as it is`);
}
