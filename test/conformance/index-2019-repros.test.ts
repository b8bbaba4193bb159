import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cargoAvailable, runCargoGenerateLockfile, warnNoCargo } from '../support/cargo.js';
import type { IndexServer } from '../support/index-server.js';
import { startIndexServer } from '../support/index-server.js';
import { tempDir } from '../support/temp.js';
import { indexFiles } from '../support/write-index.js';
import { runCargoSteps } from './workspaces-2019/cargo-steps.js';
import { runWhatif } from './workspaces-2019/whatif.js';

/**
 * Minimal reproductions of the disagreements with cargo that the 2019-index conformance tests
 * found, each on a registry of one crate. They are skipped until fixed (each names its bug);
 * CARGO_WHATIF_KNOWN_BUGS=run runs them to see whether a fix took. Every one asserts cargo's side
 * first, so a cargo that changed its behaviour shows up as such, not as our bug.
 */
const RUN_KNOWN_BUGS = process.env.CARGO_WHATIF_KNOWN_BUGS === 'run';
const knownBug = RUN_KNOWN_BUGS ? it : it.skip;

let server: IndexServer | undefined;
let scratch: { path: string; remove(): Promise<void> } | undefined;

beforeAll(async () => {
  if (!cargoAvailable()) return;
  server = await startIndexServer({
    files: indexFiles([
      { name: 'a', vers: '1.0.0' },
      { name: 'b', vers: '1.0.0', deps: [{ name: 'a', req: '^1' }] },
    ]),
  });
  scratch = await tempDir('whatif-repro-');
});

afterAll(async () => {
  await server?.close();
  await scratch?.remove();
});

async function workspace(name: string, files: Record<string, string>): Promise<string> {
  const dir = join(scratch!.path, name);
  for (const [path, text] of Object.entries(files)) {
    await mkdir(join(dir, dirname(path), 'src'), { recursive: true });
    await writeFile(join(dir, path), text);
    await writeFile(join(dir, dirname(path), 'src', 'lib.rs'), '');
  }
  return dir;
}

const APP = '[package]\nname = "app"\nversion = "0.1.0"\nedition = "2021"\n\n[dependencies]\nb = "1"\n';

if (!cargoAvailable()) warnNoCargo('test/conformance/index-2019-repros.test.ts');

