import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { BIN, ensureBuilt } from '../cli/run-cli.js';
import { tempDir } from '../support/temp.js';
import { REGISTRY, SEED, WHATIF_SEED } from '../whatif/helpers.js';

/**
 * Issue 13: the verdict comes from cargo's search, so `check` (whose expectations ask only
 * "does it resolve?" and what the graph holds) and the baseline of a what-if diff never load the
 * SAT engine, logic-solver. Observed from outside: the built CLI runs in a child process with a
 * preload that lists, at exit, every module in require's cache. `explain` on the same workspace
 * must load it, which shows that the preload sees it when it is loaded.
 */
const PRELOAD = join(import.meta.dirname, '..', 'support', 'loaded-modules-preload.cjs');
let scratch: Awaited<ReturnType<typeof tempDir>>;
beforeAll(async () => {
  scratch = await tempDir('whatif-loaded-');
});
afterAll(() => scratch.remove());
let n = 0;

function run(args: string[]): { code: number; stdout: string; loaded: string[] } {
  ensureBuilt();
  const out = join(scratch.path, `loaded-${n++}.json`);
  const r = spawnSync(process.execPath, ['--require', PRELOAD, BIN, ...args], {
    encoding: 'utf8',
    timeout: 120_000,
    env: { ...process.env, WHATIF_LOADED_MODULES: out },
  });
  if (r.status === null || r.status > 1) throw new Error(`exit ${r.status}: ${r.stderr}`);
  return { code: r.status, stdout: r.stdout, loaded: JSON.parse(readFileSync(out, 'utf8')) as string[] };
}

const logicSolver = (files: string[]) => files.filter((f) => /[\\/]logic-solver[\\/]/.test(f));
const R = ['--registry', REGISTRY, '--offline'];

describe('the verdict without the SAT engine', () => {
  test('explain loads logic-solver (the preload sees it)', () => {
    const r = run(['explain', SEED, ...R]);
    expect(r.code).toBe(1);
    expect(logicSolver(r.loaded)).not.toEqual([]);
  });

  test("check --expect conflict on the failing seed: cargo's verdict, logic-solver never loaded", () => {
    const r = run([
      'check',
      SEED,
      ...R,
      '--expect',
      'conflict',
      '--unify',
      'pyo3',
      '--forbid',
      'numpy',
      '--max-duplicates',
      '0',
    ]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('expect conflict: ok (does not resolve: failed to select a version for `pyo3-ffi`');
    expect(logicSolver(r.loaded)).toEqual([]);
  });

  test("check --expect resolvable that fails: the search's failure and a pointer to explain, logic-solver never loaded", () => {
    const r = run(['check', SEED, ...R, '--upgrade', 'pyo3=0.22', '--expect', 'resolvable']);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(
      '    conflict: failed to select a version for `pyo3` (required by pyo3-asyncio v0.20.0)',
    );
    expect(r.stdout).toMatch(
      /help: for the minimal conflicts and the fixes that resolve them, run cargo-whatif explain \S+ --registry \S+ --offline --upgrade pyo3=0.22\n/,
    );
    expect(logicSolver(r.loaded)).toEqual([]);
  });

  test('every check of whatif.toml (conflicts, and what-ifs diffed against a failing baseline)', () => {
    const r = run(['check', WHATIF_SEED, ...R, '--json']);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as { checks: { diff?: { baseline: string } }[] };
    expect(doc.checks.some((c) => c.diff?.baseline === 'unresolvable')).toBe(true);
    expect(logicSolver(r.loaded)).toEqual([]);
  });

  test("resolve with edits on a failing workspace: the baseline's verdict without logic-solver", () => {
    const r = run(['resolve', SEED, ...R, '--bump', 'arrow_quant_v2:pyo3=0.20']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(
      'Nothing to compare with: the workspace does not resolve without the edits (64 packages with them)',
    );
    expect(logicSolver(r.loaded)).toEqual([]);
  });
});
