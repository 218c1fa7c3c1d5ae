#!/usr/bin/env node
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { InputError } from '../core/errors.js';
import { printable } from '../format/printable.js';
import { BackendLoadError } from '../workloads/backends/index.js';
import { toolVersion } from '../system/packages.js';
import { EXIT, ExitRequest } from './common.js';
import { runBuilder, runCommand, type RunArgs } from './run.js';
import { qualifyBuilder, qualifyCommand, type QualifyArgs } from './qualify.js';
import { listing, renderListing } from './list.js';
import { renderSpecs, sysinfo } from './sysinfo.js';
import { compareBuilder, compareCommand, type CompareArgs } from './compare.js';
import { checkBuilder, checkCommand, type CheckArgs } from './check.js';
import { reportBuilder, reportCommand, type ReportArgs } from './report.js';
import { mergeBuilder, mergeCommand, type MergeArgs } from './merge.js';
import { pushBuilder, pushCommand, type PushArgs } from './push.js';
import { ceilingBuilder, ceilingCommand, type CeilingArgs } from './ceiling.js';

const argv = hideBin(process.argv);
const verbose = argv.includes('--verbose');

/**
 * Leave at once, on a second interrupt. The signal's default action ends the process even when a
 * worker thread is stuck in native code, which process.exit would wait for; shells report it as
 * 128 + the signal number, i.e. 130 or 143, as for the exit codes of a graceful stop.
 */
function leaveNow(signal: NodeJS.Signals): never {
  process.removeAllListeners(signal);
  process.kill(process.pid, signal);
  process.exit(signal === 'SIGINT' ? EXIT.sigint : EXIT.sigterm);
}

/**
 * An error as the lines it is printed as: its message (which may quote a path or a value from a
 * file) made printable, one line; with --verbose, the stack too, each line printable.
 */
function errorText(e: Error): string {
  return verbose && e.stack ? e.stack.split('\n').map(printable).join('\n') : printable(e.message);
}

// The only place that prints errors and exits: modules throw, main decides.
function fail(err: unknown): never {
  if (err instanceof ExitRequest) {
    if (err.signal) leaveNow(err.signal);
    process.exit(err.code);
  }
  if (err instanceof InputError || err instanceof BackendLoadError) {
    // One line the user can act on; --verbose adds where it was raised.
    process.stderr.write(`chainmark: ${errorText(err)}\n`);
    process.exit(EXIT.input);
  }
  process.stderr.write(`chainmark: ${errorText(err as Error)}\n`);
  process.exit(EXIT.failed);
}

try {
  await yargs(argv)
    .scriptName('chainmark')
    .version(toolVersion())
    .option('verbose', { type: 'boolean', default: false, describe: 'stack traces on errors' })
    .command<RunArgs>('run [scenario..]', 'run benchmark scenarios and write a result file', runBuilder, (a) =>
      runCommand(a, argv, leaveNow),
    )
    .command<QualifyArgs>(
      'qualify',
      "check this machine against chains' validator hardware requirements (profiles/*.json)",
      qualifyBuilder,
      (a) => qualifyCommand(a, argv, leaveNow),
    )
    .command(
      'list',
      'list scenarios, workloads, algorithms and backends',
      (y) =>
        y.option('json', { type: 'boolean', default: false }).option('backend-module', { type: 'string', array: true }),
      async (a) => {
        const l = await listing((a['backend-module'] as string[] | undefined) ?? []);
        process.stdout.write((a.json ? JSON.stringify(l, null, 2) : renderListing(l)) + '\n');
      },
    )
    .command(
      'sysinfo',
      "print this machine's specs",
      (y) =>
        y.option('json', { type: 'boolean', default: false }).option('anonymize', { type: 'boolean', default: false }),
      async (a) => {
        const s = await sysinfo(a.anonymize);
        process.stdout.write((a.json ? JSON.stringify(s, null, 2) : renderSpecs(s)) + '\n');
      },
    )
    .command<CompareArgs>(
      'compare <file..>',
      'compare result files side by side (the first is the baseline)',
      compareBuilder,
      compareCommand,
    )
    .command<CheckArgs>(
      'check',
      'CI gate: exit 1 when the current run regressed against the baseline',
      checkBuilder,
      checkCommand,
    )
    .command<ReportArgs>(
      'report <file..>',
      'export result files as html (charts), md, csv, json, openmetrics, prometheus, gab, bencher or otava',
      reportBuilder,
      reportCommand,
    )
    .command<PushArgs>(
      'push <file..>',
      'push result files to a Prometheus Pushgateway, one group per file (replaced as a whole)',
      pushBuilder,
      pushCommand,
    )
    .command<MergeArgs>(
      'merge <file..>',
      "merge runs of one machine: each case's samples concatenated",
      mergeBuilder,
      mergeCommand,
    )
    .command<CeilingArgs>(
      'ceiling',
      'how close each backend gets to openssl speed on this machine',
      ceilingBuilder,
      (a) => ceilingCommand(a, argv),
    )
    .demandCommand(1, 'name a command: run, qualify, list, sysinfo, compare, check, report, push, merge or ceiling')
    .strict()
    .fail((msg, err) => {
      if (err) throw err;
      throw new InputError('command line', '', msg);
    })
    .help()
    .parseAsync();
} catch (err) {
  fail(err);
}
