// A module load hook for scripts/check-workflows.mjs. @actions/workflow-parser's compiled code
// imports its schema files (workflow-v1.0.min.json, action-v1.0.min.json) with a bare
// `import x from './file.json'`. Bundlers accept that, but Node refuses a JSON module imported
// without `with { type: 'json' }` (ERR_IMPORT_ASSERTION_TYPE_MISSING on Node 20,
// ERR_IMPORT_ATTRIBUTE_MISSING on 22), a bug still open in actions/languageservices. This hook
// serves those files, and only those, as a module whose default export is the parsed JSON: what
// the import would have given with the attribute.
import { readFile } from 'node:fs/promises';

const PARSER = '/node_modules/@actions/workflow-parser/';

export async function load(url, context, nextLoad) {
  if (url.startsWith('file:') && url.includes(PARSER) && url.endsWith('.json') && !context.importAttributes?.type) {
    const text = await readFile(new URL(url), 'utf8');
    JSON.parse(text); // a broken schema file fails here, naming JSON, not as a syntax error in a module
    return { format: 'module', source: `export default ${text};`, shortCircuit: true };
  }
  return nextLoad(url, context);
}
