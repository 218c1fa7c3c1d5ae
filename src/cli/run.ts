import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import type { Argv } from 'yargs';
import { loadBackends } from '../workloads/backends/index.js';
import { loadScenario, resolvePlan, validateScenario } from '../kinds/index.js';
import { failsMinimum } from '../report/qualification.js';
import { qualificationText } from '../report/qualification-text.js';
import { LIMITS } from '../scenario/validate.js';
import { runPlan, type RunEvent } from '../run/runner.js';
import { scalingTable, summaryTable } from '../report/summary.js';
import { headlineTable } from '../report/headline.js';
import { comparePublished } from '../report/published.js';
import { publishedText } from '../report/published-table.js';
import { printable, printableDeep } from '../format/printable.js';
import { consensusOverrides } from './consensus-flags.js';
import { estimatePlan, refuseSlowCases, sampleLargeCases } from '../consensus/estimate.js';
import { FAULT_KINDS, PAYLOAD_MODES, PROTOCOLS, TX_SCHEMES } from '../consensus/types.js';
import { duration } from '../format/table.js';
import { palette, useColor } from '../format/color.js';
import { exporterNames } from '../report/exporters.js';
import { writeReportsBeside } from '../report/write.js';
import {
  EXIT,
  ExitRequest,
  parseInt1,
  parseIntList,
  parseNameList,
  parseSeconds,
  resolveScenarioPath,
  type ArgsOf,
} from './common.js';
import { defaultWorkerMemoryMb, threadLimit } from '../pool/pool.js';
import { loadRerun, refuseOverwritingSource } from '../run/only-failed.js';
import { CONSENSUS_FLAGS } from '../consensus/plan.js';
import type { RunOverrides } from '../scenario/types.js';
import type { Plan, ScenarioInput } from '../kinds/index.js';
import { InputError } from '../core/errors.js';
import { alreadyExists } from '../results/writer.js';
import { existsSync } from 'node:fs';
import type { ResultFile } from '../results/schema.js';
import { checkGateway, shownGateway, type PushOptions } from '../publish/pushgateway.js';
import { PUSH_TIMEOUT_S, pushResults, pushedLine } from './push.js';

export type RunArgs = ArgsOf<typeof runBuilder>;

/** The options of every command that runs cases (`run`, `qualify`): timing, output, robustness. */
export function sharedRunOptions<T>(y: Argv<T>) {
  return y
    .option('time', { type: 'string', describe: 'measuring window per sample, ms' })
    .option('warmup', {
      type: 'string',
      describe: 'minimum warm-up per case and thread, ms (it goes on until the rate is steady)',
    })
    .option('repeat', { type: 'string', describe: 'independent samples (windows) per case' })
    .option('backend-module', { type: 'string', array: true, describe: 'extra backend module(s) exporting `backend`' })
    .option('seed', { type: 'string', describe: 'seed for keys, messages and blocks' })
    .option('out', { type: 'string', describe: 'result file (*.json) or directory (default results/)' })
    .option('json', { type: 'boolean', default: false, describe: 'print the result JSON to stdout' })
    .option('quiet', { type: 'boolean', default: false, describe: 'print nothing but errors and the result path' })
    .option('progress', { type: 'boolean', default: true, describe: 'progress indicator (--no-progress to disable)' })
    .option('anonymize', { type: 'boolean', default: false, describe: 'replace the hostname with a hash' })
    .option('report', {
      type: 'string',
      describe: `also write reports beside the result file, e.g. md,csv (repeatable; ${exporterNames().join(', ')})`,
    })
    .option('bail', {
      type: 'boolean',
      default: false,
      describe: 'stop at the first case that errors or fails its check',
    })
    .option('case-timeout', {
      type: 'string',
      describe: 'seconds a case may run before it is errored and its workers stopped',
    })
    .option('worker-memory', {
      type: 'string',
      describe: `JS heap limit of each worker, MB (default: half the memory over the threads, ${defaultWorkerMemoryMb(availableParallelism())} MB at ${availableParallelism()} threads)`,
    })
    .option('push', {
      type: 'string',
      describe:
        'after the run, push the result to this Pushgateway (base URL, e.g. http://host:9091); checked before the run',
    })
    .option('push-job', { type: 'string', default: 'chainmark', describe: 'the job label of the pushed group' })
    .option('push-instance', {
      type: 'string',
      describe: 'the instance label of the pushed group (default: the recorded hostname)',
    });
}

