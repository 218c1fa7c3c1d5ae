import { describe, expect, it } from 'vitest';
import { compareResults } from '../../src/compare/compare.js';
import { gateResults } from '../../src/compare/gate.js';
import { defaultMetric, metricDirection, metricInfo } from '../../src/compare/metrics.js';
import { parameterDifferences } from '../../src/compare/parameters.js';
import { compareQualification, renderQualificationComparison } from '../../src/report/qualification-compare.js';
import { PAYLOAD, PAYLOAD_ESCAPED } from '../report/html-fixtures.js';
import { flag, measured, notComparable, notMeasured, qualificationFile } from '../report/qualification-fixtures.js';
import { loaded, okCase } from './build.js';

const eleven = (m: number) => Array.from({ length: 11 }, (_, i) => m * (0.95 + i * 0.01));
const GATE = { metrics: ['margin'], alpha: 0.01, thresholdPct: 5, singleRunFloorPct: 25 };

function machineA() {
  return qualificationFile(
    [
      measured('memory', 1.38),
      measured('disk', 1.2, { samples: eleven(1.2) }),
      notMeasured('network', 'needs a peer'),
      flag('avx2', true),
      measured('cores', 2, { profile: 'chain-b' }),
    ],
    { host: 'box-a' },
  );
}

function machineB() {
  return qualificationFile(
    [
      measured('memory', 0.56),
      measured('disk', 0.6, { samples: eleven(0.6) }),
      measured('network', 1.1),
      flag('avx2', false),
      measured('cores', 2, { profile: 'chain-b' }),
    ],
    { host: 'box-b', fingerprint: 'fp-b' },
  );
}

describe('the margin as a metric', () => {
  it('is registered: higher is better, in ×', () => {
    expect(metricDirection('margin')).toBe('higher');
    expect(metricInfo('margin')?.unit).toBe('×');
  });

  it('is the default metric of files of qualification cases only', () => {
    expect(defaultMetric([machineA(), machineB()])).toBe('margin');
    const mixed = machineA();
    mixed.cases.push(okCase('hash/sha256/node/1KiB/t1', [1, 2, 3]));
    expect(defaultMetric([mixed])).toBe('opsPerSec');
    expect(defaultMetric([qualificationFile([])])).toBe('opsPerSec');
  });
});

describe('compare: which machines qualify', () => {
  const q = compareQualification([
    { label: 'a.json', result: machineA() },
    { label: 'b.json', result: machineB() },
    { label: 'c.json', result: qualificationFile([measured('memory', 1)], { host: 'box-c' }) },
  ])!;

  it('one row per requirement, a cell per machine with its verdict and margin', () => {
    expect(q.files).toEqual(['a.json', 'b.json', 'c.json']);
    expect(q.requirements.map((r) => [r.profile, r.requirement, ...r.cells.map((c) => c.text)])).toEqual([
      ['chain-a', 'memory', 'pass 1.38×', 'FAIL 0.56×', 'pass 1.00×'],
      ['chain-a', 'disk', 'pass 1.20×', 'FAIL 0.60×', 'missing'],
      ['chain-a', 'network', 'not measured', 'pass 1.10×', 'missing'],
      ['chain-a', 'avx2', 'pass', 'FAIL', 'missing'],
      ['chain-b', 'cores', 'pass 2.00×', 'pass 2.00×', 'missing'],
    ]);
    expect(q.requirements[0]!.cells[1]).toEqual({ verdict: 'fail', margin: 0.56, text: 'FAIL 0.56×' });
  });

  it("then one row per profile with each machine's outcome and counts", () => {
    expect(q.profiles.map((p) => [p.profile, p.name, ...p.cells.map((c) => c.text)])).toEqual([
      [
        'chain-a',
        'chain-a validator',
        'not decided (3 of 4 pass, 1 not measured)',
        'does not qualify (1 of 4 pass, 3 fail)',
        'qualifies (1 of 1 pass)',
      ],
      ['chain-b', 'chain-b validator', 'qualifies (1 of 1 pass)', 'qualifies (1 of 1 pass)', 'missing'],
    ]);
  });

  it('is absent without qualification cases', () => {
    const plain = qualificationFile([okCase('hash/sha256/node/1KiB/t1', [1, 2, 3])]);
    expect(compareQualification([{ label: 'x', result: plain }])).toBeNull();
  });

  it('renders as text and as escaped markdown', () => {
    const text = renderQualificationComparison(q, 'text');
    expect(text).toMatch(/^chain-a\s+memory\s+pass 1\.38×\s+FAIL 0\.56×\s+pass 1\.00×$/m);
    expect(text).toMatch(
      /^chain-b\s+chain-b validator\s+qualifies \(1 of 1 pass\)\s+qualifies \(1 of 1 pass\)\s+missing$/m,
    );
    const hostile = compareQualification([
      { label: `${PAYLOAD}.json`, result: qualificationFile([measured('m', 0.5, { profileName: PAYLOAD })]) },
    ])!;
    const md = renderQualificationComparison(hostile, 'md');
    expect(md).not.toContain('<');
    expect(md).toContain(`| chain-a | m | **FAIL 0.50×** |`);
    expect(md).toContain(`| chain-a | ${PAYLOAD_ESCAPED} | **does not qualify (0 of 1 pass, 1 fail)** |`);
    expect(md).toContain(`| profile | requirement | ${PAYLOAD_ESCAPED}.json |`);
  });
});

