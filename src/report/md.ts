import { machineFacts } from '../compare/machine.js';
import { markdownTable, mdEscape, type Table } from '../format/tables.js';
import {
  isConsensusCase,
  isPrimitiveCase,
  type CaseResult,
  type ConsensusCaseResult,
  type ResultFile,
} from '../results/schema.js';
import { caseFacts, fileLabels, machineOf, metricRow, type MetricRow } from './cases.js';
import type { Exporter, ExportOptions } from './exporter.js';
import { bytesPerSec, duration, si } from '../format/table.js';
import { anyPipelined, consensusSettingsText, timePerText } from './consensus-settings.js';
import { comparePublished } from './published.js';
import { publishedMarkdown } from './published-table.js';
import { qualificationMarkdown } from './qualification-md.js';

/**
 * GitHub-flavoured markdown for pull-request comments and job summaries: per result file a
 * heading, one system line, a table of primitive cases and one of consensus cases (with the
 * settings their modeled figures assume), the validator hardware requirements a qualification run
 * checked (report/qualification-md.ts), and the published measurements a scenario cites beside
 * the modeled ones. Several files
 * are several machines, each with its own section. Every string from a result file passes through
 * mdEscape (tables escape their cells), so a hostile hostname or error renders as text.
 */

/** A metric's CI: '' without the metric, "—" without an interval (one sample), "invalid" for a negative one. */
const ciCell = (m: MetricRow | undefined, show: (x: number) => string): string =>
  !m ? '' : m.ciInvalid ? 'invalid' : m.ci95 ? `${show(m.ci95[0])} – ${show(m.ci95[1])}` : '—';
const statusCell = (c: CaseResult): string => {
  const f = caseFacts(c);
  return f.status === 'ok' ? 'ok' : f.error ? `${f.status}: ${f.error}` : f.status;
};

function primitiveTable(cases: CaseResult[]): Table {
  const withBytes = cases.some((c) => metricRow(c, 'bytesPerSec'));
  const columns: Table['columns'] = [
    { header: 'case' },
    { header: 'threads', align: 'right' },
    { header: 'ops/s (median)', align: 'right' },
    { header: 'ops/s 95% CI', align: 'right' },
    ...(withBytes ? [{ header: 'bytes/s (median)', align: 'right' as const }] : []),
    { header: 'p99 latency', align: 'right' },
    { header: 'status' },
  ];
  const rows = cases.map((c) => {
    const ops = metricRow(c, 'opsPerSec');
    const bytes = metricRow(c, 'bytesPerSec');
    const latency = metricRow(c, 'latencyMs');
    return [
      caseFacts(c).name,
      String(c.threads),
      ops ? si(ops.median) : '',
      ciCell(ops, si),
      ...(withBytes ? [bytes ? bytesPerSec(bytes.median) : ''] : []),
      latency && latency.p99 !== null ? duration(latency.p99) : '',
      statusCell(c),
    ];
  });
  return { columns, rows };
}

/**
 * Consensus cases with what their modeled figures assume (network, validator cores); a pipelined
 * protocol's times are per view, and its rows say so.
 */
function consensusTable(cases: ConsensusCaseResult[]): Table {
  const pipelined = anyPipelined(cases);
  const clock = pipelined ? 'round or view' : 'round';
  const columns: Table['columns'] = [
    { header: 'consensus case' },
    { header: 'threads', align: 'right' },
    { header: 'nodes', align: 'right' },
    ...(pipelined ? [{ header: 'time per' }] : []),
    { header: `host ${clock} (median)`, align: 'right' },
    { header: `modeled ${clock} (median)`, align: 'right' },
    { header: 'committed tx/s (median)', align: 'right' },
    { header: 'tx/s 95% CI', align: 'right' },
    { header: 'settings' },
    { header: 'status' },
  ];
  const rows = cases.map((c) => {
    const f = caseFacts(c);
    const host = metricRow(c, 'hostRoundMs');
    const modeled = metricRow(c, 'modeledRoundMs');
    const tx = metricRow(c, 'committedTxPerSec');
    const status = statusCell(c);
    return [
      f.name,
      String(c.threads),
      f.param === 'nodes' && f.paramValue !== null ? String(f.paramValue) : '',
      ...(pipelined ? [timePerText(c)] : []),
      host ? duration(host.median) : c.status === 'ok' ? '—' : '',
      modeled ? duration(modeled.median) : c.status === 'ok' ? '—' : '',
      tx ? si(tx.median) : '',
      ciCell(tx, si),
      consensusSettingsText(c),
      status,
    ];
  });
  return { columns, rows };
}

