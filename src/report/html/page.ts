/**
 * The HTML page around the charts: one self-contained file (inline CSS and inline SVG, no script,
 * nothing fetched). Every string that comes from a result file goes through `esc`; the only markup
 * inserted unescaped is Vega's SVG, which Vega escapes itself and render.ts screens.
 */
import { machineFacts } from '../../compare/machine.js';
import type { RunInfo } from '../../results/schema.js';
import type { Machine, UnmeasuredRow } from './data.js';
import type { Table } from './sections.js';

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text as HTML, safe in element content and in quoted attribute values. */
export function esc(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => ENTITIES[ch]!);
}

export function tableHtml(t: Table): string {
  const cls = (i: number) => (t.numeric[i] ? ' class="num"' : '');
  const head = t.headers.map((h, i) => `<th${cls(i)}>${esc(h)}</th>`).join('');
  const body = t.rows
    .map((r) => `<tr>${r.map((cell, i) => `<td${cls(i)}>${esc(cell)}</td>`).join('')}</tr>`)
    .join('\n');
  return `<table><thead><tr>${head}</tr></thead>\n<tbody>\n${body}\n</tbody></table>`;
}

export interface RenderedChartBlock {
  key: string;
  title: string;
  note?: string;
  svg: string;
  table: Table;
}

export function chartHtml(c: RenderedChartBlock): string {
  return [
    `<figure class="chart" data-chart="${esc(c.key)}">`,
    `<figcaption><h3>${esc(c.title)}</h3>${c.note ? `<p class="note">${esc(c.note)}</p>` : ''}</figcaption>`,
    `<div class="plot">${c.svg}</div>`,
    `<div class="table">${tableHtml(c.table)}</div>`,
    '</figure>',
  ].join('\n');
}

/** Facts the comparison header does not show: CPU flags, run date and status, virtualization, load. */
function extraFacts(m: Machine): [string, string][] {
  const { cpu, virtualization: virt, load } = m.result.system;
  // Files written before flags, virtualization or the load after the run were recorded show '?'.
  const flags = cpu.flags ? Object.entries(cpu.flags) : [];
  return [
    [
      'CPU flags',
      flags.length
        ? flags
            .filter(([, on]) => on)
            .map(([name]) => name)
            .join(' ') || 'none of the tracked ones'
        : '?',
    ],
    ['run date', m.result.run.startedAt],
    ['run status', runStatus(m.result.run)],
    [
      'virtualization',
      virt ? (virt.virtual ? `virtual (${virt.host ?? '?'})` : virt.host ? `container (${virt.host})` : 'none') : '?',
    ],
    ['load before / after', `${load.before.join(' ')} / ${load.after ? load.after.join(' ') : '?'}`],
  ];
}

/** complete, or interrupted/failed with why and how many cases it did not reach. */
function runStatus(run: RunInfo): string {
  if (run.status === 'complete') return run.status;
  const why = run.stopReason !== undefined ? `: ${run.stopReason}` : '';
  const left = run.notRun?.length ? ` (${run.notRun.length} cases not reached)` : '';
  return `${run.status}${why}${left}`;
}

/** Where the extras go among the comparison header's facts; the rest follow them. */
const PLACE_AFTER: Record<string, string[]> = { cores: ['CPU flags'], commit: ['run date', 'run status'] };

function cardFacts(m: Machine): [string, string][] {
  const extra = new Map(extraFacts(m));
  const facts: [string, string][] = [];
  for (const fact of machineFacts(m.result)) {
    facts.push(fact);
    for (const key of PLACE_AFTER[fact[0]] ?? []) {
      facts.push([key, extra.get(key)!]);
      extra.delete(key);
    }
  }
  return [...facts, ...extra];
}

const factRows = (facts: readonly [string, string][]) =>
  facts.map(([k, v]) => `<tr><th>${esc(k)}</th><td>${esc(v)}</td></tr>`).join('\n');

function card(m: Machine, facts: readonly [string, string][]): string {
  const body = facts.length
    ? `<table class="facts">\n${factRows(facts)}\n</table>`
    : '<p class="note">No recorded fact differs from the other files.</p>';
  return `<article class="card" data-machine="${m.index}">\n<h3>${esc(m.label)}</h3>\n${body}\n</article>`;
}

/**
 * One card per result file. With several, each card lists only the facts that differ between the
 * files (a fact a file lacks counts as '—'); the facts they share are listed once, folded.
 */
export function systemCards(machines: readonly Machine[]): string {
  const perMachine = machines.map(cardFacts);
  if (machines.length === 1) return `<div class="cards">\n${card(machines[0]!, perMachine[0]!)}\n</div>`;
  const maps = perMachine.map((facts) => new Map(facts));
  const labels = [...new Set(perMachine.flatMap((facts) => facts.map(([k]) => k)))];
  const differs = new Set(labels.filter((k) => new Set(maps.map((m) => m.get(k) ?? '—')).size > 1));
  const cards = machines.map((m, i) =>
    card(
      m,
      labels.filter((k) => differs.has(k)).map((k): [string, string] => [k, maps[i]!.get(k) ?? '—']),
    ),
  );
  const same = labels.filter((k) => !differs.has(k)).map((k): [string, string] => [k, maps[0]!.get(k)!]);
  const folded = same.length
    ? `<details class="same"><summary>${same.length} fact${same.length === 1 ? '' : 's'} the same on every machine</summary>\n<table class="facts">\n${factRows(same)}\n</table>\n</details>`
    : '';
  return `<div class="cards">\n${cards.join('\n')}\n</div>${folded ? `\n${folded}` : ''}`;
}

