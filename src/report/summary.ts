import { palette } from '../format/color.js';
import { ciHalfWidthPct } from '../format/tables.js';
import { renderTable, si, duration, bytesPerSec } from '../format/table.js';
import { withoutThreads } from '../results/case-id.js';
import {
  isConsensusCase,
  isPrimitiveCase,
  type CaseResult,
  type ConsensusCaseResult,
  type PrimitiveCaseResult,
  type ScalingEntry,
} from '../results/schema.js';

/** The 95% CI of a rate's median relative to that median; "—" where there is none (one sample). */
export function ciPercent(ci: [number, number] | null, median: number): string {
  return ci ? ciHalfWidthPct(ci, median) : '—';
}

function statusCell(c: CaseResult, color: boolean): string {
  const pc = palette(color);
  if (c.status === 'ok') return pc.green('ok');
  if (c.status === 'skipped') return pc.dim(`skipped: ${c.error}`);
  return pc.red(`${c.status}: ${c.error}`);
}

/** Up to this many skipped cases get a row each; beyond it they are folded into one line per backend. */
export const SKIPPED_ROWS_MAX = 12;

/**
 * The table printed after `run`: one row per case; consensus cases get a table of their own after
 * the primitives'. A scenario that runs every backend (most of which lack most operations) would
 * bury its measurements under skipped rows: past SKIPPED_ROWS_MAX they are folded into a count per
 * backend; each keeps its row and reason in the result file.
 */
export function summaryTable(cases: CaseResult[], color: boolean): string {
  const consensus = cases.filter(isConsensusCase);
  let primitive = cases.filter(isPrimitiveCase);
  const skipped = primitive.filter((c) => c.status === 'skipped');
  const fold = skipped.length > SKIPPED_ROWS_MAX;
  if (fold) primitive = primitive.filter((c) => c.status !== 'skipped');
  const parts: string[] = [];
  if (primitive.length > 0) parts.push(primitiveTable(primitive, color));
  if (fold) parts.push(skippedSummary(skipped, color));
  if (consensus.length > 0) parts.push(consensusTable(consensus, color));
  return parts.join('\n\n');
}

/**
 * Skipped cases by backend: how many, and the algorithms it could not run — or, when every one
 * of its cases was skipped for the same reason (a library that could not load), that reason.
 */
export function skippedSummary(skipped: PrimitiveCaseResult[], color: boolean): string {
  const pc = palette(color);
  const byBackend = new Map<string, { count: number; what: Set<string>; reasons: Set<string> }>();
  for (const c of skipped) {
    const entry = byBackend.get(c.backend) ?? { count: 0, what: new Set<string>(), reasons: new Set<string>() };
    entry.count++;
    entry.what.add(c.algorithm);
    if (c.status !== 'ok') entry.reasons.add(c.error);
    byBackend.set(c.backend, entry);
  }
  const width = Math.max(...[...byBackend.keys()].map((b) => b.length));
  const lines = [...byBackend].map(([backend, e]) => {
    const why = e.reasons.size === 1 && e.count > 1 ? [...e.reasons][0]! : `no ${[...e.what].join(', ')}`;
    return `  ${backend.padEnd(width)}  ${String(e.count).padStart(3)}  ${why}`;
  });
  return pc.dim(
    [`${skipped.length} cases skipped, by backend (each case's reason is in the result file):`, ...lines].join('\n'),
  );
}

function primitiveTable(cases: PrimitiveCaseResult[], color: boolean): string {
  const rows = cases.map((c) => {
    const base = [withoutThreads(c.id), c.backend, String(c.threads)];
    if (c.status !== 'ok') return [...base, '', '', '', '', '', statusCell(c, color)];
    const m = c.metrics;
    return [
      ...base,
      si(m.opsPerSec.median),
      ciPercent(m.opsPerSec.ci95, m.opsPerSec.median),
      m.bytesPerSec ? bytesPerSec(m.bytesPerSec.median) : '',
      duration(m.latencyMs.p99),
      m.scalingEfficiency === null ? '' : `${(m.scalingEfficiency * 100).toFixed(0)}%`,
      statusCell(c, color),
    ];
  });
  return renderTable(
    [
      { header: 'case' },
      { header: 'backend' },
      { header: 'threads', align: 'right' },
      { header: 'ops/s (median)', align: 'right' },
      { header: '95% CI', align: 'right' },
      { header: 'bytes/s', align: 'right' },
      { header: 'p99 latency', align: 'right' },
      { header: 'efficiency', align: 'right' },
      { header: 'status' },
    ],
    rows,
  );
}

