import { isAbsolute, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { nobleBackend } from './noble.js';
import { nodeBackend } from './node.js';
import type { Backend } from '../types.js';

export const BUILTIN_BACKENDS: readonly Backend[] = [nobleBackend, nodeBackend];

/** Raised when a backend module cannot be loaded or does not have the Backend shape. */
export class BackendLoadError extends Error {
  override name = 'BackendLoadError';
}

/**
 * Built-in backends plus any extra modules (`--backend-module path.js`) that export `backend`.
 * Extra backends let a team plug in its own crypto library; they pass the same checks as ours.
 */
export async function loadBackends(modules: readonly string[] = []): Promise<Map<string, Backend>> {
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
    map.set(b.name!, b as Backend);
  }
  return map;
}