export function unmeasuredHtml(rows: readonly UnmeasuredRow[], multi: boolean): string {
  const t: Table = {
    headers: [...(multi ? ['machine'] : []), 'case', 'status', 'reason'],
    numeric: [...(multi ? [false] : []), false, false, false],
    rows: rows.map((r) => [...(multi ? [r.machine] : []), r.caseId, r.status, r.error]),
  };
  return `<section id="unmeasured"><h2>Cases without figures</h2>\n<p>Failed checks, errors and skipped cases report no rate.</p>\n${tableHtml(t)}\n</section>`;
}

export function warningsHtml(machines: readonly Machine[]): string {
  const items = machines.flatMap((m) =>
    m.result.warnings.map((w) => `<li>${machines.length > 1 ? `<b>${esc(m.label)}</b>: ` : ''}${esc(w.message)}</li>`),
  );
  return items.length
    ? `<section id="warnings"><h2>Warnings recorded by the runs</h2>\n<ul>\n${items.join('\n')}\n</ul>\n</section>`
    : '';
}

const STYLE = `
:root { color-scheme: light; --ink: #1d2430; --muted: #5b6675; --rule: #d9dee5; --band: #f5f7fa; }
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 1180px; padding: 24px; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink); background: #fff; }
h1 { font-size: 24px; margin: 0 0 4px; }
h2 { font-size: 19px; margin: 36px 0 8px; padding-bottom: 4px; border-bottom: 2px solid var(--rule); }
h3 { font-size: 15px; margin: 0 0 4px; }
p.lead, p.note, section > p { color: var(--muted); margin: 4px 0 12px; }
.cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(340px, 1fr)); gap: 16px; }
.card { border: 1px solid var(--rule); border-radius: 6px; padding: 12px 14px; background: var(--band); }
.card h3 { overflow-wrap: anywhere; }
table { border-collapse: collapse; font-size: 12.5px; }
table.facts th { text-align: left; font-weight: 600; padding: 2px 12px 2px 0; vertical-align: top; white-space: nowrap; }
table.facts td { padding: 2px 0; overflow-wrap: anywhere; }
figure.chart { margin: 24px 0 32px; }
.plot { overflow-x: auto; }
.plot svg { max-width: 100%; height: auto; }
.table { overflow-x: auto; margin-top: 8px; }
.table table th, .table table td, #unmeasured td, #unmeasured th { border-bottom: 1px solid var(--rule); padding: 3px 10px; text-align: left; }
.table table th { background: var(--band); }
th.num, td.num { text-align: right !important; font-variant-numeric: tabular-nums; white-space: nowrap; }
details.same { margin-top: 12px; border: 1px solid var(--rule); border-radius: 6px; padding: 8px 14px; }
details.same summary { cursor: pointer; color: var(--muted); }
table.qualification th, table.qualification td { vertical-align: top; }
table.qualification .sub { color: var(--muted); font-size: 11.5px; }
td.verdict.pass { color: #2f7d32; } td.verdict.fail { color: #c62828; font-weight: 600; }
td.verdict.not-measured, td.verdict.not-comparable, .no-bar { color: var(--muted); }
.mbar { position: relative; width: 200px; height: 12px; margin-top: 2px; background: var(--band); border: 1px solid var(--rule); }
.mbar-fill { position: absolute; top: 1px; bottom: 1px; min-width: 2px; }
.mbar-fill.pass { background: #54a24b; } .mbar-fill.fail { background: #e45756; }
.mbar-fill.clipped { border-style: double; border-color: var(--ink); border-width: 0 3px; }
.mbar-one { position: absolute; left: 50%; margin-left: -1px; top: -4px; bottom: -4px; border-left: 2px solid var(--ink); }
ul.sources { list-style: none; padding-left: 0; }
ul.sources .url { overflow-wrap: anywhere; font-family: ui-monospace, monospace; font-size: 12px; }
footer { margin-top: 40px; color: var(--muted); font-size: 12px; }
@media print { .plot { overflow: visible; } figure.chart { break-inside: avoid; } }
`;

/**
 * No script may run and nothing may be fetched: the page is data and pictures. This also holds
 * back anything a hostile result file might try if escaping were ever missed somewhere.
 */
const CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'";

export function pageHtml(opts: { title: string; lead: string; body: string[]; footer: string }): string {
  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${CSP}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta name="generator" content="chainmark">',
    `<title>${esc(opts.title)}</title>`,
    `<style>${STYLE}</style>`,
    '</head>',
    '<body>',
    `<header><h1>${esc(opts.title)}</h1><p class="lead">${esc(opts.lead)}</p></header>`,
    ...opts.body,
    `<footer>${esc(opts.footer)}</footer>`,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
