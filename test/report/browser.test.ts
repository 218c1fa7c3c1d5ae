import { existsSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderHtmlReport } from '../../src/report/html/index.js';
import type { ResultFile } from '../../src/results/schema.js';
import { tempDir } from '../helpers.js';
import { PAYLOAD, combined, hostile, otherMachine } from './html-fixtures.js';

/** The colours machines 0 and 1 keep in every chart (tableau10's first two). */
const MACHINE_COLORS = ['#4c78a8', '#f58518'];

/** Debian's chromium package; CI installs it (.ci/run). Without it this file is skipped, and says so. */
const CHROMIUM = '/usr/bin/chromium';
const hasChromium = existsSync(CHROMIUM);
if (!hasChromium)
  console.warn(
    `SKIPPED test/report/browser.test.ts: ${CHROMIUM} does not exist (apt-get install chromium to run the real-browser test of the HTML report)`,
  );

/** What the page itself reports about every chart, measured in the browser. */
interface ChartFacts {
  key: string;
  svgs: number;
  /** Drawn elements inside Vega's mark groups (not axes, not legends). */
  marks: number;
  /** Mark elements the browser laid out with a non-zero box. */
  visibleMarks: number;
  axisTitles: string[];
  width: number;
  height: number;
}

const pages: { name: string; results: () => ResultFile[] }[] = [
  { name: 'one file with primitives and consensus, hostile strings', results: () => [hostile(combined())] },
  {
    name: 'two machines with hostile strings, with ratio charts',
    results: () => [hostile(combined()), otherMachine(hostile(combined()), 'box-b', 1.3)],
  },
];