/** "EPYC 7763 · cores 2 physical / 4 logical (4 usable) · 16.0 GiB · …", from the same facts as `compare`. */
function systemLine(r: ResultFile): string {
  const f = new Map(machineFacts(r));
  const parts = [
    f.get('CPU'),
    `cores ${f.get('cores')}`,
    f.get('memory'),
    f.get('OS'),
    `kernel ${f.get('kernel')}`,
    `Node ${f.get('Node')}`,
    `OpenSSL ${f.get('OpenSSL')}`,
    `fingerprint ${f.get('fingerprint')}`,
  ];
  return mdEscape(parts.join(' · '));
}

function runLine(r: ResultFile): string {
  const { startedAt, stopReason, notRun } = r.run;
  const stopped =
    r.run.status === 'complete'
      ? ''
      : `${stopReason ? `: ${stopReason}` : ''}${notRun?.length ? ` (${notRun.length} cases not reached)` : ''}`;
  const parts = [
    `run ${r.run.status}${stopped}`,
    `seed ${r.run.seed}`,
    `chainmark ${r.tool.version || '?'}`,
    ...(startedAt ? [`started ${startedAt}`] : []),
  ];
  return mdEscape(parts.join(' · '));
}

function section(r: ResultFile, label: string | null): string {
  const host = machineOf(r).host || '?';
  const title = `${label === null ? 'chainmark' : label}: ${r.run.scenario.name} on ${host}`;
  // A trailing backslash is a GFM hard line break (mdEscape doubles any backslash of the content).
  const out = [`### ${mdEscape(title)}`, '', `${systemLine(r)}\\`, runLine(r)];
  const consensus = r.cases.filter(isConsensusCase);
  const primitive = r.cases.filter(isPrimitiveCase);
  if (primitive.length) out.push('', markdownTable(primitiveTable(primitive)));
  if (consensus.length) out.push('', markdownTable(consensusTable(consensus)));
  const qualification = qualificationMarkdown(r.cases);
  if (qualification) out.push('', qualification);
  const published = comparePublished(r);
  if (published.length)
    out.push('', 'Published measurements beside the modeled figures:', '', publishedMarkdown(published));
  if (r.cases.length === 0) out.push('', '_No cases._');
  if (r.scaling.length) {
    const rows = r.scaling.map((e) => [
      e.series,
      e.metric,
      e.base === undefined ? '' : duration(e.base),
      e.exponent.toFixed(2),
      e.r2.toFixed(3),
      e.knee === null ? 'none' : String(e.knee),
    ]);
    out.push(
      '',
      'Round time = fixed part + a·n^exponent (no fixed part: ∝ n^exponent):',
      '',
      markdownTable({
        columns: [
          { header: 'series' },
          { header: 'metric' },
          { header: 'fixed part', align: 'right' },
          { header: 'exponent', align: 'right' },
          { header: 'R²', align: 'right' },
          { header: 'knee (nodes)', align: 'right' },
        ],
        rows,
      }),
    );
  }
  if (r.warnings.length) out.push('', '**Warnings**', '', ...r.warnings.map((w) => `- ${mdEscape(w.message)}`));
  return out.join('\n');
}

export function renderMarkdown(results: ResultFile[], options: ExportOptions): string {
  const labels = fileLabels(results, options);
  return results.map((r, i) => section(r, results.length === 1 ? null : labels[i]!)).join('\n\n');
}

export const markdownExporter: Exporter = {
  name: 'md',
  description: 'GitHub-flavoured markdown tables (PR comments, job summaries)',
  extension: '.md',
  render: renderMarkdown,
};
