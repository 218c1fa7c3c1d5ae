import { describe, expect, it } from 'vitest';
import { renderHtmlReport } from '../../src/report/html/index.js';
import { MARGIN_SCALE, marginBar } from '../../src/report/html/qualification.js';
import { okCase, failedCase } from '../compare/build.js';
import { PAYLOAD, PAYLOAD_ESCAPED } from './html-fixtures.js';
import {
  SOURCE_A,
  SOURCE_B,
  flag,
  measured,
  notComparable,
  notMeasured,
  qualificationFile,
} from './qualification-fixtures.js';

const section = (html: string): string => /<section id="qualification">[\s\S]*?<\/section>/.exec(html)?.[0] ?? '';
/** The `<tr>` of a case, by its id. */
const rowOf = (html: string, id: string): string =>
  new RegExp(`<tr data-case="${id.replace(/[/]/g, '\\/')}">[\\s\\S]*?</tr>`).exec(html)?.[0] ?? '';

function file() {
  return qualificationFile([
    measured('memory', 10),
    measured('cores', 0.1, { requirement: { measure: 'cpu-logical-cores', threshold: 16, unit: 'threads' } }),
    measured('disk', 1000, { requirement: { source: SOURCE_B } }),
    notMeasured('network', 'a host cannot measure its own network bandwidth alone'),
    notComparable('sha-speed', 'only a JavaScript figure'),
    flag('avx2', true),
  ]);
}

describe('marginBar: the margin on a log scale around 1×', () => {
  it('measures |log margin| over the scale, on the side of its verdict', () => {
    // The scale spans 4 decades: one decade is a quarter of it.
    expect(Math.log10(MARGIN_SCALE.max / MARGIN_SCALE.min)).toBe(4);
    expect(marginBar(10)).toEqual({ side: 'pass', widthPct: 25, clipped: false });
    expect(marginBar(0.1)).toEqual({ side: 'fail', widthPct: 25, clipped: false });
    expect(marginBar(1)).toEqual({ side: 'pass', widthPct: 0, clipped: false });
    expect(marginBar(100).widthPct).toBe(50);
  });

  it('stops at the end of the scale and marks the bar, 0 included', () => {
    expect(marginBar(1000)).toEqual({ side: 'pass', widthPct: 50, clipped: true });
    expect(marginBar(0.001)).toEqual({ side: 'fail', widthPct: 50, clipped: true });
    expect(marginBar(0)).toEqual({ side: 'fail', widthPct: 50, clipped: true });
  });
});