describe('compare: the generic table on qualification cases', () => {
  const files = [loaded('a', machineA()), loaded('b', machineB())];

  it('leaves them out on a metric they do not carry', () => {
    const mixed = files.map((f) => ({
      ...f,
      result: { ...f.result, cases: [...f.result.cases, okCase('hash/x', [1, 2, 3])] },
    }));
    const c = compareResults(mixed, 'opsPerSec');
    expect(c.cases.map((k) => k.id)).toEqual(['hash/x']);
    expect(c.incomplete).toEqual([]);
  });

  it('compares their margins on `margin`, higher is better', () => {
    const c = compareResults(files, 'margin');
    expect(c.direction).toBe('higher');
    const disk = c.cases.find((k) => k.id === 'qualify/chain-a/disk')!;
    expect(disk.cells[1]!.ratio).toBeCloseTo(0.5, 6);
    expect(disk.cells[1]!.mark).toBe('slower');
    // Not measured in one file: listed, not scored.
    expect(c.incomplete).toEqual([{ id: 'qualify/chain-a/network', missing: [], notMeasured: ['a (skipped)'] }]);
  });

  it('does not take what a requirement measured for a parameter of the work', () => {
    const c = compareResults(files, 'margin');
    // Only where the figure came from differs in the work: the verdicts, margins and figures do not count.
    expect(c.warnings.filter((w) => w.code === 'parameters-differ').map((w) => w.message)).toEqual([
      'qualify/chain-a/network: parameters differ between a and b: backend "none" → "host"',
    ]);
    const a = measured('memory', 1.38);
    const b = measured('memory', 0.5, { requirement: { threshold: 128 }, reason: 'x', notes: ['y'] });
    expect(parameterDifferences(a, b)).toEqual(['requirement.threshold 64 → 128']);
  });
});

describe('check on qualification files', () => {
  it('gates a margin regression like any higher-is-better metric', () => {
    const r = gateResults(loaded('base', machineA()), loaded('head', machineB()), GATE);
    expect(r.cases.find((c) => c.id === 'qualify/chain-a/disk')).toMatchObject({
      verdict: 'regression',
      direction: 'higher',
    });
    // One sample per side is too few to decide.
    expect(r.cases.find((c) => c.id === 'qualify/chain-a/memory')?.verdict).toBe('inconclusive');
    expect(r.outcome).toBe('fail');
  });

  it('a requirement measured in the baseline and not in the current run is lost', () => {
    const head = qualificationFile([
      measured('memory', 1.38),
      notMeasured('disk', 'fio is not installed'),
      notComparable('cores', 'only a JavaScript figure', { profile: 'chain-b' }),
    ]);
    const r = gateResults(loaded('base', machineA()), loaded('head', head), GATE);
    expect(r.lost.map((l) => [l.id, l.status])).toEqual([
      ['qualify/chain-a/disk', 'skipped'],
      ['qualify/chain-b/cores', 'no-metric'],
    ]);
    // Never measured in the baseline: not gated, not lost.
    expect(r.notGated.map((n) => n.id)).toEqual(
      expect.arrayContaining(['qualify/chain-a/network', 'qualify/chain-a/avx2']),
    );
    expect(r.outcome).toBe('fail');
  });
});
