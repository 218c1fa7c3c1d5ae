/**
 * End to end against the real servers: chainmark pushes to a Pushgateway, a Prometheus server
 * scrapes that gateway and answers an instant query with chainmark's value, and node_exporter's
 * textfile collector reads the file `report --format prometheus --out` writes. The transcript (the
 * pushed group, the scraped sample, the PromQL answer) is printed. Without the Debian packages those
 * tests are skipped, with a notice naming the missing ones; the error tests need no server.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readResultFile } from '../../src/results/reader.js';
import { CLI, ROOT, cliAsync, eventually, tempDir } from '../helpers.js';
import { qualificationResult } from '../report/openmetrics-fixtures.js';
import { REPORT_FIXTURE } from '../report/fixture.js';
import { BINARIES, freePort, getText, linesOf, missingPackages, startServer, type Server } from './servers.js';

const missing = missingPackages();
if (missing.length)
  console.warn(
    `SKIPPED the tests against real servers in test/publish/prometheus-e2e.test.ts: ${missing.join(', ')} not installed (apt-get install ${missing.join(' ')})`,
  );

/** One tiny case: a run of it takes a second or two. */
function tinyScenario(dir: string): string {
  const scenario = join(dir, 'tiny.json');
  writeFileSync(
    scenario,
    JSON.stringify({
      name: 'tiny-push',
      seed: 5,
      cases: [{ op: 'hash', algorithms: ['sha256'], sizes: [32], backends: ['node'] }],
    }),
  );
  return scenario;
}
const FAST = ['--threads', '1', '--time', '40', '--repeat', '3', '--warmup', '10', '--no-progress', '--quiet'];

const transcript: string[] = [];
const say = (line: string) => transcript.push(line);

/** The case and value the tests follow through every server: verify/ed25519/noble/t2, median 1700 ops/s. */
const CASE = 'verify/ed25519/noble/t2';
const fixture = readResultFile(REPORT_FIXTURE);
const expectedMedian = (() => {
  const c = fixture.cases.find((x) => x.id === CASE)!;
  return (c.metrics as { opsPerSec: { median: number } }).opsPerSec.median;
})();

