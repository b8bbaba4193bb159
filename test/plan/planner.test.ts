import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { EditFlag } from '../../src/edits/index.js';
import { editFlag } from '../../src/edits/index.js';
import type { Plan, PlanEntry, PlanUpdate } from '../../src/plan/planner.js';
import { planUpgrades } from '../../src/plan/planner.js';
import { blockerText, noCoMovesText } from '../../src/report/upgrades.js';
import { WhatIfSession } from '../../src/session/session.js';
import { runWhatif } from '../conformance/workspaces-2019/whatif.js';
import { registryAtPyo3_022 } from '../support/registry-at-pyo3-0.22.js';
import { tempDir } from '../support/temp.js';
import { writeIndex } from '../support/write-index.js';
import { REGISTRY, SEED } from '../whatif/helpers.js';

/**
 * The upgrade plan on the seed (the real crates.io slice, pyo3 up to 0.25) and on small
 * registries made for one question each. What cargo itself says of each move is checked in
 * test/conformance/upgrades.test.ts.
 */
async function plan(
  path: string,
  registry: string,
  edits: EditFlag[] = [],
  extra: { ignoreLock?: boolean } = {},
): Promise<{ plan: Plan; updates: PlanUpdate[] }> {
  const session = await WhatIfSession.open({
    path,
    registry,
    offline: true,
    ignoreLock: extra.ignoreLock ?? false,
    minimalVersions: false,
    edits,
  });
  const updates: PlanUpdate[] = [];
  const run = planUpgrades(session);
  for (;;) {
    const step = await run.next();
    if (step.done) return { plan: step.value, updates };
    updates.push(step.value);
  }
}

const entry = (p: Plan, crate: string): PlanEntry => {
  const e = p.entries.find((x) => x.move.crate === crate);
  if (!e) throw new Error(`no move of ${crate} in the plan: ${p.entries.map((x) => x.move.crate).join(', ')}`);
  return e;
};
const flags = (e: PlanEntry) => e.move.edits.map(editFlag);
const withFlags = (e: PlanEntry) => (e.with ? e.with.flatMap((c) => c.edits.map(editFlag)) : null);

describe('the seed', () => {
  test('pyo3 and numpy are behind their newest line (0.25); pyo3-asyncio, tokio and ndarray are not', async () => {
    const { plan: p } = await plan(SEED, REGISTRY);
    expect(p.baseline).toBe('unresolvable');
    expect(p.entries.map((e) => e.move.crate)).toEqual(['pyo3', 'numpy']);
    const pyo3 = entry(p, 'pyo3').move;
    expect(pyo3).toMatchObject({
      members: ['arrow_quant_v2', 'arrow_storage'],
      from: ['^0.22', '^0.20'],
      to: '0.25',
      line: '0.25',
      newest: '0.25.0',
      size: 'major',
    });
    expect(flags(entry(p, 'pyo3'))).toEqual(['--bump pyo3=0.25']);
    expect(entry(p, 'numpy').move).toMatchObject({
      members: ['arrow_storage'],
      from: ['^0.20'],
      to: '0.25',
      size: 'major',
    });
  });

  test('pyo3 is blocked by pyo3-asyncio, whose newest release requires pyo3 ^0.20, and by numpy 0.20; nothing moves with it', async () => {
    const { plan: p } = await plan(SEED, REGISTRY);
    const e = entry(p, 'pyo3');
    expect(e).toMatchObject({ state: 'decided', resolvesAlone: false, with: null, deadEnds: ['pyo3-asyncio'] });
    const reasons = e.blockers.map(blockerText);
    expect(reasons).toContain("pyo3-asyncio's newest release, 0.20.0, requires pyo3 ^0.20");
    expect(reasons).toContain("arrow_storage's numpy ^0.20 takes numpy 0.20.0, which requires pyo3 ^0.20");
    expect(noCoMovesText(e)).toBe('no release of pyo3-asyncio supports pyo3 0.25.x');
  });

  test('numpy 0.25 needs pyo3 0.25, which pyo3-asyncio rules out: blocked', async () => {
    const { plan: p } = await plan(SEED, REGISTRY);
    const e = entry(p, 'numpy');
    expect(e).toMatchObject({ resolvesAlone: false, with: null, deadEnds: ['pyo3-asyncio'] });
    expect(e.blockers.map(blockerText)).toContain(
      'numpy 0.25.0 requires pyo3 ^0.25.0, and arrow_storage has pyo3 ^0.20',
    );
    // pyo3-asyncio does not depend on numpy: it has no release that can be in one graph with it.
    expect(noCoMovesText(e)).toBe('no release of pyo3-asyncio works with numpy 0.25.x');
  });

  test('on top of removing pyo3-asyncio, pyo3 is blocked alone and resolves with numpy moved to 0.25; numpy resolves with pyo3', async () => {
    const { plan: p } = await plan(SEED, REGISTRY, [{ flag: '--remove', value: 'arrow_quant_v2:pyo3-asyncio' }]);
    const pyo3 = entry(p, 'pyo3');
    expect(pyo3.resolvesAlone).toBe(false);
    expect(withFlags(pyo3)).toEqual(['--bump numpy=0.25']);
    expect(pyo3.resolvesWith).toEqual(['0.25.0']);
    const numpy = entry(p, 'numpy');
    expect(withFlags(numpy)).toEqual(['--bump pyo3=0.25']);
  });

  test('with pyo3-async-runtimes 0.22 in place of pyo3-asyncio, pyo3 needs two co-moves, found breadth first', async () => {
    const { plan: p } = await plan(SEED, REGISTRY, [
      { flag: '--remove', value: 'arrow_quant_v2:pyo3-asyncio' },
      { flag: '--add', value: 'arrow_quant_v2:pyo3-async-runtimes=0.22' },
    ]);
    expect(p.entries.map((e) => e.move.crate)).toEqual(['pyo3', 'pyo3-async-runtimes', 'numpy']);
    const pyo3 = entry(p, 'pyo3');
    expect(new Set(withFlags(pyo3))).toEqual(new Set(['--bump pyo3-async-runtimes=0.25', '--bump numpy=0.25']));
    expect(pyo3.search?.complete).toBe(true);
  });

  test('the plan streams: the moves first, then each verdict, then each explanation, decided entries never change', async () => {
    const { plan: p, updates } = await plan(SEED, REGISTRY);
    expect(updates[0]!.changed).toBeUndefined();
    expect(updates[0]!.plan.entries.every((e) => e.state === 'pending')).toBe(true);
    const states = updates
      .filter((u) => u.changed !== undefined)
      .map((u) => `${u.plan.entries[u.changed!]!.move.crate}:${u.plan.entries[u.changed!]!.state}`);
    expect(states).toEqual(['pyo3:explaining', 'numpy:explaining', 'pyo3:decided', 'numpy:decided']);
    expect(updates.at(-1)!.plan).toEqual(p);
    expect(p.done).toBe(true);
  });
});

