import { describe, expect, it } from 'vitest';
import { comparePublished, type PublishedComparison } from '../../src/report/published.js';
import { publishedMarkdown, publishedText, ratioText } from '../../src/report/published-table.js';
import { renderMarkdown } from '../../src/report/md.js';
import { PBFT_SERIES, consensusCase, pbftCases, publishedFile } from './published-fixtures.js';

const only = (cmps: PublishedComparison[]): PublishedComparison => {
  expect(cmps).toHaveLength(1);
  return cmps[0]!;
};

describe('published measurements against the modeled figures', () => {
  it('gives per n the modeled and published figures and modeled ÷ published, by hand', () => {
    const cmp = only(comparePublished(publishedFile()));
    expect(cmp).toMatchObject({ source: PBFT_SERIES.source, protocol: 'pbft', series: 'consensus/pbft/node' });
    expect(cmp.rows).toEqual([
      {
        nodes: 4,
        modeledTxPerSec: 100_000,
        publishedTxPerSec: 120_000,
        txPerSecRatio: 100_000 / 120_000,
        modeledLatencyMs: 10,
        publishedLatencyMs: 8,
        latencyRatio: 1.25,
      },
      {
        nodes: 16,
        modeledTxPerSec: 40_000,
        publishedTxPerSec: 50_000,
        txPerSecRatio: 0.8,
        modeledLatencyMs: 20,
        publishedLatencyMs: null,
        latencyRatio: null,
      },
      {
        nodes: 64,
        modeledTxPerSec: 5_000,
        publishedTxPerSec: 20_000,
        txPerSecRatio: 0.25,
        modeledLatencyMs: 80,
        publishedLatencyMs: 16,
        latencyRatio: 5,
      },
    ]);
  });

  it('reads the throughput drop and the latency growth from the smallest to the largest n both have', () => {
    const cmp = only(comparePublished(publishedFile()));
    // tx/s: 100k/5k = 20 modeled, 120k/20k = 6 published; the model drops 20/6 times as much.
    expect(cmp.throughputDrop).toEqual({ fromNodes: 4, toNodes: 64, modeled: 20, published: 6, factor: 20 / 6 });
    // latency: 80/10 = 8 modeled, 16/8 = 2 published (n = 16 has no published latency).
    expect(cmp.latencyGrowth).toEqual({ fromNodes: 4, toNodes: 64, modeled: 8, published: 2, factor: 4 });
  });

  it('reads the drops only over n where both exist, and from ok cases only, the most threaded of each n', () => {
    const cases = [
      ...pbftCases().filter((c) => c.params.nodes !== 64),
      // At n = 64 the case errored: no modeled figure there, so the drops end at n = 16.
      consensusCase({ nodes: 64, txPerSec: 5_000, commitMs: 80, status: 'errored' }),
      // A modeled n the source does not give, and a 1-thread case at n = 4 that the 2-thread one outranks.
      consensusCase({ nodes: 256, txPerSec: 1_000, commitMs: 400 }),
      consensusCase({ nodes: 4, threads: 1, txPerSec: 1, commitMs: 1 }),
    ];
    const cmp = only(comparePublished(publishedFile(cases)));
    expect(cmp.rows.map((r) => [r.nodes, r.modeledTxPerSec, r.publishedTxPerSec])).toEqual([
      [4, 100_000, 120_000],
      [16, 40_000, 50_000],
      [64, null, 20_000],
      [256, 1_000, null],
    ]);
    expect(cmp.rows.find((r) => r.nodes === 64)!.txPerSecRatio).toBeNull();
    // 100k/40k = 2.5 against 120k/50k = 2.4.
    expect(cmp.throughputDrop).toEqual({ fromNodes: 4, toNodes: 16, modeled: 2.5, published: 2.4, factor: 2.5 / 2.4 });
    // Latency: published at 4 and 64, modeled no longer at 64: one n in common, no growth.
    expect(cmp.latencyGrowth).toBeNull();
  });

  it('compares each protocol of a series on its own, and keeps one without an ok case with no modeled figure', () => {
    const series = { ...structuredClone(PBFT_SERIES), protocols: ['pbft', 'hotstuff'] };
    const cmps = comparePublished(publishedFile(pbftCases(), [series]));
    expect(cmps.map((c) => [c.protocol, c.series])).toEqual([
      ['pbft', 'consensus/pbft/node'],
      ['hotstuff', ''],
    ]);
    const hotstuff = cmps[1]!;
    expect(hotstuff.rows.every((r) => r.modeledTxPerSec === null && r.txPerSecRatio === null)).toBe(true);
    expect(hotstuff.throughputDrop).toBeNull();
  });

  it('is empty for a file that cites nothing', () => {
    const r = publishedFile();
    delete r.published;
    expect(comparePublished(r)).toEqual([]);
    expect(publishedText([])).toBe('');
  });
});

