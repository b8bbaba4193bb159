import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { runCli } from '../commands/helpers.js';
import { seedCopy } from '../disk/tree.js';

/**
 * A Cargo.lock cargo cannot read is bad input, as for cargo: one `error:` line naming it (and
 * the line of the first byte that is not UTF-8), exit 2; never read with U+FFFD in place of the
 * bytes, never an internal error.
 */
const copies: (() => void)[] = [];
afterAll(() => {
  for (const c of copies) c();
});

function seed() {
  const c = seedCopy('whatif-lock-unreadable-');
  copies.push(c.cleanup);
  return c;
}

test('a Cargo.lock that is not UTF-8: the line of the first bad byte', async () => {
  const c = seed();
  const lock = join(c.ws, 'Cargo.lock');
  writeFileSync(
    lock,
    Buffer.concat([Buffer.from('version = 4\n\n[[package]]\nname = "caf'), Buffer.from([0xe9]), Buffer.from('"\n')]),
  );
  const r = await runCli(['resolve', c.ws, '--registry', c.registry]);
  expect(r.code, r.stderr).toBe(2);
  expect(r.stderr).toBe(`error: ${lock}:4: not valid UTF-8 (byte 0xE9 at column 12); cargo refuses the file too\n`);
});

test('a Cargo.lock that is a directory: an error naming it', async () => {
  const c = seed();
  const lock = join(c.ws, 'Cargo.lock');
  mkdirSync(lock);
  const r = await runCli(['resolve', c.ws, '--registry', c.registry, '--json']);
  expect(r.code, r.stderr).toBe(2);
  expect(r.stderr).toMatch(
    new RegExp(`^error: ${lock.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: failed to read the lock file: EISDIR`),
  );
  expect(JSON.parse(r.stdout)).toMatchObject({ status: 'error' });
});