describe('HTML report: validator hardware requirements', () => {
  it('one row per requirement, with the summary per profile and the sources as text', async () => {
    const { html, charts } = await renderHtmlReport([file()]);
    const s = section(html);
    expect(charts).toEqual([]);
    expect(s).toContain('<h2>Validator hardware requirements</h2>');
    expect(s.match(/<tr data-case=/g)).toHaveLength(6);
    const headers = [...s.matchAll(/<th[^>]*>([^<]*)<\/th>/g)].map((m) => m[1]);
    expect(headers).toEqual([
      'profile',
      'requirement',
      'measured',
      'threshold',
      'margin',
      'margin, log scale 0.01× – 100× (line: 1×)',
      'verdict',
      'by',
      'source',
    ]);
    const memory = rowOf(s, 'qualify/chain-a/memory');
    expect(memory).toContain('<td class="num">640 GB</td><td class="num">≥ 64.0 GB</td><td class="num">10.0×</td>');
    expect(memory).toContain(
      '<td class="verdict pass">pass</td><td>systeminformation (host)</td><td class="num">[1]</td>',
    );
    expect(rowOf(s, 'qualify/chain-a/disk')).toContain('<td class="num">[2]</td>');
    expect(s).toContain(
      '<li>chain-a (chain-a validator): does not qualify — 3 of 6 pass, 1 fail, 1 not measured, 1 not comparable; tightest margin cores 0.10×; first failing cores</li>',
    );
    expect(s).toContain(
      `<li>[1] ${SOURCE_A.document} (${SOURCE_A.date}): <span class="url">${SOURCE_A.url}</span></li>`,
    );
    expect(s).toContain(
      `<li>[2] ${SOURCE_B.document} (${SOURCE_B.date}): <span class="url">${SOURCE_B.url}</span></li>`,
    );
    expect(html).not.toMatch(/<a\s/);
  });

  it('draws the bar from the 1× line: its width for a known margin, its side by the verdict', async () => {
    const s = section((await renderHtmlReport([file()])).html);
    expect(rowOf(s, 'qualify/chain-a/memory')).toContain(
      '<span class="mbar-fill pass" style="left:50%;width:25.00%"></span><span class="mbar-one"></span>',
    );
    expect(rowOf(s, 'qualify/chain-a/cores')).toContain('<span class="mbar-fill fail" style="right:50%;width:25.00%">');
    expect(rowOf(s, 'qualify/chain-a/disk')).toContain(
      '<span class="mbar-fill pass clipped" style="left:50%;width:50.00%">',
    );
    expect(rowOf(s, 'qualify/chain-a/disk')).toContain('aria-label="margin 1000.0×, pass, beyond the scale"');
  });

  it('no bar where there is no margin to draw, and says why', async () => {
    const s = section((await renderHtmlReport([file()])).html);
    const cases = {
      network: 'not measured: a host cannot measure its own network bandwidth alone',
      'sha-speed': 'not comparable: only a JavaScript figure',
      avx2: 'no margin: present decides it',
    };
    for (const [id, why] of Object.entries(cases)) {
      const row = rowOf(s, `qualify/chain-a/${id}`);
      expect(row, id).not.toContain('mbar-fill');
      expect(row, id).toContain(`<span class="no-bar">${why}</span>`);
    }
    expect(rowOf(s, 'qualify/chain-a/network')).toContain('<td class="verdict not-measured">not measured</td>');
  });

  it('lists a requirement not measured in its own row, not among the cases without figures', async () => {
    const r = file();
    r.cases.push(failedCase('hash/sha256/node/t1'));
    const { html } = await renderHtmlReport([r]);
    const unmeasured = /<section id="unmeasured">[\s\S]*?<\/section>/.exec(html)?.[0] ?? '';
    expect(unmeasured).toContain('hash/sha256/node/t1');
    expect(unmeasured).not.toContain('qualify/');
  });

  it('escapes every string from the file: a hostile requirement title stays text', async () => {
    const r = qualificationFile([
      measured('ok-id', 2, {
        profile: PAYLOAD,
        profileName: PAYLOAD,
        requirement: {
          title: PAYLOAD,
          source: { document: PAYLOAD, url: `javascript:alert(1)//"${PAYLOAD}`, date: PAYLOAD },
        },
        measured: { by: PAYLOAD },
        notes: [PAYLOAD],
      }),
      notMeasured(PAYLOAD, PAYLOAD),
    ]);
    const { html } = await renderHtmlReport([r]);
    const s = section(html);
    expect(html).not.toContain(PAYLOAD);
    expect(html).not.toMatch(/<img/i);
    expect(s).toContain(`<div class="sub">${PAYLOAD_ESCAPED}</div>`);
    expect(s).toContain(`<span class="url">javascript:alert(1)//&quot;${PAYLOAD_ESCAPED}</span>`);
    expect(s).toContain(`<span class="no-bar">not measured: ${PAYLOAD_ESCAPED}</span>`);
    // The case id reaches an attribute, escaped there too.
    expect(s).toContain(`<tr data-case="qualify/${PAYLOAD_ESCAPED}/ok-id">`);
    expect(s).toContain(`<tr data-case="qualify/chain-a/${PAYLOAD_ESCAPED}">`);
  });

  it('several machines: a machine column, each requirement’s rows together, a summary per machine', async () => {
    const a = qualificationFile([measured('memory', 2), measured('cores', 0.5)], { host: 'box-a' });
    const b = qualificationFile([measured('memory', 0.5), measured('cores', 2)], {
      host: 'box-b',
      fingerprint: 'fp-b',
    });
    const s = section((await renderHtmlReport([a, b])).html);
    const rows = [...s.matchAll(/<tr data-case="([^"]+)"><td>([^<]+)<\/td>/g)].map((m) => `${m[2]} ${m[1]}`);
    expect(rows).toEqual([
      'box-a qualify/chain-a/memory',
      'box-b qualify/chain-a/memory',
      'box-a qualify/chain-a/cores',
      'box-b qualify/chain-a/cores',
    ]);
    expect(s).toContain('<li><b>box-a</b>: chain-a (chain-a validator): does not qualify');
    expect(s).toContain('<li><b>box-b</b>: chain-a (chain-a validator): does not qualify');
  });

  it('no section without qualification cases', async () => {
    const { html } = await renderHtmlReport([qualificationFile([okCase('hash/sha256/node/1KiB/t1', [1, 2, 3])])]);
    expect(html).not.toContain('id="qualification"');
  });
});
