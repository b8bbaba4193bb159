import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cratesIo } from '../../src/cargo/source-id.js';
import { sparseIndex } from '../../src/index/sparse-source.js';
import { cargoAvailable, runCargoGenerateLockfile, warnNoCargo } from '../support/cargo.js';
import { type IndexServer, startIndexServer } from '../support/index-server.js';
import { tempDir } from '../support/temp.js';
import { type IndexLine, indexFiles } from '../support/write-index.js';

/**
 * The differential-test harness against itself: real cargo resolving a hand-written index served
 * from this process. Then the same index read by us and by cargo, on the points where reading
 * an index is subtle (skipped entries, repeated versions, name case).
 */
const haveCargo = cargoAvailable();
if (!haveCargo) warnNoCargo('test/index/harness.test.ts');

const CK = 'c'.repeat(64);
const registry: IndexLine[] = [
  {
    name: 'app',
    vers: '1.0.0',
    deps: [
      { name: 'log', req: '^0.4' },
      { name: 'cc', req: '1', kind: 'build' },
    ],
  },
  {
    name: 'app',
    vers: '1.1.0',
    deps: [
      { name: 'log', req: '^0.4' },
      { name: 'cc', req: '1', kind: 'build' },
      { name: 'criterion', req: '0.3', kind: 'dev' },
      { name: 'serde', req: '1', optional: true },
    ],
    cksum: CK,
  },
  { name: 'log', vers: '0.4.7' },
  { name: 'log', vers: '0.4.8', deps: [{ name: 'cfg-if', req: '0.1' }] },
  { name: 'log', vers: '0.4.9', yanked: true },
  { name: 'cfg-if', vers: '0.1.10' },
  { name: 'cc', vers: '1.0.46' },
  { name: 'criterion', vers: '0.3.0' },
  { name: 'serde', vers: '1.0.0' },
  { name: 'unrelated', vers: '1.0.0' },
  // What cargo must skip, with a usable older version under each.
  { name: 'badcfg', vers: '1.0.0' },
  { name: 'badcfg', vers: '1.1.0', deps: [{ name: 'cc', req: '1', target: 'cfg(target_arch = "wasm32"' }] },
  { name: 'badreq', vers: '1.0.0' },
  { name: 'badreq', vers: '1.1.0', deps: [{ name: 'cc', req: '^0-.11.0' }] },
  { name: 'badfeat', vers: '1.0.0' },
  { name: 'badfeat', vers: '1.1.0', features: { compat: ['futures01'] } },
  { name: 'newschema', vers: '1.0.0' },
  { name: 'newschema', vers: '1.1.0', v: 3 },
  { name: 'optdev', vers: '1.0.0' },
  { name: 'optdev', vers: '1.1.0', deps: [{ name: 'cc', req: '1', kind: 'dev', optional: true }] },
  // Repeated versions: the last line wins, even when it is unusable.
  { name: 'dup', vers: '1.0.0', deps: [{ name: 'log', req: '^0.4' }] },
  { name: 'dup', vers: '1.0.0', deps: [{ name: 'cc', req: '1' }] },
  { name: 'dupv3', vers: '0.9.0' },
  { name: 'dupv3', vers: '1.0.0' },
  { name: 'dupv3', vers: '1.0.0', v: 3 },
  { name: 'Inflector', vers: '0.11.4' },
  { name: 'foo-bar', vers: '1.0.0' },
];

let server: IndexServer;
let scratch: { path: string; remove(): Promise<void> };
let count = 0;

beforeAll(async () => {
  server = await startIndexServer({ files: indexFiles(registry) });
  scratch = await tempDir('whatif-harness-');
});
afterAll(async () => {
  await server.close();
  await scratch.remove();
});

async function workspace(deps: string): Promise<string> {
  const dir = join(scratch.path, `ws${count++}`);
  await mkdir(join(dir, 'src'), { recursive: true });
  await writeFile(join(dir, 'src', 'lib.rs'), '');
  await writeFile(
    join(dir, 'Cargo.toml'),
    `[package]\nname = "root"\nversion = "0.1.0"\nedition = "2021"\n\n[dependencies]\n${deps}\n`,
  );
  return dir;
}

/** `name version` of every registry package in a Cargo.lock. */
function lockedPackages(lockfile: string): string[] {
  return [...lockfile.matchAll(/\[\[package\]\]\nname = "([^"]+)"\nversion = "([^"]+)"\nsource = "([^"]+)"/g)].map(
    (m) => `${m[1]} ${m[2]} ${m[3]}`,
  );
}