describe.skipIf(missing.length > 0)('Pushgateway, Prometheus and node_exporter ingest what chainmark sends', () => {
  const dir = tempDir('chainmark-e2e-');
  let gateway: Server;
  let prometheus: Server;
  const started = Date.now();

  beforeAll(async () => {
    gateway = await startServer(
      BINARIES.pushgateway,
      // Debian's build keeps groups in /var/lib/prometheus by default; this one holds them in memory only.
      (port) => [`--web.listen-address=127.0.0.1:${port}`, '--persistence.file='],
      '/-/ready',
    );
    // Scrapes the gateway every second; honor_labels keeps the pushed job and instance labels.
    const config = join(dir, 'prometheus.yml');
    writeFileSync(
      config,
      [
        'global:',
        '  scrape_interval: 1s',
        'scrape_configs:',
        '  - job_name: pushgateway',
        '    honor_labels: true',
        '    static_configs:',
        `      - targets: ['127.0.0.1:${gateway.port}']`,
        '',
      ].join('\n'),
    );
    prometheus = await startServer(
      BINARIES.prometheus,
      (port) => [
        `--config.file=${config}`,
        `--storage.tsdb.path=${join(dir, 'tsdb')}`,
        `--web.listen-address=127.0.0.1:${port}`,
      ],
      '/-/ready',
    );
  }, 90_000);

  afterAll(async () => {
    await Promise.all([gateway?.stop(), prometheus?.stop()]);
    say(`end-to-end wall time: ${((Date.now() - started) / 1000).toFixed(1)} s`);
    console.info(transcript.join('\n'));
  }, 30_000);

  it('push: the group is on the gateway with its grouping labels, and Prometheus answers a query with its value', async () => {
    const r = await cliAsync(['push', REPORT_FIXTURE, '--gateway', gateway.url]);
    expect({ status: r.status, stderr: r.stderr }).toEqual({
      status: 0,
      stderr: `pushed ${REPORT_FIXTURE}: job="chainmark" instance="bench-01" scenario="report-fixture", 68 samples\n`,
    });
    say(`$ chainmark push ${REPORT_FIXTURE} --gateway ${gateway.url}\n${r.stderr.trimEnd()}`);

    // Read back from the gateway's own /metrics: the series carries job, instance and scenario.
    const metrics = await getText(`${gateway.url}/metrics`);
    const median = linesOf(metrics, 'chainmark_ops_per_second').find(
      (l) => l.includes(`case="${CASE}"`) && l.includes('stat="median"'),
    );
    expect(median).toBe(
      `chainmark_ops_per_second{algorithm="ed25519",backend="noble",case="${CASE}",fingerprint="0123456789abcdef",host="bench-01",instance="bench-01",job="chainmark",op="verify",scenario="report-fixture",stat="median",threads="2"} ${expectedMedian}`,
    );
    say(`gateway /metrics: ${median}`);
    // One group: the gateway's own push_time_seconds for it, and run_info without a second scenario label.
    expect(linesOf(metrics, 'push_time_seconds')).toHaveLength(1);
    expect(linesOf(metrics, 'chainmark_run_info')).toEqual([
      'chainmark_run_info{cpu="EPYC 7763 64-Core Processor",fingerprint="0123456789abcdef",host="bench-01",instance="bench-01",job="chainmark",node="20.20.2",openssl="3.0.15+quic",scenario="report-fixture",status="complete",version="0.1.0"} 1',
    ]);

    // Prometheus scrapes the gateway; an instant query returns chainmark's number.
    const query = `chainmark_ops_per_second{case="${CASE}",stat="median",job="chainmark"}`;
    const answer = await eventually(async () => {
      const body = JSON.parse(await getText(`${prometheus.url}/api/v1/query?query=${encodeURIComponent(query)}`)) as {
        status: string;
        data: { resultType: string; result: { metric: Record<string, string>; value: [number, string] }[] };
      };
      return body.data.result.length ? body : undefined;
    }, 'Prometheus to scrape the gateway');
    expect(answer.status).toBe('success');
    expect(answer.data.resultType).toBe('vector');
    expect(answer.data.result).toHaveLength(1);
    expect(Number(answer.data.result[0]!.value[1])).toBe(expectedMedian);
    expect(answer.data.result[0]!.metric).toMatchObject({
      __name__: 'chainmark_ops_per_second',
      instance: 'bench-01',
      job: 'chainmark',
      scenario: 'report-fixture',
      backend: 'noble',
    });
    say(`PromQL ${query} → ${JSON.stringify(answer.data.result[0])}`);
  }, 60_000);

  it('push again replaces the group as a whole: a series the new file lacks is gone', async () => {
    const trimmed = readResultFile(REPORT_FIXTURE);
    trimmed.cases = trimmed.cases.filter((c) => c.id !== CASE);
    const file = join(dir, 'trimmed.json');
    writeFileSync(file, JSON.stringify(trimmed));
    const r = await cliAsync(['push', file, '--gateway', gateway.url]);
    expect(r.status, r.stderr).toBe(0);
    const metrics = await getText(`${gateway.url}/metrics`);
    expect(linesOf(metrics, 'chainmark_ops_per_second').filter((l) => l.includes(`case="${CASE}"`))).toEqual([]);
    expect(linesOf(metrics, 'chainmark_ops_per_second').length).toBeGreaterThan(0);
    // Put the full file back for the tests that follow.
    expect((await cliAsync(['push', REPORT_FIXTURE, '--gateway', gateway.url])).status).toBe(0);
  }, 60_000);

  it('an error answer of the gateway: exit 2, one line, and the groups pushed before it deleted again', async () => {
    // The gateway refuses a family whose type differs from one it holds: a counter of the name
    // only a qualification result has makes the second file's push fail after the first succeeded.
    const conflict = await fetch(`${gateway.url}/metrics/job/other`, {
      method: 'PUT',
      body: '# TYPE chainmark_qualification_pass counter\nchainmark_qualification_pass 1\n',
    });
    expect(conflict.status).toBe(200);
    const qualification = join(dir, 'qualification.json');
    writeFileSync(qualification, JSON.stringify(qualificationResult()));
    const first = readResultFile(REPORT_FIXTURE);
    first.system.hostname = 'fresh-box';
    const firstFile = join(dir, 'fresh.json');
    writeFileSync(firstFile, JSON.stringify(first));

    const r = await cliAsync(['push', firstFile, qualification, '--gateway', gateway.url]);
    expect(r.status, r.stderr).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.split('\n').filter(Boolean)).toHaveLength(1);
    expect(r.stderr).toMatch(
      new RegExp(
        `^chainmark: ${qualification}: not pushed: the Pushgateway at ${gateway.url} answered 400 Bad Request: pushed metrics are invalid or inconsistent.*; the 1 group\\(s\\) pushed before it were deleted again\\n$`,
      ),
    );
    say(`gateway refusal: ${r.stderr.trimEnd()}`);
    const metrics = await getText(`${gateway.url}/metrics`);
    const chainmark = metrics.split('\n').filter((l) => l.startsWith('chainmark_'));
    expect(chainmark.filter((l) => l.includes('instance="fresh-box"'))).toEqual([]);
    expect(chainmark.filter((l) => l.includes('instance="box-a"'))).toEqual([]);
    // The gateway's own record of the refused push stays, for an alert on push failures.
    expect(linesOf(metrics, 'push_failure_time_seconds').filter((l) => l.includes('instance="box-a"'))).toHaveLength(1);
    // The group pushed earlier by the other tests is untouched.
    expect(metrics).toContain('instance="bench-01"');
    await fetch(`${gateway.url}/metrics/job/other`, { method: 'DELETE' });
  }, 60_000);

  it('every query of docs/fleet.md parses and returns data from what chainmark pushed', async () => {
    const qualification = join(dir, 'qualification-ok.json');
    writeFileSync(qualification, JSON.stringify(qualificationResult()));
    const r = await cliAsync(['push', qualification, '--gateway', gateway.url]);
    expect(r.status, r.stderr).toBe(0);
    const doc = readFileSync(join(ROOT, 'docs', 'fleet.md'), 'utf8');
    const block = /```promql\n([\s\S]*?)```/.exec(doc)![1]!;
    const queries = block.split('\n').filter((l) => l.trim() && !l.startsWith('#'));
    // One per family at least: the page promises a query for each.
    const families = new Set(block.match(/^# (chainmark_\w+)/gm)!.map((l) => l.slice(2)));
    expect(families.size).toBe(10);
    for (const query of queries) {
      const answer = await eventually(async () => {
        const res = await fetch(`${prometheus.url}/api/v1/query?query=${encodeURIComponent(query)}`);
        const body = (await res.json()) as { status: string; error?: string; data?: { result: unknown[] } };
        if (body.status !== 'success') throw new Error(`${query}: ${body.error}`);
        return body.data!.result.length ? body.data!.result.length : undefined;
      }, `data for ${query}`);
      expect(answer, query).toBeGreaterThan(0);
    }
    say(`docs/fleet.md: ${queries.length} queries, each answered with data`);
  }, 90_000);

  it('a gateway behind basic authentication: credentials from the URL, the password never shown', async () => {
    // The bcrypt hash of the password below (cost 4, made with Python's crypt module), in the
    // gateway's web configuration, the exporter toolkit's basic_auth_users.
    const web = join(dir, 'web.yml');
    writeFileSync(web, 'basic_auth_users:\n  fleet: $2b$04$c.YhqSSEWQXwtXjZ3eRZGeKzWsfgRZ8SL7Y0OG75o3AXUeKI6QpsK\n');
    const guarded = await startServer(
      BINARIES.pushgateway,
      (port) => [`--web.listen-address=127.0.0.1:${port}`, '--persistence.file=', `--web.config.file=${web}`],
      '/-/healthy',
      30_000,
      401,
    );
    try {
      const withPassword = (pw: string) => guarded.url.replace('http://', `http://fleet:${pw}@`);
      const ok = await cliAsync(['push', REPORT_FIXTURE, '--gateway', withPassword('chainmark-test')]);
      expect(ok.status, ok.stderr).toBe(0);
      const metrics = await fetch(`${guarded.url}/metrics`, {
        headers: { authorization: `Basic ${Buffer.from('fleet:chainmark-test').toString('base64')}` },
      }).then((r) => r.text());
      expect(linesOf(metrics, 'chainmark_run_info')).toHaveLength(1);
      const wrong = await cliAsync(['push', REPORT_FIXTURE, '--gateway', withPassword('not-it')]);
      expect(wrong.status).toBe(2);
      expect(wrong.stderr).toBe(
        `chainmark: command line: --gateway http://fleet:***@127.0.0.1:${guarded.port} refused the credentials in the URL (GET /-/ready answered 401); nothing was pushed\n`,
      );
      const none = await cliAsync(['push', REPORT_FIXTURE, '--gateway', guarded.url]);
      expect(none.stderr).toMatch(/asks for credentials \(GET \/-\/ready answered 401\): give them in the URL/);
      say(`basic authentication: ${wrong.stderr.trimEnd()}`);
    } finally {
      await guarded.stop();
    }
  }, 60_000);

  it('node_exporter textfile collector: the file report --out writes is read, with no collector error', async () => {
    const textfiles = join(dir, 'textfile');
    const out = join(textfiles, 'chainmark.prom');
    const r = await cliAsync(['report', REPORT_FIXTURE, '--format', 'prometheus', '--out', out]);
    expect(r.status, r.stderr).toBe(0);
    // Replaced in one rename: nothing but the .prom file is left in the directory.
    expect(readdirSync(textfiles)).toEqual(['chainmark.prom']);
    const exporter = await startServer(
      BINARIES.nodeExporter,
      (port) => [
        `--web.listen-address=127.0.0.1:${port}`,
        '--collector.disable-defaults',
        '--collector.textfile',
        `--collector.textfile.directory=${textfiles}`,
      ],
      '/metrics',
    );
    try {
      const metrics = await getText(`${exporter.url}/metrics`);
      expect(linesOf(metrics, 'node_textfile_scrape_error')).toEqual(['node_textfile_scrape_error 0']);
      const median = linesOf(metrics, 'chainmark_ops_per_second').find(
        (l) => l.includes(`case="${CASE}"`) && l.includes('stat="median"'),
      );
      expect(median).toBe(
        `chainmark_ops_per_second{algorithm="ed25519",backend="noble",case="${CASE}",fingerprint="0123456789abcdef",host="bench-01",op="verify",stat="median",threads="2"} ${expectedMedian}`,
      );
      // The summaries come through with the sum chainmark wrote, not a 0 filled in.
      const sum = linesOf(metrics, 'chainmark_latency_seconds_sum').find((l) => l.includes(`case="${CASE}"`));
      expect(sum).toBeDefined();
      expect(Number(sum!.split(' ').at(-1))).toBeGreaterThan(0);
      say(`node_exporter /metrics: ${median}`);
      say(`node_exporter /metrics: ${linesOf(metrics, 'node_textfile_scrape_error')[0]}`);

      // Written again while the exporter reads the directory: still one file, the collector still happy.
      expect((await cliAsync(['report', REPORT_FIXTURE, '--format', 'prometheus', '--out', out])).status).toBe(0);
      expect(readdirSync(textfiles)).toEqual(['chainmark.prom']);
      const again = await getText(`${exporter.url}/metrics`);
      expect(linesOf(again, 'node_textfile_scrape_error')).toEqual(['node_textfile_scrape_error 0']);
    } finally {
      await exporter.stop();
    }
  }, 60_000);

  it('run --push: pushes the run it just made, under the recorded hostname', async () => {
    const scenario = tinyScenario(dir);
    const out = join(dir, 'run.json');
    const r = await cliAsync(['run', scenario, ...FAST, '--out', out, '--push', gateway.url]);
    expect(r.status, r.stderr).toBe(0);
    const host = readResultFile(out).system.hostname;
    expect(r.stderr).toContain(`pushed ${out}: job="chainmark" instance=${JSON.stringify(host)} scenario="tiny-push"`);
    const metrics = await getText(`${gateway.url}/metrics`);
    const line = linesOf(metrics, 'chainmark_ops_per_second').find(
      (l) => l.includes('scenario="tiny-push"') && l.includes('stat="median"'),
    );
    const recorded = readResultFile(out).cases[0]!;
    expect(Number(line?.split(' ').at(-1))).toBe(
      (recorded.metrics as { opsPerSec: { median: number } }).opsPerSec.median,
    );
  }, 120_000);
});

describe('errors before anything is sent', () => {
  const dir = tempDir('chainmark-push-');

  it('an unreachable gateway: exit 2, one line naming it, nothing run or written', async () => {
    const closed = `http://127.0.0.1:${await freePort()}`;
    const r = await cliAsync(['push', REPORT_FIXTURE, '--gateway', closed]);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(
      `chainmark: command line: --gateway ${closed} cannot be reached (ECONNREFUSED); nothing was pushed\n`,
    );
    const out = join(dir, 'never.json');
    const run = await cliAsync(['run', tinyScenario(dir), ...FAST, '--out', out, '--push', closed]);
    expect(run.status).toBe(2);
    expect(run.stderr).toBe(
      `chainmark: command line: --push ${closed} cannot be reached (ECONNREFUSED); nothing was pushed\n`,
    );
    expect(existsSync(out)).toBe(false);
  }, 60_000);

  it('run --push to a gateway that refuses the push: exit 2 after the run, the result kept, the command to push it later', async () => {
    // Ready, but refusing every push: a stand-in for a gateway that rejects the group.
    const server = createServer((req, res) => {
      res.statusCode = req.method === 'GET' && req.url === '/-/ready' ? 200 : 500;
      res.end(res.statusCode === 200 ? 'OK' : 'storage full');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const out = join(dir, 'kept.json');
      const r = await cliAsync(['run', tinyScenario(dir), ...FAST, '--out', out, '--push', url]);
      expect(r.status).toBe(2);
      expect(r.stderr.trimEnd().split('\n').at(-1)).toBe(
        `chainmark: ${out}: not pushed: the Pushgateway at ${url} answered 500 Internal Server Error: storage full; nothing was pushed; push it later with: chainmark push ${out} --gateway ${url}`,
      );
      expect(readResultFile(out).cases[0]!.status).toBe('ok');
    } finally {
      server.close();
    }
  }, 60_000);

  it('run --push interrupted: the partial result is kept and not pushed', async () => {
    const requests: string[] = [];
    const server = createServer((req, res) => {
      requests.push(`${req.method} ${req.url}`);
      res.end('OK');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const out = join(dir, 'interrupted.json');
      // Long windows, so the signal lands while a case is measured.
      const child = spawn(process.execPath, [
        CLI,
        'run',
        tinyScenario(dir),
        '--threads',
        '1',
        '--time',
        '5000',
        '--repeat',
        '5',
        '--warmup',
        '10',
        '--no-progress',
        '--out',
        out,
        '--push',
        url,
      ]);
      let stderr = '';
      child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
      const status = new Promise<number | null>((r) => child.on('close', (code) => r(code)));
      await eventually(async () => (existsSync(out) ? true : undefined), 'the run to start writing its result');
      child.kill('SIGINT');
      expect(await status).toBe(130);
      expect(stderr).toContain(
        `not pushed: the run was interrupted; push it later with: chainmark push ${out} --gateway ${url}\n`,
      );
      expect(readResultFile(out).run.status).toBe('interrupted');
      // The gateway was asked whether it is ready, before the run, and nothing else.
      expect(requests).toEqual(['GET /-/ready']);
    } finally {
      server.close();
    }
  }, 60_000);

  it('a URL that is not one, a bad result file: exit 2 and the field or file named', async () => {
    const bad = await cliAsync(['push', REPORT_FIXTURE, '--gateway', 'ftp://x']);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toBe('chainmark: command line: --gateway must be an http:// or https:// URL, got "ftp://x"\n');
    const junk = join(dir, 'junk.json');
    writeFileSync(junk, '{"schema": 1}');
    const r = await cliAsync(['push', REPORT_FIXTURE, junk, '--gateway', 'http://127.0.0.1:1']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(new RegExp(`^chainmark: ${junk}: .*schema`));
    expect(readFileSync(junk, 'utf8')).toBe('{"schema": 1}');
  }, 60_000);
});
