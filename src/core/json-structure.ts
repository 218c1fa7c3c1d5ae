/**
 * What JSON.parse lets through but chainmark refuses in a file it reads: nesting deeper than any
 * file chainmark writes (a hostile file of 100 000 nested lists would otherwise overflow the stack
 * of the first recursive step after parsing: a validator, JSON.stringify, structuredClone), and a
 * key given twice in one object (JSON.parse keeps the last silently, RFC 8259 §4 leaves the
 * choice to the reader, so two tools could read two different files from one text).
 */
import { InputError } from './errors.js';

/**
 * Levels of lists and objects a chainmark JSON file may nest. The deepest file chainmark writes
 * nests 9 levels (the samples of a consensus case's calibrated BLS costs:
 * `cases[i].costs.bls.aggregateVerify[j].ms.samples`), a scenario fewer. 64 leaves room for
 * fields a newer version may add and stays far below what would strain the stack.
 */
export const MAX_JSON_DEPTH = 64;

/** `parent.key` for a key that reads as a name, `parent["key"]` for any other (a library such as "@noble/hashes"). */
export function keyPath(parent: string, key: string): string {
  if (!/^[A-Za-z_$][\w$]*$/.test(key)) return `${parent}[${JSON.stringify(key)}]`;
  return parent ? `${parent}.${key}` : key;
}

/** One open list or object while scanning. */
interface Frame {
  /** The keys seen so far, for an object; null for a list. */
  keys: Set<string> | null;
  /** The current key of an object, or the current index of a list. */
  key: string;
  index: number;
  /** For an object: the next string is a key. */
  expectKey: boolean;
}

/** The field path of the value being read in the innermost frame, e.g. `cases[2].metrics`. */
function pathOf(stack: Frame[]): string {
  let path = '';
  for (const f of stack) path = f.keys ? keyPath(path, f.key) : `${path}[${f.index}]`;
  return path;
}

const PATH_CAP = 100;
/** A path cut to about 100 characters at a segment boundary: the top of a hostile nesting is what helps. */
function capped(path: string): string {
  if (path.length <= PATH_CAP) return path;
  const head = path.slice(0, PATH_CAP);
  const cut = Math.max(head.lastIndexOf('['), head.lastIndexOf('.'));
  return (cut > 0 ? head.slice(0, cut) : head) + '…';
}

/**
 * Check `text`, which JSON.parse has already accepted, for nesting deeper than `maxDepth` and for
 * duplicate keys; each is an InputError naming `file` and the field. The scan keeps its own stack
 * (no recursion) and jumps between structural characters, so it is linear in the text's length.
 */
export function checkJsonStructure(text: string, file: string, maxDepth = MAX_JSON_DEPTH): void {
  const stack: Frame[] = [];
  const structural = /[{}[\]",]/g;
  for (let m = structural.exec(text); m; m = structural.exec(text)) {
    const top = stack.at(-1);
    const ch = m[0];
    if (ch === '{' || ch === '[') {
      if (stack.length >= maxDepth)
        throw new InputError(
          file,
          capped(pathOf(stack)),
          `nests lists and objects more than ${maxDepth} levels deep (the limit for a chainmark JSON file)`,
        );
      stack.push({ keys: ch === '{' ? new Set() : null, key: '', index: 0, expectKey: ch === '{' });
    } else if (ch === '}' || ch === ']') {
      stack.pop();
    } else if (ch === ',') {
      if (top?.keys) top.expectKey = true;
      else if (top) top.index++;
    } else {
      // A string: find its closing quote (one not preceded by an odd number of backslashes).
      const start = m.index;
      let end = start;
      for (;;) {
        end = text.indexOf('"', end + 1);
        let backslashes = 0;
        while (text.charCodeAt(end - 1 - backslashes) === 0x5c) backslashes++;
        if (backslashes % 2 === 0) break;
      }
      structural.lastIndex = end + 1;
      if (top?.keys && top.expectKey) {
        const raw = text.slice(start, end + 1);
        // Two spellings of one key ("a" and "\u0061") are the same key.
        const key = raw.includes('\\') ? (JSON.parse(raw) as string) : raw.slice(1, -1);
        if (top.keys.has(key)) {
          top.key = key;
          throw new InputError(
            file,
            capped(pathOf(stack)),
            'is given twice in one object: keys must be unique (a JSON reader may keep either value)',
          );
        }
        top.keys.add(key);
        top.key = key;
        top.expectKey = false;
      }
    }
  }
}
