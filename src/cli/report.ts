import { basename, dirname, resolve } from 'node:path';
import type { Argv } from 'yargs';
import type { ArgsOf } from './common.js';
import { loadResults } from '../results/align.js';
import { createUnique } from '../results/writer.js';
import { exporterNames, findExporter } from '../report/exporters.js';
import type { ExportOptions } from '../report/exporter.js';
import { InputError } from '../core/errors.js';
import { printable, printableLines } from '../format/printable.js';

export type ReportArgs = ArgsOf<typeof reportBuilder>;

export function reportBuilder(y: Argv) {
  return y
    .positional('file', {
      type: 'string',
      array: true,
      demandOption: true,
      describe: 'result files (several = several machines)',
    })
    .option('format', {
      choices: exporterNames(),
      demandOption: true,
      describe:
        'export format (gab: github-action-benchmark JSON; bencher: Bencher Metric Format; otava: Apache Otava CSV history)',
    })
    .option('metric', {
      type: 'string',
      default: 'opsPerSec',
      describe: 'metric to export, for one-number-per-case formats (gab)',
    })
    .option('out', { type: 'string', describe: 'output file (default stdout)' });
}

export async function reportCommand(args: ReportArgs): Promise<void> {
  const exporter = findExporter(args.format);
  if (!exporter)
    throw new InputError(
      'command line',
      '--format',
      `must be one of ${exporterNames().join(', ')}, got ${JSON.stringify(args.format)}`,
    );
  const loaded = loadResults(args.file);
  const options: ExportOptions = { metric: args.metric, labels: loaded.map((l) => l.label) };
  // `await` also serves exporters whose render is asynchronous.
  const text =
    (await exporter.render(
      loaded.map((l) => l.result),
      options,
    )) + '\n';
  if (args.out) {
    const out = resolve(args.out);
    createUnique(dirname(out), basename(out), text, true);
    process.stderr.write(`report: ${printable(args.out)}\n`);
  } else process.stdout.write(process.stdout.isTTY ? printableLines(text) : text);
  if (exporter.hint) process.stderr.write(`${printable(exporter.hint(options))}\n`);
}
