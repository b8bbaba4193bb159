import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cargoAvailable, runCargoGenerateLockfile, warnNoCargo } from '../support/cargo.js';
import type { IndexServer } from '../support/index-server.js';
import { startIndexServer } from '../support/index-server.js';
import { registryAtPyo3_022 } from '../support/registry-at-pyo3-0.22.js';
import { tempDir } from '../support/temp.js';
import { cargoError, firstTextDifference } from './workspaces-2019/compare.js';
import type { WorkspaceFixture } from './workspaces-2019/fixtures.js';
import { loadFixtures, materialize } from './workspaces-2019/fixtures.js';
import { archivePresent, extractedIndex, warnNoArchive } from './workspaces-2019/index-archive.js';
import { applyEditFlags } from './workspaces-2019/manifest-edits.js';
import { runWhatif } from './workspaces-2019/whatif.js';

/**
 * Every move `cargo-whatif upgrades` plans, checked by real cargo: the move's flags are made in
 * the manifests and `cargo generate-lockfile` must resolve exactly when the plan says the move
 * resolves alone (to the Cargo.lock `lock --stdout` writes for the same flags, byte for byte);
 * for a blocked move with co-moves, the move and its co-moves together must resolve, to our
 * Cargo.lock. On the seed (the bundled crates.io slice, as it is and on top of removing
 * pyo3-asyncio; and the slice as it stood while pyo3 0.22 was newest) and on the workspaces over the 2019 index: the quick tier in `npm test`, all of
 * them in `npm run conformance`.
 */
const FULL = process.env.CARGO_WHATIF_CONFORMANCE === 'full';
const haveCargo = cargoAvailable();
const haveArchive = archivePresent();
const TIMEOUT = FULL ? 900_000 : 300_000;
const ROOT = join(import.meta.dirname, '..', '..');

if (!haveCargo) warnNoCargo('test/conformance/upgrades.test.ts');
else if (!haveArchive) warnNoArchive('test/conformance/upgrades.test.ts (the 2019 workspaces; the seed still runs)');

interface MoveJson {
  crate: string;
  resolvesAlone: boolean;
  flags: string[];
  with?: string[] | null;
}

const stats = { checked: 0, agreed: 0, moves: 0, unchecked: [] as string[] };
afterAll(() => {
  if (stats.checked > 0 || stats.unchecked.length > 0) {
    const lines = [
      `upgrade plans checked by cargo: ${stats.agreed}/${stats.checked} claims agree (${stats.moves} moves)`,
    ];
    for (const u of stats.unchecked) lines.push(`  unchecked: ${u}`);
    console.log(lines.join('\n'));
  }
});

let scratch: { path: string; remove(): Promise<void> } | undefined;
beforeAll(async () => {
  scratch = await tempDir('whatif-upgrades-');
});
afterAll(() => scratch?.remove());

/** Plans `f` (with `userFlags` made first) and has cargo check every claim of the plan. */
async function checkPlan(f: WorkspaceFixture, url: string, cargoHome: string, userFlags: string[] = []): Promise<void> {
  const base = applyEditFlags(f, userFlags);
  if ('unsupported' in base) throw new Error(base.unsupported);
  const ws = join(scratch!.path, `${f.name}${userFlags.length ? '-edited' : ''}`);
  await materialize({ ...f, files: base.files }, ws);
  const plan = await runWhatif(['upgrades', ws, '--ignore-lock', '--registry', url, '--json']);
  expect(plan.code, plan.stderr).toBe(0);
  const moves = (JSON.parse(plan.stdout) as { moves: MoveJson[] }).moves;
  let n = 0;
  for (const m of moves) {
    stats.moves++;
    await claim(
      f,
      base.files,
      ws,
      url,
      cargoHome,
      `${f.name}: ${m.crate} alone (${m.flags.join(' ')})`,
      m.flags,
      m.resolvesAlone,
      `${n++}`,
    );
    if (m.with)
      await claim(
        f,
        base.files,
        ws,
        url,
        cargoHome,
        `${f.name}: ${m.crate} with ${m.with.join(' ')}`,
        [...m.flags, ...m.with],
        true,
        `${n++}`,
      );
  }
}