describe('the comparison as printed', () => {
  it('labels every figure modeled or published, names the source, shows a missing one as "—"', () => {
    const text = publishedText(comparePublished(publishedFile()));
    const lines = text.split('\n');
    expect(lines[0]).toBe('pbft/node: modeled against published');
    expect(lines[1]).toMatch(
      /^modeled: chainmark, .*; lan · 0\.2 ms one-way · 1 Gbit\/s · 1 core per validator \(not recorded\)$/,
    );
    expect(lines[2]).toBe(`published: ${PBFT_SERIES.source}`);
    expect(lines[3]!.split(/ {2,}/).map((h) => h.trim())).toEqual([
      'n',
      'modeled tx/s',
      'published tx/s',
      'tx/s modeled ÷ published',
      'modeled commit latency (p50)',
      'published latency',
      'latency modeled ÷ published',
    ]);
    const row16 = lines[6]!.trim().split(/\s{2,}/);
    expect(row16).toEqual(['16', '40.0k', '50.0k', '0.800×', '20.0 ms', '—', '—']);
    expect(lines.at(-2)).toBe(
      'throughput drop, tx/s at n = 4 ÷ tx/s at n = 64: modeled 20.0×, published 6.00×; modeled ÷ published 3.33×',
    );
    expect(lines.at(-1)).toBe(
      'latency growth, latency at n = 64 ÷ latency at n = 4: modeled 8.00×, published 2.00×; modeled ÷ published 4.00×',
    );
  });

  it('says why a drop is missing, and marks a pipelined protocol’s figures as per view', () => {
    const cases = [
      consensusCase({ protocol: 'chained-hotstuff', nodes: 4, txPerSec: 100_000, commitMs: 10, commitChain: 3 }),
      consensusCase({ protocol: 'chained-hotstuff', nodes: 16, txPerSec: 40_000, commitMs: 20, commitChain: 3 }),
    ];
    const series = { source: 'a source', protocols: ['chained-hotstuff'], points: [{ nodes: 4, latencyMs: 5 }] };
    const text = publishedText(comparePublished(publishedFile(cases, [series])));
    expect(text).toContain('pipelined (3-chain commit): tx/s per view time');
    expect(text).toContain('throughput drop: — (needs modeled and published tx/s at two node counts or more)');
    expect(text).toContain('latency growth: — (needs modeled and published latency at two node counts or more)');
  });

  it('escapes a hostile source for the terminal and for markdown', () => {
    const source = '\u001b]0;owned\u0007 <img src=x> | *bold* https://evil.example';
    const cmps = comparePublished(publishedFile(pbftCases(), [{ ...structuredClone(PBFT_SERIES), source }]));
    const text = publishedText(cmps);
    expect(text).not.toContain('\u001b');
    expect(text).toContain('published: \\x1b]0;owned\\x07 <img src=x>');
    const md = publishedMarkdown(cmps);
    expect(md).not.toContain('\u001b');
    expect(md).not.toContain('<img');
    expect(md).toContain('- published: \\x1b\\]0;owned\\x07 &lt;img src=x&gt; \\| \\*bold\\* https\\://evil.example');
  });

  it('formats ratios with three significant digits, and large ones whole', () => {
    expect([ratioText(0.04123), ratioText(1), ratioText(3.3333), ratioText(312.4)]).toEqual([
      '0.0412×',
      '1.00×',
      '3.33×',
      '312×',
    ]);
  });

  it('goes into the markdown export after the consensus table, which names each case’s settings', () => {
    const md = renderMarkdown([publishedFile()], { metric: 'opsPerSec' });
    const consensusAt = md.indexOf('| consensus case |');
    const publishedAt = md.indexOf('Published measurements beside the modeled figures:');
    expect(consensusAt).toBeGreaterThan(0);
    expect(publishedAt).toBeGreaterThan(consensusAt);
    expect(md).toContain('| n | modeled tx/s | published tx/s | tx/s modeled ÷ published |');
    expect(md).toContain('| 16 | 40.0k | 50.0k | 0.800× | 20.0 ms | — | — |');
    expect(md).toContain(`- published: Example et al., "A BFT measurement", 2024, table 3`);
    expect(md).toContain('| consensus/pbft/node/n4 | 2 | 4 | ');
    expect(md).toContain('| lan · 0.2 ms one-way · 1 Gbit/s · 1 core per validator (not recorded) | ok |');
  });

  it('labels a pipelined protocol’s cases in the markdown export as per view, and escapes region names', () => {
    const chained = consensusCase({
      protocol: 'chained-hotstuff',
      nodes: 4,
      txPerSec: 1000,
      commitMs: 10,
      commitChain: 2,
      validatorCores: 4,
      network: {
        preset: 'geo',
        latencyMs: 9,
        bandwidthMbps: 250,
        geo: {
          source: 'table|1',
          regions: ['<b>eu</b>', 'us_east'],
          oneWayMs: [
            [5, 9],
            [9, 5],
          ],
        },
      },
    });
    const md = renderMarkdown([publishedFile([...pbftCases(), chained], [])], { metric: 'opsPerSec' });
    expect(md).toContain(
      '| consensus case | threads | nodes | time per | host round or view (median) | modeled round or view (median) |',
    );
    expect(md).toContain('| consensus/pbft/node/n4 | 2 | 4 | round | ');
    expect(md).toContain('| consensus/chained-hotstuff/node/n4 | 2 | 4 | view (2-chain commit) | ');
    expect(md).toContain(
      '| geo (table\\|1): &lt;b&gt;eu&lt;/b&gt;, us\\_east · 5–9 ms one-way · 250 Mbit/s · 4 cores per validator | ok |',
    );
    expect(md).not.toContain('Published measurements');
  });
});
