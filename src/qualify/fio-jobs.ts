/**
 * The disk jobs a qualification runs with fio, the arguments fio is given for them, and how its
 * output is read and checked. Everything here is pure; running fio is src/qualify/fio.ts.
 *
 * fio's own documentation is the source for the options and formats used below: the HOWTO at
 * https://fio.readthedocs.io/en/latest/fio_doc.html (read 2026-12, for fio 3.33), sections
 * "Job file parameters", "Log File Formats" and "JSON output".
 */

export type DiskJobName = 'seq-write' | 'rand-write' | 'rand-read';
export type IoEngine = 'libaio' | 'psync';
export type IoDirection = 'read' | 'write';

export interface DiskJob {
  name: DiskJobName;
  /** fio's `--rw`. */
  rw: 'write' | 'randwrite' | 'randread';
  direction: IoDirection;
  blockBytes: number;
  /** Requests in flight with libaio; psync is synchronous, so it always runs at depth 1. */
  iodepth: number;
  /** One line for people. */
  title: string;
}

const KiB = 1024;
const MiB = 1024 * KiB;

/**
 * In the order they must run: all three use one file, and the random read reads blocks the writes
 * put there. fio lays a new file out with fallocate (checked with filefrag on fio 3.33: a job that
 * stopped part way left the rest as "unwritten" extents), and ext4 and xfs answer a read of an
 * unwritten extent with zeros without touching the device: a read of such a file is fast because
 * nothing is read. The sequential write therefore goes first and the random jobs stay inside the
 * part of the file it wrote (src/qualify/fio.ts runDiskJobs).
 */
export const DISK_JOBS: readonly DiskJob[] = [
  {
    name: 'seq-write',
    rw: 'write',
    direction: 'write',
    blockBytes: MiB,
    // Depth 4, not 1: with O_DIRECT there is no kernel writeback to overlap requests, so at depth 1
    // the device idles between one completion and the next submission, which a validator's
    // buffered ledger writes do not do. A few 1 MiB requests keep a streaming device busy; deeper
    // queues mostly add waiting time to each request.
    iodepth: 4,
    title: 'sequential write, 1 MiB blocks',
  },
  {
    name: 'rand-write',
    rw: 'randwrite',
    direction: 'write',
    blockBytes: 4 * KiB,
    // 32 requests in flight: enough for an SSD's internal parallelism to show in 4 KiB IOPS.
    iodepth: 32,
    title: 'random write, 4 KiB blocks',
  },
  {
    name: 'rand-read',
    rw: 'randread',
    direction: 'read',
    blockBytes: 4 * KiB,
    iodepth: 32,
    title: 'random read, 4 KiB blocks',
  },
];

/** fio logs one averaged sample per this many milliseconds (`--log_avg_msec`). */
export const LOG_INTERVAL_MS = 250;

/** The name of the one data file all jobs use, inside the scratch directory. */
export const DATA_FILE = 'disk-test.dat';

export interface FioArgsOptions {
  /** Absolute path of the data file. */
  file: string;
  /** Path prefix of fio's logs: fio writes `<prefix>_iops.1.log` and `<prefix>_bw.1.log`. */
  logPrefix: string;
  sizeBytes: number;
  seconds: number;
  ioengine: IoEngine;
}

/**
 * fio's arguments for one job. `--time_based`: the job runs for `seconds` and wraps around the file
 * when it reaches its end, so `--size` bounds the disk space used and `--runtime` the time taken.
 * Without it a job stops at the end of the file, and a fast device finishes a small file inside one
 * log interval: here fio wrote 64 MiB sequentially in 70 ms and logged no sample at all.
 */
export function fioArgs(job: DiskJob, o: FioArgsOptions): string[] {
  return [
    `--name=${job.name}`,
    // fio splits `filename` at colons; a colon that belongs to the name is escaped with a backslash.
    `--filename=${o.file.replaceAll(':', '\\:')}`,
    `--rw=${job.rw}`,
    `--bs=${job.blockBytes}`,
    '--direct=1',
    `--ioengine=${o.ioengine}`,
    `--iodepth=${o.ioengine === 'psync' ? 1 : job.iodepth}`,
    '--numjobs=1',
    // The job runs as a thread of the fio process rather than a forked child, so killing that one
    // process (on abort) stops the I/O: a forked job is a second process the kill does not reach.
    '--thread',
    `--size=${o.sizeBytes}`,
    `--runtime=${o.seconds}`,
    '--time_based',
    '--group_reporting',
    '--output-format=json',
    `--write_iops_log=${o.logPrefix}`,
    `--write_bw_log=${o.logPrefix}`,
    `--log_avg_msec=${LOG_INTERVAL_MS}`,
  ];
}

