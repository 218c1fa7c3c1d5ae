/**
 * The comparisons of src/report/published.ts as tables, for the terminal after `run` and for the
 * markdown export: per comparison a heading, what is modeled and what is published (the source),
 * a table by n, and the drop of throughput and growth of latency from the smallest n to the
 * largest. Every figure says whether it is modeled or published; a figure that is not there is
 * "—", never 0. Strings from the file (the source, the protocol, case ids) are escaped by the
 * renderer of each format.
 */
import { printable } from '../format/printable.js';
import { duration, si } from '../format/table.js';
import { markdownTable, mdEscape, textTable, type Table } from '../format/tables.js';
import { consensusSettingsText } from './consensus-settings.js';
import type { Change, PublishedComparison } from './published.js';

/** One comparison as strings: raw, escaped by the format that shows them. */
export interface PublishedBlock {
  title: string;
  /** The two sources of the figures: modeled (how) and published (the citation). */
  lines: string[];
  table: Table;
  /** The drop and growth from the smallest to the largest n. */
  notes: string[];
}

const DASH = '—';
const orDash = (v: number | null, show: (x: number) => string): string => (v === null ? DASH : show(v));

/** A ratio of two figures: "1.23×", "0.0412×", "312×". */
export function ratioText(x: number): string {
  return `${x >= 100 ? x.toFixed(0) : x.toPrecision(3)}×`;
}

function changeNote(what: 'throughput' | 'latency', c: Change | null): string {
  const figure = what === 'throughput' ? 'tx/s' : 'latency';
  if (!c)
    return `${what === 'throughput' ? 'throughput drop' : 'latency growth'}: ${DASH} (needs modeled and published ${figure} at two node counts or more)`;
  const how =
    what === 'throughput'
      ? `throughput drop, tx/s at n = ${c.fromNodes} ÷ tx/s at n = ${c.toNodes}`
      : `latency growth, latency at n = ${c.toNodes} ÷ latency at n = ${c.fromNodes}`;
  return `${how}: modeled ${ratioText(c.modeled)}, published ${ratioText(c.published)}; modeled ÷ published ${ratioText(c.factor)}`;
}

export function publishedBlock(cmp: PublishedComparison): PublishedBlock {
  const what = cmp.series === '' ? cmp.protocol : cmp.series.replace(/^consensus\//, '');
  const first = cmp.cases[0];
  const pipelined =
    cmp.commitChain === null
      ? ''
      : `; pipelined (${cmp.commitChain}-chain commit): tx/s per view time, latency from a block's proposal to its commit`;
  const modeled = first
    ? `modeled: chainmark, one validator per machine like this one at calibrated costs; ${consensusSettingsText(first)}${pipelined}`
    : `modeled: ${DASH} (no case of ${cmp.protocol} ran ok)`;
  return {
    title: `${what}: modeled against published`,
    lines: [modeled, `published: ${cmp.source}`],
    table: {
      columns: [
        { header: 'n', align: 'right' },
        { header: 'modeled tx/s', align: 'right' },
        { header: 'published tx/s', align: 'right' },
        { header: 'tx/s modeled ÷ published', align: 'right' },
        { header: 'modeled commit latency (p50)', align: 'right' },
        { header: 'published latency', align: 'right' },
        { header: 'latency modeled ÷ published', align: 'right' },
      ],
      rows: cmp.rows.map((r) => [
        String(r.nodes),
        orDash(r.modeledTxPerSec, si),
        orDash(r.publishedTxPerSec, si),
        orDash(r.txPerSecRatio, ratioText),
        orDash(r.modeledLatencyMs, duration),
        orDash(r.publishedLatencyMs, duration),
        orDash(r.latencyRatio, ratioText),
      ]),
    },
    notes: [changeNote('throughput', cmp.throughputDrop), changeNote('latency', cmp.latencyGrowth)],
  };
}

/** For the terminal: every string made printable, blocks apart by a blank line; '' with no comparison. */
export function publishedText(cmps: readonly PublishedComparison[], bold: (s: string) => string = (s) => s): string {
  return cmps
    .map((cmp) => {
      const b = publishedBlock(cmp);
      const table = { ...b.table, rows: b.table.rows.map((r) => r.map(printable)) };
      return [bold(printable(b.title)), ...b.lines.map(printable), textTable(table), ...b.notes.map(printable)].join(
        '\n',
      );
    })
    .join('\n\n');
}

/** For markdown: a bold heading line, the lines as a list, the table (markdownTable escapes its cells), the notes. */
export function publishedMarkdown(cmps: readonly PublishedComparison[]): string {
  return cmps
    .map((cmp) => {
      const b = publishedBlock(cmp);
      return [
        `**${mdEscape(b.title)}**`,
        '',
        ...b.lines.map((l) => `- ${mdEscape(l)}`),
        '',
        markdownTable(b.table),
        '',
        ...b.notes.map((n) => `- ${mdEscape(n)}`),
      ].join('\n');
    })
    .join('\n\n');
}
