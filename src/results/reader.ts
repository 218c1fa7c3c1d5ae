import { InputError, shown } from '../core/errors.js';
import { readJsonFile } from '../core/json-file.js';
import { RESULT_SCHEMA_NAME, RESULT_SCHEMA_VERSION, type ResultFile } from './schema.js';

/** Result files above this size are refused unread: they are untrusted input. */
export const MAX_RESULT_BYTES = 256 << 20;

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Check that parsed JSON is a chainmark result this version can read. Result files are untrusted:
 * only their shape is checked and nothing in them is ever evaluated.
 */
export function validateResult(raw: unknown, file: string): ResultFile {
  const fail = (field: string, detail: string): never => {
    throw new InputError(file, field, detail);
  };
  if (!isObj(raw)) return fail('', `is not a chainmark result file (top level is ${Array.isArray(raw) ? 'a list' : shown(raw)})`);
  const schema = raw.schema;
  if (typeof schema !== 'string' || !schema.startsWith(RESULT_SCHEMA_NAME + '@'))
    return fail('schema', `must be "${RESULT_SCHEMA_NAME}@${RESULT_SCHEMA_VERSION}": not a chainmark result file, got ${shown(schema)}`);
  const versionText = schema.slice(RESULT_SCHEMA_NAME.length + 1);
  const version = /^[1-9]\d*$/.test(versionText) ? Number(versionText) : NaN;
  if (version !== RESULT_SCHEMA_VERSION)
    return fail('schema', `is version ${shown(schema.slice(RESULT_SCHEMA_NAME.length + 1))}; this chainmark reads only version ${RESULT_SCHEMA_VERSION} (upgrade chainmark to read newer files)`);
  if (!isObj(raw.run)) return fail('run', `must be an object, got ${shown(raw.run)}`);
  for (const k of ['id', 'startedAt', 'status'] as const) if (typeof raw.run[k] !== 'string') fail(`run.${k}`, `must be a string, got ${shown(raw.run[k])}`);
  if (!['complete', 'interrupted', 'failed'].includes(raw.run.status as string)) fail('run.status', `must be complete, interrupted or failed, got ${shown(raw.run.status)}`);
  if (!isObj(raw.run.scenario) || typeof raw.run.scenario.name !== 'string') fail('run.scenario.name', `must be a string, got ${shown(isObj(raw.run.scenario) ? raw.run.scenario.name : raw.run.scenario)}`);
  if (!isObj(raw.system)) return fail('system', `must be an object, got ${shown(raw.system)}`);
  if (typeof raw.system.fingerprint !== 'string') fail('system.fingerprint', `must be a string, got ${shown(raw.system.fingerprint)}`);
  if (!Array.isArray(raw.cases)) return fail('cases', `must be a list, got ${shown(raw.cases)}`);
  const ids = new Set<string>();
  raw.cases.forEach((c: unknown, i: number) => {
    const f = `cases[${i}]`;
    if (!isObj(c)) return fail(f, `must be an object, got ${shown(c)}`);
    if (typeof c.id !== 'string' || c.id === '') fail(`${f}.id`, `must be a non-empty string, got ${shown(c.id)}`);
    if (ids.has(c.id as string)) fail(`${f}.id`, `repeats ${shown(c.id)}`);
    ids.add(c.id as string);
    if (!['ok', 'failed-check', 'errored', 'skipped'].includes(c.status as string)) fail(`${f}.status`, `must be ok, failed-check, errored or skipped, got ${shown(c.status)}`);
    if (typeof c.threads !== 'number') fail(`${f}.threads`, `must be a number, got ${shown(c.threads)}`);
    if (c.kind === 'consensus') {
      if (typeof c.protocol !== 'string') fail(`${f}.protocol`, `must be a string, got ${shown(c.protocol)}`);
      const nodes = isObj(c.params) ? c.params.nodes : undefined;
      if (typeof nodes !== 'number' || !Number.isInteger(nodes) || nodes < 1) fail(`${f}.params.nodes`, `must be a positive integer, got ${shown(nodes)}`);
    }
    if (c.status === 'ok') {
      if (!isObj(c.metrics)) return fail(`${f}.metrics`, `must be an object, got ${shown(c.metrics)}`);
      for (const [name, m] of Object.entries(c.metrics)) {
        if (isObj(m) && 'samples' in m) {
          if (!Array.isArray(m.samples) || m.samples.some((x) => typeof x !== 'number' || !Number.isFinite(x)))
            fail(`${f}.metrics.${name}.samples`, `must be a list of finite numbers, got ${shown(m.samples)}`);
          if (typeof m.median !== 'number') fail(`${f}.metrics.${name}.median`, `must be a number, got ${shown(m.median)}`);
        }
      }
    } else if (typeof c.error !== 'string') fail(`${f}.error`, `must be a string for status ${c.status}, got ${shown(c.error)}`);
  });
  if (raw.scaling !== undefined && !Array.isArray(raw.scaling)) fail('scaling', `must be a list, got ${shown(raw.scaling)}`);
  (Array.isArray(raw.scaling) ? raw.scaling : []).forEach((e: unknown, i: number) => {
    if (!isObj(e) || typeof e.series !== 'string' || typeof e.metric !== 'string')
      return fail(`scaling[${i}]`, `must be an object with a series and a metric, got ${shown(e)}`);
    if (typeof e.exponent !== 'number' || !Number.isFinite(e.exponent)) fail(`scaling[${i}].exponent`, `must be a finite number, got ${shown(e.exponent)}`);
  });
  // Files written before warnings had codes carry plain strings.
  if (raw.warnings !== undefined && !Array.isArray(raw.warnings)) fail('warnings', `must be a list, got ${shown(raw.warnings)}`);
  raw.warnings = (Array.isArray(raw.warnings) ? raw.warnings : []).map((w: unknown, i: number) => {
    if (typeof w === 'string') return { code: 'note', message: w };
    if (!isObj(w) || typeof w.code !== 'string' || typeof w.message !== 'string') return fail(`warnings[${i}]`, `must be a string or an object with a code and a message, got ${shown(w)}`);
    return w;
  });
  return raw as unknown as ResultFile;
}

/** Read, parse and validate a result file; files over `maxBytes` are refused before reading. */
export function readResultFile(file: string, maxBytes = MAX_RESULT_BYTES): ResultFile {
  return validateResult(readJsonFile(file, maxBytes), file);
}
