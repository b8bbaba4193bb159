import { cp, mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cratesIo } from '../../src/cargo/source-id.js';
import { parseCacheFile } from '../../src/index/cargo-cache.js';
import { CRATES_IO_CACHE_DIR, cargoCacheIndex } from '../../src/index/cargo-cache-source.js';
import { indexPath } from '../../src/index/layout.js';
import { openIndex } from '../../src/index/open.js';
import { cargoAvailable, runCargoGenerateLockfile, warnNoCargo } from '../support/cargo.js';
import { cargoCacheBytes } from '../support/cargo-cache.js';
import { startIndexServer } from '../support/index-server.js';
import { tempDir } from '../support/temp.js';
import { type IndexLine, indexFiles } from '../support/write-index.js';

let home: { path: string; remove(): Promise<void> };

async function putCache(dirName: string, name: string, bytes: Buffer): Promise<string> {
  const file = join(home.path, 'registry', 'index', dirName, '.cache', indexPath(name));
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, bytes);
  return file;
}

beforeAll(async () => {
  home = await tempDir('whatif-cargo-home-');
});
afterAll(() => home.remove());

describe("cargo's index cache", () => {
  it('parses the format cache.rs writes', () => {
    const parsed = parseCacheFile(
      cargoCacheBytes('etag: "abc"', [
        { name: 'foo', vers: '1.0.0' },
        { name: 'foo', vers: '1.1.0+build' },
      ]),
    );
    expect(parsed!.indexVersion).toBe('etag: "abc"');
    expect(parsed!.entries.map((e) => e.version)).toEqual(['1.0.0', '1.1.0+build']);
    expect(JSON.parse(parsed!.entries[1]!.json)).toMatchObject({ name: 'foo', vers: '1.1.0+build' });
  });

  it("ignores another cargo's format, as cargo does", () => {
    expect(
      parseCacheFile(cargoCacheBytes('x', [{ name: 'a', vers: '1.0.0' }], { cache: 2, indexV: 2 })),
    ).toBeUndefined();
    expect(
      parseCacheFile(cargoCacheBytes('x', [{ name: 'a', vers: '1.0.0' }], { cache: 3, indexV: 3 })),
    ).toBeUndefined();
    expect(parseCacheFile(Buffer.from([3, 2, 0]))).toBeUndefined();
  });

  it('serves --offline crates.io from the cache directory, newest cargo layout first', async () => {
    const file = await putCache(
      CRATES_IO_CACHE_DIR,
      'serde_json',
      cargoCacheBytes('last-modified: Sun, 10 Nov 2019 00:00:00 GMT', [
        { name: 'serde_json', vers: '1.0.40', deps: [{ name: 'serde', req: '^1.0.60' }] },
        { name: 'serde_json', vers: '1.0.41', deps: [{ name: 'serde', req: '^1.0.60' }], v: 3 },
        { name: 'serde_json', vers: '1.0.42', deps: [{ name: 'serde', req: '^1.0.60' }] },
      ]),
    );
    // An older cargo's directory (another hash) is a fallback for crates the newer one lacks.
    await putCache(
      'index.crates.io-6f17d22bba15001f',
      'serde_json',
      cargoCacheBytes('x', [{ name: 'serde_json', vers: '0.1.0' }]),
    );
    await putCache('index.crates.io-6f17d22bba15001f', 'itoa', cargoCacheBytes('x', [{ name: 'itoa', vers: '0.4.4' }]));

    const index = openIndex({ offline: true, cargoHome: home.path });
    expect(index.source).toEqual(cratesIo);
    const summaries = (await index.loadFile('serde_json'))!;
    expect(summaries.summaries.map((s) => s.version.toString())).toEqual(['1.0.40', '1.0.42']);
    expect(summaries.skipped.map((s) => [s.line, s.version])).toEqual([[2, '1.0.41']]);
    expect(summaries.summaries[1]!.origin).toEqual({ kind: 'index', file, line: 3 });
    expect(summaries.summaries[0]!.dependencies[0]!.req.toString()).toBe('^1.0.60');
    expect((await index.load('itoa'))!.map((s) => s.version.toString())).toEqual(['0.4.4']);
    // A crate in no cache cannot be answered offline: an error names it.
    await expect(index.load('never-fetched')).rejects.toThrow(
      /--offline: crate `never-fetched` of https:\/\/index\.crates\.io\/ is not cached/,
    );
  });

  it('reads the cache real cargo writes for a sparse registry, offline', async (ctx) => {
    if (!cargoAvailable()) {
      warnNoCargo(ctx.task.name);
      ctx.skip();
    }
    const lines: IndexLine[] = [
      { name: 'foo', vers: '1.0.0', deps: [{ name: 'bar', req: '^0.1', features: ['std'] }] },
      { name: 'foo', vers: '1.1.0', v: 3 },
      { name: 'bar', vers: '0.1.0', features: { std: [] } },
      { name: 'bar', vers: '0.1.1', features: { std: [] }, yanked: true },
    ];
    const server = await startIndexServer({ files: indexFiles(lines) });
    const ws = await mkdtemp(join(home.path, 'ws-'));
    const cargoHome = join(home.path, 'real-cargo');
    try {
      await mkdir(join(ws, 'src'));
      await writeFile(join(ws, 'src', 'lib.rs'), '');
      await writeFile(
        join(ws, 'Cargo.toml'),
        '[package]\nname = "root"\nversion = "0.1.0"\nedition = "2021"\n\n[dependencies]\nfoo = "1"\n',
      );
      const run = await runCargoGenerateLockfile(ws, server.url, { cargoHome });
      expect(run.ok, run.stderr).toBe(true);
      const fetched = [...server.requests];
      expect(fetched).toEqual(['config.json', '3/f/foo', '3/b/bar']);

      // Cargo names the directory after the host and a hash of the URL.
      const dirs = await readdir(join(cargoHome, 'registry', 'index'));
      expect(dirs).toEqual([expect.stringMatching(/^127\.0\.0\.1-[0-9a-f]{16}$/)]);

      const offline = openIndex({ registry: server.url, offline: true, cargoHome });
      const foo = (await offline.loadFile('foo'))!;
      expect(foo.summaries.map((s) => s.version.toString())).toEqual(['1.0.0']);
      expect(foo.skipped.map((s) => s.version)).toEqual(['1.1.0']);
      const bar = (await offline.load('bar'))!;
      expect(bar.map((s) => [s.version.toString(), s.yanked])).toEqual([
        ['0.1.0', false],
        ['0.1.1', true],
      ]);
      expect(server.requests).toEqual(fetched);

      // The same files under crates.io's directory name are what `--offline` with no
      // `--registry` reads.
      const asCratesIo = join(home.path, 'as-crates-io');
      await cp(
        join(cargoHome, 'registry', 'index', dirs[0]!),
        join(asCratesIo, 'registry', 'index', CRATES_IO_CACHE_DIR),
        { recursive: true },
      );
      expect((await openIndex({ offline: true, cargoHome: asCratesIo }).load('bar'))!).toHaveLength(2);
      expect(
        await cargoCacheIndex([join(asCratesIo, 'registry', 'index', CRATES_IO_CACHE_DIR)], cratesIo).load('foo'),
      ).toHaveLength(1);
    } finally {
      await server.close();
      await rm(ws, { recursive: true, force: true });
    }
  });
});
