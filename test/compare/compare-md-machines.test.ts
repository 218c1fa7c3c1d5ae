import { describe, expect, it } from 'vitest';
import { compareResults } from '../../src/compare/compare.js';
import { renderComparison } from '../../src/compare/render-compare.js';
import { loaded, okCase, resultFile } from './build.js';

const cases = () => [okCase('a', [99, 100, 101]), okCase('b', [199, 200, 201])];

describe('compare --format md: the machine table', () => {
  it('is folded into <details> when no recorded machine fact differs, with the cases still in the open', () => {
    const md = renderComparison(
      compareResults([loaded('before', resultFile(cases())), loaded('after', resultFile(cases()))], 'opsPerSec'),
      'md',
    );
    const folded =
      /<details><summary>No difference in the recorded machine facts<\/summary>\n\n([\s\S]*?)\n\n<\/details>/.exec(md);
    expect(folded).not.toBeNull();
    // The whole machine table is inside, and the case table is not.
    expect(folded![1]).toMatch(/^\| machine \| before \| after \|/);
    expect(folded![1]).toMatch(/^\| CPU \| CPU-1 \| CPU-1 \|$/m);
    expect(folded![1]).not.toMatch(/\| case \|/);
    expect(md.slice(md.indexOf('</details>'))).toMatch(/^\| case \| before \| after \| vs baseline \|$/m);
  });

  it('stays open, with what differs marked, when a fact differs', () => {
    const md = renderComparison(
      compareResults(
        [
          loaded('base', resultFile(cases())),
          loaded('other', resultFile(cases(), { cpu: 'CPU-2', fingerprint: 'fp2' })),
        ],
        'opsPerSec',
      ),
      'md',
    );
    expect(md).not.toContain('<details>');
    expect(md).toMatch(/^\| \*\*CPU ≠\*\* \| CPU-1 \| CPU-2 \|$/m);
    expect(md).toContain('Differs: CPU, fingerprint');
  });
});