/** Cargo must resolve the workspace with `flags` made exactly when `resolves`, and then to our Cargo.lock. */
async function claim(
  f: WorkspaceFixture,
  files: Record<string, string>,
  ws: string,
  url: string,
  cargoHome: string,
  label: string,
  flags: string[],
  resolves: boolean,
  tag: string,
): Promise<void> {
  const edited = applyEditFlags({ ...f, files }, flags);
  if ('unsupported' in edited) {
    stats.unchecked.push(`${label} (${edited.unsupported})`);
    return;
  }
  const dir = join(scratch!.path, `${f.name}-move${tag}`);
  await materialize({ ...f, files: edited.files }, dir);
  const cargo = await runCargoGenerateLockfile(dir, url, { cargoHome, timeoutMs: TIMEOUT / 4 });
  stats.checked++;
  expect(
    cargo.ok,
    `${label}: the plan says it ${resolves ? 'resolves' : 'does not resolve'}; cargo:\n${cargoError(cargo.stderr)}`,
  ).toBe(resolves);
  if (resolves) {
    const editArgs = flags.flatMap((e) => e.split(/ (.*)/s).slice(0, 2));
    const ours = await runWhatif(['lock', ws, '--stdout', '--ignore-lock', '--registry', url, ...editArgs]);
    expect(ours.code, ours.stderr).toBe(0);
    expect(firstTextDifference(cargo.lockfile!, ours.stdout), label).toBeUndefined();
  }
  stats.agreed++;
}

/** The seed workspace as a fixture: its three manifests. */
function seedFixture(): WorkspaceFixture {
  const dir = join(ROOT, 'fixtures', 'ai_os_diffusion');
  const files: Record<string, string> = {};
  for (const p of ['Cargo.toml', 'arrow_quant_v2/Cargo.toml', 'arrow_storage/Cargo.toml'])
    files[p] = readFileSync(join(dir, p), 'utf8');
  return { name: 'seed', about: 'the seed', expect: 'conflict', tier: 'quick', files };
}

/** The seed with pyo3-async-runtimes 0.22 in place of pyo3-asyncio (fixtures/registry/VERIFIED.md, case (b)). */
function withAsyncRuntimes(f: WorkspaceFixture): WorkspaceFixture {
  const manifest = 'arrow_quant_v2/Cargo.toml';
  const before = f.files[manifest]!;
  const after = before.replace(/^pyo3-asyncio = \{ version = "0\.20"/m, 'pyo3-async-runtimes = { version = "0.22"');
  if (after === before) throw new Error(`no pyo3-asyncio line in ${manifest}`);
  return { ...f, name: 'seed-async-runtimes', files: { ...f.files, [manifest]: after } };
}

describe.skipIf(!haveCargo)('the seed: every claim of the plan, checked by cargo', () => {
  let server: IndexServer;
  beforeAll(async () => {
    server = await startIndexServer({ dir: join(ROOT, 'fixtures', 'registry') });
  });
  afterAll(() => server?.close());

  it(
    'as it is: pyo3 and numpy blocked alone',
    () => checkPlan(seedFixture(), server.url, join(scratch!.path, 'cargo-home-seed')),
    TIMEOUT,
  );
  it(
    'without pyo3-asyncio: pyo3 resolves with numpy 0.25, numpy with pyo3 0.25',
    () =>
      checkPlan(seedFixture(), server.url, join(scratch!.path, 'cargo-home-seed'), [
        '--remove arrow_quant_v2:pyo3-asyncio',
      ]),
    TIMEOUT,
  );

  describe('while pyo3 0.22 was the newest line (the slice without the later pyo3 family, numpy, pyo3-async-runtimes)', () => {
    let capped: IndexServer;
    beforeAll(async () => {
      capped = await startIndexServer({
        dir: await registryAtPyo3_022(join(ROOT, 'fixtures', 'registry'), join(scratch!.path, 'registry-0.22')),
      });
    });
    afterAll(() => capped?.close());

    it(
      'as it is: pyo3 in arrow_storage and numpy blocked alone',
      () => checkPlan(seedFixture(), capped.url, join(scratch!.path, 'cargo-home-seed-022')),
      TIMEOUT,
    );
    it(
      'with pyo3-async-runtimes 0.22 in place of pyo3-asyncio: pyo3 in arrow_storage resolves with numpy 0.22',
      () => checkPlan(withAsyncRuntimes(seedFixture()), capped.url, join(scratch!.path, 'cargo-home-seed-022')),
      TIMEOUT,
    );
  });
});

describe.skipIf(!haveCargo || !haveArchive)(
  'the workspaces over the 2019 index: every claim of the plan, checked by cargo',
  () => {
    let server: IndexServer;
    beforeAll(async () => {
      server = await startIndexServer({ dir: await extractedIndex() });
    }, 300_000);
    afterAll(() => server?.close());

    const fixtures = loadFixtures().filter((f) => (FULL || f.tier === 'quick') && !f.knownBug);
    for (const f of fixtures)
      it(f.name, () => checkPlan(f, server.url, join(scratch!.path, 'cargo-home-2019')), TIMEOUT);
  },
);
