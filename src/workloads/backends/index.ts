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
 * Built-in backends plus any extra modules (`--backend-module path.js`) that export `backend`.
 * Extra backends let a team plug in its own crypto library; they pass the same checks as ours.
 */
export async function loadBackends(modules: readonly string[] = []): Promise<Map<string, Backend>> {
  await Promise.all(BUILTIN_BACKENDS.map((b) => b.ready?.()));
  const map = new Map<string, Backend>(BUILTIN_BACKENDS.map((b) => [b.name, b]));
  for (const path of modules) {
    const url = pathToFileURL(isAbsolute(path) ? path : resolve(path)).href;
    let mod: { backend?: Partial<Backend> };
    try {
      mod = (await import(url)) as { backend?: Partial<Backend> };
    } catch (err) {
      throw new BackendLoadError(`${path}: cannot load backend module: ${(err as Error).message.split('\n')[0]}`);
    }
    const b = mod.backend;
    const missing = ['name', 'hash', 'signature', 'bls', 'libraries'].filter((k) => !b || !(k in b));
    if (!b || missing.length) throw new BackendLoadError(`${path}: export "backend" lacks ${missing.join(', ')}`);
    if (map.has(b.name!)) throw new BackendLoadError(`${path}: backend name "${b.name}" is already taken`);
    await b.ready?.();
    map.set(b.name!, b as Backend);
  }
  return map;
}
