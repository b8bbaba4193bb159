import { spawnSync } from 'node:child_process';
import { chmodSync, cpSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BIN, ensureBuilt, ROOT } from '../cli/run-cli.js';
import { consoleBlocks, renderBlock, shownOutput } from './console-blocks.js';

/**
 * The README cannot go stale: every ```console block in it is run, in order, in a copy of the
 * checkout's fixtures (so `lock --write` writes the copy), with `cargo-whatif` on the PATH as
 * an installed one would be, and what each command prints must be the README's text. Only the
 * copy's own path is normalised (to `$PWD`, so a printed fix still runs from the checkout). Run
 * with UPDATE_README=1 to write what the commands print into the README.
 */
const README = join(ROOT, 'README.md');
const UPDATE = process.env.UPDATE_README === '1';
const sandbox = realpathSync(mkdtempSync(join(tmpdir(), 'whatif-readme-')));
afterAll(() => rmSync(sandbox, { recursive: true, force: true }));

function prepare(): { cwd: string; env: NodeJS.ProcessEnv } {
  ensureBuilt();
  const cwd = join(sandbox, 'cargo-whatif');
  cpSync(join(ROOT, 'fixtures'), join(cwd, 'fixtures'), { recursive: true });
  const bin = join(sandbox, 'bin');
  mkdirSync(bin);
  const shim = join(bin, 'cargo-whatif');
  writeFileSync(shim, `#!/bin/sh\nexec "${process.execPath}" "${BIN}" "$@"\n`);
  chmodSync(shim, 0o755);
  // The README's first command is the one it gives to run from a fresh checkout.
  mkdirSync(join(cwd, 'dist', 'bundle'), { recursive: true });
  writeFileSync(join(cwd, 'dist', 'bundle', 'cargo-whatif.js'), `import(${JSON.stringify(BIN)});\n`);
  const env = {
    ...process.env,
    PATH: `${bin}:${process.env.PATH}`,
    // The runs are offline, but a cache must never come from the machine the test runs on.
    CARGO_WHATIF_CACHE_DIR: join(sandbox, 'cache'),
    CARGO_HOME: join(sandbox, 'cargo-home'),
    NO_COLOR: '1',
    COLUMNS: '100',
  };
  return { cwd, env };
}

function run(command: string, cwd: string, env: NodeJS.ProcessEnv): string {
  const r = spawnSync('sh', ['-c', `${command} 2>&1`], { cwd, env, encoding: 'utf8', timeout: 120_000 });
  const output = r.stdout.split(cwd).join('$PWD');
  return shownOutput(output, r.status ?? -1);
}

describe('the README', () => {
  const readme = readFileSync(README, 'utf8');
  const blocks = consoleBlocks(readme);

  it('has console blocks to run', () => {
    expect(blocks.length).toBeGreaterThan(5);
  });

  it('prints, for every command it shows, what the command prints', () => {
    const { cwd, env } = prepare();
    let updated = readme;
    // From the last block back, so that the offsets of earlier blocks stay valid while rewriting.
    const results = blocks.map((b) =>
      b.steps.map((s) => ({ command: s.command, output: run(s.command, cwd, env), expected: s.expected })),
    );
    for (const [i, b] of [...blocks.entries()].reverse()) {
      const text = renderBlock(results[i]!);
      updated = updated.slice(0, b.start) + text + updated.slice(b.end);
    }
    if (UPDATE) {
      writeFileSync(README, updated);
      return;
    }
    for (const steps of results) {
      for (const s of steps) expect(s.output, `README: $ ${s.command}`).toBe(s.expected);
    }
  }, 600_000);
});
