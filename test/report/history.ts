/**
 * A short history for the export formats that track runs over time (bencher, otava): the report
 * fixture as three runs of one machine, given out of order, at three commits, each a little
 * slower than the one before, with one case errored in the middle run.
 */
import type { ResultFile } from '../../src/results/schema.js';
import { reportFixture } from './fixture.js';

export interface HistoryRun {
  label: string;
  startedAt: string;
  commit: string;
  /** Every rate divided by it and every time multiplied by it (samples, CI and percentiles too). */
  slowdown: number;
}

export const HISTORY: HistoryRun[] = [
  {
    label: 'run-c.json',
    startedAt: '2026-03-03T12:00:00.000Z',
    commit: 'cccccccccccccccccccccccccccccccccccccccc',
    slowdown: 1.2,
  },
  {
    label: 'run-a.json',
    startedAt: '2026-03-01T12:00:00.000Z',
    commit: 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa',
    slowdown: 1,
  },
  {
    label: 'run-b.json',
    startedAt: '2026-03-02T12:00:00.000Z',
    commit: 'bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb',
    slowdown: 1.1,
  },
];

const scale = (v: unknown, k: number): unknown =>
  typeof v === 'number' ? Number((v * k).toPrecision(12)) : Array.isArray(v) ? v.map((x) => scale(x, k)) : v;

export function historyRun(h: HistoryRun): ResultFile {
  const r = reportFixture();
  r.run.startedAt = h.startedAt;
  r.run.id = `run-${h.commit.slice(0, 1)}`;
  (r.system as { git: { commit: string; dirty: boolean } | null }).git = { commit: h.commit, dirty: false };
  for (const c of r.cases) {
    if (c.status !== 'ok') continue;
    for (const [name, m] of Object.entries(c.metrics as Record<string, unknown>)) {
      const k = name.endsWith('PerSec') ? 1 / h.slowdown : name.endsWith('Ms') ? h.slowdown : null;
      if (k === null || typeof m !== 'object' || m === null) continue;
      const fields = m as Record<string, unknown>;
      for (const f of ['mean', 'median', 'ci95', 'samples', 'p50', 'p95', 'p99'])
        if (f in fields) fields[f] = scale(fields[f], k);
    }
  }
  if (h.slowdown === 1.1) {
    const i = r.cases.findIndex((c) => c.id === 'verify/ed25519/noble/t2');
    const { metrics: _metrics, ...rest } = r.cases[i] as { metrics: unknown };
    r.cases[i] = { ...rest, status: 'errored', error: 'worker exited' } as unknown as ResultFile['cases'][number];
  }
  return r;
}

export const history = (): ResultFile[] => HISTORY.map(historyRun);
export const historyLabels = (): string[] => HISTORY.map((h) => h.label);
