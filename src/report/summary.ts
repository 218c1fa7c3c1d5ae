import { palette } from './color.js';
import { renderTable, si, duration, bytesPerSec } from './table.js';
import { isConsensusCase, type CaseResult, type ConsensusCaseResult, type PrimitiveCaseResult, type ScalingEntry } from '../results/schema.js';

/** ±half-width of the 95% CI as a percentage of the mean. */
export function ciPercent(ci: [number, number], mean: number): string {
  return mean > 0 ? `±${(((ci[1] - ci[0]) / 2 / mean) * 100).toFixed(1)}%` : '';
}

function statusCell(c: CaseResult, color: boolean): string {
  const pc = palette(color);
  if (c.status === 'ok') return pc.green('ok');
  if (c.status === 'skipped') return pc.dim(`skipped: ${c.error}`);
  return pc.red(`${c.status}: ${c.error}`);
}

/** The table printed after `run`: one row per case; consensus cases get a table of their own after the primitives'. */
export function summaryTable(cases: CaseResult[], color: boolean): string {
  const consensus = cases.filter(isConsensusCase);
  const primitive = cases.filter((c): c is PrimitiveCaseResult => !isConsensusCase(c));
  if (consensus.length === 0) return primitiveTable(primitive, color);
  if (primitive.length === 0) return consensusTable(consensus, color);
  return `${primitiveTable(primitive, color)}\n\n${consensusTable(consensus, color)}`;
}

function primitiveTable(cases: PrimitiveCaseResult[], color: boolean): string {
  const rows = cases.map((c) => {
    const base = [c.id.replace(/\/t\d+$/, ''), c.backend, String(c.threads)];
    if (c.status !== 'ok') return [...base, '', '', '', '', '', statusCell(c, color)];
    const m = c.metrics;
    return [
      ...base,
      si(m.opsPerSec.median),
      ciPercent(m.opsPerSec.ci95, m.opsPerSec.mean),
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

/** Consensus cases: host and modeled round time (p50), committed tx/s and the work of one round. */
export function consensusTable(cases: ConsensusCaseResult[], color: boolean): string {
  const rows = cases.map((c) => {
    const base = [c.id.replace(/\/t\d+$/, ''), String(c.threads), String(c.params.nodes)];
    if (c.status !== 'ok') return [...base, '', '', '', '', '', '', '', '', '', statusCell(c, color)];
    const m = c.metrics;
    return [
      ...base,
      m.hostRoundMs ? duration(m.hostRoundMs.p50) : '—',
      m.modeledRoundMs ? duration(m.modeledRoundMs.p50) : '—',
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
      { header: 'host round p50', align: 'right' },
      { header: 'modeled round p50', align: 'right' },
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

/** Per series and metric: the scaling exponent b of round time ∝ n^b, its R², and the knee of committed tx/s. */
export function scalingTable(entries: ScalingEntry[]): string {
  return renderTable(
    [{ header: 'series' }, { header: 'round time' }, { header: 'exponent', align: 'right' }, { header: 'R²', align: 'right' }, { header: 'points', align: 'right' }, { header: 'knee (tx/s halves)', align: 'right' }],
    entries.map((e) => [
      e.series,
      e.metric === 'hostRoundMs' ? 'host' : e.metric === 'modeledRoundMs' ? 'modeled' : e.metric,
      e.exponent.toFixed(2),
      e.r2.toFixed(3),
      e.points === undefined ? '' : String(e.points),
      e.knee === null ? 'none' : `n = ${e.knee}`,
    ]),
  );
}