describe.skipIf(!hasChromium)('HTML report in headless Chromium', () => {
  let browser: Browser;
  const dir = tempDir('chainmark-browser-', true);

  beforeAll(async () => {
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    });
  });
  afterAll(async () => {
    await browser?.close();
  });

  it.each(pages.map((p, i) => ({ ...p, i })))(
    '$name: every chart drawn, no console error, no dialog, nothing fetched',
    async ({ results, i }) => {
      const report = await renderHtmlReport(results());
      const file = join(dir, `report-${i}.html`);
      writeFileSync(file, report.html);
      const url = pathToFileURL(file).href;

      const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
      const consoleErrors: string[] = [];
      const pageErrors: string[] = [];
      const dialogs: string[] = [];
      const requests: string[] = [];
      page.on('console', (m) => {
        if (m.type() === 'error' || m.type() === 'warning') consoleErrors.push(`${m.type()}: ${m.text()}`);
      });
      page.on('pageerror', (e) => pageErrors.push(e.message));
      page.on('dialog', (d) => {
        dialogs.push(`${d.type()}: ${d.message()}`);
        void d.dismiss();
      });
      page.on('request', (r) => requests.push(r.url()));

      await page.goto(url, { waitUntil: 'load' });
      const charts: ChartFacts[] = await page.$$eval('figure.chart', (figures) =>
        figures.map((f) => {
          const svg = f.querySelector('svg');
          const box = svg?.getBoundingClientRect();
          const marks = [
            ...f.querySelectorAll('g.role-mark path, g.role-mark line, g.role-mark rect, g.role-mark circle'),
          ];
          return {
            key: f.getAttribute('data-chart') ?? '',
            svgs: f.querySelectorAll('svg').length,
            marks: marks.length,
            visibleMarks: marks.filter((m) => {
              const r = m.getBoundingClientRect();
              return r.width > 0 || r.height > 0;
            }).length,
            axisTitles: [...f.querySelectorAll('g.role-axis-title text')].map((t) => t.textContent ?? ''),
            width: box?.width ?? 0,
            height: box?.height ?? 0,
          };
        }),
      );
      const dom = await page.evaluate(() => ({
        images: document.querySelectorAll('img, image, iframe, object, embed, script').length,
        handlers: [...document.querySelectorAll('*')].filter((el) =>
          [...el.attributes].some((a) => a.name.toLowerCase().startsWith('on')),
        ).length,
        headings: [...document.querySelectorAll('h3')].map((h) => h.textContent ?? ''),
      }));
      await new Promise((r) => setTimeout(r, 200)); // let any late error or dialog surface before judging
      const shot = join(dir, `report-${i}.png`);
      await page.screenshot({ path: shot, fullPage: true });
      await page.close();

      expect(charts.map((c) => c.key)).toEqual(report.charts);
      expect(charts.length).toBeGreaterThanOrEqual(i === 0 ? 14 : 16);
      for (const c of charts) {
        expect(c.svgs, c.key).toBe(1);
        expect(c.marks, c.key).toBeGreaterThan(0);
        expect(c.visibleMarks, c.key).toBeGreaterThan(0);
        // An x and a y title (small multiples repeat them in every panel).
        expect(new Set(c.axisTitles.filter((t) => t.trim() !== '')).size, c.key).toBe(2);
        expect(c.width, c.key).toBeGreaterThan(300);
        expect(c.height, c.key).toBeGreaterThan(50);
      }
      expect(consoleErrors).toEqual([]);
      expect(pageErrors).toEqual([]);
      expect(dialogs).toEqual([]);
      expect(requests).toEqual([url]);
      // The hostile hostname is on the page as text, not as an element.
      expect(dom.images).toBe(0);
      expect(dom.handlers).toBe(0);
      expect(dom.headings).toContain(PAYLOAD);
      expect(statSync(shot).size).toBeGreaterThan(20_000);
      console.info(`browser test screenshot: ${shot}`);
    },
  );

  it('two identical files, one CI below zero: one colour per machine, no negative bound, every 1.000× ratio visible', async () => {
    // Two runs of the same build: every ratio is exactly 1. The first records a CI reaching below zero.
    const before = combined();
    const cut = before.cases.find((c) => c.id === 'verify/ed25519/noble/t1')!;
    if (cut.status !== 'ok' || cut.kind !== 'primitive') throw new Error('fixture changed');
    cut.metrics.opsPerSec.ci95 = [-cut.metrics.opsPerSec.median, cut.metrics.opsPerSec.median * 1.5];
    const report = await renderHtmlReport([before, combined()], { labels: ['before.json', 'after.json'] });
    const file = join(dir, 'report-glance.html');
    writeFileSync(file, report.html);
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
    const facts = await page.evaluate(() => {
      const box = (el: Element) => el.getBoundingClientRect();
      // A rule has no height (or no width) of its own: one positive side is enough.
      const visible = (el: Element) => box(el).width > 0 || box(el).height > 0;
      const centreX = (el: Element) => box(el).left + box(el).width / 2;
      return [...document.querySelectorAll('figure.chart')].map((f) => ({
        key: f.getAttribute('data-chart') ?? '',
        legend: [...f.querySelectorAll('g.role-legend-entry g.role-scope')].map((e) => ({
          label: e.querySelector('.role-legend-label text')?.textContent ?? '',
          fill: e.querySelector('.role-legend-symbol path')?.getAttribute('fill') ?? '',
        })),
        cells: [...f.querySelectorAll('td')].map((td) => td.textContent ?? ''),
        axisLabels: [...f.querySelectorAll('g.role-axis-label text')].map((t) => t.textContent ?? ''),
        dots: [...f.querySelectorAll('g.ratioDot_marks path')].map((d) => ({ visible: visible(d), x: centreX(d) })),
        rule: [...f.querySelectorAll('g.parity_marks line')].map(centreX),
        ciBars: [...f.querySelectorAll('g.ci_marks line')].filter(visible).length,
        cutMarks: [...f.querySelectorAll('g.cut_marks path')].filter(visible).length,
        rows: f.querySelectorAll('tbody tr').length,
      }));
    });
    const cards = await page.$$eval('article.card', (els) => els.map((e) => e.querySelectorAll('tr').length));
    const folded = await page.$$eval('details.same', (els) => els.map((e) => (e as HTMLDetailsElement).open));
    await page.screenshot({ path: join(dir, 'report-glance.png'), fullPage: true });
    await page.close();

    expect(facts.map((f) => f.key)).toEqual(report.charts);
    for (const f of facts) {
      // Colours per machine: every legend entry naming a machine has that machine's colour.
      const machineEntries = f.legend.filter((e) => /^(before|after)\.json/.test(e.label));
      if (!f.key.startsWith('threads:') || machineEntries.length > 0)
        expect(machineEntries.length, f.key).toBeGreaterThan(0);
      for (const e of machineEntries)
        expect(e.fill, `${f.key}: ${e.label}`).toBe(MACHINE_COLORS[e.label.startsWith('before') ? 0 : 1]);
      // No negative bound anywhere: not in a table, not on an axis.
      for (const t of [...f.cells, ...f.axisLabels]) expect(t, f.key).not.toMatch(/(^|[\s(])[-−]\d/);
    }
    // Every ratio is 1.000×, and each one is a visible dot on the rule at 1.
    for (const key of ['ratio:primitive', 'ratio:consensus']) {
      const f = facts.find((x) => x.key === key)!;
      expect(f.cells.filter((c) => c === '1.000×')).toHaveLength(f.rows);
      expect(f.dots).toHaveLength(f.rows);
      expect(f.rule).toHaveLength(1);
      for (const d of f.dots) {
        expect(d.visible, key).toBe(true);
        expect(Math.abs(d.x - f.rule[0]!), key).toBeLessThan(1.5);
      }
    }
    // The CI below zero is drawn to the axis edge and marked, not dropped; its table cell starts at 0.
    const verify = facts.find((x) => x.key === 'ops:verify')!;
    expect(verify.ciBars).toBe(verify.rows);
    expect(verify.cutMarks).toBe(1);
    expect(verify.cells.filter((c) => c.endsWith('(cut)'))).toHaveLength(1);
    // Identical machines: the cards show nothing but their names (no fact differs); the rest is folded.
    expect(cards).toEqual([0, 0]);
    expect(folded).toEqual([false]);
  });
});
