import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cargoAvailable, runCargoGenerateLockfile, warnNoCargo } from '../support/cargo.js';
import { startIndexServer } from '../support/index-server.js';
import { tempDir } from '../support/temp.js';
import { cargoError } from './workspaces-2019/compare.js';
import { loadFixtures, materialize, type WorkspaceFixture } from './workspaces-2019/fixtures.js';
import { archivePresent, extractedIndex, warnNoArchive } from './workspaces-2019/index-archive.js';
import { runWhatif } from './workspaces-2019/whatif.js';

/**
 * cargo-whatif online against real cargo online, on the same loopback sparse index (the 2019
 * crates.io index): each side's index requests counted by the server, cold (empty caches) and
 * warm (the caches of the cold run), and the answer, Cargo.lock byte for byte. Where cargo
 * resolves, cargo-whatif must ask for exactly the index files cargo asks for (cargo also asks
 * for config.json, which cargo-whatif has no use for), each once, and warm it must download
 * nothing. Where cargo fails, it stops at its first dead end while cargo-whatif goes on to
 * explain, so there `lock` asks for more: the counts are printed, not compared; `check`, cargo's
 * verdict alone, must ask for exactly cargo's files and fail where cargo fails. Then
 * `--offline` from cargo-whatif's cache alone must give what `cargo generate-lockfile
 * --offline` gives from cargo's (both search once).
 *
 * `npm test` runs the quick tier and large-web-monorepo; `npm run conformance` every fixture.
 */
const FULL = process.env.CARGO_WHATIF_CONFORMANCE === 'full';
const runnable = archivePresent() && cargoAvailable();
const QUICK = new Set([
  'large-web-monorepo',
  'rocket-diesel-postgres',
  'conflict-serde-pin',
  'links-z-git2-cloudflare',
]);

/** The dependency an error says no version could be selected for (cargo's words, and check's). */
function failedAt(text: string): string | undefined {
  return /failed to select a version for (?:the requirement )?`([^` =]+)/.exec(text)?.[1];
}
const fixtures = loadFixtures().filter((f) => !f.knownBug && (FULL || QUICK.has(f.name)));

let root = '';
let scratch: { path: string; remove(): Promise<void> } | undefined;
const rows: string[] = [];

beforeAll(async () => {
  if (!runnable) return;
  root = await extractedIndex();
  scratch = await tempDir('whatif-online-');
}, 300_000);

afterAll(async () => {
  await scratch?.remove();
  if (rows.length > 0) {
    console.log(
      [
        'online against the same loopback index (index files requested; cargo also asks for config.json):',
        '  workspace                      cargo cold  ours cold   cargo warm (304)  ours warm (304)   Cargo.lock',
        ...rows,
      ].join('\n'),
    );
  }
});

if (!archivePresent()) warnNoArchive('test/conformance/online.test.ts');
else if (!cargoAvailable()) warnNoCargo('test/conformance/online.test.ts');

