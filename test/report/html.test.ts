import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { findExporter } from '../../src/report/exporters.js';
import { renderHtmlReport, type HtmlReport } from '../../src/report/html/index.js';
import { cli, tempDir } from '../helpers.js';
import { CONSENSUS_FILE, QUICK_FILE, consensus, otherMachine, quick } from './html-fixtures.js';

/** Each chart's figure: its key, its SVG and the table under it. */
interface Figure {
  key: string;
  svg: string;
  table: string;
}

function figures(html: string): Figure[] {
  return [...html.matchAll(/<figure class="chart" data-chart="([^"]*)">([\s\S]*?)<\/figure>/g)].map((m) => ({
    key: m[1]!,
    svg: /<svg[\s\S]*<\/svg>/.exec(m[2]!)?.[0] ?? '',
    table: /<table>[\s\S]*<\/table>/.exec(m[2]!)?.[0] ?? '',
  }));
}

const figure = (r: HtmlReport, key: string): Figure => {
  const f = figures(r.html).find((x) => x.key === key);
  if (!f) throw new Error(`no chart ${key}`);
  return f;
};
/** Text of every SVG <text> element. */
const svgTexts = (svg: string): string[] => [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]!);
/** Marks drawn by the layer named `name` in charts.ts (Vega names the group `<name>_marks`). */
const layerMarks = (svg: string, name: string): number => {
  // A faceted line layer has one group per series; count the marks of all of them.
  const groups = svg.matchAll(new RegExp(`class="mark-[a-z]+ role-mark ${name}_marks"[^>]*>([\\s\\S]*?)</g>`, 'g'));
  return [...groups].reduce((n, g) => n + (g[1]!.match(/<(path|line|rect)\b/g) ?? []).length, 0);
};
const tableRows = (table: string): string[][] =>
  [...table.matchAll(/<tr>([\s\S]*?)<\/tr>/g)]
    .slice(1)
    .map((m) => [...m[1]!.matchAll(/<td[^>]*>([^<]*)<\/td>/g)].map((c) => c[1]!));
