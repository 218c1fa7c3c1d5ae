import type { Argv } from 'yargs';
import { loadResults } from '../results/align.js';
import { compareResults } from '../compare/compare.js';
import { COMPARE_FORMATS, renderComparison, type CompareFormat } from '../compare/render-compare.js';
import { useColor } from '../format/color.js';

export interface CompareArgs {
  file: string[];
  metric: string;
  format: CompareFormat;
}

export function compareBuilder(y: Argv): Argv<CompareArgs> {
  return y
    .positional('file', {
      type: 'string',
      array: true,
      demandOption: true,
      describe: 'result files; the first is the baseline',
    })
    .option('metric', { type: 'string', default: 'opsPerSec', describe: 'metric to compare' })
    .option('format', {
      choices: COMPARE_FORMATS,
      default: 'text' as const,
      describe: 'output format',
    }) as unknown as Argv<CompareArgs>;
}

export async function compareCommand(args: CompareArgs): Promise<void> {
  const comparison = compareResults(loadResults(args.file), args.metric);
  process.stdout.write(renderComparison(comparison, args.format, useColor(process.stdout)) + '\n');
}