export function runBuilder(y: Argv) {
  return sharedRunOptions(
    y
      .positional('scenario', {
        type: 'string',
        array: true,
        describe: 'scenario files (or bundled names: quick, hashing, signatures, consensus, full; default quick)',
      })
      .option('threads', {
        type: 'string',
        describe: `thread counts, e.g. 1,2 (default: 1, powers of two, ${availableParallelism()})`,
      })
      .option('backend', { type: 'string', array: true, describe: 'backends to run, e.g. noble,node' }),
  )
    .option('only-failed', {
      type: 'string',
      describe:
        'result file: re-run its cases whose status is not ok, and the cases it never reached, with their recorded settings, into a new file',
    })
    .group(
      [
        'protocols',
        'nodes',
        'rounds',
        'txs',
        'tx-scheme',
        'tx-bytes',
        'payload',
        'tx-backend',
        'network',
        'regions',
        'latency-matrix',
        'latency-ms',
        'bandwidth-mbps',
        'faulty',
        'fault',
        'costs-from',
        'sample',
        'validator-cores',
        'force',
      ],
      "Consensus cases (override the scenario's):",
    )
    .option('protocols', { type: 'string', array: true, describe: `protocols: ${PROTOCOLS.join(', ')}` })
    .option('nodes', { type: 'string', describe: 'validator counts, e.g. 4,16,64,256 (each ≥ 4)' })
    .option('rounds', { type: 'string', describe: 'measured rounds per case (the samples)' })
    .option('txs', { type: 'string', describe: 'transactions (or opaque commands) per block (default 256)' })
    .option('tx-scheme', {
      type: 'string',
      describe: `transaction signatures: ${TX_SCHEMES.join(', ')} (default ed25519; none: opaque commands, not verified)`,
    })
    .option('tx-bytes', {
      type: 'string',
      describe: 'bytes of each opaque command, with --tx-scheme none only (1 to 65536, default 128)',
    })
    .option('payload', {
      type: 'string',
      describe: `where the block's payload travels: ${PAYLOAD_MODES.join(', ')} (default proposal; dissemination: proposals carry 32-byte hashes)`,
    })
    .option('tx-backend', {
      type: 'string',
      describe: 'backend that checks transactions and the Merkle root (default node)',
    })
    .option('network', {
      type: 'string',
      describe:
        'network model: lan (0.2 ms, 1 Gbit/s), wan (50 ms, 100 Mbit/s) or geo (validators spread over cloud regions, each link its measured latency; 100 Mbit/s)',
    })
    .option('regions', {
      type: 'string',
      describe:
        'geo: regions the validators are placed in, round-robin, e.g. washington-dc,london,tokyo (chainmark list)',
    })
    .option('latency-matrix', {
      type: 'string',
      describe: 'geo: your own CSV of latencies between regions (header rtt-ms or one-way-ms, then region names)',
    })
    .option('latency-ms', { type: 'string', describe: 'one-way link latency of the network model, ms' })
    .option('bandwidth-mbps', { type: 'string', describe: 'per-validator link bandwidth of the network model, Mbit/s' })
    .option('faulty', { type: 'string', describe: 'faulty validators k (commits with k ≤ f = ⌊(n−1)/3⌋)' })
    .option('fault', { type: 'string', describe: `fault kind: ${FAULT_KINDS.join(', ')} (default crash)` })
    .option('sample', {
      type: 'string',
      describe:
        'validators whose crypto runs each round: 0 = all, ≥ 16 = a sample, the rest counted (default: all, or 16 above a 3-minute estimate)',
    })
    .option('validator-cores', {
      type: 'string',
      describe: `cores of each modeled validator; signature checks split over them at the efficiency measured here (default ${availableParallelism()}, this machine's)`,
    })
    .option('costs-from', {
      type: 'string',
      describe:
        "another machine's result file: price the modeled round with its calibrated costs instead of measuring here",
    })
    .option('force', {
      type: 'boolean',
      default: false,
      describe: 'run consensus cases estimated to take over an hour',
    });
}

