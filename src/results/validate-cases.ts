/**
 * The cases of a result file: the head every case has (what was run, with which settings), then
 * its measurements when it is ok or its error when it is not. Each kind has its own head and
 * metrics; anything a newer chainmark adds beside them is left alone.
 */
import { shown } from '../core/errors.js';
import { isFiniteNumber } from '../core/guards.js';
import type { ResultFields } from './result-fields.js';
import { CASE_KINDS, CASE_STATUSES, type CaseResult } from './schema.js';
import { checkConsensusMetrics, checkCosts, checkPrimitiveMetrics, checkWarmup } from './validate-metrics.js';
import { checkQualificationHead, checkQualificationOutcome } from './validate-qualification.js';

type Obj = Record<string, unknown>;

const PRIMITIVE_PARAMS = ['sizeBytes', 'leaves', 'k', 'rounds'] as const;
const CONSENSUS_COUNTS = ['f', 'quorum', 'txs', 'faulty'] as const;
const CONSENSUS_NAMES = ['voteScheme', 'txScheme', 'txBackend', 'fault'] as const;

function checkPrimitiveHead(f: ResultFields, c: Obj, at: string): void {
  for (const k of ['op', 'algorithm', 'backend'] as const) f.string(c[k], `${at}.${k}`);
  const params = f.record(c.params, `${at}.params`);
  for (const k of PRIMITIVE_PARAMS) f.optional(params, k, `${at}.params`, f.num);
  const settings = f.record(c.settings, `${at}.settings`);
  for (const k of ['timeMs', 'warmupMs', 'repeat'] as const) f.finite(settings[k], `${at}.settings.${k}`);
}

/** A geo network's regions and their one-way latencies: a square matrix of the regions' size, each entry ≥ 0. */
function checkGeo(f: ResultFields, value: unknown, at: string): unknown {
  const geo = f.record(value, at);
  f.string(geo.source, `${at}.source`);
  const regions = f.strings(geo.regions, `${at}.regions`);
  if (regions.length === 0) f.fail(`${at}.regions`, 'must name at least one region');
  const rows = f.items(geo.oneWayMs, `${at}.oneWayMs`, (row, field) => f.amounts(row, field));
  if (rows.length !== regions.length)
    f.fail(`${at}.oneWayMs`, `must have a row per region (${regions.length}), got ${rows.length}`);
  rows.forEach((row, i) => {
    if (row.length !== regions.length)
      f.fail(`${at}.oneWayMs[${i}]`, `must have an entry per region (${regions.length}), got ${row.length}`);
  });
  return value;
}

function checkConsensusHead(f: ResultFields, c: Obj, at: string): void {
  f.string(c.protocol, `${at}.protocol`);
  const params = f.record(c.params, `${at}.params`);
  const nodes = params.nodes;
  if (typeof nodes !== 'number' || !Number.isInteger(nodes) || nodes < 1)
    f.fail(`${at}.params.nodes`, `must be a positive integer, got ${shown(nodes)}`);
  for (const k of CONSENSUS_COUNTS) f.finite(params[k], `${at}.params.${k}`);
  for (const k of CONSENSUS_NAMES) f.string(params[k], `${at}.params.${k}`);
  f.optional(params, 'commitChain', `${at}.params`, f.num);
  f.optional(params, 'txBytes', `${at}.params`, (v, field) =>
    typeof v === 'number' && Number.isInteger(v) && v >= 1
      ? v
      : f.fail(field, `must be a positive integer, got ${shown(v)}`),
  );
  // A name, as txScheme is: a mode a newer chainmark adds still reads (rebuilding a case checks the known ones).
  f.optional(params, 'payload', `${at}.params`, f.text);
  if (c.op !== 'consensus') f.fail(`${at}.op`, `must be "consensus" for a consensus case, got ${shown(c.op)}`);
  for (const k of ['algorithm', 'backend'] as const) f.string(c[k], `${at}.${k}`);
  const settings = f.record(c.settings, `${at}.settings`);
  for (const k of ['rounds', 'repeat'] as const) f.finite(settings[k], `${at}.settings.${k}`);
  const network = f.record(settings.network, `${at}.settings.network`);
  f.string(network.preset, `${at}.settings.network.preset`);
  for (const k of ['latencyMs', 'bandwidthMbps'] as const) f.finite(network[k], `${at}.settings.network.${k}`);
  f.optional(network, 'geo', `${at}.settings.network`, (v, field) => checkGeo(f, v, field));
  f.optional(settings, 'sample', `${at}.settings`, f.num);
  // Absent in files written before validators had more than one core.
  f.optional(settings, 'validatorCores', `${at}.settings`, (v, field) => f.int(v, field, 1, Number.MAX_SAFE_INTEGER));
}

function checkCase(f: ResultFields, value: unknown, at: string, ids: Set<string>): CaseResult {
  const c = f.record(value, at);
  if (typeof c.id !== 'string' || c.id === '')
    return f.fail(`${at}.id`, `must be a non-empty string, got ${shown(c.id)}`);
  if (ids.has(c.id)) f.fail(`${at}.id`, `repeats ${shown(c.id)}`);
  ids.add(c.id);
  f.among(c.status, `${at}.status`, CASE_STATUSES);
  f.finite(c.threads, `${at}.threads`);
  f.among(c.kind, `${at}.kind`, CASE_KINDS);
  const consensus = c.kind === 'consensus';
  const qualification = c.kind === 'qualification';
  if (consensus) checkConsensusHead(f, c, at);
  else if (qualification) checkQualificationHead(f, c, at);
  else checkPrimitiveHead(f, c, at);
  // The same wording as the gate's, which reads the threshold of cases built in memory too.
  f.optional(c, 'thresholdPct', at, (v, field) =>
    isFiniteNumber(v) && v >= 0 ? v : f.fail(field, `must be a number ≥ 0, got ${shown(v)}`),
  );
  f.finite(c.wallMs, `${at}.wallMs`);
  if (qualification) checkQualificationOutcome(f, c, at);
  if (c.status !== 'ok') {
    if (typeof c.error !== 'string')
      f.fail(`${at}.error`, `must be a string for status ${c.status}, got ${shown(c.error)}`);
  } else if (qualification) {
    // checked with the outcome above
  } else if (consensus) {
    checkConsensusMetrics(f, c.metrics, `${at}.metrics`);
    f.optional(c, 'costs', at, (v, field) => checkCosts(f, v, field));
    f.optional(c, 'sampled', at, (v, field) => {
      const s = f.record(v, field);
      f.finite(s.validators, `${field}.validators`);
      if (s.hostEstimated !== true) f.fail(`${field}.hostEstimated`, `must be true, got ${shown(s.hostEstimated)}`);
      return v;
    });
  } else {
    checkPrimitiveMetrics(f, c.metrics, `${at}.metrics`);
    f.optional(c, 'warmup', at, (v, field) => checkWarmup(f, v, field));
  }
  return value as CaseResult;
}

/** Every case, with ids unique across the file. */
export function checkCases(f: ResultFields, value: unknown): CaseResult[] {
  const ids = new Set<string>();
  return f.items(value, 'cases', (c, at) => checkCase(f, c, at, ids));
}