/** A per-round count: exact when small, else with a k/M suffix. */
const count = (n: number): string => (Number.isInteger(n) && n < 1000 ? String(n) : si(n));

/**
 * Consensus cases: host and modeled round time (p50), committed tx/s and the work of one round.
 * With pipelined protocols in the list, a column says whether a row's times are per round or per
 * view, and another gives the modeled commit latency, which for them spans several views.
 */
export function consensusTable(cases: ConsensusCaseResult[], color: boolean): string {
  const pipelined = cases.some((c) => c.params.commitChain !== undefined);
  const rows = cases.map((c) => {
    const base = [withoutThreads(c.id), String(c.threads), String(c.params.nodes)];
    const per = pipelined
      ? [c.params.commitChain === undefined ? 'round' : `view (${c.params.commitChain}-chain)`]
      : [];
    if (c.status !== 'ok')
      return [...base, ...per, '', '', ...(pipelined ? [''] : []), '', '', '', '', '', '', '', statusCell(c, color)];
    const m = c.metrics;
    return [
      ...base,
      ...per,
      m.hostRoundMs ? duration(m.hostRoundMs.p50) : '—',
      m.modeledRoundMs ? duration(m.modeledRoundMs.p50) : '—',
      ...(pipelined ? [m.modeledCommitMs ? duration(m.modeledCommitMs.p50) : '—'] : []),
      si(m.committedTxPerSec.median),
      si(m.modeledCommittedTxPerSec.median),
      count(m.messagesPerRound),
      `${count(m.bytesPerRound)}B`,
      count(m.signaturesPerRound),
      count(m.verificationsPerRound),
      `${m.committedRounds}/${c.settings.rounds}`,
      statusCell(c, color),
    ];
  });
  return renderTable(
    [
      { header: 'consensus case' },
      { header: 'threads', align: 'right' },
      { header: 'n', align: 'right' },
      ...(pipelined ? [{ header: 'per' }] : []),
      { header: pipelined ? 'host p50' : 'host round p50', align: 'right' as const },
      { header: pipelined ? 'modeled p50' : 'modeled round p50', align: 'right' as const },
      ...(pipelined ? [{ header: 'modeled commit p50', align: 'right' as const }] : []),
      { header: 'tx/s host', align: 'right' },
      { header: 'tx/s modeled', align: 'right' },
      { header: 'msgs', align: 'right' },
      { header: 'bytes', align: 'right' },
      { header: 'sigs', align: 'right' },
      { header: 'verifs', align: 'right' },
      { header: 'committed', align: 'right' },
      { header: 'status' },
    ],
    rows,
  );
}

/**
 * Per series and metric: round time = fixed part + a·n^b (or ∝ n^b with too few points for a fixed
 * part), the fit's R², and the knee of committed tx/s.
 */
export function scalingTable(entries: ScalingEntry[]): string {
  return renderTable(
    [
      { header: 'series' },
      { header: 'round time' },
      { header: 'fixed part', align: 'right' },
      { header: 'exponent', align: 'right' },
      { header: 'R²', align: 'right' },
      { header: 'points', align: 'right' },
      { header: 'knee (tx/s halves)', align: 'right' },
    ],
    entries.map((e) => [
      e.series,
      e.metric === 'hostRoundMs' ? 'host' : e.metric === 'modeledRoundMs' ? 'modeled' : e.metric,
      e.base === undefined ? '' : duration(e.base),
      e.exponent.toFixed(2),
      e.r2.toFixed(3),
      e.points === undefined ? '' : String(e.points),
      e.knee === null ? 'none' : `n = ${e.knee}`,
    ]),
  );
}
