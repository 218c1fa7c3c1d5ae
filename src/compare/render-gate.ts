import type { GateReport, SideInfo } from './gate.js';
import type { CompareWarning } from './warnings.js';
import { formatMetric, metricDirection } from './metrics.js';
import { markdownTable, mdEscape, textTable, type Table } from '../format/tables.js';
import { formatP } from './verdict.js';

export const GATE_FORMATS = ['text', 'md', 'json'] as const;
export type GateFormat = (typeof GATE_FORMATS)[number];

const OUTCOME_WORD = { pass: 'PASS', fail: 'FAIL', 'no-verdict': 'NO VERDICT' } as const;
const OUTCOME_ICON = { pass: '✅', fail: '❌', 'no-verdict': '⚠️' } as const;

function headline(r: GateReport): string {
  const c = r.counts;
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  const tally = `${plural(c.regression, 'regression')}, ${r.lost.length} lost, ${plural(c.improvement, 'improvement')}, ${c.unchanged} unchanged, ${c.inconclusive} inconclusive, ${r.notGated.length} not gated`;
  // Say why there is no PASS, before the tally.
  const why = r.currentMeasuredNothing
    ? 'the current run measured nothing; '
    : r.outcome === 'no-verdict'
      ? r.cases.length
        ? 'no case could be decided; '
        : 'no case could be gated; '
      : '';
  return `${OUTCOME_WORD[r.outcome]}: ${why}${tally}`;
}

function setup(r: GateReport): string {
  const metrics = r.metrics.map((m) => {
    const d = metricDirection(m);
    return `${m} (${d ? `${d} is better` : 'direction unknown: not gated'})`;
  });
  return `gating ${metrics.join(', ')}; Mann–Whitney U two-sided, alpha ${r.alpha}; threshold ${r.thresholdPct}% unless a case sets its own; single runs: ±${r.singleRunFloorPct}% floor`;
}

const sideLine = (s: SideInfo) =>
  `${s.label}  (host ${s.host}, commit ${s.commit ? s.commit.slice(0, 12) : '?'}, fingerprint ${s.fingerprint})`;

function caseView(r: GateReport, emphasize: (s: string) => string): Table {
  const many = r.metrics.length > 1;
  const columns: Table['columns'] = [
    { header: 'case' },
    ...(many ? [{ header: 'metric' }] : []),
    { header: 'baseline', align: 'right' as const },
    { header: 'current', align: 'right' as const },
    { header: 'change', align: 'right' as const },
    { header: 'threshold', align: 'right' as const },
    { header: 'p', align: 'right' as const },
    { header: 'n', align: 'right' as const },
    { header: 'verdict' },
  ];
  const rows = r.cases.map((c) => [
    c.id,
    ...(many ? [c.metric] : []),
    formatMetric(c.metric, c.baselineMedian),
    formatMetric(c.metric, c.currentMedian),
    `${c.changePct >= 0 ? '+' : ''}${c.changePct.toFixed(1)}%`,
    `${c.thresholdPct}%${c.thresholdFrom === 'case' ? '*' : ''}`,
    c.p === null ? '—' : formatP(c.p),
    `${c.n[0]}/${c.n[1]} ${c.unit}`,
    c.verdict === 'regression'
      ? emphasize(c.verdict)
      : c.verdict === 'inconclusive'
        ? c.samplesNeeded !== null
          ? `${c.verdict} (needs ${c.samplesNeeded} ${c.unit}/side)`
          : `${c.verdict} (within ±${c.floorPct}% single-run floor)`
        : c.verdict,
  ]);
  return { columns, rows };
}

const notGatedLine = (r: GateReport, n: { id: string; metric: string; reason: string }) =>
  `${n.id}${r.metrics.length > 1 ? ` [${n.metric}]` : ''}: ${n.reason}`;

/** Warnings shown above and below everything else: files of two machines cannot be gated on. */
const isLoud = (w: CompareWarning) => w.code === 'different-machines';

