import { createRequire } from 'node:module';

/**
 * sha256 and random names without loading node:crypto at start-up: its first `require` costs
 * about 8 ms of a 120 ms run (measured on `check`, Node 20), and most runs never hash or write.
 */
let crypto: typeof import('node:crypto') | undefined;
function nodeCrypto(): typeof import('node:crypto') {
  crypto ??= createRequire(import.meta.url)('node:crypto') as typeof import('node:crypto');
  return crypto;
}

/** The sha256 of `data`, as lowercase hex. */
export function sha256Hex(data: string | Uint8Array): string {
  return nodeCrypto().createHash('sha256').update(data).digest('hex');
}

/** `bytes` random bytes as hex: a name no other writer picks. */
export function randomHex(bytes: number): string {
  return nodeCrypto().randomBytes(bytes).toString('hex');
}
