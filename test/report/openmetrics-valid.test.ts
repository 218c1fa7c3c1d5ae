import { describe, expect, it } from 'vitest';
import { reportFixture } from './fixture.js';
import { parseExposition } from './exposition.js';
import { OPENMETRICS_FIXTURES, exposition } from './openmetrics-fixtures.js';

/** Families whose samples are time percentiles: summaries, the type that may carry a quantile label. */
const SUMMARIES = ['chainmark_latency_seconds', 'chainmark_round_seconds', 'chainmark_commit_seconds'];

describe('the OpenMetrics export is valid exposition', () => {
  it.each(OPENMETRICS_FIXTURES)('%s', (_, make) => {
    const results = make();
    const { families, samples } = parseExposition(exposition(results));
    for (const [name, f] of families) {
      expect(name).toMatch(/^chainmark_[a-z_]+$/);
      expect(f.type).toBe(SUMMARIES.includes(name) ? 'summary' : 'gauge');
      expect(f.help).toBeTruthy();
    }
    for (const s of samples) expect(Number.isFinite(s.value), `${s.name} ${JSON.stringify(s.labels)}`).toBe(true);
    // One case_ok series per case per file, and every file named when there are several.
    expect(samples.filter((s) => s.name === 'chainmark_case_ok')).toHaveLength(
      results.reduce((n, r) => n + r.cases.length, 0),
    );
    if (results.length > 1) for (const s of samples) expect(s.labels.file).toMatch(/^#\d$/);
  });

  it('declares units as name suffixes and converts times to seconds', () => {
    const { families, samples } = parseExposition(exposition([reportFixture()]));
    expect(Object.fromEntries([...families].map(([n, f]) => [n, f.unit ?? null]))).toEqual({
      chainmark_run_info: null,
      chainmark_case_ok: null,
      chainmark_ops_per_second: 'ops_per_second',
      chainmark_bytes_per_second: 'bytes_per_second',
      chainmark_latency_seconds: 'seconds',
      chainmark_round_seconds: 'seconds',
      chainmark_commit_seconds: 'seconds',
      chainmark_committed_transactions_per_second: 'transactions_per_second',
    });
    const host = samples.find(
      (s) =>
        s.name === 'chainmark_round_seconds' &&
        s.labels.case === 'consensus/pbft/node/n16/t1' &&
        s.labels.clock === 'host' &&
        s.labels.quantile === '0.99',
    );
    expect(host?.value).toBe(0.2598); // p99 259.8 ms
    // The summary's count: the rounds behind the quantiles, with the quantile sample's labels but no quantile.
    const rounds = samples.find(
      (s) =>
        s.name === 'chainmark_round_seconds_count' &&
        s.labels.case === 'consensus/pbft/node/n16/t1' &&
        s.labels.clock === 'host',
    );
    expect(rounds?.value).toBe(3);
    expect(rounds?.labels.quantile).toBeUndefined();
    const p99 = samples.find(
      (s) =>
        s.name === 'chainmark_latency_seconds' &&
        s.labels.case === 'verify/ed25519/noble/t2' &&
        s.labels.quantile === '0.99',
    );
    expect(p99?.value).toBe(0.0015); // 1.5 ms
    const ops = samples.filter(
      (s) => s.name === 'chainmark_ops_per_second' && s.labels.case === 'verify/ed25519/noble/t2',
    );
    expect(Object.fromEntries(ops.map((s) => [s.labels.stat, s.value]))).toEqual({
      median: 1700,
      ci95_lo: 1650,
      ci95_hi: 1750,
    });
    expect(ops[0]!.labels).toMatchObject({
      op: 'verify',
      algorithm: 'ed25519',
      backend: 'noble',
      threads: '2',
      host: 'bench-01',
      fingerprint: '0123456789abcdef',
    });
  });

  it('gives failed and skipped cases a 0 with their status and no figures', () => {
    const { samples } = parseExposition(exposition([reportFixture()]));
    const of = (id: string) => samples.filter((s) => s.labels.case === id);
    expect(of('sign/bls12-381/noble/t1').map((s) => [s.name, s.labels.status, s.value])).toEqual([
      ['chainmark_case_ok', 'errored', 0],
    ]);
    expect(of('hash/blake3/node/32B/t1').map((s) => [s.name, s.labels.status, s.value])).toEqual([
      ['chainmark_case_ok', 'skipped', 0],
    ]);
  });

  it('an empty run is still valid: run info, no case series, # EOF', () => {
    const r = reportFixture();
    r.cases = [];
    const { families, samples } = parseExposition(exposition([r]));
    expect([...families.keys()]).toEqual(['chainmark_run_info', 'chainmark_case_ok']);
    expect(samples.map((s) => s.name)).toEqual(['chainmark_run_info']);
  });
});

describe('the test parser rejects invalid exposition', () => {
  const ok = '# TYPE a gauge\n# HELP a help\na{x="1"} 1\n# EOF\n';
  it.each([
    ['no # EOF', ok.replace('# EOF\n', '')],
    ['text after # EOF', `${ok}a 2\n`],
    ['a sample without # TYPE', '# HELP a help\na 1\n# EOF\n'],
    ['an invalid metric name', '# TYPE 1a gauge\n1a 1\n# EOF\n'],
    ['a bad escape', '# TYPE a gauge\na{x="\\t"} 1\n# EOF\n'],
    ['an unescaped quote', '# TYPE a gauge\na{x="say "hi""} 1\n# EOF\n'],
    ['a value that is not a float', '# TYPE a gauge\na 1,5\n# EOF\n'],
    ['a duplicate series', '# TYPE a gauge\na{x="1",y="2"} 1\na{y="2",x="1"} 2\n# EOF\n'],
    ['interleaved families', '# TYPE a gauge\na 1\n# TYPE b gauge\nb 1\na{x="2"} 1\n# EOF\n'],
    ['a unit that is not the name suffix', '# TYPE a_seconds gauge\n# UNIT a_seconds bytes\na_seconds 1\n# EOF\n'],
    ['a plain comment', '# TYPE a gauge\n# just a note\na 1\n# EOF\n'],
    ['a quantile label on a gauge', '# TYPE a gauge\na{quantile="0.5"} 1\n# EOF\n'],
    ['a summary sample without a quantile', '# TYPE a summary\na{x="1"} 1\n# EOF\n'],
    ['a quantile outside [0, 1]', '# TYPE a summary\na{quantile="1.5"} 1\n# EOF\n'],
    ['a negative quantile value', '# TYPE a summary\na{quantile="0.5"} -1\n# EOF\n'],
    ['a count that is not an integer', '# TYPE a summary\na{quantile="0.5"} 1\na_count 2.5\n# EOF\n'],
    ['a _count of a gauge', '# TYPE a gauge\na 1\na_count 2\n# EOF\n'],
    ['an empty line', '# TYPE a gauge\n\na 1\n# EOF\n'],
  ])('%s', (_, text) => {
    expect(() => parseExposition(text)).toThrow();
  });

  it('and accepts the valid one', () => {
    expect(parseExposition(ok).samples).toEqual([{ name: 'a', labels: { x: '1' }, value: 1 }]);
  });

  it('and a valid summary: quantiles, then the count of the same series', () => {
    const text =
      '# TYPE a_seconds summary\n# UNIT a_seconds seconds\na_seconds{x="1",quantile="0.5"} 0.1\na_seconds_count{x="1"} 7\n# EOF\n';
    expect(parseExposition(text).samples.map((s) => [s.name, s.value])).toEqual([
      ['a_seconds', 0.1],
      ['a_seconds_count', 7],
    ]);
  });
});