function progressPrinter(quiet: boolean, progress: boolean): (e: RunEvent) => void {
  const live = progress && !quiet && process.stderr.isTTY && process.env.CI !== 'true';
  return (e) => {
    if (quiet || !progress) return;
    if (e.type === 'case-start') {
      const eta = e.etaMs === null ? '' : `, ~${duration(e.etaMs)} left`;
      const line = `[${e.index + 1}/${e.total}] ${printable(e.id)}  (${duration(e.elapsedMs)} elapsed${eta})`;
      if (live) process.stderr.write(`\r\x1b[2K${line}`);
      return;
    }
    const r = e.result;
    if (live) process.stderr.write('\r\x1b[2K');
    else
      process.stderr.write(
        `[${e.index + 1}/${e.total}] ${printable(r.id)} ${r.status}${r.status === 'ok' ? '' : `: ${printable(r.error ?? '')}`}\n`,
      );
  };
}

/** --only-failed repeats the recorded settings: flags that would change them are refused, not ignored. */
function refuseWithOnlyFailed(args: RunArgs, over: RunOverrides): void {
  const flags: Record<string, string> = {
    threads: '--threads',
    timeMs: '--time',
    warmupMs: '--warmup',
    repeat: '--repeat',
    backends: '--backend',
    seed: '--seed',
  };
  const given = [
    ...(args.scenario?.length ? ['a scenario file'] : []),
    ...Object.keys(over).flatMap((k) =>
      k === 'consensus'
        ? Object.keys(over.consensus!).map((c) => CONSENSUS_FLAGS[c as keyof typeof CONSENSUS_FLAGS])
        : [flags[k]!],
    ),
  ];
  if (given.length > 0)
    throw new InputError(
      'command line',
      '--only-failed',
      `re-runs cases with their recorded settings and cannot be combined with ${given.join(', ')}`,
    );
}

/**
 * `-` (which yargs drops from the positionals, so the default scenario would run) and an empty
 * name (which would resolve to the package's own folder) are refused for what they are.
 */
function refuseScenarioArgs(args: RunArgs, argv: readonly string[]): void {
  const dashValues = Object.values(args).filter((v) => v === '-' || (Array.isArray(v) && v.includes('-'))).length;
  if (argv.filter((a) => a === '-').length > dashValues)
    throw new InputError(
      'command line',
      'scenario',
      '"-" is not supported: scenarios are read from files, not from standard input; pass a path',
    );
  if (args.scenario?.some((a) => a.trim() === ''))
    throw new InputError(
      'command line',
      'scenario',
      'is an empty name; pass a scenario file or a bundled name (quick, hashing, signatures, consensus, full)',
    );
}

/**
 * Thread counts far beyond the machine are refused before any worker starts, naming where the
 * count came from: the flag, a scenario's `threads` or a case's, or a re-run file's cases.
 */
function refuseTooManyThreads(
  over: RunOverrides,
  sources: { file: string; scenario?: ScenarioInput; plan: Plan }[],
): void {
  const { max, why } = threadLimit();
  const refuse = (file: string, field: string, value: unknown) => {
    throw new InputError(
      file,
      field,
      `is ${JSON.stringify(value)}, more than the ${max} threads allowed here (${why})`,
    );
  };
  const tooMany = (list: unknown) =>
    Array.isArray(list) ? list.find((t) => typeof t === 'number' && t > max) : undefined;
  const flagged = tooMany(over.threads);
  if (flagged !== undefined) refuse('command line', '--threads', flagged);
  for (const { file, scenario, plan } of sources) {
    if (scenario) {
      const top = tooMany(scenario.threads);
      if (top !== undefined) refuse(file, 'threads', top);
      for (const [i, c] of scenario.cases.entries()) {
        const own = tooMany((c as { threads?: unknown }).threads);
        if (own !== undefined) refuse(file, `cases[${i}].threads`, own);
      }
    }
    // Whatever the source (a re-run repeats another machine's counts), no case gets past the limit.
    const planned = plan.cases.find((c) => c.threads > max);
    if (planned) refuse(file, `threads of case ${planned.id}`, planned.threads);
  }
}

