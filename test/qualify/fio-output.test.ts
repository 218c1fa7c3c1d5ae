import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  checkFioMeasurement,
  commandLine,
  DISK_JOBS,
  fioArgs,
  fioErrorLine,
  fioJobError,
  fioMeasurement,
  FioOutputError,
  libaioUnavailable,
  parseFioJson,
  parseFioLog,
  writtenRegionBytes,
  type DiskJob,
  type DiskJobName,
  type FioMeasurement,
} from '../../src/qualify/fio-jobs.js';

// Real fio 3.33 output, recorded by test/fixtures/fio/record.sh (64 MiB, 2 s a job, ext4 on a virtio disk).
const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'fio');
const fixture = (name: string) => readFileSync(join(FIXTURES, name), 'utf8');
const RECORDED_IN = '/tmp/chainmark-fio-fixtures';
const MiB64 = 64 * 2 ** 20;

const job = (name: DiskJobName): DiskJob => DISK_JOBS.find((j) => j.name === name)!;

function measured(name: DiskJobName): FioMeasurement {
  return fioMeasurement(
    job(name),
    { command: `fio --name=${name} …`, ioengine: 'libaio', sizeBytes: MiB64 },
    { stdout: fixture(`${name}.json`), iopsLog: fixture(`${name}_iops.1.log`), bwLog: fixture(`${name}_bw.1.log`) },
  );
}

describe("reading fio's JSON report and logs", () => {
  // Each figure read off the fixture by hand: jobs[0].write (or .read) io_bytes, bw_bytes, iops,
  // runtime and clat_ns.percentile, and the second column of the logs.
  it('reads the sequential write', () => {
    const m = measured('seq-write');
    expect([m.ioBytes, m.bytesPerSec, m.iops, m.runtimeMs]).toEqual([689963008, 339381705, 323.659616, 2033]);
    expect(m.latency).toEqual({ p50Us: 7634.944, p99Us: 44302.336 });
    expect(m.samples.iops).toEqual([235, 386, 336, 338, 368, 368, 400]);
    expect(m.samples.bytesPerSec).toEqual(
      [240701, 395729, 344064, 346244, 376832, 376832, 409600].map((k) => k * 1024),
    );
    expect([m.blockBytes, m.iodepth, m.sizeBytes]).toEqual([1048576, 4, MiB64]);
  });

  it('reads the random write and the random read (the read section, not the empty write one)', () => {
    const w = measured('rand-write');
    expect([w.ioBytes, w.bytesPerSec, w.iops, w.runtimeMs]).toEqual([180559872, 88423051, 21587.659158, 2042]);
    expect(w.latency).toEqual({ p50Us: 509.952, p99Us: 17694.72 });
    expect(w.samples.iops).toEqual([21251, 23456, 26016, 29482, 17800, 11620, 28936, 16696]);
    const r = measured('rand-read');
    expect([r.ioBytes, r.bytesPerSec, r.iops, r.runtimeMs]).toEqual([225226752, 112557097, 27479.76012, 2001]);
    expect(r.latency).toEqual({ p50Us: 399.36, p99Us: 8585.216 });
    expect(r.samples.iops).toEqual([30612, 15903, 24896, 37943, 22437, 28680, 26492]);
    expect(r.samples.bytesPerSec[0]).toBe(122448 * 1024);
  });

  it('takes bw log values as KiB/s: each interval agrees with its IOPS × block size', () => {
    for (const name of ['seq-write', 'rand-write', 'rand-read'] as const) {
      const m = measured(name);
      m.samples.iops.forEach((iops, i) => expect(m.samples.bytesPerSec[i]! / (iops * m.blockBytes)).toBeCloseTo(1, 2));
    }
  });

  it('keeps only the direction asked for from a log', () => {
    expect(parseFioLog(fixture('rand-read_iops.1.log'), 'write')).toEqual([]);
    expect(parseFioLog('250, 10, 0, 0, 0\n250, 20, 1, 0, 0\n', 'write')).toEqual([20]);
    expect(() => parseFioLog('250, ten, 1, 0, 0\n', 'write')).toThrow(FioOutputError);
  });

  it('finds the JSON after the error lines fio prints first, and refuses output with none', () => {
    expect(fioJobError(fixture('einval.stdout'))).toBe(22);
    expect(fioJobError(fixture('seq-write.json'))).toBe(0);
    expect(() => parseFioJson(fixture('no-engine.stdout'), 'write')).toThrow(/no JSON report/);
    const noPercentiles = fixture('seq-write.json').replace('"50.000000"', '"50.5"');
    expect(() => parseFioJson(noPercentiles, 'write')).toThrow(/clat_ns\.percentile\["50\.000000"\]/);
  });
});

