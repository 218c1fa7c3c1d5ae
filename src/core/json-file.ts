/**
 * Reading a JSON file the user names (a scenario or a result file): untrusted input. Every way it
 * can be wrong — missing, a directory or a device, too big, empty, not UTF-8, not JSON, nested
 * too deep, a key given twice — becomes one InputError naming the file; nothing in it is ever
 * evaluated.
 */
import { closeSync, fstatSync, openSync, readSync, statSync } from 'node:fs';
import { InputError } from './errors.js';
import { checkJsonStructure } from './json-structure.js';

/** "300 MiB", "12 KiB", "512 bytes": a size for messages. */
export function formatBytes(bytes: number): string {
  if (bytes >= 1 << 20) return `${+(bytes / (1 << 20)).toFixed(1)} MiB`;
  if (bytes >= 1 << 10) return `${+(bytes / (1 << 10)).toFixed(1)} KiB`;
  return `${bytes} bytes`;
}

function what(st: {
  isFIFO(): boolean;
  isSocket(): boolean;
  isCharacterDevice(): boolean;
  isBlockDevice(): boolean;
}): string {
  return st.isFIFO()
    ? 'a pipe'
    : st.isSocket()
      ? 'a socket'
      : st.isCharacterDevice() || st.isBlockDevice()
        ? 'a device'
        : 'not a regular file';
}

/**
 * The file's bytes, at most `maxBytes` of them. The size is checked before reading and the read is
 * bounded too, so a file that grows meanwhile (or a /proc file that reports size 0) cannot make us
 * read more than the limit.
 */
export function readBounded(file: string, maxBytes: number): Buffer {
  let fd: number;
  try {
    const st = statSync(file);
    if (st.isDirectory()) throw new InputError(file, '', 'is a directory, not a file');
    // A pipe or a device could block or never end: refuse before opening it.
    if (!st.isFile()) throw new InputError(file, '', `is ${what(st)}, not a file`);
    fd = openSync(file, 'r');
  } catch (err) {
    if (err instanceof InputError) throw err;
    throw new InputError(file, '', `cannot be read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }
  try {
    const size = fstatSync(fd).size;
    if (size > maxBytes)
      throw new InputError(
        file,
        '',
        `is ${size} bytes, more than the ${maxBytes}-byte limit${maxBytes >= 1 << 20 ? ` (${formatBytes(maxBytes)})` : ''}`,
      );
    let buf = Buffer.allocUnsafe(Math.min(maxBytes, size) + 1);
    let length = 0;
    for (;;) {
      if (length === buf.length)
        buf = Buffer.concat([buf, Buffer.allocUnsafe(Math.min(buf.length, maxBytes + 1 - length))]);
      const n = readSync(fd, buf, length, buf.length - length, null);
      if (n === 0) break;
      length += n;
      if (length > maxBytes) throw new InputError(file, '', `grew past the ${maxBytes}-byte limit while being read`);
    }
    return buf.subarray(0, length);
  } catch (err) {
    if (err instanceof InputError) throw err;
    throw new InputError(file, '', `cannot be read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  } finally {
    closeSync(fd);
  }
}

/** A parser message made safe for one terminal line: control characters escaped, length capped. */
function printable(message: string): string {
  const s = message.replace(
    // eslint-disable-next-line no-control-regex -- matching control characters is the point
    /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g,
    (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
  return s.length > 120 ? s.slice(0, 117) + '…' : s;
}

/** V8's "… in JSON at position N" as "… at line L, column C", which an editor can jump to. */
function withLineColumn(text: string, message: string): string {
  return message.replace(/ (?:in JSON )?at position (\d+)/, (_, p: string) => {
    const before = text.slice(0, Number(p));
    return ` at line ${before.split('\n').length}, column ${before.length - before.lastIndexOf('\n')}`;
  });
}

/**
 * Parse bytes that must be UTF-8 JSON text; every failure is an InputError naming `file`. Text
 * that nests too deep or repeats a key in an object is refused too (json-structure.ts).
 */
export function parseJsonBytes(buf: Buffer, file: string): unknown {
  if ((buf[0] === 0xff && buf[1] === 0xfe) || (buf[0] === 0xfe && buf[1] === 0xff))
    throw new InputError(file, '', 'is UTF-16 text (it starts with a UTF-16 byte-order mark); save it as UTF-8');
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(buf);
  } catch {
    throw new InputError(file, '', 'is not valid UTF-8 text');
  }
  const nul = text.indexOf('\0');
  if (nul >= 0)
    throw new InputError(
      file,
      '',
      `contains a NUL byte at offset ${Buffer.byteLength(text.slice(0, nul))}: binary data or UTF-16 text, not UTF-8 JSON`,
    );
  text = text.replace(/^\uFEFF/, '');
  if (text.trim() === '')
    throw new InputError(file, '', `is empty${text.length ? ' (only white space)' : ''}, expected JSON text`);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    const message = (err as Error).message;
    throw new InputError(file, '', `is not valid JSON (${printable(withLineColumn(text, message))})`);
  }
  checkJsonStructure(text, file);
  return value;
}

/** Read and parse a JSON file of at most `maxBytes` bytes as UTF-8 text; every failure is an InputError. */
/** Files above this size are refused before parsing unless the caller allows more (scenarios, profiles: 1 MiB). */
export const DEFAULT_MAX_JSON_BYTES = 1 << 20;

export function readJsonFile(file: string, maxBytes = DEFAULT_MAX_JSON_BYTES): unknown {
  return parseJsonBytes(readBounded(file, maxBytes), file);
}
