/**
 * `chainmark report --format html`: one self-contained page with a system card per result file,
 * the validator hardware requirements a qualification run checked, consensus scaling charts, primitive charts and, for several files, ratio charts against the
 * first. Charts are Vega-Lite specs drawn to SVG in Node, so the page needs no script to show them.
 */
import type { ResultFile } from '../../results/schema.js';
import { InputError } from '../../core/errors.js';
import type { Exporter, ExportOptions } from '../exporter.js';
import { byCase, machinesOf, unmeasuredRows } from './data.js';
import {
  chartHtml,
  esc,
  pageHtml,
  systemCards,
  unmeasuredHtml,
  warningsHtml,
  type RenderedChartBlock,
} from './page.js';
import { qualificationHtml } from './qualification.js';
import { renderSvg } from './render.js';
import { comparisonSection, consensusSection, primitivesSection, type Section } from './sections.js';

export interface HtmlReport {
  html: string;
  /** Warnings Vega-Lite or Vega reported while drawing, prefixed with the chart's key. */
  messages: string[];
  /** Keys of the charts drawn, in page order. */
  charts: string[];
}

async function sectionHtml(section: Section, messages: string[], keys: string[]): Promise<string> {
  const parts = [`<section id="${esc(section.id)}">`, `<h2>${esc(section.title)}</h2>`];
  if (section.intro) parts.push(`<p>${esc(section.intro)}</p>`);
  // One chart at a time: Vega's work is synchronous CPU, so drawing them concurrently gains nothing.
  for (const chart of section.charts) {
    const drawn = await renderSvg(chart.spec);
    messages.push(...drawn.messages.map((m) => `${chart.key}: ${m}`));
    keys.push(chart.key);
    const block: RenderedChartBlock = {
      key: chart.key,
      title: chart.title,
      svg: drawn.svg,
      table: chart.table,
      ...(chart.note ? { note: chart.note } : {}),
    };
    parts.push(chartHtml(block));
  }
  parts.push('</section>');
  return parts.join('\n');
}

export async function renderHtmlReport(
  results: readonly ResultFile[],
  options: Pick<ExportOptions, 'labels'> = {},
): Promise<HtmlReport> {
  if (results.length === 0) throw new InputError('command line', 'file', 'names no result file to report on');
  const machines = machinesOf(results, options.labels);
  const multi = machines.length > 1;
  const messages: string[] = [];
  const charts: string[] = [];
  const body = [
    `<section id="systems">`,
    `<h2>${multi ? 'Machines' : 'Machine'}</h2>`,
    systemCards(machines),
    '</section>',
  ];
  const qualification = qualificationHtml(machines);
  if (qualification) body.push(qualification);
  for (const section of [consensusSection(machines), primitivesSection(machines), comparisonSection(machines)]) {
    if (section) body.push(await sectionHtml(section, messages, charts));
  }
  const unmeasured = unmeasuredRows(machines);
  if (unmeasured.length) body.push(unmeasuredHtml(multi ? byCase(unmeasured) : unmeasured, multi));
  body.push(warningsHtml(machines));
  const scenarios = [...new Set(results.map((r) => r.run.scenario.name))];
  const cases = results.reduce((n, r) => n + r.cases.length, 0);
  const html = pageHtml({
    title: `chainmark report: ${scenarios.join(', ')}`,
    lead: `${results.length} result file${multi ? 's' : ''} (${machines.map((m) => m.label).join(', ')}), ${cases} cases.`,
    body,
    footer: `Written by chainmark ${results[0]!.tool.version} from result files of schema ${results[0]!.schema}. Charts: Vega-Lite, drawn to SVG ahead of time; the page runs no script and loads nothing.`,
  });
  return { html, messages, charts };
}

export const htmlExporter: Exporter = {
  name: 'html',
  description: 'self-contained HTML page with charts and system cards (opens offline)',
  extension: '.html',
  render: async (results: ResultFile[], options: ExportOptions) => (await renderHtmlReport(results, options)).html,
};
