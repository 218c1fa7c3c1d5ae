import { describe, expect, it } from 'vitest';
import { renderHtmlReport } from '../../src/report/html/index.js';
import { esc } from '../../src/report/html/page.js';
import { activeContent } from '../../src/report/html/screen.js';
import { PAYLOAD, PAYLOAD_ESCAPED, combined, hostile, otherMachine } from './html-fixtures.js';

const count = (text: string, part: string): number => text.split(part).length - 1;
const svgs = (html: string): string[] => html.match(/<svg[\s\S]*?<\/svg>/g) ?? [];
/** Names of the attributes of every tag, reading quoted values as values (they may hold escaped markup). */
const attributeNames = (html: string): string[] =>
  [...html.matchAll(/<[A-Za-z][\w:-]*((?:[^>"']|"[^"]*"|'[^']*')*)>/g)].flatMap((tag) =>
    [...tag[1]!.replace(/"[^"]*"|'[^']*'/g, '""').matchAll(/([^\s=]+)\s*=/g)].map((a) => a[1]!.toLowerCase()),
  );

describe('HTML report escaping', () => {
  it('escapes the five characters that matter in content and quoted attributes', () => {
    expect(esc(`<a href="x" title='y'>&amp;</a>`)).toBe(
      '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;amp;&lt;/a&gt;',
    );
    expect(esc('plain text, 1 ≤ n')).toBe('plain text, 1 ≤ n');
  });

  it('never writes markup from a result file: hostname, scenario, CPU, libraries, case ids, protocol, error and warning', async () => {
    const r = hostile(combined());
    // The fixture really carries the payload where the report shows it.
    expect(r.system.hostname).toBe(PAYLOAD);
    expect(r.run.scenario.name).toBe(PAYLOAD);
    expect(r.cases.some((c) => c.status !== 'ok' && c.error === PAYLOAD)).toBe(true);
    expect(r.cases.filter((c) => c.id.includes(PAYLOAD)).length).toBeGreaterThan(1);

    const { html, messages } = await renderHtmlReport([r]);
    expect(messages).toEqual([]);
    expect(html).not.toContain(PAYLOAD);
    expect(html).not.toMatch(/<img/i);
    const attributes = attributeNames(html);
    expect(attributes).toContain('aria-label');
    expect(attributes.filter((a) => a.startsWith('on'))).toEqual([]);

    // Escaped, and present wherever the field is shown: title, heading, card (host, CPU, library
    // name and version, scenario), the error table, the warning list, chart tables, SVG text.
    expect(html).toContain(`<title>chainmark report: ${PAYLOAD_ESCAPED}</title>`);
    expect(html).toContain(`<h3>${PAYLOAD_ESCAPED}</h3>`);
    expect(html).toContain(`<tr><th>${PAYLOAD_ESCAPED}</th><td>${PAYLOAD_ESCAPED}</td></tr>`);
    expect(html).toContain(`<tr><th>CPU</th><td>${PAYLOAD_ESCAPED}</td></tr>`);
    expect(html).toContain(`<tr><th>scenario</th><td>${PAYLOAD_ESCAPED}</td></tr>`);
    expect(/<section id="unmeasured">[\s\S]*?<\/section>/.exec(html)?.[0]).toContain(`<td>${PAYLOAD_ESCAPED}</td>`);
    expect(html).toContain(`<li>${PAYLOAD_ESCAPED}</li>`);
    expect(count(html, PAYLOAD_ESCAPED)).toBeGreaterThan(20);
  });

  it('shows why a run stopped and what it did not reach, escaped', async () => {
    const r = hostile(combined());
    r.run.status = 'interrupted';
    r.run.stopReason = `SIGINT during case 3 of 5 (${PAYLOAD})`;
    r.run.notRun = [
      { id: 'a', kind: 'primitive' },
      { id: 'b', kind: 'primitive' },
    ];
    const { html } = await renderHtmlReport([r]);
    expect(html).not.toContain(PAYLOAD);
    expect(html).toContain(
      `<tr><th>run status</th><td>interrupted: SIGINT during case 3 of 5 (${PAYLOAD_ESCAPED}) (2 cases not reached)</td></tr>`,
    );
  });

  it('vega escapes the strings it draws: payloads in axis labels and legends stay text', async () => {
    const { html } = await renderHtmlReport([hostile(combined())]);
    const charts = svgs(html);
    const withPayload = charts.filter((svg) => svg.includes('onerror'));
    // The primitive case's algorithm (axis label), its backend (legend) and the PBFT series (legend).
    expect(withPayload.length).toBeGreaterThanOrEqual(3);
    for (const svg of withPayload) {
      expect(svg).not.toContain(PAYLOAD);
      expect(svg).toContain(PAYLOAD_ESCAPED.slice(0, 20));
    }
    const texts = charts.flatMap((svg) => [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]!));
    expect(texts.some((t) => t.startsWith(`${PAYLOAD_ESCAPED} — n^`))).toBe(true);
    // Attribute values (aria labels) are escaped too: no quote ends one early.
    for (const svg of withPayload)
      for (const label of svg.match(/aria-label="[^"]*"/g) ?? []) expect(label).not.toMatch(/<|>/);
  });

  it('escapes the labels of several files from one host, in cards, legends and tables', async () => {
    const a = hostile(combined());
    const b = otherMachine(a, PAYLOAD, 1.5);
    const { html } = await renderHtmlReport([a, b], { labels: [`${PAYLOAD}.json`, `b${PAYLOAD}.json`] });
    expect(html).not.toContain(PAYLOAD);
    expect(html).toContain(`<h3>${PAYLOAD_ESCAPED}.json</h3>`);
    expect(html).toContain(`<h3>b${PAYLOAD_ESCAPED}.json</h3>`);
    expect(html).toMatch(/data-chart="ratio:primitive"/);
    expect(html).not.toMatch(/<img/i);
  });
});

describe('chart SVG screening', () => {
  const svg = (inner: string) => `<svg xmlns="http://www.w3.org/2000/svg" class="marks"><g>${inner}</g></svg>`;

  it('passes drawing, including escaped markup in text and attribute values', () => {
    expect(
      activeContent(
        svg(`<path aria-label="host: ${PAYLOAD_ESCAPED}" d="M0,0h1"/><text>${PAYLOAD_ESCAPED} onload=x</text>`),
      ),
    ).toBeNull();
    expect(
      activeContent(
        svg('<defs><clipPath id="clip1"><rect width="1"/></clipPath></defs><g clip-path="url(#clip1)"></g>'),
      ),
    ).toBeNull();
  });

  it('refuses script, event handlers, foreign content and anything fetched', () => {
    expect(activeContent(svg('<script>alert(1)</script>'))).toMatch(/<script> element/);
    expect(activeContent(svg('<path onload="alert(1)" d="M0,0"/>'))).toMatch(/event handler \(onload\)/);
    expect(activeContent(svg('<foreignObject><div/></foreignObject>'))).toMatch(/<foreignObject> element/);
    expect(activeContent(svg('<image href="https://example.com/x.png"/>'))).toMatch(/<image> element/);
    expect(activeContent(svg('<g><a xlink:href="javascript:alert(1)"/></g>'))).toMatch(/<a> element/);
    expect(activeContent(svg('<rect fill="url(https://example.com/p)"/>'))).toMatch(/reference out of the page/);
    expect(activeContent(svg('<rect style="background: url(x.png)"/>'))).toMatch(/style that loads/);
    expect(activeContent(svg('<text xlink:href="http://x/"/>'))).toMatch(/link out of the page/);
  });
});
