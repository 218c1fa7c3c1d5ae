import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderHtmlReport } from '../../src/report/html/index.js';
import { tempDir } from '../helpers.js';
import { PAYLOAD } from './html-fixtures.js';
import { flag, measured, notMeasured, qualificationFile } from './qualification-fixtures.js';

/** Debian's chromium package, as test/report/browser.test.ts uses it; without it this file is skipped. */
const CHROMIUM = '/usr/bin/chromium';
const hasChromium = existsSync(CHROMIUM);
if (!hasChromium)
  console.warn(
    `SKIPPED test/report/qualification-browser.test.ts: ${CHROMIUM} does not exist (apt-get install chromium)`,
  );

/** What the browser laid out for one requirement's row. */
interface RowFacts {
  id: string;
  text: string;
  track: { left: number; width: number } | null;
  fill: { left: number; right: number; width: number; color: string } | null;
  one: number | null;
}

describe.skipIf(!hasChromium)('qualification section in headless Chromium', () => {
  let browser: Browser;
  const dir = tempDir('chainmark-qualification-browser-', true);

  beforeAll(async () => {
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    });
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('bars of the right length on the right side of the 1× line, none where nothing was measured; no script runs', async () => {
    const r = qualificationFile([
      measured('memory', 10),
      measured('cores', 0.1),
      measured('disk', 1.5),
      notMeasured('network', 'a host cannot measure its own network bandwidth alone'),
      flag('avx2', true),
      measured('hostile', 2, {
        requirement: { title: PAYLOAD, source: { document: PAYLOAD, url: PAYLOAD, date: PAYLOAD } },
      }),
    ]);
    const file = join(dir, 'qualification.html');
    writeFileSync(file, (await renderHtmlReport([r])).html);
    const url = pathToFileURL(file).href;
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const dialogs: string[] = [];
    const requests: string[] = [];
    const errors: string[] = [];
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    page.on('request', (q) => requests.push(q.url()));
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    await page.goto(url, { waitUntil: 'load' });
    const rows: RowFacts[] = await page.$$eval('#qualification tbody tr', (trs) =>
      trs.map((tr) => {
        const box = (sel: string) => tr.querySelector(sel)?.getBoundingClientRect() ?? null;
        const track = box('.mbar');
        const fill = box('.mbar-fill');
        const one = box('.mbar-one');
        const el = tr.querySelector('.mbar-fill');
        return {
          id: tr.getAttribute('data-case') ?? '',
          text: tr.textContent ?? '',
          track: track && { left: track.left, width: track.width },
          fill: fill && {
            left: fill.left,
            right: fill.right,
            width: fill.width,
            color: el ? getComputedStyle(el).backgroundColor : '',
          },
          one: one && one.left + one.width / 2,
        };
      }),
    );
    const images = await page.evaluate(() => document.querySelectorAll('img, script, iframe, object, embed').length);
    await new Promise((resolve) => setTimeout(resolve, 200)); // let a late dialog or error surface
    await page.screenshot({ path: join(dir, 'qualification.png'), fullPage: true });
    await page.close();

    const byId = new Map(rows.map((x) => [x.id.split('/').at(-1)!, x]));
    expect([...byId.keys()]).toEqual(['memory', 'cores', 'disk', 'network', 'avx2', 'hostile']);
    const GREEN = 'rgb(84, 162, 75)';
    const RED = 'rgb(228, 87, 86)';
    // The border of the track is 1px: its inner box is what the percentages are of.
    const inner = (x: RowFacts) => x.track!.width - 2;
    const memory = byId.get('memory')!;
    const middle = memory.track!.left + 1 + inner(memory) / 2;
    expect(Math.abs(memory.one! - middle)).toBeLessThan(1.5);
    // 10×: a decade to the right of the line, a quarter of the scale; 0.1×: the same to the left.
    expect(Math.abs(memory.fill!.left - middle)).toBeLessThan(1);
    expect(Math.abs(memory.fill!.width - inner(memory) / 4)).toBeLessThan(1);
    expect(memory.fill!.color).toBe(GREEN);
    const cores = byId.get('cores')!;
    expect(Math.abs(cores.fill!.right - middle)).toBeLessThan(1);
    expect(Math.abs(cores.fill!.width - inner(cores) / 4)).toBeLessThan(1);
    expect(cores.fill!.color).toBe(RED);
    const disk = byId.get('disk')!;
    expect(Math.abs(disk.fill!.width - (inner(disk) * Math.log10(1.5)) / 4)).toBeLessThan(1);
    // Nothing to draw: no bar, and the row says why.
    expect(byId.get('network')!.track).toBeNull();
    expect(byId.get('network')!.text).toContain('not measured: a host cannot measure');
    expect(byId.get('avx2')!.track).toBeNull();
    // The hostile title and source are text on the page.
    expect(byId.get('hostile')!.text).toContain(PAYLOAD);
    expect(images).toBe(0);
    expect(dialogs).toEqual([]);
    expect(errors).toEqual([]);
    expect(requests).toEqual([url]);
  });
});
