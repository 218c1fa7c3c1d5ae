/**
 * The HTML report's consensus charts with published measurements, pipelined protocols beside
 * protocols of rounds, and the settings each case's modeled figures assume.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { renderHtmlReport, type HtmlReport } from '../../src/report/html/index.js';
import { consensusSection } from '../../src/report/html/sections.js';
import { machinesOf } from '../../src/report/html/data.js';
import { PUBLISHED_SHAPES } from '../../src/report/html/charts.js';
import { PAYLOAD, PAYLOAD_ESCAPED } from './html-fixtures.js';
import { PBFT_SERIES, consensusCase, pbftCases, publishedFile } from './published-fixtures.js';

const chartOf = (html: string, key: string) => {
  const m = new RegExp(`<figure class="chart" data-chart="${key}">([\\s\\S]*?)</figure>`).exec(html);
  if (!m) throw new Error(`no chart ${key}`);
  return {
    svg: /<svg[\s\S]*<\/svg>/.exec(m[1]!)?.[0] ?? '',
    table: /<table>[\s\S]*<\/table>/.exec(m[1]!)?.[0] ?? '',
    all: m[1]!,
  };
};
const svgTexts = (svg: string): string[] => [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]!);
/** The path elements the layer named `name` drew. */
const layerPaths = (svg: string, name: string): string[] =>
  [...svg.matchAll(new RegExp(`class="mark-[a-z]+ role-mark ${name}_marks"[^>]*>([\\s\\S]*?)</g>`, 'g'))].flatMap(
    (g) => g[1]!.match(/<path\b[^>]*>/g) ?? [],
  );
const shapeOf = (path: string): string => / d="([^"]*)"/.exec(path)![1]!;
const tableRows = (table: string): string[][] =>
  [...table.matchAll(/<tr>([\s\S]*?)<\/tr>/g)]
    .slice(1)
    .map((m) => [...m[1]!.matchAll(/<td[^>]*>([^<]*)<\/td>/g)].map((c) => c[1]!));
const headers = (table: string): string[] => [...table.matchAll(/<th[^>]*>([^<]*)<\/th>/g)].map((m) => m[1]!);
/** As the page escapes a table cell. */
const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

describe('HTML report of a file that cites published measurements', () => {
  let report: HtmlReport;
  beforeAll(async () => {
    report = await renderHtmlReport([publishedFile()]);
  });

  it('draws the published tx/s beside modeled tx/s and the published latency beside modeled commit latency', () => {
    expect(report.messages).toEqual([]);
    expect(layerPaths(chartOf(report.html, 'nodes:modeledCommittedTxPerSec').svg, 'published')).toHaveLength(3);
    expect(layerPaths(chartOf(report.html, 'nodes:modeledCommitMs').svg, 'published')).toHaveLength(2);
    for (const key of ['nodes:hostRoundMs', 'nodes:modeledRoundMs', 'nodes:committedTxPerSec'])
      expect(layerPaths(chartOf(report.html, key).svg, 'published'), key).toHaveLength(0);
  });

  it('as a series of its own: another symbol than the modeled medians, and a legend entry "published: <source>"', () => {
    const { svg } = chartOf(report.html, 'nodes:modeledCommittedTxPerSec');
    const published = layerPaths(svg, 'published').map(shapeOf);
    const modeled = layerPaths(svg, 'medianDot').map(shapeOf);
    expect(modeled).toHaveLength(3);
    // The modeled medians are circles (arcs); every published point is the five-pointed star: ten corners, no arc.
    for (const m of modeled) expect(m).toMatch(/A/);
    expect(published).toHaveLength(3);
    for (const d of published) expect(d).toMatch(/^M[^A]*(L[^A]*){9}Z$/);
    // Vega writes text content with its quotes as they are.
    expect(svgTexts(svg)).toContain(`published: ${PBFT_SERIES.source}`);
    expect(svgTexts(svg)).toContain('published measurements');
  });

  it('on a y axis that reaches the published figures beyond the modeled ones', () => {
    const section = consensusSection(machinesOf([publishedFile()]))!;
    const tx = section.charts.find((c) => c.key === 'nodes:modeledCommittedTxPerSec')!;
    const layers = (tx.spec as { layer: { name: string; encoding: { y?: { scale?: { domain?: number[] } } } }[] })
      .layer;
    const domain = layers.find((l) => l.name === 'median')!.encoding.y!.scale!.domain!;
    // Modeled down to 4.5k (the CI of 5k), up to 110k (the CI of 100k); published up to 120k.
    expect(domain).toEqual([4_500, 120_000]);
  });

  it('tables the published points under the chart, each with the protocols it is for', () => {
    const { table } = chartOf(report.html, 'nodes:modeledCommittedTxPerSec');
    expect(headers(table)).toEqual([
      'case',
      'n',
      'committed tx/s (median)',
      '95% CI',
      'p99 round time',
      'knee',
      'settings',
    ]);
    const rows = tableRows(table);
    expect(rows.slice(3)).toEqual([
      [esc(`published: ${PBFT_SERIES.source}`), '4', '120k', '—', '—', '', 'published, for pbft'],
      [esc(`published: ${PBFT_SERIES.source}`), '16', '50.0k', '—', '—', '', 'published, for pbft'],
      [esc(`published: ${PBFT_SERIES.source}`), '64', '20.0k', '—', '—', '', 'published, for pbft'],
    ]);
    expect(chartOf(report.html, 'nodes:modeledCommittedTxPerSec').all).toContain(
      'Dark symbols: published measurements the scenario cites',
    );
  });

  it('draws none for a file that cites none', async () => {
    const r = publishedFile();
    delete r.published;
    const html = (await renderHtmlReport([r])).html;
    expect(layerPaths(chartOf(html, 'nodes:modeledCommittedTxPerSec').svg, 'published')).toHaveLength(0);
    expect(html).not.toContain('published: ');
    expect(html).not.toContain('Dark symbols');
  });

  it('fits commit latency with its own power law, named as such', () => {
    const texts = svgTexts(chartOf(report.html, 'nodes:modeledCommitMs').svg);
    // 10, 20, 80 ms at n = 4, 16, 64: ln-ln slope by hand is 0.75.
    expect(texts.some((t) => t.startsWith('pbft — commit latency ∝ n^0.75 (R² '))).toBe(true);
  });
});

