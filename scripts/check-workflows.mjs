#!/usr/bin/env node
/**
 * Checks every GitHub Actions workflow file in a directory the way GitHub reads it, before a push
 * finds out: @actions/workflow-parser is GitHub's own parser and schema for workflows (the one
 * behind the Actions extension for VS Code, from actions/languageservices). It reports unknown or
 * missing keys, values of the wrong type, unknown events and permissions, broken `${{ }}`
 * expressions and unknown contexts, bad cron lines, and `needs` on jobs that do not exist.
 * Everything it needs ships in the package: nothing is downloaded.
 *
 *   node scripts/check-workflows.mjs [directory]     (default: .github/workflows)
 *
 * One line per *.yml / *.yaml file: `ok   <file>`, or `FAIL <file>: <line>:<column> <problem>; …`.
 * Exit 0 when every file is valid; 1 when a file has an error or the directory holds no workflow
 * file; 2 when the directory cannot be read.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { register } from 'node:module';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

// Before the parser is imported: it loads its schema in a way plain Node refuses (see the hook).
register('./lib/json-module-hook.mjs', import.meta.url);
const { parseWorkflow, convertWorkflowTemplate, NoOperationTraceWriter } = await import('@actions/workflow-parser');
const { ErrorPolicy } = await import('@actions/workflow-parser/model/convert');

const ROOT = join(fileURLToPath(import.meta.url), '..', '..');
const args = process.argv.slice(2);
if (args.length > 1) {
  process.stderr.write('usage: node scripts/check-workflows.mjs [directory]\n');
  process.exit(2);
}
const dir = args[0] ?? join(ROOT, '.github', 'workflows');

/** The path as the reader would type it: relative to the working directory when inside it. */
function shown(path) {
  const rel = relative(process.cwd(), path);
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : resolve(path);
}

/** One line of text: the parser quotes the file's own values, which may hold control characters. */
function oneLine(text) {
  const first = (String(text).split('\n')[0] ?? '').replace(/:$/, '');
  return first.replace(/\p{Cc}/gu, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** The problems GitHub would report for one workflow file, each as `line:column problem`. */
async function problems(name, content) {
  const parsed = parseWorkflow({ name, content }, new NoOperationTraceWriter());
  const crashed = [];
  // The conversion adds the checks across keys (the jobs that `needs` names, the matrix, the
  // events' filters). TryConversion carries on past the first error, so every problem is listed.
  if (parsed.value !== undefined) {
    try {
      await convertWorkflowTemplate(parsed.context, parsed.value, undefined, {
        errorPolicy: ErrorPolicy.TryConversion,
      });
    } catch (err) {
      crashed.push(`the parser failed: ${oneLine(err?.message ?? err)}`);
    }
  }
  const listed = parsed.context.errors.getErrors().map((e) => {
    const at = e.range ? `${e.range.start.line}:${e.range.start.column} ` : '';
    return `${at}${oneLine(e.rawMessage)}`;
  });
  return [...listed, ...crashed];
}

let names;
try {
  names = readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isFile() && /\.ya?ml$/.test(d.name))
    .map((d) => d.name)
    .sort();
} catch (err) {
  process.stderr.write(`check-workflows: ${shown(dir)}: cannot read the directory (${err.code ?? err.message})\n`);
  process.exit(2);
}
if (names.length === 0) {
  process.stdout.write(`FAIL ${shown(dir)}: no workflow file (*.yml, *.yaml) in the directory\n`);
  process.exit(1);
}

let failed = 0;
for (const name of names) {
  const path = join(dir, name);
  const found = await problems(shown(path), readFileSync(path, 'utf8'));
  if (found.length > 0) failed++;
  process.stdout.write(found.length ? `FAIL ${shown(path)}: ${found.join('; ')}\n` : `ok   ${shown(path)}\n`);
}
process.exit(failed > 0 ? 1 : 0);