describe('the arguments fio is given', () => {
  it('are the ones the fixtures were recorded with', () => {
    for (const j of DISK_JOBS) {
      const recorded = (JSON.parse(fixture(`${j.name}.json`)) as { jobs: { 'job options': Record<string, string> }[] })
        .jobs[0]!['job options'];
      const args = fioArgs(j, {
        file: `${RECORDED_IN}/disk-test.dat`,
        logPrefix: `${RECORDED_IN}/${j.name}`,
        sizeBytes: MiB64,
        seconds: 2,
        ioengine: 'libaio',
      });
      // fio lists the job's key=value options; the flags and the global output format it does not.
      const valued = args.filter((a) => a.includes('=') && !a.startsWith('--output-format='));
      expect(Object.fromEntries(valued.map((a) => a.slice(2).split(/=(.*)/s).slice(0, 2)))).toEqual(recorded);
      expect(args).toEqual(
        expect.arrayContaining(['--time_based', '--thread', '--group_reporting', '--output-format=json']),
      );
    }
  });

  it('keep the random jobs inside the part of the file the sequential write reached', () => {
    expect(writtenRegionBytes(MiB64, 689963008, 2 ** 20)).toBe(MiB64);
    expect(writtenRegionBytes(MiB64, 10 * 2 ** 20 + 4096, 2 ** 20)).toBe(10 * 2 ** 20);
  });

  it('run psync at depth 1 and escape colons in the file name', () => {
    const args = fioArgs(job('rand-read'), {
      file: '/d/a:b',
      logPrefix: '/d/x',
      sizeBytes: MiB64,
      seconds: 8,
      ioengine: 'psync',
    });
    expect(args).toContain('--iodepth=1');
    expect(args).toContain('--ioengine=psync');
    expect(args).toContain('--filename=/d/a\\:b');
  });

  it('are shown as a command a shell would take', () => {
    expect(commandLine('/usr/bin/fio', ['--name=x', '--filename=/my disk/f', "--x=it's"])).toBe(
      `/usr/bin/fio --name=x '--filename=/my disk/f' '--x=it'\\''s'`,
    );
  });
});

describe("fio's failures", () => {
  it("are told in fio's own words, one line", () => {
    expect(fioErrorLine(fixture('einval.stdout'), fixture('einval.stderr'), 1)).toBe(
      'fio: io_u error on file /tmp/chainmark-fio-fixtures/einval.dat: Invalid argument: write offset=0, buflen=1000',
    );
    // io_queue_init failures go to stdout, before the JSON.
    expect(fioErrorLine(fixture('aio-max-nr.stdout'), fixture('aio-max-nr.stderr'), 1)).toBe(
      'fio: pid=23736, err=11/file:engines/libaio.c:485, func=io_queue_init, error=Resource temporarily unavailable',
    );
    expect(fioErrorLine(fixture('no-engine.stdout'), fixture('no-engine.stderr'), 1)).toBe(
      'fio: failed to load engine',
    );
    const onlyJson = fixture('seq-write.json').replace('"error" : 0', '"error" : 5');
    expect(fioErrorLine(onlyJson, '', 1)).toBe('fio reported error 5 for the job');
    expect(fioErrorLine('', '', null)).toBe('fio exited with a signal and printed no reason');
  });

  it('tell libaio being unavailable apart from other errors', () => {
    expect(libaioUnavailable(fixture('aio-max-nr.stdout'))).toBe(true);
    expect(libaioUnavailable(fixture('no-engine.stderr'))).toBe(true);
    expect(libaioUnavailable('fio: engine libaio not loadable')).toBe(true);
    expect(libaioUnavailable(fixture('einval.stdout') + fixture('einval.stderr'))).toBe(false);
  });
});

describe('the self-check', () => {
  const file = { sizeBytes: MiB64, allocatedBytes: MiB64 };

  it('passes the real measurements', () => {
    expect(checkFioMeasurement(measured('seq-write'), file)).toBeNull();
    expect(checkFioMeasurement(measured('rand-write'), file)).toBeNull();
    expect(checkFioMeasurement(measured('rand-read'), null)).toBeNull();
  });

  it('fails a job that moved nothing or took no time', () => {
    const m = measured('rand-write');
    expect(checkFioMeasurement({ ...m, ioBytes: 0 }, file)).toMatch(/rand-write: fio moved no bytes/);
    expect(checkFioMeasurement({ ...m, runtimeMs: 0 }, file)).toMatch(/runtime of 0 ms/);
  });

  it("fails figures that are not fio's bytes over fio's time (5%)", () => {
    const m = measured('seq-write');
    expect(checkFioMeasurement({ ...m, bytesPerSec: m.bytesPerSec * 1.04, iops: m.iops * 1.04 }, file)).toBeNull();
    expect(checkFioMeasurement({ ...m, bytesPerSec: m.bytesPerSec * 1.06, iops: m.iops * 1.06 }, file)).toMatch(
      /is not its 689963008 bytes in 2033 ms/,
    );
    expect(checkFioMeasurement({ ...m, iops: m.iops * 2 }, file)).toMatch(/IOPS of 1048576-byte blocks/);
  });

  it('fails a job without samples', () => {
    const m = measured('rand-read');
    expect(checkFioMeasurement({ ...m, samples: { iops: [], bytesPerSec: m.samples.bytesPerSec } }, null)).toMatch(
      /no 250 ms sample \(iops 0, bw 7\)/,
    );
    expect(checkFioMeasurement({ ...m, samples: { iops: m.samples.iops, bytesPerSec: [] } }, null)).toMatch(/bw 0/);
  });

  it('fails a write job whose file is not on disk afterwards', () => {
    const m = measured('seq-write');
    expect(checkFioMeasurement(m, { sizeBytes: MiB64 - 4096, allocatedBytes: MiB64 })).toMatch(/has 67104768 bytes/);
    expect(checkFioMeasurement(m, { sizeBytes: MiB64, allocatedBytes: 0 })).toMatch(/only 0 bytes/);
    // A write that covered only part of the file needs only that part allocated.
    const part = { ...m, ioBytes: 8 * 2 ** 20, bytesPerSec: (8 * 2 ** 20) / 2.033, iops: 8 / 2.033 };
    expect(checkFioMeasurement(part, { sizeBytes: MiB64, allocatedBytes: 8 * 2 ** 20 })).toBeNull();
  });
});