/**
 * The seed's own question, on the slice as it stood while pyo3 0.22 was the newest line: can
 * arrow_storage follow arrow_quant_v2 to pyo3 0.22 (the report's Option 1)?
 */
describe('the seed, while pyo3 0.22 was the newest line', () => {
  let dir: { path: string; remove(): Promise<void> };
  let registry: string;
  beforeAll(async () => {
    dir = await tempDir('whatif-plan-022-');
    registry = await registryAtPyo3_022(REGISTRY, join(dir.path, 'registry'));
  });
  afterAll(() => dir.remove());

  test('pyo3 in arrow_storage is blocked alone; pyo3-asyncio blocks it for good: no release of it supports pyo3 0.22', async () => {
    const { plan: p } = await plan(SEED, registry);
    expect(p.entries.map((e) => e.move.crate)).toEqual(['pyo3', 'numpy']);
    const pyo3 = entry(p, 'pyo3');
    expect(pyo3.move).toMatchObject({ members: ['arrow_storage'], from: ['^0.20'], to: '0.22', size: 'major' });
    expect(flags(pyo3)).toEqual(['--bump arrow_storage:pyo3=0.22']);
    expect(pyo3).toMatchObject({ resolvesAlone: false, with: null, deadEnds: ['pyo3-asyncio'] });
    const reasons = pyo3.blockers.map(blockerText);
    expect(reasons).toContain("pyo3-asyncio's newest release, 0.20.0, requires pyo3 ^0.20");
    expect(reasons).toContain("arrow_storage's numpy ^0.20 takes numpy 0.20.0, which requires pyo3 ^0.20");
    expect(noCoMovesText(pyo3)).toBe('no release of pyo3-asyncio supports pyo3 0.22.x');
  });

  test('with pyo3-async-runtimes 0.22 in place of pyo3-asyncio, pyo3 in arrow_storage resolves with numpy 0.22, and numpy with pyo3 0.22 in arrow_storage', async () => {
    const { plan: p } = await plan(SEED, registry, [
      { flag: '--remove', value: 'arrow_quant_v2:pyo3-asyncio' },
      { flag: '--add', value: 'arrow_quant_v2:pyo3-async-runtimes=0.22' },
    ]);
    const pyo3 = entry(p, 'pyo3');
    expect(pyo3.resolvesAlone).toBe(false);
    expect(pyo3.blockers.map(blockerText)).toEqual([
      "arrow_storage's numpy ^0.20 takes numpy 0.20.0, which requires pyo3 ^0.20",
    ]);
    expect(withFlags(pyo3)).toEqual(['--bump numpy=0.22']);
    expect(pyo3.resolvesWith).toEqual(['0.22.6']);
    // The co-move takes pyo3 to the line arrow_quant_v2 is on already, in arrow_storage only.
    expect(withFlags(entry(p, 'numpy'))).toEqual(['--bump arrow_storage:pyo3=0.22']);
  });
});