const headers = (table: string): string[] => [...table.matchAll(/<th[^>]*>([^<]*)<\/th>/g)].map((m) => m[1]!);
/** Each legend entry's label and the colour of its symbol. */
const legendColors = (svg: string): [string, string][] =>
  [
    ...svg.matchAll(
      /role-legend-symbol"[^>]*><path[^>]*?fill="(#[0-9a-f]{6})"[\s\S]*?role-legend-label"[^>]*><text[^>]*>([^<]*)<\/text>/g,
    ),
  ].map((m) => [m[2]!, m[1]!]);
/** The elements a layer drew (its group's children), as their attribute text. */
const layerElements = (svg: string, name: string): string[] =>
  [...svg.matchAll(new RegExp(`class="mark-[a-z]+ role-mark ${name}_marks"[^>]*>([\\s\\S]*?)</g>`, 'g'))].flatMap(
    (g) => g[1]!.match(/<(path|line|rect)\b[^>]*>/g) ?? [],
  );
const attr = (element: string, name: string): string | undefined => new RegExp(` ${name}="([^"]*)"`).exec(element)?.[1];
/** tableau10's first three colours, which machines 0, 1, 2 keep in every chart. */
const MACHINE = ['#4c78a8', '#f58518', '#e45756'];

/** `render`, run by the first test that asks for it and shared by the others, which only read the page. */
const once = (render: () => Promise<HtmlReport>) => {
  let report: Promise<HtmlReport> | undefined;
  return () => (report ??= render());
};
// Pages that several tests read: each takes Vega up to a second to draw.
const quickAlone = once(() => renderHtmlReport([quick()]));
const quickAndBoxB = once(() => renderHtmlReport([quick(), otherMachine(quick(), 'box-b', 1.25)]));
const quickTwice = once(() => renderHtmlReport([quick(), quick()], { labels: ['before.json', 'after.json'] }));
const consensusAndBoxB = once(() => renderHtmlReport([consensus(), otherMachine(consensus(), 'box-b', 2)]));
const threeMachines = once(() =>
  renderHtmlReport([quick(), otherMachine(quick(), 'box-b', 1.25), otherMachine(quick(), 'box-c', 0.8)]),
);

describe('HTML report of the quick scenario (primitives only)', () => {
  let report: HtmlReport;
  beforeAll(async () => {
    report = await quickAlone();
  });

  it('draws one ops/s chart per operation and one thread-scaling chart per operation run at 1 and 2 threads', () => {
    const ops = ['hash', 'merkle', 'sign', 'verify', 'fast-aggregate-verify'];
    const expected = [...ops.map((op) => `ops:${op}`), ...ops.map((op) => `threads:${op}`)];
    expect(report.charts).toEqual(expected);
    expect(figures(report.html).map((f) => f.key)).toEqual(expected);
    expect(report.html.match(/<svg /g)).toHaveLength(expected.length);
    expect(report.html).not.toMatch(/id="consensus"|id="comparison"/);
    expect(report.messages).toEqual([]);
  });

  it('shows each algorithm and backend at one thread as a dot with its CI, and tables median, CI and p99', () => {
    const verify = figure(report, 'ops:verify');
    // ed25519 and ECDSA on noble and node, BIP-340 Schnorr and BLS on noble; Schnorr on node was skipped.
    expect(layerMarks(verify.svg, 'median')).toBe(6);
    expect(svgTexts(verify.svg)).toEqual(
      expect.arrayContaining([
        'ed25519',
        'ecdsa-secp256k1',
        'schnorr-secp256k1',
        'bls12-381',
        'noble',
        'node',
        'backend',
        'algorithm',
      ]),
    );
    expect(headers(verify.table)).toEqual(['case', 'backend', 'threads', 'ops/s (median)', '95% CI', 'p99 latency']);
    const rows = tableRows(verify.table);
    expect(rows.map((r) => r[0])).toEqual([
      'verify/ed25519/noble/t1',
      'verify/ed25519/node/t1',
      'verify/ecdsa-secp256k1/noble/t1',
      'verify/ecdsa-secp256k1/node/t1',
      'verify/schnorr-secp256k1/noble/t1',
      'verify/bls12-381/noble/t1',
    ]);
    const c = quick().cases.find((x) => x.id === 'verify/ed25519/node/t1')!;
    if (c.status !== 'ok' || c.kind !== 'primitive') throw new Error('fixture changed');
    // Three significant digits: within 0.5% of the median.
    expect(
      Math.abs(Number(rows[1]![3]!.replace('k', '')) * 1000 - c.metrics.opsPerSec.median) / c.metrics.opsPerSec.median,
    ).toBeLessThan(0.005);
    for (const r of rows) {
      expect(r[4]).toMatch(/^[\d.]+k? – [\d.]+k?$/);
      expect(r[5]).toMatch(/^[\d.]+ (ms|µs)$/);
    }
  });

  it('keeps the file’s order of algorithms when some have no CI to draw', async () => {
    const r = quick();
    for (const c of r.cases)
      if (c.status === 'ok' && c.kind === 'primitive' && c.id.startsWith('verify/ecdsa'))
        c.metrics.opsPerSec.ci95 = [-1, 2];
    const texts = svgTexts(figure(await renderHtmlReport([r]), 'ops:verify').svg);
    const order = ['ed25519', 'ecdsa-secp256k1', 'schnorr-secp256k1', 'bls12-381'];
    expect(texts.filter((t) => order.includes(t))).toEqual(order);
  });

  it('draws thread scaling with the ideal linear line, and tables efficiency', () => {
    const hash = figure(report, 'threads:hash');
    const texts = svgTexts(hash.svg);
    expect(texts).toEqual(
      expect.arrayContaining([
        'measured',
        'ideal: linear from the fewest threads',
        'worker threads',
        'sha256 1KiB · node',
      ]),
    );
    // Four series (sha256 on noble and node, keccak256 and blake3 on noble), each measured and ideal.
    expect(layerMarks(hash.svg, 'lines')).toBe(8);
    const rows = tableRows(hash.table);
    expect(rows).toHaveLength(8);
    for (const r of rows.filter((x) => x[2] === '1')) expect(r[6]).toBe('100%');
    for (const r of rows.filter((x) => x[2] === '2')) expect(r[6]).toMatch(/^\d+%$/);
  });

  it('has a system card with CPU, cores, flags, memory, OS, runtime, libraries, run date and commit', () => {
    const r = quick();
    const card = /<article class="card"[\s\S]*?<\/article>/.exec(report.html)![0];
    const facts = Object.fromEntries(
      [...card.matchAll(/<tr><th>([^<]*)<\/th><td>([^<]*)<\/td><\/tr>/g)].map((m) => [m[1], m[2]]),
    );
    expect(facts).toMatchObject({
      host: 'vm',
      CPU: 'EPYC',
      cores: '2 physical / 2 logical (2 usable)',
      'CPU flags': 'sha_ni avx avx2 avx512f avx512ifma vaes adx bmi2 aes pclmulqdq',
      memory: '23.5 GiB',
      OS: 'Debian GNU/Linux 12 x64',
      Node: r.system.runtime.node,
      OpenSSL: r.system.runtime.openssl,
      '@noble/curves': r.system.libraries['@noble/curves'],
      'run date': r.run.startedAt,
      commit: `${r.system.git!.commit.slice(0, 12)} (dirty)`,
    });
  });

  it('lists the skipped cases with their reasons', () => {
    const section = /<section id="unmeasured">[\s\S]*?<\/section>/.exec(report.html)![0];
    expect(tableRows(section).map((r) => r[0])).toEqual(
      quick()
        .cases.filter((c) => c.status !== 'ok')
        .map((c) => c.id),
    );
    expect(section).toContain('OpenSSL (node:crypto) has no BLAKE3');
  });

  it('is self-contained: no script, no stylesheet or image links, nothing but XML namespaces names a URL', () => {
    // url(#clip…) names a clip path inside the same SVG; nothing else may be referenced.
    expect(report.html).not.toMatch(/<script|<link|<img|<iframe|\ssrc=|url\((?!#)|@import/i);
    const urls = report.html.match(/https?:\/\/[^"\s]*/g) ?? [];
    expect(new Set(urls)).toEqual(new Set(['http://www.w3.org/2000/svg', 'http://www.w3.org/1999/xlink']));
    expect(report.html).toContain(`<meta http-equiv="Content-Security-Policy" content="default-src 'none';`);
  });
});

describe('HTML report of a consensus run', () => {
  let report: HtmlReport;
  beforeAll(async () => {
    report = await renderHtmlReport([consensus()]);
  });

  it('draws round time (host, modeled), committed tx/s (host, modeled) and commit latency against n on log–log axes', () => {
    expect(report.charts).toEqual([
      'nodes:hostRoundMs',
      'nodes:modeledRoundMs',
      'nodes:committedTxPerSec',
      'nodes:modeledCommittedTxPerSec',
      'nodes:modeledCommitMs',
    ]);
    expect(report.html).not.toMatch(/id="primitives"/);
    for (const f of figures(report.html)) {
      expect(f.svg).toMatch(/aria-label="X-axis titled 'validators n \(log scale\)' for a log scale/);
      expect(f.svg).toMatch(/aria-label="Y-axis titled '[^']*' for a log scale/);
      // One line per protocol.
      expect(f.svg.match(/role-mark median_marks"[^>]*><path/g)).toHaveLength(3);
    }
  });

  it('puts each protocol’s round-time fit (as the run computed it) in the round-time legends and rings the knee', () => {
    const fits = consensus().scaling;
    expect(fits).toHaveLength(6);
    for (const [key, fitMetric] of [
      ['nodes:hostRoundMs', 'hostRoundMs'],
      ['nodes:committedTxPerSec', 'hostRoundMs'],
      ['nodes:modeledRoundMs', 'modeledRoundMs'],
      ['nodes:modeledCommittedTxPerSec', 'modeledRoundMs'],
    ] as const) {
      const f = figure(report, key);
      const texts = svgTexts(f.svg);
      const mine = fits.filter((x) => x.metric === fitMetric);
      const roundTime = !key.includes('TxPerSec');
      for (const fit of mine) {
        const protocol = fit.series.split('/')[1];
        const knee = fit.knee === null ? 'no knee' : `knee n = ${fit.knee}`;
        const roundFit = `${protocol} — n^${fit.exponent.toFixed(2)} (R² ${fit.r2.toFixed(2)}), ${knee}`;
        if (roundTime) expect(texts).toContain(roundFit);
        else expect(texts).not.toContain(roundFit);
        expect(texts.some((t) => t.startsWith(`${protocol} — `) && t.endsWith(`, ${knee}`))).toBe(true);
      }
      expect(layerMarks(f.svg, 'knee')).toBe(mine.filter((x) => x.knee !== null).length);
      const kneeRows = tableRows(f.table).filter((r) => r[5] === 'knee');
      expect(kneeRows.map((r) => r[0]).sort()).toEqual(
        mine
          .filter((x) => x.knee !== null)
          .map((x) => x.series.replace('/t2', `/n${x.knee}/t2`))
          .sort(),
      );
    }
    // In this run the host knees exist and the modeled ones do not: both cases above were exercised.
    expect(fits.filter((x) => x.knee !== null).map((x) => x.metric)).toEqual([
      'hostRoundMs',
      'hostRoundMs',
      'hostRoundMs',
    ]);
  });

  it('gives the tx/s charts a power law fitted to their own medians, not the round-time exponent', async () => {
    // A fixed part in the round time: tx/s then falls more slowly than round time grows.
    const r = consensus();
    for (const c of r.cases) {
      if (c.kind !== 'consensus' || c.status !== 'ok') continue;
      const tx = c.metrics.committedTxPerSec;
      const k = 1 + 4 / c.params.nodes;
      c.metrics.committedTxPerSec = { ...tx, median: tx.median * k, ci95: [tx.ci95[0] * k, tx.ci95[1] * k] };
    }
    const texts = svgTexts(figure(await renderHtmlReport([r]), 'nodes:committedTxPerSec').svg);
    for (const protocol of ['pbft', 'tendermint', 'hotstuff']) {
      const rows = r.cases.flatMap((c) =>
        c.kind === 'consensus' && c.status === 'ok' && c.protocol === protocol
          ? [{ n: c.params.nodes, tx: c.metrics.committedTxPerSec.median }]
          : [],
      );
      // Least squares of ln tx on ln n, by hand.
      const lx = rows.map((p) => Math.log(p.n));
      const ly = rows.map((p) => Math.log(p.tx));
      const mx = lx.reduce((a, b) => a + b) / lx.length;
      const my = ly.reduce((a, b) => a + b) / ly.length;
      const b = lx.reduce((s, x, i) => s + (x - mx) * (ly[i]! - my), 0) / lx.reduce((s, x) => s + (x - mx) ** 2, 0);
      const legend = texts.find((t) => t.startsWith(`${protocol} — `));
      expect(legend, protocol).toMatch(
        new RegExp(`^${protocol} — tx/s ∝ n\\^${b.toFixed(2)} \\(R² [01]\\.\\d\\d\\), (knee n = \\d+|no knee)$`),
      );
      const round = r.scaling.find((x) => x.series === `consensus/${protocol}/node/t2` && x.metric === 'hostRoundMs')!;
      expect(b.toFixed(2)).not.toBe((-round.exponent).toFixed(2));
    }
  });

  it('tables median, CI and p99 round time under each chart', () => {
    const rows = tableRows(figure(report, 'nodes:hostRoundMs').table);
    expect(rows).toHaveLength(9);
    const c = consensus().cases[0]!;
    if (c.status !== 'ok' || c.kind !== 'consensus') throw new Error('fixture changed');
    expect(rows[0]!.slice(0, 2)).toEqual([c.id, '4']);
    expect(rows[0]![2]).toBe(`${c.metrics.hostRoundMs!.median.toPrecision(3)} ms`);
    expect(rows[0]![4]).toBe(`${c.metrics.hostRoundMs!.p99.toPrecision(3)} ms`);
  });

  it('shows the run’s warnings', () => {
    expect(report.html).toMatch(/<section id="warnings">[\s\S]*run more virtual validators than worker threads/);
  });
});

describe('HTML report of several files', () => {
  it('gives every chart one series per machine and adds a ratio chart against the first file', async () => {
    const report = await quickAndBoxB();
    expect(report.charts.at(-1)).toBe('ratio:primitive');
    expect(report.charts.filter((k) => k.startsWith('ops:'))).toHaveLength(5);
    expect(report.html.match(/<article class="card"/g)).toHaveLength(2);
    const verify = figure(report, 'ops:verify');
    expect(svgTexts(verify.svg)).toEqual(expect.arrayContaining(['vm', 'box-b', 'machine']));
    expect(tableRows(verify.table)).toHaveLength(12);
    const ratio = figure(report, 'ratio:primitive');
    const rows = tableRows(ratio.table);
    const measured = quick().cases.filter((c) => c.status === 'ok');
    expect(rows.map((r) => r[0])).toEqual(measured.map((c) => c.id));
    for (const r of rows) expect(r.at(-1)).toBe('1.250×');
    expect(layerMarks(ratio.svg, 'ratio')).toBe(measured.length);
    expect(report.messages).toEqual([]);
  });

  it('draws thread scaling as one small chart per case with one line per machine', async () => {
    const report = await quickAndBoxB();
    const hash = figure(report, 'threads:hash');
    const texts = svgTexts(hash.svg);
    // The four cases measured at 1 and 2 threads are the panels' titles; the legend names machines.
    const panels = ['sha256 1KiB · noble', 'sha256 1KiB · node', 'keccak256 1KiB · noble', 'blake3 1KiB · noble'];
    for (const p of panels)
      expect(
        texts.filter((t) => t === p),
        p,
      ).toHaveLength(1);
    expect(texts).toEqual(
      expect.arrayContaining(['machine', 'vm', 'box-b', 'measured', 'ideal: linear from the fewest threads']),
    );
    expect(texts.filter((t) => t.startsWith('vm: ') || t.startsWith('box-b: '))).toEqual([]);
    // Per panel: two machines, each measured and ideal.
    expect(layerMarks(hash.svg, 'lines')).toBe(panels.length * 2 * 2);
    expect(texts.filter((t) => t === 'worker threads')).toHaveLength(panels.length);
    expect(tableRows(hash.table)).toHaveLength(panels.length * 2 * 2);
  });

  it('compares consensus runs by committed tx/s, with each machine’s own fits in the legend', async () => {
    const report = await consensusAndBoxB();
    expect(report.charts).toEqual([
      'nodes:hostRoundMs',
      'nodes:modeledRoundMs',
      'nodes:committedTxPerSec',
      'nodes:modeledCommittedTxPerSec',
      'nodes:modeledCommitMs',
      'ratio:consensus',
    ]);
    const texts = svgTexts(figure(report, 'nodes:hostRoundMs').svg);
    expect(texts.filter((t) => t.startsWith('vm: '))).toHaveLength(3);
    // Times halved everywhere: the same exponents, and the knees stay where they were.
    const pbft = consensus().scaling.find((x) => x.series === 'consensus/pbft/node/t2' && x.metric === 'hostRoundMs')!;
    expect(texts).toContain(
      `box-b: pbft — n^${pbft.exponent.toFixed(2)} (R² ${pbft.r2.toFixed(2)}), knee n = ${pbft.knee}`,
    );
    expect(tableRows(figure(report, 'ratio:consensus').table).map((r) => r.at(-1))).toEqual(Array(9).fill('2.000×'));
  });

  it('names files from one host by the labels it is given', async () => {
    const report = await quickTwice();
    expect(svgTexts(figure(report, 'ops:hash').svg)).toEqual(expect.arrayContaining(['before.json', 'after.json']));
    expect(tableRows(figure(report, 'ratio:primitive').table).every((r) => r.at(-1) === '1.000×')).toBe(true);
  });
});

describe('HTML report of several files, read at a glance', () => {
  it('gives each machine one colour in every chart, the ratio chart (which lacks the first) included', async () => {
    const report = await threeMachines();
    const labels = ['vm', 'box-b', 'box-c'];
    let checked = 0;
    for (const f of figures(report.html)) {
      const entries = legendColors(f.svg).filter(([label]) => labels.includes(label));
      expect(entries.length, f.key).toBeGreaterThan(0);
      for (const [label, color] of entries) expect(color, `${f.key}: ${label}`).toBe(MACHINE[labels.indexOf(label)]);
      checked += entries.length;
    }
    expect(checked).toBeGreaterThan(20);
    const ratio = figure(report, 'ratio:primitive');
    const fills = new Set(layerElements(ratio.svg, 'ratio').map((e) => attr(e, 'fill')));
    expect(fills).toEqual(new Set([MACHINE[1], MACHINE[2]]));
  });

  it('gives each machine one colour in the consensus charts, whatever its protocol', async () => {
    const report = await consensusAndBoxB();
    for (const key of ['nodes:hostRoundMs', 'nodes:committedTxPerSec', 'ratio:consensus']) {
      const entries = legendColors(figure(report, key).svg);
      expect(entries.length, key).toBeGreaterThan(0);
      for (const [label, color] of entries)
        expect(color, `${key}: ${label}`).toBe(label.startsWith('box-b') ? MACHINE[1] : MACHINE[0]);
    }
  });

  it('keeps identical series of two files visible: the earlier one drawn wider, under the later one', async () => {
    const report = await renderHtmlReport([consensus(), consensus()], { labels: ['before.json', 'after.json'] });
    for (const key of ['nodes:hostRoundMs', 'nodes:committedTxPerSec']) {
      const lines = layerElements(figure(report, key).svg, 'median');
      const width = (color: string) =>
        new Set(lines.filter((l) => attr(l, 'stroke') === color).map((l) => Number(attr(l, 'stroke-width'))));
      const [first, second] = [width(MACHINE[0]!), width(MACHINE[1]!)];
      expect(first.size, key).toBe(1);
      expect(second.size, key).toBe(1);
      expect([...first][0]!, key).toBeGreaterThan([...second][0]! + 1);
      // Drawn in file order, so the narrower line lies on top of the wider one.
      expect(attr(lines[0]!, 'stroke'), key).toBe(MACHINE[0]);
      expect(attr(lines.at(-1)!, 'stroke'), key).toBe(MACHINE[1]);
    }
    const q = await quickTwice();
    const lines = layerElements(figure(q, 'threads:hash').svg, 'lines');
    const widths = (color: string) =>
      lines.filter((l) => attr(l, 'stroke') === color).map((l) => Number(attr(l, 'stroke-width')));
    expect(Math.min(...widths(MACHINE[0]!))).toBeGreaterThan(Math.max(...widths(MACHINE[1]!)));
  });

  it('marks a ratio of exactly 1.000 with a dot on the rule at 1, inside an axis around 1', async () => {
    const report = await quickTwice();
    const ratio = figure(report, 'ratio:primitive');
    const rows = tableRows(ratio.table);
    expect(rows.every((r) => r.at(-1) === '1.000×')).toBe(true);
    const dots = layerElements(ratio.svg, 'ratioDot');
    expect(dots).toHaveLength(rows.length);
    const rule = layerElements(ratio.svg, 'parity')[0]!;
    const ruleX = Number(/translate\(([\d.]+),/.exec(attr(rule, 'transform')!)![1]);
    for (const d of dots) {
      expect(Number(/translate\(([\d.]+),/.exec(attr(d, 'transform')!)![1])).toBeCloseTo(ruleX, 0);
      expect(attr(d, 'd')).toMatch(/^M/);
    }
    // The axis spans both sides of 1 (not the single point a degenerate domain would make).
    expect(ratio.svg).toMatch(/aria-label="X-axis titled [^"]* for a log scale with values from 0\.9\d* to 1\.1/);
  });

  it('shows on each machine card only what differs, and folds the facts they share', async () => {
    const report = await threeMachines();
    const cards = [...report.html.matchAll(/<article class="card"[\s\S]*?<\/article>/g)].map((m) =>
      [...m[0].matchAll(/<tr><th>([^<]*)<\/th><td>([^<]*)<\/td><\/tr>/g)].map((x) => x[1]),
    );
    expect(cards).toEqual([
      ['host', 'fingerprint'],
      ['host', 'fingerprint'],
      ['host', 'fingerprint'],
    ]);
    const same =
      /<details class="same"><summary>(\d+) facts the same on every machine<\/summary>([\s\S]*?)<\/details>/.exec(
        report.html,
      );
    expect(same).not.toBeNull();
    expect(same![2]).toContain('<tr><th>CPU</th><td>EPYC</td></tr>');
    expect(same![2]).not.toContain('<th>host</th>');
    // One file alone keeps its full card.
    const one = await quickAlone();
    expect(one.html).not.toContain('<details');
    expect(one.html).toContain('<tr><th>CPU</th><td>EPYC</td></tr>');
  });

  it('groups the tables under charts by case, the machines side by side', async () => {
    const report = await threeMachines();
    for (const key of ['ops:verify', 'threads:hash']) {
      const rows = tableRows(figure(report, key).table);
      for (let i = 0; i < rows.length; i += 3) {
        expect(
          rows.slice(i, i + 3).map((r) => r[0]),
          key,
        ).toEqual(['vm', 'box-b', 'box-c']);
        expect(new Set(rows.slice(i, i + 3).map((r) => r[1])).size, key).toBe(1);
      }
    }
    const c = await consensusAndBoxB();
    const rows = tableRows(figure(c, 'nodes:hostRoundMs').table);
    expect(rows.slice(0, 2).map((r) => r.slice(0, 2))).toEqual([
      ['vm', 'consensus/pbft/node/n4/t2'],
      ['box-b', 'consensus/pbft/node/n4/t2'],
    ]);
  });
});

describe('HTML report: intervals on log axes', () => {
  it('draws every positive CI, cuts one that reaches below zero at the axis edge, and never tables a negative bound', async () => {
    const r = quick();
    const c = r.cases.find((x) => x.id === 'verify/ed25519/noble/t1')!;
    if (c.status !== 'ok' || c.kind !== 'primitive') throw new Error('fixture changed');
    c.metrics.opsPerSec.ci95 = [-50, c.metrics.opsPerSec.median * 1.2];
    const verify = figure(await renderHtmlReport([r]), 'ops:verify');
    // Six cases, six bars: the cut one runs to the axis edge (clipped there) and gets a triangle.
    expect(layerMarks(verify.svg, 'ci')).toBe(6);
    expect(layerMarks(verify.svg, 'cut')).toBe(1);
    expect(verify.svg).toContain('CI reaches zero or below: cut at the axis edge');
    const row = tableRows(verify.table).find((x) => x[0] === 'verify/ed25519/noble/t1')!;
    expect(row[4]).toMatch(/^0\.00 – [\d.]+ \(cut\)$/);
    expect(verify.table).not.toMatch(/>-\d/);
  });

  it('does the same on the consensus charts, and duration never sees the negative bound', async () => {
    const r = consensus();
    const c = r.cases[0]!;
    if (c.status !== 'ok' || c.kind !== 'consensus') throw new Error('fixture changed');
    c.metrics.hostRoundMs = { ...c.metrics.hostRoundMs!, ci95: [-7.022117, 29.7] };
    const report = await renderHtmlReport([r]);
    const host = figure(report, 'nodes:hostRoundMs');
    expect(layerMarks(host.svg, 'ci')).toBe(9);
    expect(layerMarks(host.svg, 'cut')).toBe(1);
    expect(tableRows(host.table)[0]![3]).toBe('0 ns – 29.7 ms (cut)');
    expect(report.html).not.toMatch(/-\d+ ns|-[\d.]+ ms/);
    expect(report.html).toContain('1 CI recorded as reaching zero or below');
  });

  it('draws CI bars on the thread-scaling charts wherever both ends are positive', async () => {
    const hash = figure(await quickAlone(), 'threads:hash');
    // Eight measured points (four series at 1 and 2 threads), each with a positive CI in this run.
    expect(layerMarks(hash.svg, 'ci')).toBe(8);
  });
});

describe('HTML report of thin results', () => {
  it('shows cards and the reasons when no case measured anything', async () => {
    const r = quick();
    r.cases = r.cases.map((c) => ({ ...c, status: 'errored', error: 'worker crashed' }) as typeof c);
    const report = await renderHtmlReport([r]);
    expect(report.charts).toEqual([]);
    expect(report.html).toContain('<article class="card"');
    expect(report.html.match(/<td>worker crashed<\/td>/g)).toHaveLength(r.cases.length);
  });

  it('draws a consensus run at one node count, with a round that never committed, without warnings', async () => {
    const r = consensus();
    r.cases = r.cases.filter((c) => c.kind === 'consensus' && c.params.nodes === 4);
    const stalled = r.cases[0]!;
    if (stalled.status !== 'ok' || stalled.kind !== 'consensus') throw new Error('fixture changed');
    stalled.metrics.hostRoundMs = null;
    stalled.metrics.modeledRoundMs = null;
    stalled.metrics.committedTxPerSec = {
      ...stalled.metrics.committedTxPerSec,
      mean: 0,
      median: 0,
      ci95: [0, 0],
      samples: [0, 0, 0],
    };
    const report = await renderHtmlReport([r]);
    expect(report.charts).toEqual([
      'nodes:hostRoundMs',
      'nodes:modeledRoundMs',
      'nodes:committedTxPerSec',
      'nodes:modeledCommittedTxPerSec',
      'nodes:modeledCommitMs',
    ]);
    expect(report.messages).toEqual([]);
    // Two protocols have a host round time; the stalled one has none, and 0 tx/s stays in the table but off the log axis.
    expect(tableRows(figure(report, 'nodes:hostRoundMs').table)).toHaveLength(2);
    const tx = figure(report, 'nodes:committedTxPerSec');
    expect(tableRows(tx.table).map((row) => row[2])).toContain('0.00');
    expect(layerMarks(tx.svg, 'median')).toBe(2);
  });
});

describe('chainmark report --format html', () => {
  it('is a registered exporter whose render resolves to the page', async () => {
    const text = await findExporter('html')!.render([consensus()], { metric: 'opsPerSec' });
    expect(text.startsWith('<!doctype html>')).toBe(true);
  });

  it('writes one page for several files from the command line', () => {
    const out = join(tempDir(), 'report.html');
    const r = cli(['report', QUICK_FILE, CONSENSUS_FILE, '--format', 'html', '--out', out]);
    expect(r.stderr).toContain(`report: ${out}`);
    expect(r.status).toBe(0);
    const html = readFileSync(out, 'utf8');
    expect(figures(html).map((f) => f.key)).toEqual(
      expect.arrayContaining(['nodes:hostRoundMs', 'ops:verify', 'threads:verify']),
    );
    // Both files come from host "vm", so their file names tell them apart.
    expect(html).toContain('<h3>quick.json</h3>');
    expect(html).toContain('<h3>consensus.json</h3>');
  });
});