describe('HTML report of pipelined protocols beside protocols of rounds', () => {
  let report: HtmlReport;
  beforeAll(async () => {
    const chained = [4, 16].map((nodes) =>
      consensusCase({
        protocol: 'chained-hotstuff',
        nodes,
        txPerSec: 200_000 / nodes,
        commitMs: nodes,
        commitChain: 3,
        validatorCores: 8,
        network: {
          preset: 'geo',
          latencyMs: 40,
          bandwidthMbps: 100,
          geo: {
            source: 'a latency table',
            regions: ['us-east', 'eu-west'],
            oneWayMs: [
              [1, 40],
              [40, 1],
            ],
          },
        },
      }),
    );
    report = await renderHtmlReport([publishedFile([...pbftCases(), ...chained], [])]);
  });

  it('says "round or view time" on the axes, titles and legends of round-time charts', () => {
    expect(report.messages).toEqual([]);
    expect(report.html).toContain('<h3>Modeled round or view time against validators</h3>');
    const { svg } = chartOf(report.html, 'nodes:modeledRoundMs');
    expect(svg).toMatch(/aria-label="Y-axis titled 'round or view time, ms \(median\), log scale'/);
    expect(svgTexts(svg)).toContain('series — round or view time fit');
    expect(report.html).toContain('for them a round is a view');
  });

  it('says per row whether a case’s time is per round or per view, and names each case’s settings', () => {
    const { table } = chartOf(report.html, 'nodes:modeledRoundMs');
    expect(headers(table).slice(-3)).toEqual(['knee', 'time per', 'settings']);
    const rows = tableRows(table).map((r) => [r[0], ...r.slice(-2)]);
    expect(rows).toEqual([
      ...[4, 16, 64].map((n) => [
        `consensus/pbft/node/n${n}/t2`,
        'round',
        'lan · 0.2 ms one-way · 1 Gbit/s · 1 core per validator (not recorded)',
      ]),
      ...[4, 16].map((n) => [
        `consensus/chained-hotstuff/node/n${n}/t2`,
        'view (3-chain commit)',
        'geo (a latency table): us-east, eu-west · 1–40 ms one-way · 100 Mbit/s · 8 cores per validator',
      ]),
    ]);
  });

  it('keeps the plain wording when no protocol is pipelined', async () => {
    const html = (await renderHtmlReport([publishedFile()])).html;
    expect(html).toContain('<h3>Modeled round time against validators</h3>');
    expect(html).not.toContain('round or view');
    expect(headers(chartOf(html, 'nodes:modeledRoundMs').table)).not.toContain('time per');
  });
});

describe('HTML report escaping of published sources and region names', () => {
  it('writes them as text in tables, notes and chart legends', async () => {
    const geo = consensusCase({
      nodes: 4,
      txPerSec: 1000,
      commitMs: 10,
      network: {
        preset: 'geo',
        latencyMs: 9,
        bandwidthMbps: 100,
        geo: { source: PAYLOAD, regions: [PAYLOAD], oneWayMs: [[9]] },
      },
    });
    const r = publishedFile(
      [geo],
      [{ source: PAYLOAD, protocols: ['pbft'], points: [{ nodes: 4, txPerSec: 900, latencyMs: 9 }] }],
    );
    const { html, messages } = await renderHtmlReport([r]);
    expect(messages).toEqual([]);
    expect(html).not.toContain(PAYLOAD);
    expect(html).not.toMatch(/<img/i);
    expect(html).toContain(`<td>published: ${PAYLOAD_ESCAPED}</td>`);
    expect(html).toContain(`<td>geo (${PAYLOAD_ESCAPED}): ${PAYLOAD_ESCAPED} · 9 ms one-way · 100 Mbit/s`);
    expect(svgTexts(chartOf(html, 'nodes:modeledCommittedTxPerSec').svg)).toContain(`published: ${PAYLOAD_ESCAPED}`);
  });

  it('gives each cited series its own symbol, the first the star', () => {
    expect(PUBLISHED_SHAPES[0]).toMatch(/^M0,-1L/);
    expect(new Set(PUBLISHED_SHAPES).size).toBe(PUBLISHED_SHAPES.length);
  });
});
