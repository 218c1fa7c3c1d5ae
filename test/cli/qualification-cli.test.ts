import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readResultFile } from '../../src/results/reader.js';
import type { ResultFile } from '../../src/results/schema.js';
import { cli, tempDir } from '../helpers.js';
import { flag, measured, notMeasured, qualificationFile } from '../report/qualification-fixtures.js';

// End to end on the compiled CLI: two small qualification files, as two machines would write them.
const eleven = (m: number) => Array.from({ length: 11 }, (_, i) => m * (0.95 + i * 0.01));
const dir = tempDir();
function write(name: string, r: ResultFile): string {
  const file = join(dir, name);
  writeFileSync(file, JSON.stringify(r));
  return file;
}
const A = write(
  'a.json',
  qualificationFile(
    [
      measured('memory', 1.38),
      measured('disk', 1.2, { samples: eleven(1.2) }),
      notMeasured('network', 'needs a peer'),
      flag('avx2', true),
    ],
    { host: 'box-a' },
  ),
);
const B = write(
  'b.json',
  qualificationFile(
    [measured('memory', 0.56), measured('disk', 0.6, { samples: eleven(0.6) }), notMeasured('network', 'needs a peer')],
    { host: 'box-b', fingerprint: 'fp-b' },
  ),
);

describe('chainmark compare on qualification files', () => {
  it('text: the margins compared, then which machines qualify', () => {
    const r = cli(['compare', A, B]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^compare margin \(higher is better\)/);
    expect(r.stdout).toMatch(/^qualify\/chain-a\/disk\s+1\.20 × ±\S+\s+0\.60 × ±\S+\s+×0\.500 slower$/m);
    expect(r.stdout).toContain('which machines qualify');
    expect(r.stdout).toMatch(/^chain-a\s+memory\s+pass 1\.38×\s+FAIL 0\.56×$/m);
    expect(r.stdout).toMatch(/^chain-a\s+network\s+not measured\s+not measured$/m);
    expect(r.stdout).toMatch(/^chain-a\s+avx2\s+pass\s+missing$/m);
    expect(r.stdout).toMatch(
      /^chain-a\s+chain-a validator\s+not decided \(3 of 4 pass, 1 not measured\)\s+does not qualify \(0 of 3 pass, 2 fail, 1 not measured\)$/m,
    );
  });

  it('md and json carry the section; csv stays one table', () => {
    const md = cli(['compare', A, B, '--format', 'md']);
    expect(md.stdout).toContain('#### Which machines qualify');
    expect(md.stdout).toContain('| chain-a | memory | pass 1.38× | **FAIL 0.56×** |');
    const json = JSON.parse(cli(['compare', A, B, '--format', 'json']).stdout) as {
      metric: string;
      qualification: { requirements: { id: string; cells: { text: string }[] }[] };
    };
    expect(json.metric).toBe('margin');
    expect(json.qualification.requirements.map((q) => [q.id, ...q.cells.map((c) => c.text)])).toContainEqual([
      'qualify/chain-a/disk',
      'pass 1.20×',
      'FAIL 0.60×',
    ]);
    const csv = cli(['compare', A, B, '--format', 'csv']).stdout.trim().split('\n');
    expect(csv[0]).toBe('case,file,status,margin_median,ci95_lo,ci95_hi,ratio,mark');
    expect(csv.join('\n')).not.toContain('qualifies');
  });
});

describe('chainmark check on qualification files', () => {
  it('gates the margin by default: a regression and a lost requirement fail it', () => {
    const r = cli(['check', '--baseline', A, '--current', B]);
    expect(r.status, r.stderr).toBe(1);
    expect(r.stdout).toMatch(/gating margin \(higher is better\)/);
    expect(r.stdout).toMatch(/^qualify\/chain-a\/disk .*REGRESSION$/m);
    expect(r.stdout).toMatch(/^FAIL: 1 regression, 0 lost/m);
    const lost = cli([
      'check',
      '--baseline',
      A,
      '--current',
      write('c.json', qualificationFile([measured('memory', 1.38)])),
    ]);
    expect(lost.status).toBe(1);
    expect(lost.stdout).toMatch(/qualify\/chain-a\/disk.*missing from the current run/);
  });

  it('does not fail a file against itself, and refuses a metric qualification cases do not have', () => {
    // A single run's changes within the floor, and single samples, decide nothing: no verdict, exit 0.
    const same = cli(['check', '--baseline', A, '--current', A]);
    expect(same.status, same.stdout).toBe(0);
    expect(same.stdout).toMatch(/^NO VERDICT: no case could be decided; 0 regressions, 0 lost/m);
    const wrong = cli(['check', '--baseline', A, '--current', B, '--metric', 'opsPerSec']);
    expect(wrong.status).toBe(2);
    expect(wrong.stderr.trim().split('\n')).toHaveLength(1);
    expect(wrong.stderr).toMatch(
      /--metric names a metric no case has: "opsPerSec" \(metrics with a known direction here: margin\)/,
    );
  });
});

describe('chainmark report --format json on a qualification file', () => {
  it('writes the result, which reads back as the same file', () => {
    const out = join(dir, 'a.report.json');
    const r = cli(['report', A, '--format', 'json', '--out', out]);
    expect(r.status, r.stderr).toBe(0);
    expect(readResultFile(out)).toEqual(readResultFile(A));
  });
});
