import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/core/errors.js';
import { renderJson } from '../../src/report/json.js';
import { validateResult } from '../../src/results/reader.js';
import { flag, measured, notComparable, notMeasured, qualificationFile } from '../report/qualification-fixtures.js';

const FILE = 'results/qualify.json';

/** A valid qualification file as parsed JSON: each test breaks one thing. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a test may put a value of any type into any field
function parsed(): Record<string, any> {
  const r = qualificationFile([
    measured('memory', 1.5, { notes: ['the kernel can use 23.5 GiB of it'] }),
    measured('disk', 0.8, {
      samples: [0.7, 0.8, 0.9],
      measured: { grade: 'tool', by: 'fio-3.33', bound: 'lower', ci95: [40000, 50000] },
    }),
    notMeasured('network', 'needs a peer'),
    notComparable('sha-speed', 'only a JavaScript figure'),
    flag('avx2', true, { requirement: { recommended: true } }),
  ]);
  return JSON.parse(JSON.stringify(r)) as Record<string, unknown>;
}

/** The one-line message validateResult refuses `raw` with. */
function refusal(raw: unknown): string {
  try {
    validateResult(raw, FILE);
  } catch (err) {
    expect(err).toBeInstanceOf(InputError);
    const message = (err as Error).message;
    expect(message.split('\n')).toHaveLength(1);
    expect(message.startsWith(`${FILE}: `)).toBe(true);
    return message;
  }
  throw new Error('accepted');
}

describe('qualification cases in result files', () => {
  it('accepts a valid file, and the json report of it reads back as the same result', () => {
    const raw = parsed();
    const result = validateResult(structuredClone(raw), FILE);
    expect(result).toEqual(raw);
    const again = validateResult(JSON.parse(renderJson([result])), FILE);
    expect(again).toEqual(result);
    expect(again.cases.map((c) => c.kind)).toEqual(Array(5).fill('qualification'));
  });

  it('refuses a verdict that contradicts the margin, naming the field', () => {
    const raw = parsed();
    raw.cases[0].verdict = 'fail'; // margin 1.5
    expect(refusal(raw)).toBe(`${FILE}: cases[0].verdict must agree with the margin 1.5 (≥ 1 passes), got "fail"`);
    const low = parsed();
    low.cases[1].verdict = 'pass'; // margin 0.8
    expect(refusal(low)).toMatch(/^results\/qualify\.json: cases\[1\]\.verdict must agree with the margin 0\.8 /);
  });

  it('refuses an ok case whose verdict is not-measured, and a case not measured with any other verdict', () => {
    const raw = parsed();
    raw.cases[0].verdict = 'not-measured';
    expect(refusal(raw)).toBe(`${FILE}: cases[0].verdict must not be "not-measured" for status ok`);
    const skipped = parsed();
    skipped.cases[2].verdict = 'pass';
    expect(refusal(skipped)).toBe(`${FILE}: cases[2].verdict must be "not-measured" for status skipped, got "pass"`);
  });

  it('refuses a requirement without its source, or a source without its URL', () => {
    const raw = parsed();
    delete raw.cases[3].requirement.source;
    expect(refusal(raw)).toBe(`${FILE}: cases[3].requirement.source must be an object, got undefined`);
    const noUrl = parsed();
    delete noUrl.cases[0].requirement.source.url;
    expect(refusal(noUrl)).toMatch(/^results\/qualify\.json: cases\[0\]\.requirement\.source\.url must be a/);
  });

  it('refuses an unknown verdict and a threshold that is not positive', () => {
    const raw = parsed();
    raw.cases[0].verdict = 'maybe';
    expect(refusal(raw)).toMatch(
      /cases\[0\]\.verdict must be pass, fail, not-measured or not-comparable, got "maybe"$/,
    );
    const zero = parsed();
    zero.cases[0].requirement.threshold = 0;
    expect(refusal(zero)).toBe(`${FILE}: cases[0].requirement.threshold must be a number > 0, got 0`);
  });
});
