import pc from 'picocolors';
import { renderTable, si, duration, bytesPerSec } from './table.js';
import type { CaseResult } from '../results/schema.js';

/** ±half-width of the 95% CI as a percentage of the mean. */
export function ciPercent(ci: [number, number], mean: number): string {
  return mean > 0 ? `±${(((ci[1] - ci[0]) / 2 / mean) * 100).toFixed(1)}%` : '';
}

function statusCell(c: CaseResult, color: boolean): string {
  const paint = (f: (s: string) => string, s: string) => (color ? f(s) : s);
  if (c.status === 'ok') return paint(pc.green, 'ok');
  if (c.status === 'skipped') return paint(pc.dim, `skipped: ${c.error}`);
  return paint(pc.red, `${c.status}: ${c.error}`);
}

/** The table printed after `run`: one row per case. */
export function summaryTable(cases: CaseResult[], color: boolean): string {
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
      { header: 'ops/s', align: 'right' },
      { header: 'CI95', align: 'right' },
      { header: 'bytes/s', align: 'right' },
      { header: 'p99', align: 'right' },
      { header: 'eff', align: 'right' },
      { header: 'check' },
    ],
    rows,
  );
}
