import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test, vi } from 'vitest';
import type { ResolveOutcome } from '../../src/resolve/resolve.js';
import { copyWorkspace, REGISTRY, SEED } from '../whatif/helpers.js';
import { runCli } from './helpers.js';

/**
 * Every resolution a command makes is checked by verify.ts before anything is printed or
 * written. Here the resolver is made to lose the features it switched on (which Cargo.lock does
 * not record, so a lockfile comparison would not notice): `lock` must refuse, write nothing,
 * and say it is a bug.
 */
const broken = vi.hoisted(() => ({ on: false }));

vi.mock(import('../../src/resolve/resolve.js'), async (importOriginal) => {
  const actual = await importOriginal();
  return {
    ...actual,
    // The pipeline resolves through resolveSteps (which may wait for index files between passes).
    resolveSteps: function* (...args: Parameters<typeof actual.resolveSteps>) {
      const outcome: ResolveOutcome = yield* actual.resolveSteps(...args);
      if (broken.on && outcome.kind === 'resolved') for (const on of outcome.graph.features.values()) on.clear();
      return outcome;
    },
  };
});

describe("a resolution that breaks Cargo's rules", () => {
  test('is refused before Cargo.lock or a manifest is written', async () => {
    const dir = copyWorkspace(SEED);
    const manifest = path.join(dir, 'arrow_quant_v2/Cargo.toml');
    const before = readFileSync(manifest, 'utf8');
    const flags = ['lock', dir, '--registry', REGISTRY, '--offline', '--write', '--bump', 'arrow_quant_v2:pyo3=0.20'];
    broken.on = true;
    try {
      await expect(runCli(flags)).rejects.toThrow(
        /the resolution breaks Cargo's rules, so nothing was written: .*lacks feature/,
      );
    } finally {
      broken.on = false;
    }
    expect(existsSync(path.join(dir, 'Cargo.lock'))).toBe(false);
    expect(readFileSync(manifest, 'utf8')).toBe(before);

    // The same run, unbroken, writes both: the refusal above came from the check.
    const r = await runCli(flags);
    expect(r.code, r.stderr).toBe(0);
    expect(existsSync(path.join(dir, 'Cargo.lock'))).toBe(true);
    expect(readFileSync(manifest, 'utf8')).not.toBe(before);
  });
});
