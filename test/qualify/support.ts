/** Small profiles for the qualify command's tests, written to a temp directory. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const SOURCE = { document: 'Test profile', url: 'https://example.org/req', date: '2026-12' };

/** An `at-least` requirement of `measure`, with a title from its id. */
export function atLeast(id: string, measure: string, threshold: number, unit: string, extra: object = {}): object {
  return { id, title: id, measure, comparison: 'at-least', threshold, unit, source: SOURCE, ...extra };
}

/** `<dir>/<name>.json` holding a profile of these requirements. */
export function writeProfile(dir: string, requirements: object[], name = 'tiny'): string {
  const file = join(dir, `${name}.json`);
  writeFileSync(file, JSON.stringify({ profile: name, name: 'A tiny chain', requirements }));
  return file;
}