/** `leaveNow` ends the process at once (main's exit), for a second Ctrl-C. */
/**
 * A scenario built by another command instead of read from a file (`qualify`): validated and
 * planned like a file's; `strict` makes a failed qualification requirement exit 1.
 */
export interface PreparedScenario {
  raw: unknown;
  /** How errors and the result name it. */
  file: string;
  strict: boolean;
}

export async function runCommand(
  args: RunArgs,
  argv: string[],
  leaveNow: (signal: NodeJS.Signals) => never,
  prepared?: PreparedScenario,
): Promise<void> {
  const modules = (args['backend-module'] ?? []).map((m) => resolve(m));
  const backends = await loadBackends(modules);
  const names = [...backends.keys()];
  const over: RunOverrides = {};
  const threads = parseIntList('--threads', args.threads);
  if (threads) over.threads = [...new Set(threads)].map((t) => parseInt1('--threads', t, 1, LIMITS.threads)!);
  const timeMs = parseInt1('--time', args.time, 1, LIMITS.timeMs);
  if (timeMs !== undefined) over.timeMs = timeMs;
  const warmupMs = parseInt1('--warmup', args.warmup, 0, LIMITS.warmupMs);
  if (warmupMs !== undefined) over.warmupMs = warmupMs;
  const repeat = parseInt1('--repeat', args.repeat, 1, LIMITS.repeat);
  if (repeat !== undefined) over.repeat = repeat;
  const seed = parseInt1('--seed', args.seed, 0, LIMITS.seed);
  if (seed !== undefined) over.seed = seed;
  const backendList = parseNameList('--backend', args.backend, names);
  if (backendList) over.backends = backendList;
  const consensus = consensusOverrides(args, names);
  if (Object.keys(consensus).length > 0) over.consensus = consensus;
  const reportFormats = parseNameList('--report', args.report, exporterNames()) ?? [];
  const caseTimeoutS = parseSeconds('--case-timeout', args['case-timeout'], 7 * 24 * 3600);
  const workerMemoryMb = parseInt1('--worker-memory', args['worker-memory'], 32, 1 << 20);
  const onlyFailed = args['only-failed'];
  refuseScenarioArgs(args, argv);
  const scenarioArgs = args.scenario?.length ? args.scenario : ['scenarios/quick.json'];
  if (onlyFailed !== undefined) refuseWithOnlyFailed(args, over);

  // Validate every scenario before running any, so bad input never leaves a partial result.
  const rerun = onlyFailed === undefined ? undefined : loadRerun(onlyFailed, names);
  if (rerun === null) {
    process.stderr.write(`chainmark: ${onlyFailed}: every case is ok and none is missing; nothing to re-run\n`);
    return;
  }
  const sources = rerun
    ? [{ file: onlyFailed!, plan: rerun.plan }]
    : prepared
      ? [preparedSource(prepared, over, names)]
      : scenarioArgs.map((arg) => {
          const file = resolveScenarioPath(arg);
          const scenario = loadScenario(file, names);
          return { file, scenario, plan: resolvePlan(scenario, arg, over, names) };
        });
  refuseTooManyThreads(over, sources);
  const plans = sources.map((s) => s.plan);
  // Consensus cases: a rough duration from a quick measurement; sampling where that is long; a refusal of hopeless ones.
  for (const plan of plans) {
    if (!plan.cases.some((c) => c.kind === 'consensus')) continue;
    estimatePlan(plan, backends);
    sampleLargeCases(plan, backends);
    refuseSlowCases(plan, args.force);
  }
  const outArg = args.out ?? 'results';
  const outIsFile = outArg.endsWith('.json');
  if (outIsFile && plans.length > 1)
    throw new InputError(
      'command line',
      '--out',
      `names one file but ${plans.length} scenarios were given; pass a directory`,
    );
  if (onlyFailed !== undefined && outIsFile) refuseOverwritingSource(outArg, onlyFailed);
  // Checked again by the exclusive create that writes it; here, before anything runs.
  if (outIsFile && existsSync(outArg)) throw alreadyExists(outArg);
  // A gateway that cannot take the result is refused now, not after a long run.
  const push: PushOptions | undefined =
    args.push === undefined
      ? undefined
      : {
          gateway: args.push,
          job: args['push-job'],
          ...(args['push-instance'] !== undefined ? { instance: args['push-instance'] } : {}),
          timeoutMs: PUSH_TIMEOUT_S * 1000,
        };
  if (push) await checkGateway(push, '--push');
  let pushError: InputError | undefined;

  const controller = new AbortController();
  let signalCode: number = EXIT.ok;
  let where = 'before the first case';
  const onSignal = (sig: NodeJS.Signals) => {
    if (controller.signal.aborted) leaveNow(sig); // second signal: leave at once
    signalCode = sig === 'SIGINT' ? EXIT.sigint : EXIT.sigterm;
    process.stderr.write(
      `\n${sig} ${where}: stopping; completed cases are kept (${sig === 'SIGINT' ? 'Ctrl-C' : 'signal'} again to leave at once)\n`,
    );
    controller.abort(sig);
  };
  const printer = progressPrinter(args.quiet, args.progress);
  const onEvent = (e: RunEvent) => {
    where =
      e.type === 'case-start'
        ? `during case ${e.index + 1}/${e.total} ${e.id}`
        : `after case ${e.index + 1}/${e.total} ${e.result.id}`;
    printer(e);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  const color = useColor(process.stdout);
  const pc = palette(color);
  let anyFailed = false;
  let anyRequirementFailed = false;
  let stuckWorkers = false;
  try {
    for (const plan of plans) {
      if (controller.signal.aborted) break;
      const out = outIsFile ? { dir: resolve(outArg, '..'), file: outArg.split('/').pop()! } : { dir: resolve(outArg) };
      const { result, path, ...outcome } = await runPlan({
        plan,
        argv,
        out,
        anonymize: args.anonymize,
        backends,
        backendModules: modules,
        onEvent,
        signal: controller.signal,
        bail: args.bail,
        ...(caseTimeoutS !== undefined ? { caseTimeoutMs: caseTimeoutS * 1000 } : {}),
        ...(workerMemoryMb !== undefined ? { workerMemoryMb } : {}),
        ...(rerun ? { rerunOf: rerun.rerunOf } : {}),
      });
      stuckWorkers ||= outcome.stuckWorkers;
      anyFailed ||= result.cases.some((c) => c.status === 'failed-check' || c.status === 'errored');
      anyRequirementFailed ||= result.cases.some(failsMinimum);
      if (args.json) process.stdout.write(JSON.stringify(result, null, 2) + '\n');
      else if (!args.quiet) {
        // Ids, errors and warnings come from the scenario file and the backends: shown escaped.
        const shown = printableDeep({ cases: result.cases, scaling: result.scaling, warnings: result.warnings });
        process.stdout.write(
          `\n${pc.bold(printable(plan.scenario.name))} on ${result.system.cpu.brand} (${result.system.cpu.logicalCores} threads), Node ${result.system.runtime.node}\n`,
        );
        process.stdout.write(summaryTable(shown.cases, Boolean(color)) + '\n');
        if (result.scaling.length > 0) {
          process.stdout.write(
            '\nRound time = fixed part + a·n^exponent (least squares; with fewer than 4 node counts, ∝ n^exponent on log–log); knee: smallest n where committed tx/s falls below half its smallest-n value\n',
          );
          process.stdout.write(scalingTable(shown.scaling) + '\n');
        }
        for (const w of shown.warnings)
          process.stdout.write(`${color ? pc.yellow('warning') : 'warning'}: ${w.message}\n`);
        // The verdicts of a qualification, last but for the headline (the profile files' strings are escaped).
        const verdicts = qualificationText(shown.cases, pc);
        if (verdicts) process.stdout.write(`\n${verdicts}\n`);
        // What the scenario cites beside the modeled figures (publishedText escapes the file's strings).
        const published = publishedText(comparePublished(result), pc.bold);
        if (published) process.stdout.write(`\n${published}\n`);
        // Last, where a reader's eye lands: how the protocols slow down as the validator set grows.
        const headline = headlineTable(shown.cases, shown.scaling);
        if (headline)
          process.stdout.write(
            `\n${pc.bold(headline.split('\n')[0] ?? '')}\n${headline.split('\n').slice(1).join('\n')}\n`,
          );
        if (result.run.status === 'interrupted')
          process.stdout.write(`interrupted after ${result.cases.length} of ${plan.cases.length} cases\n`);
      }
      if (result.run.stopReason) process.stderr.write(`stopped: ${printable(result.run.stopReason)}\n`);
      if (path) process.stderr.write(`result: ${printable(path)}\n`);
      const failures = result.cases.filter((c) => c.status === 'errored' || c.status === 'failed-check').length;
      if (path && (result.run.status !== 'complete' || failures > 0))
        process.stderr.write(
          `${failures} case(s) failed and ${result.run.notRun?.length ?? 0} not reached; to run them again: chainmark run --only-failed ${path}\n`,
        );
      // After the result line; an interrupted run gets the report of what it measured.
      if (path && reportFormats.length > 0) {
        for (const r of await writeReportsBeside(path, result, reportFormats))
          process.stderr.write(r.path ? `report: ${r.path}\n` : `report ${r.format} not written: ${r.error}\n`);
      }
      if (push) pushError ??= await pushAfterRun(result, path, push);
      // --bail or a stuck worker: the next scenarios are not run either.
      if (result.run.status === 'failed') break;
    }
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
  if (stuckWorkers) {
    // process.exit would wait for the stuck thread forever; the signal's default action does not.
    // With no signal received, SIGTERM: shells then report 143, not 0, and the line says why.
    const sig: NodeJS.Signals = signalCode === EXIT.sigint ? 'SIGINT' : 'SIGTERM';
    process.stderr.write(
      `chainmark: a worker thread is stuck in a system call and cannot be stopped (the result file is written); ending the process with ${sig}\n`,
    );
    throw new ExitRequest(sig === 'SIGINT' ? EXIT.sigint : EXIT.sigterm, sig);
  }
  if (signalCode !== EXIT.ok) throw new ExitRequest(signalCode);
  if (pushError) throw pushError;
  if (anyFailed) throw new ExitRequest(EXIT.failed);
  if (prepared?.strict && anyRequirementFailed) {
    process.stderr.write('chainmark: --strict: a minimum requirement failed\n');
    throw new ExitRequest(EXIT.failed);
  }
}

/**
 * Push one run's result; an interrupted run is not pushed (a partial run would replace the
 * machine's last complete group). A failure is returned, to end the command with it after the
 * other scenarios; the result file is kept either way.
 */
async function pushAfterRun(result: ResultFile, path: string | null, o: PushOptions): Promise<InputError | undefined> {
  const file = path ?? 'the result';
  const again = path ? `; push it later with: chainmark push ${path} --gateway ${shownGateway(o.gateway)}` : '';
  if (result.run.status === 'interrupted') {
    process.stderr.write(`${printable(`not pushed: the run was interrupted${again}`)}\n`);
    return undefined;
  }
  try {
    for (const p of await pushResults([{ path: file, result }], o)) process.stderr.write(`${pushedLine(p)}\n`);
    return undefined;
  } catch (err) {
    if (!(err instanceof InputError)) throw err;
    return new InputError(err.file, err.field, `${err.detail}${again}`);
  }
}

function preparedSource(p: PreparedScenario, over: RunOverrides, names: string[]) {
  const scenario = validateScenario(p.raw, p.file, names);
  return { file: p.file, scenario, plan: resolvePlan(scenario, p.file, over, names) };
}
