import { isAbsolute, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { nobleBackend } from './noble.js';
import { nodeBackend } from './node.js';
import { createBlstBackend } from './blst.js';
import { createSodiumBackend } from './sodium.js';
import { createSecp256k1Backend } from './secp256k1.js';
import { createWasmBackend } from './wasm.js';
import type { Backend } from '../types.js';

/**
 * Backends a case runs on when neither it, its scenario nor `--backend` names any: every loaded
 * backend but the optional native and WebAssembly ones, which run when asked for by name (their
 * own scenario, scenarios/native.json, compares them all).
 */
export const OPTIONAL_BACKENDS: readonly string[] = ['blst', 'sodium', 'secp256k1', 'wasm'];
export function defaultBackends(known: readonly string[]): string[] {
  return known.filter((name) => !OPTIONAL_BACKENDS.includes(name));
}

/**
 * Built-in backends: the core pair, then native and WebAssembly libraries installed as optional
 * dependencies. One that cannot load stays listed and reports why for every algorithm, so its
 * cases come out `skipped` with the reason instead of disappearing.
 */
export const BUILTIN_BACKENDS: readonly Backend[] = [
  nobleBackend,
  nodeBackend,
  createBlstBackend(),
  createSodiumBackend(),
  createSecp256k1Backend(),
  createWasmBackend(),
];

/** Raised when a backend module cannot be loaded or does not have the Backend shape. */
export class BackendLoadError extends Error {
  override name = 'BackendLoadError';
}

/**
 * How long a backend module may take to load and get ready. An import whose top-level await never
 * settles would otherwise hang for ever, or, when nothing else keeps the event loop alive, end
 * the process with exit code 13 and no word; loading a real library takes well under a second.
 */
export const BACKEND_LOAD_TIMEOUT_MS = 15_000;

/**
 * What a backend's name may hold: it becomes a part of case ids (`hash/sha256/<name>/32B/t1`),
 * a column of tables and a value of comma-separated flags, so no `/`, `,`, spaces or control
 * characters: 1 to 32 ASCII letters, digits, `.`, `_` or `-`, starting with a letter or digit.
 */
export const BACKEND_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,31}$/;

/** `p`, or a BackendLoadError once `ms` have passed. */
async function within<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new BackendLoadError(`${what} did not finish within ${ms / 1000} s`)), ms);
  });
  try {
    return await Promise.race([p, late]);
  } finally {
    clearTimeout(timer);
  }
}

/** The module's `backend`, checked for the Backend shape; its getters and functions may throw. */
function checkedBackend(path: string, b: Partial<Backend> | undefined, taken: ReadonlyMap<string, Backend>): Backend {
  const missing = ['name', 'hash', 'signature', 'bls', 'libraries'].filter((k) => !b || !(k in b));
  if (!b || missing.length) throw new BackendLoadError(`${path}: export "backend" lacks ${missing.join(', ')}`);
  const name: unknown = b.name;
  if (typeof name !== 'string' || !BACKEND_NAME.test(name))
    throw new BackendLoadError(
      `${path}: backend name ${JSON.stringify(name) ?? String(name)} is not allowed: it must be 1 to 32 letters, digits, ".", "_" or "-", starting with a letter or digit`,
    );
  if (taken.has(name)) throw new BackendLoadError(`${path}: backend name "${name}" is already taken`);
  const notFunctions = (['hash', 'signature', 'bls', 'libraries'] as const).filter((k) => typeof b[k] !== 'function');
  if (notFunctions.length)
    throw new BackendLoadError(`${path}: backend.${notFunctions.join(', backend.')} must be functions`);
  const libraries: unknown = b.libraries!();
  if (
    typeof libraries !== 'object' ||
    libraries === null ||
    Object.values(libraries).some((v) => typeof v !== 'string')
  )
    throw new BackendLoadError(`${path}: backend.libraries() must return an object of library name → version string`);
  return b as Backend;
}

/**
 * Built-in backends plus any extra modules (`--backend-module path.js`) that export `backend`.
 * Extra backends let a team plug in its own crypto library; they pass the same checks as ours.
 * Every failure of a module, while loading or after (a throwing getter, a rejecting ready()),
 * is a BackendLoadError that names it.
 */
export async function loadBackends(modules: readonly string[] = []): Promise<Map<string, Backend>> {
  await Promise.all(BUILTIN_BACKENDS.map((b) => b.ready?.()));
  const map = new Map<string, Backend>(BUILTIN_BACKENDS.map((b) => [b.name, b]));
  for (const path of modules) {
    const url = pathToFileURL(isAbsolute(path) ? path : resolve(path)).href;
    const seconds = BACKEND_LOAD_TIMEOUT_MS / 1000;
    let mod: { backend?: Partial<Backend> };
    try {
      mod = (await within(import(url), BACKEND_LOAD_TIMEOUT_MS, 'import')) as { backend?: Partial<Backend> };
    } catch (err) {
      const why =
        err instanceof BackendLoadError
          ? `its import did not finish within ${seconds} s (a top-level await that never settles?)`
          : firstLine(err);
      throw new BackendLoadError(`${path}: cannot load backend module: ${why}`);
    }
    let b: Backend;
    try {
      b = checkedBackend(path, mod.backend, map);
      await within(Promise.resolve(b.ready?.()), BACKEND_LOAD_TIMEOUT_MS, 'ready()');
    } catch (err) {
      if (err instanceof BackendLoadError && err.message.startsWith(`${path}: `)) throw err;
      const why = err instanceof BackendLoadError ? `backend.${err.message}` : firstLine(err);
      throw new BackendLoadError(`${path}: backend module failed after loading: ${why}`);
    }
    map.set(b.name, b);
  }
  return map;
}

function firstLine(err: unknown): string {
  const e = err instanceof Error ? err : new Error(String(err));
  return `${e.name === 'Error' ? '' : `${e.name}: `}${e.message.split('\n')[0]}`;
}