function renderText(r: GateReport): string {
  const out = ['chainmark check: ' + setup(r), `baseline: ${sideLine(r.baseline)}`, `current:  ${sideLine(r.current)}`];
  const loud = r.sameHost ? [] : r.warnings.filter(isLoud);
  for (const w of loud) out.push('', `!!! ${w.message}`);
  out.push('', r.cases.length ? textTable(caseView(r, (s) => s.toUpperCase())) : 'no case could be gated');
  if (r.cases.some((c) => c.thresholdFrom === 'case'))
    out.push('* threshold set by the case (thresholdPct in the result file)');
  if (r.lost.length)
    out.push('', `LOST, failing the gate (${r.lost.length}):`, ...r.lost.map((n) => `  ${notGatedLine(r, n)}`));
  const why = r.cases.filter((c) => c.verdict !== 'unchanged');
  if (why.length) out.push('', 'why:', ...why.map((c) => `  ${c.id}: ${c.verdict}: ${c.reason}`));
  if (r.notGated.length)
    out.push('', `not gated (${r.notGated.length}):`, ...r.notGated.map((n) => `  ${notGatedLine(r, n)}`));
  const rest = r.warnings.filter((w) => !loud.includes(w));
  if (rest.length) out.push('', 'warnings:', ...rest.map((w) => `  ${w.message}`));
  for (const w of loud) out.push('', `!!! ${w.message}`);
  out.push('', headline(r));
  return out.join('\n');
}

function renderMarkdown(r: GateReport): string {
  // Every string that came from a result file (labels, hosts, ids, reasons, warnings) goes through mdEscape.
  const out = [
    `### chainmark check: ${OUTCOME_ICON[r.outcome]} ${headline(r)}`,
    '',
    setup(r) + '.',
    '',
    `- baseline: ${mdEscape(sideLine(r.baseline))}`,
    `- current: ${mdEscape(sideLine(r.current))}`,
  ];
  if (!r.sameHost)
    for (const w of r.warnings.filter(isLoud)) out.push('', '> [!WARNING]', `> **${mdEscape(w.message)}**`);
  out.push(
    '',
    r.cases.length ? markdownTable(caseView(r, (s) => `**${s.toUpperCase()}**`)) : '_No case could be gated._',
  );
  if (r.cases.some((c) => c.thresholdFrom === 'case'))
    out.push('', '\\* threshold set by the case (`thresholdPct` in the result file)');
  if (r.lost.length)
    out.push(
      '',
      `**Lost, failing the gate (${r.lost.length})**`,
      '',
      ...r.lost.map((n) => `- ${mdEscape(notGatedLine(r, n))}`),
    );
  const why = r.cases.filter((c) => c.verdict !== 'unchanged');
  if (why.length) out.push('', ...why.map((c) => `- ${mdEscape(c.id)}: **${c.verdict}**: ${mdEscape(c.reason)}`));
  if (r.notGated.length)
    out.push(
      '',
      `<details><summary>Not gated (${r.notGated.length})</summary>`,
      '',
      ...r.notGated.map((n) => `- ${mdEscape(notGatedLine(r, n))}`),
      '',
      '</details>',
    );
  const rest = r.warnings.filter((w) => !isLoud(w));
  if (rest.length) out.push('', '**Warnings**', '', ...rest.map((w) => `- ${mdEscape(w.message)}`));
  return out.join('\n');
}

export function renderGate(r: GateReport, format: GateFormat): string {
  switch (format) {
    case 'json':
      return JSON.stringify(r, null, 2);
    case 'md':
      return renderMarkdown(r);
    case 'text':
      return renderText(r);
  }
}

/** The markdown table for GITHUB_STEP_SUMMARY, whatever the chosen stdout format. */
export function gateSummaryMarkdown(r: GateReport): string {
  return renderMarkdown(r) + '\n';
}