describe.skipIf(!haveCargo)('the cargo harness', () => {
  it('runs real cargo on a copy of the workspace against the loopback index', async () => {
    const ws = await workspace('app = "1"');
    const before = server.requests.length;
    const run = await runCargoGenerateLockfile(ws, server.url);
    expect(run.ok, run.stderr).toBe(true);
    expect(await readdir(ws)).not.toContain('Cargo.lock');
    const crates = 'registry+https://github.com/rust-lang/crates.io-index';
    expect(lockedPackages(run.lockfile!)).toEqual([
      `app 1.1.0 ${crates}`,
      `cc 1.0.46 ${crates}`,
      `cfg-if 0.1.10 ${crates}`,
      `log 0.4.8 ${crates}`,
    ]);
    expect(run.lockfile).toContain(`checksum = "${CK}"`);
    // Only what resolution needed: no dev-dependency of a registry crate, no disabled optional
    // dependency, nothing unrelated, and every file once.
    const asked = server.requests.slice(before);
    expect(asked[0]).toBe('config.json');
    expect(asked.slice(1).sort()).toEqual(['2/cc', '3/a/app', '3/l/log', 'cf/g-/cfg-if']);
  });

  it('reports resolution failures with cargo stderr', async () => {
    const run = await runCargoGenerateLockfile(await workspace('log = "9"'), server.url);
    expect(run.ok).toBe(false);
    expect(run.lockfile).toBeUndefined();
    expect(run.stderr).toMatch(/failed to select a version for the requirement `log = "\^9"`/);
  });

  it('stops cargo after the timeout', async () => {
    const silent = createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    try {
      const url = `sparse+http://127.0.0.1:${(silent.address() as AddressInfo).port}/`;
      const run = await runCargoGenerateLockfile(await workspace('app = "1"'), url, { timeoutMs: 1500 });
      expect(run.ok).toBe(false);
      expect(run.stderr).toMatch(/cargo killed after 1500 ms/);
    } finally {
      silent.closeAllConnections();
      await new Promise((resolve) => silent.close(resolve));
    }
  });

  describe('cargo and cargo-whatif read the index the same way', () => {
    const index = () => sparseIndex(server.url, cratesIo);

    async function cargoPicks(name: string): Promise<string | undefined> {
      const run = await runCargoGenerateLockfile(await workspace(`${name} = "*"`), server.url);
      if (!run.ok) return undefined;
      return lockedPackages(run.lockfile!)
        .find((p) => p.startsWith(`${name} `))
        ?.split(' ')[1];
    }

    async function newestWeOffer(name: string): Promise<string | undefined> {
      const usable = ((await index().load(name)) ?? []).filter((s) => s.name === name && !s.yanked);
      return usable.sort((a, b) => b.version.compare(a.version))[0]?.version.toString();
    }

    it.each(['badcfg', 'badreq', 'badfeat', 'newschema', 'optdev', 'dupv3', 'log'])(
      '%s: the same newest usable version',
      async (name) => {
        const ours = await newestWeOffer(name);
        expect(ours).toBeDefined();
        expect(await cargoPicks(name)).toBe(ours);
      },
    );

    it('a repeated version: both take the last line', async () => {
      const run = await runCargoGenerateLockfile(await workspace('dup = "1"'), server.url);
      expect(run.ok, run.stderr).toBe(true);
      expect(run.lockfile).toMatch(
        /name = "dup"\nversion = "1.0.0"\nsource = "[^"]+"\nchecksum = "[^"]+"\ndependencies = \[\n "cc",\n\]/,
      );
      const dup = (await index().load('dup'))!;
      expect(dup.map((s) => s.dependencies.map((d) => d.name))).toEqual([['cc']]);
    });

    it('name case: the file is found, but only the exact name matches', async () => {
      const lower = await runCargoGenerateLockfile(await workspace('inflector = "*"'), server.url);
      expect(lower.ok).toBe(false);
      expect(lower.stderr).toMatch(/perhaps you meant:\s+Inflector/);
      expect((await index().load('inflector'))!.map((s) => s.name)).toEqual(['Inflector']);
      expect(await cargoPicks('Inflector')).toBe('0.11.4');
    });

    it('`-` and `_` are different names', async () => {
      const run = await runCargoGenerateLockfile(await workspace('foo_bar = "1"'), server.url);
      expect(run.ok).toBe(false);
      expect(run.stderr).toMatch(/perhaps you meant:\s+foo-bar/);
      expect(await index().load('foo_bar')).toBeUndefined();
    });
  });
});
