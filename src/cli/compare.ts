import type { Argv } from 'yargs';
import type { ArgsOf } from './common.js';
import { numberFlag } from './check.js';
import { loadResults } from '../results/align.js';
import { compareResults } from '../compare/compare.js';
import { defaultMetric } from '../compare/metrics.js';
import { COMPARE_FORMATS, renderComparison } from '../compare/render-compare.js';
import { compareQualification, renderQualificationComparison } from '../report/qualification-compare.js';
import { useColor } from '../format/color.js';
import { forTerminal } from './printable-output.js';
import { SINGLE_RUN_FLOOR_PCT } from '../compare/verdict.js';

export type CompareArgs = ArgsOf<typeof compareBuilder>;

export function compareBuilder(y: Argv) {
  return y
    .positional('file', {
      type: 'string',
      array: true,
      demandOption: true,
      describe: 'result files; the first is the baseline',
    })
    .option('metric', {
      type: 'string',
      describe: 'metric to compare (default opsPerSec; margin for files of qualification cases only)',
    })
    .option('single-run-floor', {
      type: 'number',
      default: SINGLE_RUN_FLOOR_PCT,
      describe:
        'single runs (files not merged from several runs): a change below this, percent, is not marked faster or slower',
    })
    .option('format', {
      choices: COMPARE_FORMATS,
      default: 'text' as const,
      describe: 'output format',
    });
}

export async function compareCommand(args: CompareArgs): Promise<void> {
  const floorPct = numberFlag('--single-run-floor', args['single-run-floor'], 0, 1000);
  const files = loadResults(args.file);
  const comparison = compareResults(files, args.metric ?? defaultMetric(files.map((f) => f.result)), floorPct);
  // Which machines qualify, beside the metric's table; CSV stays one table (the margins are its rows with --metric margin).
  const qualification = args.format === 'csv' ? null : compareQualification(files);
  const data = qualification ? { ...comparison, qualification } : comparison;
  const color = useColor(process.stdout);
  const text = forTerminal(data, args.format, (d) => {
    const own = 'qualification' in d ? d.qualification : null;
    const main = renderComparison(d, args.format, color);
    if (!own || args.format === 'json' || args.format === 'csv') return main;
    return `${main}\n\n${renderQualificationComparison(own, args.format, color)}`;
  });
  process.stdout.write(text + '\n');
}
