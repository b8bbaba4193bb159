import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../support/temp.js';
import { REGISTRY, SEED } from '../whatif/helpers.js';
import { loadFixtures, materialize } from './workspaces-2019/fixtures.js';
import { archivePresent, extractedIndex, warnNoArchive } from './workspaces-2019/index-archive.js';
import { runWhatif } from './workspaces-2019/whatif.js';

/**
 * Issue 13: `check` takes its verdict from cargo's search alone, `explain` from the SAT engine.
 * On every failing workspace of fixtures/conformance (all tiers; offline over the 2019 index)
 * and on the seed, they must agree: `check --expect conflict` holds (exit 0), and says where
 * cargo's search gave up; `check --expect resolvable` fails (exit 1); `explain` finds minimal
 * conflicts (exit 1). test/conformance/index-2019.test.ts compares the same with cargo itself.
 */
const haveArchive = archivePresent();
const failing = loadFixtures().filter((f) => f.expect === 'conflict');
let index = '';
let scratch: { path: string; remove(): Promise<void> } | undefined;

beforeAll(async () => {
  if (!haveArchive) return;
  index = await extractedIndex();
  scratch = await tempDir('whatif-verdicts-');
}, 300_000);

afterAll(async () => {
  await scratch?.remove();
});

async function agree(ws: string, registry: string): Promise<void> {
  const args = [ws, '--registry', registry, '--offline', '--ignore-lock'];
  const check = await runWhatif(['check', ...args, '--expect', 'conflict', '--json']);
  expect(check.code, check.stderr).toBe(0);
  const doc = JSON.parse(check.stdout) as { status: string; conflicts: { summary: string }[]; explain: string };
  expect(doc.status).toBe('unresolvable');
  expect(doc.conflicts).toHaveLength(1);
  expect(doc.conflicts[0]!.summary).toMatch(/^failed to select a version for /);
  expect(doc.explain).toMatch(/^cargo-whatif explain /);
  expect((await runWhatif(['check', ...args, '--expect', 'resolvable'])).code).toBe(1);
  const explained = await runWhatif(['explain', ...args, '--json']);
  expect(explained.code, explained.stderr).toBe(1);
  const ex = JSON.parse(explained.stdout) as { status: string; conflicts: unknown[] };
  expect(ex.status).toBe('unresolvable');
  expect(ex.conflicts.length).toBeGreaterThan(0);
}

describe("check's verdict (cargo's search) agrees with explain's (the SAT engine)", () => {
  it('on the seed', () => agree(SEED, REGISTRY), 120_000);

  if (!haveArchive) warnNoArchive('test/conformance/verdict-agreement.test.ts (the 2019 workspaces)');
  for (const f of failing) {
    it.skipIf(!haveArchive)(
      `on ${f.name} (2019 index)`,
      async () => {
        const ws = join(scratch!.path, f.name);
        await materialize(f, ws);
        await agree(ws, index);
      },
      120_000,
    );
  }
});