describe.skipIf(!cargoAvailable())('minimal repros of disagreements with cargo', () => {
  // Was a bug (lockfile-version-kept), now fixed: cargo rewrites Cargo.lock only when its content changes, and
  // only then moves it to the current format (cargo's ops/lockfile.rs, write_pkg_lockfile). An
  // up-to-date v3 (or v2) lockfile stays as it is; cargo-whatif writes it out as version 4.
  it('fixed lockfile-version-kept: an up-to-date version 3 Cargo.lock is not rewritten as version 4', async () => {
    const dir = await workspace('v3', { 'Cargo.toml': APP });
    const fresh = await runCargoGenerateLockfile(dir, server!.url);
    expect(fresh.ok, fresh.stderr).toBe(true);
    const v3 = fresh.lockfile!.replace(/^version = 4$/m, 'version = 3');
    await writeFile(join(dir, 'Cargo.lock'), v3);
    const cargo = await runCargoSteps(dir, server!.url, [['update', '--workspace']]);
    expect(cargo.lockfile).toBe(v3);
    const ours = await runWhatif(['lock', dir, '--stdout', '--registry', server!.url]);
    expect(ours.code).toBe(0);
    expect(ours.stdout).toBe(cargo.lockfile);
  });

  // Was a bug (metadata-dropped), now fixed: cargo copies the previous lock's [metadata] table into the new one
  // (Resolve::merge_from); cargo-whatif's lockfile writer can write one, but `lock` does not
  // pass the old table on, so it disappears.
  it('fixed metadata-dropped: the [metadata] table of the old Cargo.lock is carried over', async () => {
    const dir = await workspace('metadata', { 'Cargo.toml': APP });
    const fresh = await runCargoGenerateLockfile(dir, server!.url);
    expect(fresh.ok, fresh.stderr).toBe(true);
    await writeFile(join(dir, 'Cargo.lock'), `${fresh.lockfile!}\n[metadata]\nnote = "kept"\n`);
    // A new direct dependency that the lock already holds: the lock changes, nothing is unlocked.
    await writeFile(join(dir, 'Cargo.toml'), `${APP}a = "1"\n`);
    const cargo = await runCargoSteps(dir, server!.url, [['update', '--workspace']]);
    expect(cargo.ok, cargo.stderr).toBe(true);
    expect(cargo.lockfile).toMatch(/\n\[metadata\]\nnote = "kept"\n$/);
    const ours = await runWhatif(['lock', dir, '--stdout', '--registry', server!.url]);
    expect(ours.code).toBe(0);
    expect(ours.stdout).toBe(cargo.lockfile);
  });

  // Was a bug (checksum-changed), now fixed: a Cargo.lock whose checksum for a package differs from the index's is
  // refused by cargo ("checksum for `a v1.0.0` changed between lock files", Resolve::merge_from);
  // cargo-whatif writes the index's checksum over it and exits 0, hiding a corrupt lock or a
  // mirror serving other bytes.
  it('fixed checksum-changed: a lock checksum the index contradicts is an error, as in cargo', async () => {
    const dir = await workspace('checksum', { 'Cargo.toml': APP });
    const fresh = await runCargoGenerateLockfile(dir, server!.url);
    expect(fresh.ok, fresh.stderr).toBe(true);
    await writeFile(
      join(dir, 'Cargo.lock'),
      fresh.lockfile!.replace(/^checksum = "0{64}"$/m, `checksum = "${'1'.repeat(64)}"`),
    );
    const cargo = await runCargoSteps(dir, server!.url, [['update', '--workspace']]);
    expect(cargo.ok).toBe(false);
    expect(cargo.stderr).toContain('checksum for `a v1.0.0` changed between lock files');
    const ours = await runWhatif(['lock', dir, '--stdout', '--registry', server!.url]);
    expect(ours.code).toBe(2);
    expect(ours.stderr).toMatch(/checksum.*a v1\.0\.0|a v1\.0\.0.*checksum/);
  });

  // Was a bug (conflict-cache-features), now fixed: cargo caches "this dependency cannot be
  // resolved while these packages are active" keyed by the Dependency alone (conflict_cache.rs),
  // without the features the parent asked of it. web 1.0.2 turns on lib's `tls` feature, which
  // needs base ^1.1, and the workspace pins base =1.0.0; so `lib ^0.2.3` fails there and is
  // cached as hopeless while the workspace is active. Later, under web 1.0.0, client 0.2.2 asks
  // for the same `lib ^0.2.3` without `tls`, which works, but cargo finds the cache entry, skips
  // client 0.2.2 and takes 0.2.1. cargo-whatif used to ask the SAT solver, which knows 0.2.2
  // works; it now runs cargo's own search, conflict cache included, and takes 0.2.1 as cargo
  // does. (Found with --minimal-versions on the 2019 index: actix-web 1.0 + rocket 0.4, where
  // cargo skips awc 0.2.1 for the same reason; reduced to this registry, which needs no -Z flag.)
  it('fixed conflict-cache-features: a candidate is skipped on a conflict learned under other features, as cargo does', async () => {
    const registry = await startIndexServer({
      files: indexFiles([
        { name: 'base', vers: '1.0.0' },
        { name: 'base', vers: '1.1.0' },
        {
          name: 'lib',
          vers: '0.2.4',
          deps: [{ name: 'base', req: '^1.1', optional: true }],
          features: { tls: ['base'] },
        },
        { name: 'client', vers: '0.2.1', deps: [{ name: 'lib', req: '^0.2' }] },
        { name: 'client', vers: '0.2.2', deps: [{ name: 'lib', req: '^0.2.3' }] },
        { name: 'web', vers: '1.0.0', deps: [{ name: 'client', req: '^0.2' }] },
        {
          name: 'web',
          vers: '1.0.2',
          deps: [
            { name: 'lib', req: '^0.2.3' },
            { name: 'client', req: '^0.2' },
          ],
          features: { default: ['tls'], tls: ['lib/tls'] },
        },
        // Fails first, and so teaches cargo that the optional `base ^1.1` is hopeless.
        {
          name: 'web',
          vers: '1.0.3',
          deps: [{ name: 'base', req: '^1.1', optional: true }],
          features: { default: ['base'] },
        },
      ]),
    });
    try {
      const dir = await workspace('conflict-cache', {
        'Cargo.toml':
          '[package]\nname = "app"\nversion = "0.1.0"\nedition = "2021"\n\n[dependencies]\nweb = "1.0"\nbase = "=1.0.0"\n',
      });
      const cargo = await runCargoGenerateLockfile(dir, registry.url);
      expect(cargo.ok, cargo.stderr).toBe(true);
      expect(cargo.lockfile).toContain('name = "web"\nversion = "1.0.0"');
      expect(cargo.lockfile).toContain('name = "client"\nversion = "0.2.1"');
      const ours = await runWhatif(['lock', dir, '--stdout', '--ignore-lock', '--registry', registry.url]);
      expect(ours.code).toBe(0);
      expect(ours.stdout).toBe(cargo.lockfile);
    } finally {
      await registry.close();
    }
  });

  // Was a bug (patch-unused), now fixed: a [patch] entry that matches no dependency is listed by cargo under
  // [[patch.unused]] at the end of Cargo.lock; cargo-whatif leaves it out.
  it('fixed patch-unused: an unused [patch] entry is written as [[patch.unused]]', async () => {
    const dir = await workspace('patch-unused', {
      'Cargo.toml': `${APP}\n[patch.crates-io]\na = { path = "a" }\n`,
      'a/Cargo.toml': '[package]\nname = "a"\nversion = "2.0.0"\nedition = "2021"\n',
    });
    const cargo = await runCargoGenerateLockfile(dir, server!.url);
    expect(cargo.ok, cargo.stderr).toBe(true);
    expect(cargo.lockfile).toContain('\n[[patch.unused]]\nname = "a"\nversion = "2.0.0"\n');
    const ours = await runWhatif(['lock', dir, '--stdout', '--ignore-lock', '--registry', server!.url]);
    expect(ours.code).toBe(0);
    expect(ours.stdout).toBe(cargo.lockfile);
  });

  // BUG replace-ignored: with `[replace] "a:1.0.0" = { path = "a" }` cargo's graph holds both
  // packages: dependents point at the registry `a`, which carries `replace = "a 1.0.0"` and
  // no dependencies, and the path `a` has the real ones. cargo-whatif has only the registry
  // `a` (so `resolve --json` lacks the path package too) and writes no `replace` field.
  knownBug('BUG replace-ignored: [replace] appears in Cargo.lock as cargo writes it', async () => {
    const dir = await workspace('replace', {
      'Cargo.toml': `${APP}\n[replace]\n"a:1.0.0" = { path = "a" }\n`,
      'a/Cargo.toml': '[package]\nname = "a"\nversion = "1.0.0"\nedition = "2021"\n',
    });
    const cargo = await runCargoGenerateLockfile(dir, server!.url);
    expect(cargo.ok, cargo.stderr).toBe(true);
    expect(cargo.lockfile).toMatch(
      /name = "a"\nversion = "1.0.0"\nsource = "[^"]+"\nchecksum = "[0-9a-f]+"\nreplace = "a 1.0.0"\n/,
    );
    const ours = await runWhatif(['lock', dir, '--stdout', '--ignore-lock', '--registry', server!.url]);
    expect(ours.code).toBe(0);
    expect(ours.stdout).toBe(cargo.lockfile);
  });
});
