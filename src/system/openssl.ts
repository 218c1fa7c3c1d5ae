import { spawnSync } from 'node:child_process';

/**
 * `openssl speed`, the machine's native ceiling for an operation: OpenSSL's own benchmark loop
 * calling its own code, with no JavaScript in between.
 */
export interface OpensslFigure {
  /** Operations per second (for the digest: 16 KiB messages per second). */
  opsPerSec: number;
  /** The exact command. */
  command: string;
}

export interface OpensslSpeed {
  version: string;
  ed25519Sign: OpensslFigure;
  ed25519Verify: OpensslFigure;
  p256Sign: OpensslFigure;
  p256Verify: OpensslFigure;
  sha256x16k: OpensslFigure;
}

export class OpensslUnavailable extends Error {
  override name = 'OpensslUnavailable';
}

export const SHA256_BYTES = 16384;

function run(args: string[]): string {
  const r = spawnSync('openssl', args, { encoding: 'utf8', timeout: 120_000 });
  if (r.error) throw new OpensslUnavailable(`cannot run openssl: ${r.error.message}`);
  if (r.status !== 0)
    throw new OpensslUnavailable(
      `openssl ${args.join(' ')} exited ${r.status}: ${r.stderr.trim().split('\n').at(-1) ?? ''}`,
    );
  return r.stdout;
}

/** "… 0.0000s 0.0001s 35110.6 12542.4" (sign/s then verify/s) on the line naming the curve. */
export function parseSignVerify(stdout: string, marker: RegExp): { sign: number; verify: number } {
  // The summary line comes last; progress lines ("Doing … Ed25519's for 3s") name the curve too.
  const line = stdout
    .split('\n')
    .filter((l) => marker.test(l) && /\ds\s+[\d.]+\s+[\d.]+\s*$/.test(l))
    .at(-1);
  const nums = line?.trim().split(/\s+/).slice(-2).map(Number);
  if (!nums || nums.length !== 2 || !nums.every((x) => Number.isFinite(x) && x > 0))
    throw new OpensslUnavailable(`could not read sign/s and verify/s from openssl speed output (looked for ${marker})`);
  return { sign: nums[0]!, verify: nums[1]! };
}

/** "sha256  1621469.87k" in thousands of bytes per second, for one block size. */
export function parseDigest(stdout: string, name: string): number {
  const line = stdout.split('\n').find((l) => l.trim().startsWith(`${name} `));
  const m = line?.trim().match(/([\d.]+)k$/);
  if (!m) throw new OpensslUnavailable(`could not read the ${name} rate from openssl speed output`);
  return Number(m[1]) * 1000;
}

/** Measure the three operations, `seconds` each (sign and verify count separately). */
export function opensslSpeed(seconds: number): OpensslSpeed {
  const version = run(['version']).trim();
  const s = String(seconds);
  const edCmd = ['speed', '-seconds', s, 'ed25519'];
  const ed = parseSignVerify(run(edCmd), /Ed25519/);
  const pCmd = ['speed', '-seconds', s, 'ecdsap256'];
  const p = parseSignVerify(run(pCmd), /nistp256/);
  const hCmd = ['speed', '-seconds', s, '-bytes', String(SHA256_BYTES), '-evp', 'sha256'];
  const bytesPerSec = parseDigest(run(hCmd), 'sha256');
  const cmd = (a: string[]) => `openssl ${a.join(' ')}`;
  return {
    version,
    ed25519Sign: { opsPerSec: ed.sign, command: cmd(edCmd) },
    ed25519Verify: { opsPerSec: ed.verify, command: cmd(edCmd) },
    p256Sign: { opsPerSec: p.sign, command: cmd(pCmd) },
    p256Verify: { opsPerSec: p.verify, command: cmd(pCmd) },
    sha256x16k: { opsPerSec: bytesPerSec / SHA256_BYTES, command: cmd(hCmd) },
  };
}

/** `openssl version`, or why openssl cannot be run. */
export function opensslVersion(): string {
  return run(['version']).trim();
}

/**
 * SHA-256 digests per second of `bytes`-byte messages through OpenSSL's EVP interface, one
 * `seconds`-long `openssl speed` run on one core, and the exact command.
 */
export function opensslSha256(bytes: number, seconds: number): { hashesPerSec: number; command: string } {
  const args = ['speed', '-seconds', String(seconds), '-bytes', String(bytes), '-evp', 'sha256'];
  const bytesPerSec = parseDigest(run(args), 'sha256');
  return { hashesPerSec: bytesPerSec / bytes, command: `openssl ${args.join(' ')}` };
}