/** The command as a person would type it: arguments with shell-special characters single-quoted. */
export function commandLine(fioPath: string, args: readonly string[]): string {
  const quote = (a: string) => (/^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replaceAll("'", `'\\''`)}'`);
  return [fioPath, ...args].map(quote).join(' ');
}

/** What fio's JSON report says about one job's reads or writes. */
export interface FioSummary {
  ioBytes: number;
  bytesPerSec: number;
  iops: number;
  runtimeMs: number;
  latency: { p50Us: number; p99Us: number };
}

export class FioOutputError extends Error {
  override name = 'FioOutputError';
}

const num = (v: unknown, what: string): number => {
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new FioOutputError(`fio's JSON has no number at ${what}`);
  return v;
};

/**
 * `jobs[0]` of fio's `--output-format=json` stdout. fio may print error lines ("fio: pid=…,
 * err=22/…") before the JSON, so the JSON starts at the first line that is `{`.
 */
function firstJob(stdout: string): Record<string, unknown> {
  const start = stdout.search(/^\{/m);
  if (start < 0) throw new FioOutputError('fio printed no JSON report');
  let report: unknown;
  try {
    report = JSON.parse(stdout.slice(start));
  } catch (e) {
    throw new FioOutputError(`fio's JSON report does not parse: ${(e as Error).message}`);
  }
  const job = (report as { jobs?: unknown[] } | null)?.jobs?.[0];
  if (typeof job !== 'object' || job === null) throw new FioOutputError("fio's JSON report has no jobs[0]");
  return job as Record<string, unknown>;
}

/** fio's error number for the job (`jobs[0].error`, an errno; 0 when none). */
export function fioJobError(stdout: string): number {
  return num(firstJob(stdout).error, 'jobs[0].error');
}

/** fio's summary of the job's reads or writes, `jobs[0].read` or `jobs[0].write`. */
export function parseFioJson(stdout: string, direction: IoDirection): FioSummary {
  const io = firstJob(stdout)[direction] as Record<string, unknown> | undefined;
  if (!io) throw new FioOutputError(`fio's JSON report has no jobs[0].${direction}`);
  const pct = (io.clat_ns as { percentile?: Record<string, unknown> } | undefined)?.percentile ?? {};
  return {
    ioBytes: num(io.io_bytes, `jobs[0].${direction}.io_bytes`),
    bytesPerSec: num(io.bw_bytes, `jobs[0].${direction}.bw_bytes`),
    iops: num(io.iops, `jobs[0].${direction}.iops`),
    runtimeMs: num(io.runtime, `jobs[0].${direction}.runtime`),
    latency: {
      p50Us: num(pct['50.000000'], `jobs[0].${direction}.clat_ns.percentile["50.000000"]`) / 1000,
      p99Us: num(pct['99.000000'], `jobs[0].${direction}.clat_ns.percentile["99.000000"]`) / 1000,
    },
  };
}

/**
 * The values of one direction in an iops or bw log. Each line is "time (ms), value, direction
 * (0 read, 1 write, 2 trim), block size, offset"; with `log_avg_msec` the value is the average
 * over the interval, in IOPS for the iops log and in KiB/s for the bw log.
 */
export function parseFioLog(text: string, direction: IoDirection): number[] {
  const want = direction === 'read' ? 0 : 1;
  const values: number[] = [];
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    const [, value, dir] = line.split(',').map((f) => Number(f.trim()));
    if (value === undefined || !Number.isFinite(value) || dir === undefined)
      throw new FioOutputError(`unreadable fio log line: ${JSON.stringify(line.slice(0, 80))}`);
    if (dir === want) values.push(value);
  }
  return values;
}

/** bw log values are KiB/s. */
export const bwLogToBytesPerSec = (kibPerSec: number): number => kibPerSec * 1024;

/**
 * fio's own explanation of a failure, as one line: the last line of stderr, else the last
 * "fio: …" line stdout has before its JSON (fio prints io_queue_init failures there), else the
 * error number in the JSON report.
 */
