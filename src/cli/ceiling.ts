import { spawnSync } from 'node:child_process';
import { basename, dirname, resolve } from 'node:path';
import type { Argv } from 'yargs';
import { ceilingPlan, ceilingReport, type CeilingReport } from '../ceiling/ceiling.js';
import { bareNodeLoop } from '../ceiling/bare.js';
import { opensslSpeed, OpensslUnavailable } from '../system/openssl.js';
import { textTable } from '../format/tables.js';
import { runPlan } from '../run/runner.js';
import { writeAtomic } from '../results/writer.js';
import { palette, useColor } from '../format/color.js';
import { si } from '../format/table.js';
import { InputError } from '../core/errors.js';
import { isFiniteNumber, isObject } from '../core/guards.js';
import { loadBackends } from '../workloads/backends/index.js';
import { parseInt1, type ArgsOf } from './common.js';

export type CeilingArgs = ArgsOf<typeof ceilingBuilder>;

export function ceilingBuilder(y: Argv) {
  return y
    .option('seconds', {
      type: 'number',
      default: 3,
      describe: "seconds per openssl speed measurement (each is taken before and after chainmark's)",
    })
    .option('time', { type: 'number', default: 1000, describe: 'chainmark window per sample, ms' })
    .option('warmup', { type: 'number', default: 200, describe: 'minimum chainmark warm-up per case, ms' })
    .option('repeat', { type: 'number', default: 3, describe: 'chainmark windows per case' })
    .option('out', {
      type: 'string',
      default: 'results',
      describe: 'directory (or .json file) for the chainmark result file',
    })
    .option('json', { type: 'boolean', default: false, describe: 'print the comparison as JSON' })
    .option('pin', {
      type: 'string',
      describe:
        'run openssl, the plain loop and chainmark on these CPUs (taskset list, e.g. 1): the same core for all three',
    });
}

const pct = (x: number | null) => (x === null ? '—' : `${(x * 100).toFixed(1)}%`);

export function renderCeiling(r: CeilingReport & { pinned?: string | null }, color: boolean): string {
  const pc = palette(color);
  const rows = r.rows.map((row) => [
    row.operation,
    row.backend,
    row.opsPerSec === null ? '—' : si(row.opsPerSec),
    si(row.openssl.mean),
    `${si(row.openssl.before)} → ${si(row.openssl.after)}`,
    row.meetsTarget === false ? pc.red(pct(row.fraction)) : pct(row.fraction),
    row.bare === null ? '' : si(row.bare.mean),
    row.ofBare === null ? '' : pct(row.ofBare),
    row.target === null ? '' : `≥ ${pct(row.target)} ${row.meetsTarget ? 'met' : 'MISSED'}`,
    row.note ?? '',
  ]);
  const table = textTable({
    columns: [
      { header: 'operation' },
      { header: 'backend' },
      { header: 'chainmark ops/s', align: 'right' },
      { header: 'openssl ops/s', align: 'right' },
      { header: 'openssl before → after', align: 'right' },
      { header: 'of openssl', align: 'right' },
      { header: 'plain loop ops/s', align: 'right' },
      { header: 'of plain loop', align: 'right' },
      { header: 'target' },
      { header: 'note' },
    ],
    rows,
  });
  return [
    `ceiling: ${r.openssl.version} (openssl speed) against chainmark at 1 thread; Node's OpenSSL is ${r.nodeOpenssl}`,
    `commands: ${r.openssl.commands.join('; ')}`,
    r.pinned
      ? `pinned to CPU ${r.pinned} (taskset)`
      : 'not pinned: on a small VM, --pin 1 puts openssl, the plain loop and chainmark on the same core',
    '',
    table,
    '',
    'sha256 rows count 16 KiB messages per second. The node backend calls the same OpenSSL; "plain loop" is the same node:crypto call',
    'in a bare loop on the main thread (no pool, no harness), so "of plain loop" is what the harness costs and the plain loop\'s own gap',
    "to openssl speed is what Node's bindings cost per call.",
  ].join('\n');
}