async function compareOnline(f: WorkspaceFixture): Promise<void> {
  const dir = join(scratch!.path, f.name);
  const ws = join(dir, 'ws');
  await materialize(f, ws);
  const cargoHome = join(dir, 'cargo-home');
  const ourCache = join(dir, 'whatif-cache');
  const saved = { cache: process.env.CARGO_WHATIF_CACHE_DIR, home: process.env.CARGO_HOME };
  const server = await startIndexServer({ dir: root });
  const files = () => server.log.filter((r) => r.path !== 'config.json');
  try {
    // cargo, cold then warm (its cache filled by the cold run).
    const cargo = await runCargoGenerateLockfile(ws, server.url, { cargoHome, timeoutMs: 300_000 });
    const cargoCold = files();
    server.reset();
    await runCargoGenerateLockfile(ws, server.url, { cargoHome, timeoutMs: 300_000 });
    const cargoWarm = server.counts();
    server.reset();

    // Ours, with a cache of its own and no cargo cache to start from.
    process.env.CARGO_WHATIF_CACHE_DIR = ourCache;
    process.env.CARGO_HOME = join(dir, 'no-cargo-home');
    const ours = await runWhatif(['lock', ws, '--stdout', '--ignore-lock', '--registry', server.url]);
    const oursCold = files();
    server.reset();
    const warm = await runWhatif(['lock', ws, '--stdout', '--ignore-lock', '--registry', server.url]);
    const oursWarm = server.counts();
    const oursWarmLog = files();
    // Cargo's verdict alone (`check`), cold, from a cache of its own: where cargo fails it must
    // fail at the same place, having asked for the same files.
    let verdict: { code: number; stdout: string; files: string[] } | undefined;
    if (!cargo.ok) {
      server.reset();
      process.env.CARGO_WHATIF_CACHE_DIR = join(dir, 'whatif-cache-check');
      const r = await runWhatif(['check', ws, '--expect', 'conflict', '--ignore-lock', '--registry', server.url]);
      verdict = { code: r.code, stdout: r.stdout + r.stderr, files: files().map((q) => q.path) };
      process.env.CARGO_WHATIF_CACHE_DIR = ourCache;
    }
    const url = server.url;
    await server.close();

    const same = cargo.ok && ours.stdout === cargo.lockfile;
    rows.push(
      `  ${f.name.padEnd(30)} ${String(cargoCold.length).padStart(10)}  ${String(oursCold.length).padStart(9)}   ` +
        `${`${cargoWarm.files} (${cargoWarm.notModified})`.padStart(16)}  ${`${oursWarm.files} (${oursWarm.notModified})`.padStart(15)}   ` +
        `${cargo.ok ? (same ? 'identical' : 'DIFFERS') : 'cargo fails'}`,
    );

    // The answer: the same verdict, and where cargo resolves the same Cargo.lock.
    expect(ours.code === 0, `cargo: ${cargoError(cargo.stderr)}\nours: ${ours.stderr.slice(0, 1500)}`).toBe(cargo.ok);
    expect(warm.code).toBe(ours.code);
    const oursPaths = oursCold.map((r) => r.path);
    // Each file once.
    expect(new Set(oursPaths).size).toBe(oursPaths.length);
    // Warm, no body is downloaded again: every file the cold run fetched is answered 304.
    const coldPaths = new Set(oursPaths);
    expect(oursWarmLog.filter((r) => coldPaths.has(r.path) && r.status !== 304)).toEqual([]);
    if (!cargo.ok) {
      expect(ours.code).toBe(1);
      // The conflicts are the same; the fixes are searched for a few seconds, so how far the
      // search gets (and which files it reads) can differ from run to run.
      const conflicts = (text: string) => text.split('\n').filter((l) => l.startsWith('error: '));
      expect(conflicts(warm.stdout)).toEqual(conflicts(ours.stdout));
      // Cargo's search asks for these on its way to the failure; so does ours, before it explains.
      for (const r of cargoCold) expect(oursPaths).toContain(r.path);
      // The verdict alone asks for exactly these, and fails where cargo does: cargo gives up at
      // the first pass that fails, without fetching what that pass left pending.
      expect(verdict!.code, verdict!.stdout).toBe(0);
      expect(failedAt(verdict!.stdout)).toBe(failedAt(cargo.stderr));
      expect([...verdict!.files].sort()).toEqual(cargoCold.map((r) => r.path).sort());
      return;
    }
    // Where it resolves, the run reads the same files and gives the same answer every time.
    expect(warm.stdout).toBe(ours.stdout);
    expect(oursWarm.bodies).toBe(0);
    expect(oursWarm.notModified).toBe(oursWarm.files);
    expect(ours.stdout).toBe(cargo.lockfile);
    expect([...oursPaths].sort()).toEqual(cargoCold.map((r) => r.path).sort());

    // Offline, from our cache alone, as cargo offline from its own: both search once.
    const cargoOffline = await runCargoGenerateLockfile(ws, url, { cargoHome, args: ['--offline'] });
    const oursOffline = await runWhatif(['lock', ws, '--stdout', '--ignore-lock', '--registry', url, '--offline']);
    expect(oursOffline.code, oursOffline.stderr).toBe(0);
    expect(cargoOffline.ok, cargoOffline.stderr).toBe(true);
    expect(oursOffline.stdout).toBe(cargoOffline.lockfile);
  } finally {
    await server.close().catch(() => undefined);
    if (saved.cache === undefined) delete process.env.CARGO_WHATIF_CACHE_DIR;
    else process.env.CARGO_WHATIF_CACHE_DIR = saved.cache;
    if (saved.home === undefined) delete process.env.CARGO_HOME;
    else process.env.CARGO_HOME = saved.home;
  }
}

describe('online: requests and answers beside real cargo', () => {
  if (runnable) for (const f of fixtures) it(f.name, () => compareOnline(f), 600_000);
  else it.skip('needs real cargo and the 2019 index archive (see the warning above)', () => undefined);
});
