import { existsSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderHtmlReport } from '../../src/report/html/index.js';
import type { ResultFile } from '../../src/results/schema.js';
import { tempDir } from '../helpers.js';
import { PAYLOAD, combined, hostile, otherMachine } from './html-fixtures.js';

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
});
