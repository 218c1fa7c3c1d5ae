import { shown } from '../core/errors.js';
import { isObject } from '../core/guards.js';
import { readJsonFile } from '../core/json-file.js';
import { ResultFields } from './result-fields.js';
import { RESULT_SCHEMA_NAME, RESULT_SCHEMA_VERSION, type ResultFile } from './schema.js';
import { checkCases } from './validate-cases.js';
import { checkRun, checkTool } from './validate-run.js';
import { checkCeiling, checkScaling, checkWarnings } from './validate-summary.js';
import { checkPublished } from './validate-published.js';
import { checkSystem } from './validate-system.js';

/** Result files above this size are refused unread: they are untrusted input. */
export const MAX_RESULT_BYTES = 256 << 20;

function checkSchema(f: ResultFields, schema: unknown): void {
  if (typeof schema !== 'string' || !schema.startsWith(RESULT_SCHEMA_NAME + '@'))
    f.fail(
      'schema',
      `must be "${RESULT_SCHEMA_NAME}@${RESULT_SCHEMA_VERSION}": not a chainmark result file, got ${shown(schema)}`,
    );
  const versionText = schema.slice(RESULT_SCHEMA_NAME.length + 1);
  const version = /^[1-9]\d*$/.test(versionText) ? Number(versionText) : NaN;
  if (version !== RESULT_SCHEMA_VERSION)
    f.fail(
      'schema',
      `is version ${shown(versionText)}; this chainmark reads only version ${RESULT_SCHEMA_VERSION} (upgrade chainmark to read newer files)`,
    );
}

/**
 * Check that parsed JSON is a chainmark result this version can read: every field ResultFile
 * declares, with its type, so that readers use the result as typed and check nothing again.
 * Result files are untrusted: nothing in them is ever evaluated. The value is checked in place and
 * returned as it is, except that warnings are normalised (see checkWarnings) and an absent
 * scaling or warnings list becomes an empty one.
 */
export function validateResult(raw: unknown, file: string): ResultFile {
  const f = new ResultFields(file);
  const top = isObject(raw)
    ? raw
    : f.fail('', `is not a chainmark result file (top level is ${Array.isArray(raw) ? 'a list' : shown(raw)})`);
  checkSchema(f, top.schema);
  checkTool(f, top.tool);
  checkRun(f, top.run);
  checkSystem(f, top.system);
  checkCases(f, top.cases);
  top.scaling = checkScaling(f, top.scaling);
  top.warnings = checkWarnings(f, top.warnings);
  f.optional(top, 'ceiling', '', (v) => checkCeiling(f, v));
  f.optional(top, 'published', '', (v) => checkPublished(f, v));
  return raw as ResultFile;
}

/** Read, parse and validate a result file; files over `maxBytes` are refused before reading. */
export function readResultFile(file: string, maxBytes = MAX_RESULT_BYTES): ResultFile {
  return validateResult(readJsonFile(file, maxBytes), file);
}
