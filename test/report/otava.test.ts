import { describe, expect, it } from 'vitest';
import { EXPORTERS, findExporter } from '../../src/report/exporters.js';
import { OTAVA_ATTRIBUTES, renderOtava } from '../../src/report/otava.js';
import { reportFixture, withHost } from './fixture.js';
import { HISTORY, history, historyLabels } from './history.js';

/**
 * Apache Otava's CSV source as its docs and importer describe it: a header row naming a time
 * column, attribute columns (copied as text) and metric columns (each cell read as a float), then
 * one row per run with as many fields as the header. These fixtures have no field that needs
 * quoting (otava-python.test.ts reads hostile ones with Python's csv module, Otava's own reader).
 */
function table(text: string) {
  expect(text).not.toContain('"');
  const [header, ...rows] = text.split('\n').map((l) => l.split(','));
  for (const r of rows) expect(r).toHaveLength(header!.length);
  const col = (name: string) => rows.map((r) => r[header!.indexOf(name)]!);
  return { header: header!, rows, col };
}

/** What Python's float() accepts from us: a decimal or exponent number. */
const FLOAT = /^\d+(?:\.\d+)?(?:e[+-]?\d+)?$/;
const render = (results = history(), labels = historyLabels()) => renderOtava(results, { metric: 'opsPerSec', labels });

describe('Apache Otava CSV history', () => {
  it('is registered as otava with its own extension', () => {
    const e = EXPORTERS.find((x) => x.name === 'otava')!;
    expect(e.extension).toBe('.otava.csv');
    expect(findExporter('otava')!.render(history(), { metric: 'opsPerSec' })).toBe(
      renderOtava(history(), { metric: 'opsPerSec' }),
    );
  });

  it('one row per file ordered by time, then the attributes, then one column per case metric', () => {
    const { header, rows, col } = table(render());
    expect(header.slice(0, 1 + OTAVA_ATTRIBUTES.length)).toEqual([
      'time',
      'commit',
      'dirty',
      'run',
      'file',
      'host',
      'fingerprint',
      'scenario',
      'status',
    ]);
    expect(rows).toHaveLength(3);
    // Given c, a, b: written a, b, c, each at its start time in Otava's format (UTC).
    expect(col('file')).toEqual(['run-a.json', 'run-b.json', 'run-c.json']);
    expect(col('time')).toEqual([
      '2026-03-01 12:00:00 +0000',
      '2026-03-02 12:00:00 +0000',
      '2026-03-03 12:00:00 +0000',
    ]);
    expect(col('commit')).toEqual([HISTORY[1]!.commit, HISTORY[2]!.commit, HISTORY[0]!.commit]);
    const metrics = header.slice(1 + OTAVA_ATTRIBUTES.length);
    expect(metrics).toContain('hash/sha256/node/1KiB/t1.opsPerSec');
    expect(metrics).toContain('consensus/pbft/node/n16/t1.modeledRoundMs');
    expect(new Set(metrics).size).toBe(metrics.length);
    // Medians in the metric's own unit: 400000 ops/s, then 10% and 20% slower.
    expect(col('hash/sha256/node/1KiB/t1.opsPerSec').map(Number)).toEqual([400000, 363636.363636, 333333.333333]);
    expect(col('consensus/pbft/node/n16/t1.hostRoundMs').map(Number)).toEqual([250, 275, 300]);
  });

  it('every metric cell is a float, or empty where the case was not measured in that run', () => {
    const { header, rows, col } = table(render());
    for (const r of rows)
      for (const cell of r.slice(1 + OTAVA_ATTRIBUTES.length)) expect(cell).toMatch(new RegExp(`${FLOAT.source}|^$`));
    // The middle run's verify case errored: its cells are empty, never a made-up figure.
    expect(col('verify/ed25519/noble/t2.opsPerSec')).toEqual(['1700', '', '1416.66666667']);
    // Cases never measured (errored, skipped in every run) get no column.
    expect(header.some((h) => h.startsWith('sign/bls12-381/') || h.startsWith('hash/blake3/'))).toBe(false);
  });

  it('orders runs of the same second by commit', () => {
    const runs = history().map((r) => ({ ...r, run: { ...r.run, startedAt: '2026-03-05T08:00:00.000Z' } }));
    expect(
      table(render(runs))
        .col('commit')
        .map((c) => c[0]),
    ).toEqual(['a', 'b', 'c']);
  });

  it('refuses files of different machines, naming the file and the field', () => {
    expect(() => render([reportFixture(), withHost('bench-02')], ['a.json', 'b.json'])).toThrow(
      /^b\.json: system\.fingerprint is "fedcba9876543210" but a\.json has "0123456789abcdef"/,
    );
  });

  it('refuses files with nothing measured', () => {
    const r = reportFixture();
    r.cases = r.cases.filter((c) => c.status !== 'ok');
    expect(() => render([r], ['x.json'])).toThrow(/^x\.json: cases have no ok case with a figure/);
  });
});
