import type { Backend, HashAlgorithm, HashImpl, Unsupported } from '../types.js';
import { lacks, loadOptional, unavailableBackend } from './optional.js';

// hash-wasm: hand-tuned C compiled to WebAssembly. Its hashers are created asynchronously (the
// module is compiled then), after which init/update/digest are synchronous.
interface Hasher {
  init(): Hasher;
  update(data: Uint8Array): Hasher;
  digest(outputType: 'binary'): Uint8Array;
}
type Factory = () => Promise<Hasher>;
interface HashWasmModule {
  createSHA256: Factory;
  createSHA512: Factory;
  createKeccak(bits: 256): Promise<Hasher>;
  createSHA3(bits: 256): Promise<Hasher>;
  createBLAKE2b(bits: 256 | 512): Promise<Hasher>;
  createBLAKE3: Factory;
  createRIPEMD160: Factory;
}

const PACKAGE = 'hash-wasm';
const DESCRIPTION = 'WebAssembly hashes via hash-wasm';

export function createWasmBackend(packageName = PACKAGE): Backend {
  const loaded = loadOptional<HashWasmModule>(packageName);
  if (!loaded.ok) return unavailableBackend('wasm', DESCRIPTION, loaded.reason);
  const w = loaded.mod;
  const factories: Record<HashAlgorithm, () => Promise<Hasher>> = {
    sha256: () => w.createSHA256(),
    sha512: () => w.createSHA512(),
    keccak256: () => w.createKeccak(256),
    'sha3-256': () => w.createSHA3(256),
    'blake2b-256': () => w.createBLAKE2b(256),
    'blake2b-512': () => w.createBLAKE2b(512),
    blake3: () => w.createBLAKE3(),
    ripemd160: () => w.createRIPEMD160(),
  };
  const impls = new Map<HashAlgorithm, HashImpl>();
  let failure: string | null = null;
  let readyP: Promise<void> | null = null;
  return {
    name: 'wasm',
    description: DESCRIPTION,
    libraries: () => ({ [PACKAGE]: loaded.version }),
    ready: () =>
      (readyP ??= Promise.all(
        (Object.keys(factories) as HashAlgorithm[]).map(async (alg) => {
          const h = await factories[alg]();
          // One hasher per algorithm and thread, reset for every message.
          impls.set(alg, { hash: (m) => h.init().update(m).digest('binary') });
        }),
      ).then(
        () => undefined,
        (err: unknown) => {
          failure = `${packageName} could not instantiate its WebAssembly (${(err as Error).message})`;
        },
      )),
    hash: (alg): HashImpl | Unsupported =>
      impls.get(alg) ?? { unsupported: failure ?? `${packageName} is not initialised (loadBackends awaits ready())` },
    signature: (alg) => lacks('hash-wasm', `${alg} (it is a hash library)`),
    bls: () => lacks('hash-wasm', 'BLS12-381'),
  };
}
