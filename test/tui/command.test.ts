import { afterEach, expect, test } from 'vitest';
import { runCli } from '../commands/helpers.js';
import { REGISTRY, SEED } from '../whatif/helpers.js';

/** Scripts and CI have no terminal: `tui` must say so and exit 2, never wait for keys. */
const saved = { stdin: process.stdin.isTTY, stdout: process.stdout.isTTY };
afterEach(() => {
  process.stdin.isTTY = saved.stdin;
  process.stdout.isTTY = saved.stdout;
});

test('without a terminal on stdin: an error and exit 2, before loading anything', async () => {
  process.stdin.isTTY = false;
  const r = await runCli(['tui', '/nonexistent-workspace', '--registry', REGISTRY]);
  expect(r.code).toBe(2);
  expect(r.stdout).toBe('');
  expect(r.stderr).toMatch(
    /^error: `tui` needs an interactive terminal, and stdin is not one; in scripts and CI use `cargo-whatif resolve`/,
  );
});

test('without a terminal on stdout (piped): the same', async () => {
  process.stdin.isTTY = true;
  process.stdout.isTTY = false;
  const r = await runCli(['tui', SEED, '--registry', REGISTRY]);
  expect(r.code).toBe(2);
  expect(r.stderr).toMatch(/and stdout is not one/);
});

test('--json: an error document and exit 2', async () => {
  process.stdin.isTTY = true;
  const r = await runCli(['tui', SEED, '--registry', REGISTRY, '--json']);
  expect(r.code).toBe(2);
  expect(JSON.parse(r.stdout)).toEqual({
    status: 'error',
    message: expect.stringMatching(/interactive and has no --json output/),
  });
});

test('--help documents the keys and the exit codes', async () => {
  const r = await runCli(['tui', '--help']);
  expect(r.code).toBe(0);
  expect(r.stdout).toMatch(/Exit codes: 0 on quit; 2 .*not a terminal/s);
  expect(r.stdout).toMatch(/b +bump the selected dependency/);
});