/**
 * Pin this process, its threads and everything it starts later (worker threads, openssl) to
 * `cpus`. On small VMs a process lands at different speeds on different vCPUs; the ceiling's
 * fractions are only meaningful when all three sides run on the same one.
 */
function pinTo(cpus: string): void {
  if (!/^\d+([,-]\d+)*$/.test(cpus))
    throw new InputError('command line', '--pin', `must be a CPU list like 1 or 0-1, got ${JSON.stringify(cpus)}`);
  const r = spawnSync('taskset', ['-a', '-c', '-p', cpus, String(process.pid)], { encoding: 'utf8' });
  if (r.error) throw new InputError('command line', '--pin', `needs taskset (util-linux): ${r.error.message}`);
  if (r.status !== 0)
    throw new InputError(
      'command line',
      '--pin',
      `${JSON.stringify(cpus)} was refused by taskset: ${r.stderr.trim().split('\n').at(-1) ?? ''}`,
    );
}

/** `chainmark ceiling`: openssl speed, chainmark on every backend, openssl speed again, and the fractions. */
export async function ceilingCommand(args: CeilingArgs, argv: string[]): Promise<void> {
  const seconds = parseInt1('--seconds', args.seconds, 1, 60)!;
  const timeMs = parseInt1('--time', args.time, 10, 600_000)!;
  const warmupMs = parseInt1('--warmup', args.warmup, 0, 600_000)!;
  const repeat = parseInt1('--repeat', args.repeat, 1, 1000)!;
  if (args.pin !== undefined) pinTo(String(args.pin));
  const backends = await loadBackends();
  const plan = ceilingPlan([...backends.keys()], { timeMs, warmupMs, repeat, seed: 1 });
  const say = (s: string) => process.stderr.write(`${s}\n`);
  let before;
  let bareBefore;
  try {
    say(`openssl speed, ${seconds} s per operation…`);
    before = opensslSpeed(seconds);
    say(`node:crypto in a plain loop, ${seconds} s per operation…`);
    bareBefore = bareNodeLoop(seconds);
  } catch (err) {
    if (err instanceof OpensslUnavailable)
      throw new InputError(
        'openssl',
        'speed',
        `${err.message} (the ceiling needs the openssl command; e.g. apt-get install openssl)`,
      );
    throw err;
  }
  say(`chainmark, ${plan.cases.length} cases at 1 thread…`);
  const outPath = resolve(args.out);
  const out = outPath.endsWith('.json') ? { dir: dirname(outPath), file: basename(outPath) } : { dir: outPath };
  const { result, path } = await runPlan({ plan, argv, out, anonymize: false, backends, backendModules: [] });
  say('node:crypto in a plain loop again…');
  const bareAfter = bareNodeLoop(seconds);
  say('openssl speed again…');
  const after = opensslSpeed(seconds);
  const pinned = args.pin === undefined ? null : String(args.pin);
  const report = { ...ceilingReport(result, before, after, { before: bareBefore, after: bareAfter }), pinned };
  // The result file keeps what the cases were compared against, so the table can be rebuilt from it.
  const rates = (f: object) =>
    Object.fromEntries(
      Object.entries(f).flatMap(([k, v]: [string, unknown]) =>
        isObject(v) && isFiniteNumber(v.opsPerSec) ? [[k, v.opsPerSec]] : [],
      ),
    );
  result.ceiling = {
    openssl: { version: before.version, commands: report.openssl.commands, before: rates(before), after: rates(after) },
    plainLoop: { before: rates(bareBefore), after: rates(bareAfter) },
    pinned,
  };
  if (path) writeAtomic(path, JSON.stringify(result, null, 2) + '\n');
  if (args.json) process.stdout.write(JSON.stringify({ ...report, result: path }, null, 2) + '\n');
  else process.stdout.write(renderCeiling(report, useColor(process.stdout)) + '\n');
  if (path) say(`result: ${path}`);
}
