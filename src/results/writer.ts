import { closeSync, fsyncSync, linkSync, mkdirSync, openSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { InputError } from '../core/errors.js';

/** Temp files live beside the target (same filesystem, so rename is atomic) under this prefix. */
const TMP_PREFIX = '.chainmark-tmp-';

function writeTemp(dir: string, text: string): string {
  const tmp = join(dir, `${TMP_PREFIX}${process.pid}-${randomBytes(6).toString('hex')}`);
  const fd = openSync(tmp, 'wx', 0o644);
  try {
    // One write(2) may store fewer bytes than asked (a nearly full disk, a file size limit) without
    // an error; only the next call fails. Loop, so a short write is never renamed into place.
    const bytes = Buffer.from(text, 'utf8');
    for (let done = 0; done < bytes.length;) done += writeSync(fd, bytes, done, bytes.length - done);
    fsyncSync(fd);
  } catch (err) {
    closeSync(fd);
    safeUnlink(tmp);
    throw err;
  }
  closeSync(fd);
  return tmp;
}

function safeUnlink(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    /* already gone */
  }
}

/** What an errno means for someone who asked for a file to be written there. */
const WRITE_ERRORS: Record<string, string> = {
  ENOSPC: 'no space left on device',
  EDQUOT: 'disk quota exceeded',
  EFBIG: 'file too large for this file system or process limit',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EROFS: 'read-only file system',
  ENOTDIR: 'a parent in the path is a file, not a directory',
  EISDIR: 'it is a directory',
  ENAMETOOLONG: 'name too long',
  EIO: 'input/output error',
};

/** The directory, created with its parents; a path that names something else is refused as such. */
function ensureDir(dir: string): void {
  try {
    mkdirSync(dir, { recursive: true });
  } catch (err) {
    // mkdir's EEXIST means the path is taken by something that is not a directory (a file, /dev/null).
    if ((err as NodeJS.ErrnoException).code === 'EEXIST')
      throw new InputError(dir, '', 'cannot be written (it exists and is not a directory)');
    throw outputError(dir, err);
  }
}

function outputError(path: string, err: unknown): InputError {
  const code = (err as NodeJS.ErrnoException).code;
  const why = code ? (WRITE_ERRORS[code] ? `${WRITE_ERRORS[code]}, ${code}` : code) : (err as Error).message;
  return new InputError(path, '', `cannot be written (${why})`);
}

/** Replace `path` atomically: readers see the old file or the new one, never a torn write. */
export function writeAtomic(path: string, text: string): void {
  let tmp: string | undefined;
  try {
    tmp = writeTemp(dirname(path), text);
    renameSync(tmp, path);
  } catch (err) {
    if (tmp) safeUnlink(tmp);
    throw outputError(path, err);
  }
}

/**
 * Create a new file with `text` under the first free name of `base.json`, `base-2.json`, …; the
 * hard link fails if the name exists, so two runs started in the same second never collide.
 * With `exact`, the name is used as given and replaced if present (an explicit --out file).
 * `ext` replaces `.json` for other kinds of file (reports written beside a result).
 */
export function createUnique(dir: string, base: string, text: string, exact = false, ext = '.json'): string {
  ensureDir(dir);
  if (exact) {
    const path = join(dir, base);
    writeAtomic(path, text);
    return path;
  }
  let tmp: string | undefined;
  try {
    tmp = writeTemp(dir, text);
    for (let n = 1; n < 1000; n++) {
      const path = join(dir, n === 1 ? `${base}${ext}` : `${base}-${n}${ext}`);
      try {
        linkSync(tmp, path);
        return path;
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      }
    }
    throw new Error(`no free file name for ${base} in ${dir}`);
  } catch (err) {
    throw outputError(join(dir, basename(base)), err);
  } finally {
    if (tmp) safeUnlink(tmp);
  }
}

/**
 * Create `dir/name` with `text`, only if no file of that name exists: the complete file is linked
 * into place (link(2) fails with EEXIST rather than replace), so of two runs given the same
 * --out file the second is refused, and a reader never sees a partial file.
 */
export function createNew(dir: string, name: string, text: string): string {
  ensureDir(dir);
  const path = join(dir, name);
  let tmp: string | undefined;
  try {
    tmp = writeTemp(dir, text);
    linkSync(tmp, path);
    return path;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') throw alreadyExists(path);
    throw outputError(path, err);
  } finally {
    if (tmp) safeUnlink(tmp);
  }
}

/** An output file that is there already: another run's result, never replaced. */
export function alreadyExists(path: string): InputError {
  return new InputError(
    path,
    '',
    'already exists; a result file is never replaced: remove it, name a new file, or give a directory (e.g. --out results/) for a fresh name per run',
  );
}