/** A registry made for one question: lines, yanked and pre-release versions, a Cargo.lock that holds a crate back. */
describe('a registry of its own', () => {
  let dir: { path: string; remove(): Promise<void> };
  let registry: string;
  let ws: string;
  beforeAll(async () => {
    dir = await tempDir('whatif-plan-');
    registry = join(dir.path, 'index');
    await writeIndex(registry, [
      // held: 1.2.0 is the newest; `pinned` keeps it at 1.1.0 until pinned 2 (which takes ^1.2).
      { name: 'held', vers: '1.0.0' },
      { name: 'held', vers: '1.1.0' },
      { name: 'held', vers: '1.2.0' },
      { name: 'pinned', vers: '1.0.0', deps: [{ name: 'held', req: '=1.1.0' }] },
      { name: 'pinned', vers: '2.0.0', deps: [{ name: 'held', req: '^1.2' }] },
      // locked: Cargo.lock has 1.0.0 of ^1; 1.3.0 is out.
      { name: 'locked', vers: '1.0.0' },
      { name: 'locked', vers: '1.3.0' },
      // fresh: on its newest line already, apart from a yanked 2.0.0 and a pre-release 3.0.0-rc.1.
      { name: 'fresh', vers: '1.5.0' },
      { name: 'fresh', vers: '2.0.0', yanked: true },
      { name: 'fresh', vers: '3.0.0-rc.1' },
      // zero: every 0.x minor is a line of its own.
      { name: 'zero', vers: '0.3.1' },
      { name: 'zero', vers: '0.4.0' },
    ]);
    ws = join(dir.path, 'ws');
    await mkdir(join(ws, 'src'), { recursive: true });
    await writeFile(join(ws, 'src', 'lib.rs'), '');
    await writeFile(
      join(ws, 'Cargo.toml'),
      '[package]\nname = "app"\nversion = "0.1.0"\nedition = "2021"\n\n[dependencies]\nheld = "1"\npinned = "1"\nlocked = "1"\nfresh = "1"\nzero = "0.3"\n',
    );
    const lock = await runWhatif([
      'lock',
      ws,
      '--registry',
      registry,
      '--offline',
      '--pin',
      'locked=1.0.0',
      '--stdout',
    ]);
    expect(lock.code, lock.stderr).toBe(0);
    await writeFile(join(ws, 'Cargo.lock'), lock.stdout);
  });
  afterAll(() => dir.remove());

  test('a crate Cargo.lock holds back moves within its line, to its newest release, and resolves alone', async () => {
    const { plan: p } = await plan(ws, registry);
    expect(p.baseline).toBe('resolves');
    const locked = entry(p, 'locked');
    expect(locked.move).toMatchObject({ from: ['^1'], to: '1.3.0', size: 'minor' });
    expect(locked.move.uses[0]!.resolved).toEqual(['1.0.0']);
    expect(locked).toMatchObject({ resolvesAlone: true, resolvesWith: ['1.3.0'] });
    expect(flags(locked)).toEqual(['--bump locked=1.3.0']);
  });

  test('yanked and pre-release versions are never a target; a 0.x minor is a major move', async () => {
    const { plan: p } = await plan(ws, registry);
    expect(p.entries.some((e) => e.move.crate === 'fresh')).toBe(false);
    expect(entry(p, 'zero').move).toMatchObject({ from: ['^0.3'], to: '0.4', size: 'major' });
  });

  test('a crate another package holds within its line is blocked alone, and resolves with that package moved to the line that takes it', async () => {
    const { plan: p } = await plan(ws, registry, [], { ignoreLock: true });
    const held = entry(p, 'held');
    expect(held.move).toMatchObject({ from: ['^1'], to: '1.2.0', size: 'minor' });
    expect(held.resolvesAlone).toBe(false);
    expect(held.blockers.map(blockerText)).toEqual(["app's pinned ^1 takes pinned 1.0.0, which requires held =1.1.0"]);
    expect(withFlags(held)).toEqual(['--bump pinned=2']);
    // pinned itself is behind its newest line, and its move takes held along by itself.
    expect(entry(p, 'pinned')).toMatchObject({ resolvesAlone: true });
  });
});
