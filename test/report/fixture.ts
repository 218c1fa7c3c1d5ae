import { join } from 'node:path';
import { readResultFile } from '../../src/results/reader.js';
import type { ResultFile } from '../../src/results/schema.js';
import { ROOT } from '../helpers.js';

/** The report fixture: fixed numbers for primitive, failed, skipped and consensus cases, with scaling fits and a warning. */
export const REPORT_FIXTURE = join(ROOT, 'test', 'fixtures', 'results', 'report.json');

/** A fresh copy each call, so a test may change it. */
export function reportFixture(): ResultFile {
  return readResultFile(REPORT_FIXTURE);
}

/** The fixture as recorded on a machine with the given hostname. */
export function withHost(hostname: string, fingerprint = 'fedcba9876543210'): ResultFile {
  const r = reportFixture();
  (r.system as { hostname: string }).hostname = hostname;
  (r.system as { fingerprint: string }).fingerprint = fingerprint;
  return r;
}

/** Hostnames that try to break out of markdown, CSV and label syntax. */
export const HTML_HOST = '<img src=x onerror=alert(1)>';
export const SYNTAX_HOST = 'evil"host\\name\nsecond line|pipe';
