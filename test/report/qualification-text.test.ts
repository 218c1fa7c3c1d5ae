import { describe, expect, it } from 'vitest';
import { qualificationText } from '../../src/report/qualification-text.js';
import { measured, notComparable, notMeasured } from './qualification-fixtures.js';

const plain = { bold: (s: string) => s, red: (s: string) => s, green: (s: string) => s, yellow: (s: string) => s };

describe('terminal qualification text', () => {
  it('notes each requirement’s error, reason, figures beside and notes, then one line per profile', () => {
    const text = qualificationText(
      [
        measured('memory', 1.5, { notes: ['the kernel can use 23.5 GiB of it'] }),
        notMeasured('network', 'needs a peer'),
        notComparable('sha-speed', 'only a JavaScript figure', {
          besides: [{ value: 286000, unit: 'hashes/s', grade: 'js', by: 'noble', label: 'js', ci95: null }],
        }),
      ],
      plain,
    );
    expect(text.split('\n')).toEqual(
      expect.arrayContaining([
        '  chain-a/memory: the kernel can use 23.5 GiB of it',
        '  chain-a/network: needs a peer',
        '  chain-a/sha-speed: only a JavaScript figure; beside: noble 286k hashes/s (js)',
        'chain-a (chain-a validator): not decided — 1 of 3 pass, 1 not measured, 1 not comparable; tightest margin memory 1.50×; no minimum failing',
      ]),
    );
  });
});