export function fioErrorLine(stdout: string, stderr: string, exitCode: number | null): string {
  const last = (lines: string[]) =>
    lines
      .map((l) => l.trim())
      .filter(Boolean)
      .at(-1);
  const json = stdout.search(/^\{/m);
  const beforeJson = json < 0 ? stdout : stdout.slice(0, json);
  const line = last(stderr.split('\n')) ?? last(beforeJson.split('\n').filter((l) => l.startsWith('fio:')));
  if (line) return line;
  try {
    const error = fioJobError(stdout);
    if (error) return `fio reported error ${error} for the job`;
  } catch {
    // No report to read: say only how fio ended.
  }
  return `fio exited with ${exitCode ?? 'a signal'} and printed no reason`;
}

/**
 * Whether fio failed because libaio cannot be used here: not built in or not loadable ("engine
 * libaio not loadable", "failed to load engine"), or the kernel refused an AIO context
 * ("func=io_queue_init", e.g. EAGAIN when fs.aio-max-nr is used up, ENOSYS where AIO is absent).
 */
export function libaioUnavailable(output: string): boolean {
  return /engine libaio not loadable|failed to load engine|func=io_queue_init/.test(output);
}

/** One job's measurement. */
export interface FioMeasurement {
  job: DiskJobName;
  /** The exact command run. */
  command: string;
  ioengine: IoEngine;
  iodepth: number;
  blockBytes: number;
  /** The part of the data file the job used (`--size`). */
  sizeBytes: number;
  /** fio's summary for the job. */
  iops: number;
  bytesPerSec: number;
  /** fio's per-interval averages, one per LOG_INTERVAL_MS. */
  samples: { iops: number[]; bytesPerSec: number[] };
  latency: { p50Us: number; p99Us: number };
  runtimeMs: number;
  ioBytes: number;
}

/**
 * The part of the data file a sequential write of `ioBytes` has written: all `sizeBytes` once it
 * wrapped around, else the whole blocks from the start that it reached. The random jobs stay inside it.
 */
export function writtenRegionBytes(sizeBytes: number, ioBytes: number, blockBytes: number): number {
  return Math.min(sizeBytes, Math.floor(ioBytes / blockBytes) * blockBytes);
}

/** How a job was run: the rest of a FioMeasurement comes from fio's output. */
export interface FioRunFacts {
  command: string;
  ioengine: IoEngine;
  sizeBytes: number;
}

/** One job's measurement from fio's JSON stdout and its iops and bw logs. */
export function fioMeasurement(
  job: DiskJob,
  run: FioRunFacts,
  output: { stdout: string; iopsLog: string; bwLog: string },
): FioMeasurement {
  const s = parseFioJson(output.stdout, job.direction);
  return {
    job: job.name,
    command: run.command,
    ioengine: run.ioengine,
    iodepth: run.ioengine === 'psync' ? 1 : job.iodepth,
    blockBytes: job.blockBytes,
    sizeBytes: run.sizeBytes,
    iops: s.iops,
    bytesPerSec: s.bytesPerSec,
    samples: {
      iops: parseFioLog(output.iopsLog, job.direction),
      bytesPerSec: parseFioLog(output.bwLog, job.direction).map(bwLogToBytesPerSec),
    },
    latency: s.latency,
    runtimeMs: s.runtimeMs,
    ioBytes: s.ioBytes,
  };
}

/** What the data file looks like on disk after a write job. */
export interface DataFileState {
  sizeBytes: number;
  /** Blocks allocated (st_blocks × 512). */
  allocatedBytes: number;
}

/** Summary figures that disagree by more than this are not one measurement. */
export const CONSISTENCY_TOLERANCE = 0.05;

const relDiff = (a: number, b: number) => Math.abs(a - b) / Math.max(Math.abs(a), Math.abs(b));

/**
 * Whether a measurement is real, or the reason it is not: a benchmark that is fast because it is
 * broken is worse than none. `file` is the data file after a write job (null for a read job).
 */
export function checkFioMeasurement(m: FioMeasurement, file: DataFileState | null): string | null {
  if (!(m.ioBytes > 0)) return `${m.job}: fio moved no bytes (io_bytes ${m.ioBytes})`;
  if (!(m.runtimeMs > 0)) return `${m.job}: fio reports a runtime of ${m.runtimeMs} ms`;
  const expected = m.ioBytes / (m.runtimeMs / 1000);
  if (relDiff(m.bytesPerSec, expected) > CONSISTENCY_TOLERANCE)
    return `${m.job}: fio's ${m.bytesPerSec} B/s is not its ${m.ioBytes} bytes in ${m.runtimeMs} ms (${Math.round(expected)} B/s)`;
  if (relDiff(m.iops * m.blockBytes, m.bytesPerSec) > CONSISTENCY_TOLERANCE)
    return `${m.job}: fio's ${m.iops} IOPS of ${m.blockBytes}-byte blocks is not its ${m.bytesPerSec} B/s`;
  if (m.samples.iops.length < 1 || m.samples.bytesPerSec.length < 1)
    return `${m.job}: fio logged no ${LOG_INTERVAL_MS} ms sample (iops ${m.samples.iops.length}, bw ${m.samples.bytesPerSec.length}) in ${m.runtimeMs} ms`;
  if (file) {
    if (file.sizeBytes < m.sizeBytes)
      return `${m.job}: the data file has ${file.sizeBytes} bytes after the job, not the ${m.sizeBytes} it was given`;
    const written = Math.min(m.sizeBytes, m.ioBytes);
    if (file.allocatedBytes < written)
      return `${m.job}: only ${file.allocatedBytes} bytes of the data file are on disk after ${written} were written`;
  }
  return null;
}
