import { mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cratesIo } from '../../src/cargo/source-id.js';
import { cachedIndex } from '../../src/index/cached-source.js';
import { cacheRoot, decodeEntry, IndexCache } from '../../src/index/index-cache.js';
import { unusableLineWarning } from '../../src/index/index-file.js';
import { indexPath } from '../../src/index/layout.js';
import { openIndex } from '../../src/index/open.js';
import { sparseBaseUrl, sparseIndex } from '../../src/index/sparse-source.js';
import { cargoCacheBytes } from '../support/cargo-cache.js';
import { type IndexServer, type IndexServerOptions, startIndexServer } from '../support/index-server.js';
import { tempDir } from '../support/temp.js';
import { type IndexLine, indexFiles } from '../support/write-index.js';

const LINES: IndexLine[] = [
  { name: 'serde', vers: '1.0.100' },
  { name: 'serde', vers: '1.0.101' },
  { name: 'syn', vers: '1.0.0', deps: [{ name: 'proc-macro2', req: '1' }] },
  { name: 'proc-macro2', vers: '1.0.0' },
];
const NAMES = ['serde', 'syn', 'proc-macro2'];

let tmp: { path: string; remove(): Promise<void> };
const servers: IndexServer[] = [];
beforeEach(async () => {
  tmp = await tempDir('whatif-sparse-cache-');
});
afterEach(async () => {
  for (const s of servers.splice(0)) await s.close();
  await tmp.remove();
});

async function serve(options: IndexServerOptions = {}, lines = LINES): Promise<IndexServer> {
  const s = await startIndexServer({ files: indexFiles(lines) }, options);
  servers.push(s);
  return s;
}

function cacheFor(server: IndexServer, root = join(tmp.path, 'cache')): IndexCache {
  return IndexCache.forIndex(root, sparseBaseUrl(server.url));
}

const versions = async (index: ReturnType<typeof sparseIndex>, name: string) =>
  (await index.load(name))?.map((s) => s.version.toString());

describe("cargo-whatif's index cache", () => {
  it('keeps what it fetched; the next run revalidates every file and downloads nothing', async () => {
    const server = await serve();
    const first = sparseIndex(server.url, cratesIo, { cache: cacheFor(server) });
    for (const n of NAMES) await first.load(n);
    expect(server.counts()).toMatchObject({ files: 3, bodies: 3, notModified: 0 });
    expect(server.log.every((r) => !r.conditional)).toBe(true);

    server.reset();
    const second = sparseIndex(server.url, cratesIo, { cache: cacheFor(server) });
    expect(await versions(second, 'serde')).toEqual(['1.0.100', '1.0.101']);
    for (const n of NAMES.slice(1)) await second.load(n);
    expect(server.counts()).toMatchObject({ files: 3, bodies: 0, notModified: 3 });
    expect(second.stats).toEqual({ requests: 3, notModified: 3, downloaded: 0, bytes: 0 });
    // Cited by URL either way, so messages read the same from the cache.
    expect((await second.load('serde'))![1]!.origin).toEqual({
      kind: 'index',
      file: `${sparseBaseUrl(server.url)}se/rd/serde`,
      line: 2,
    });
  });

  it.each(['etag', 'last-modified'] as const)('revalidates with %s alone', async (validators) => {
    const server = await serve({ validators });
    await sparseIndex(server.url, cratesIo, { cache: cacheFor(server) }).load('serde');
    server.reset();
    expect(await versions(sparseIndex(server.url, cratesIo, { cache: cacheFor(server) }), 'serde')).toEqual([
      '1.0.100',
      '1.0.101',
    ]);
    expect(server.log).toEqual([{ path: 'se/rd/serde', status: 304, conditional: true, proxied: false }]);
  });

  it('downloads a file that changed, and keeps the new one', async () => {
    const server = await serve();
    await sparseIndex(server.url, cratesIo, { cache: cacheFor(server) }).load('serde');
    server.update(
      'se/rd/serde',
      indexFiles([...LINES.slice(0, 2), { name: 'serde', vers: '1.0.102' }]).get('se/rd/serde')!,
    );
    server.reset();
    expect(await versions(sparseIndex(server.url, cratesIo, { cache: cacheFor(server) }), 'serde')).toEqual([
      '1.0.100',
      '1.0.101',
      '1.0.102',
    ]);
    expect(server.log).toEqual([{ path: 'se/rd/serde', status: 200, conditional: true, proxied: false }]);
    server.reset();
    expect(await versions(sparseIndex(server.url, cratesIo, { cache: cacheFor(server) }), 'serde')).toHaveLength(3);
    expect(server.counts()).toMatchObject({ notModified: 1, bodies: 0 });
  });

  it('without validators from the server, fetches again in full', async () => {
    const server = await serve({ validators: 'none' });
    await sparseIndex(server.url, cratesIo, { cache: cacheFor(server) }).load('serde');
    server.reset();
    await sparseIndex(server.url, cratesIo, { cache: cacheFor(server) }).load('serde');
    expect(server.log).toEqual([{ path: 'se/rd/serde', status: 200, conditional: false, proxied: false }]);
  });

  it('never trusts an entry cut short or damaged: it is fetched again in full', async () => {
    const server = await serve();
    const cache = cacheFor(server);
    const index = sparseIndex(server.url, cratesIo, { cache });
    for (const n of NAMES) await index.load(n);
    const cut = cache.fileOf('serde');
    const whole = await readFile(cut);
    await writeFile(cut, whole.subarray(0, whole.length - 10));
    const flipped = cache.fileOf('syn');
    const bytes = await readFile(flipped);
    bytes[bytes.length - 3] ^= 1;
    await writeFile(flipped, bytes);
    await writeFile(cache.fileOf('proc-macro2'), 'not a cache entry');
    expect(cache.read('serde')).toBeUndefined();
    expect(cache.read('syn')).toBeUndefined();

    server.reset();
    const again = sparseIndex(server.url, cratesIo, { cache });
    expect(await versions(again, 'serde')).toEqual(['1.0.100', '1.0.101']);
    for (const n of NAMES.slice(1)) await again.load(n);
    expect(server.log.map((r) => [r.status, r.conditional])).toEqual([
      [200, false],
      [200, false],
      [200, false],
    ]);
    // Refetched entries replace the damaged ones.
    expect(cache.read('serde')?.body?.toString()).toContain('1.0.101');
  });

  it('two runs at once both succeed and leave every entry whole', async () => {
    const many: IndexLine[] = Array.from({ length: 60 }, (_, i) => ({
      name: `crate${i}`,
      vers: '1.0.0',
      description: 'x'.repeat(2000),
    }));
    const server = await serve({ delayMs: 2 }, many);
    const names = many.map((l) => l.name);
    const run = () => {
      const index = sparseIndex(server.url, cratesIo, { cache: cacheFor(server) });
      return Promise.all(names.map((n) => index.load(n)));
    };
    const [a, b] = await Promise.all([run(), run()]);
    expect(a.map((x) => x![0]!.name)).toEqual(names);
    expect(b.map((x) => x![0]!.name)).toEqual(names);
    const cache = cacheFor(server);
    for (const n of names) expect(cache.read(n)?.body?.length, n).toBeGreaterThan(2000);
    // No temporary file is left behind.
    const leftovers = (await readdir(cache.dir, { recursive: true })).filter((f) => String(f).endsWith('.tmp'));
    expect(leftovers).toEqual([]);
  });

  it('remembers crates that do not exist, for --offline', async () => {
    const server = await serve();
    const cache = cacheFor(server);
    expect(await sparseIndex(server.url, cratesIo, { cache }).load('missing')).toBeUndefined();
    expect(cache.read('missing')).toEqual({ validators: {} });
  });

  it('the cache root: CARGO_WHATIF_CACHE_DIR, else XDG_CACHE_HOME, else the platform cache directory', () => {
    expect(cacheRoot({ CARGO_WHATIF_CACHE_DIR: '/c' }, 'linux', '/h')).toBe('/c');
    expect(cacheRoot({ XDG_CACHE_HOME: '/x' }, 'linux', '/h')).toBe('/x/cargo-whatif');
    expect(cacheRoot({ XDG_CACHE_HOME: 'relative' }, 'linux', '/h')).toBe('/h/.cache/cargo-whatif');
    expect(cacheRoot({}, 'linux', '/h')).toBe('/h/.cache/cargo-whatif');
    expect(cacheRoot({}, 'darwin', '/h')).toBe('/h/Library/Caches/cargo-whatif');
    expect(cacheRoot({ LOCALAPPDATA: 'C:\\L' }, 'win32', 'C:\\h')).toMatch(/^C:\\L.cargo-whatif.cache$/);
  });

  it('an entry is bound to its URL: one copied from another index is not trusted', () => {
    const entry = Buffer.from(
      'cargo-whatif index cache 1\n{"url":"http://a/se/rd/serde","absent":true,"length":0,"sha256":"e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"}\n',
    );
    expect(decodeEntry(entry, 'http://a/se/rd/serde')).toEqual({ validators: {} });
    expect(decodeEntry(entry, 'http://b/se/rd/serde')).toBeUndefined();
  });
});

describe("cargo's cache as a warm start", () => {
  async function cargoHomeWith(indexVersion: (name: string) => string): Promise<string> {
    const home = join(tmp.path, 'cargo-home');
    const dir = join(home, 'registry', 'index', '127.0.0.1-0123456789abcdef');
    for (const name of NAMES) {
      const file = join(dir, '.cache', indexPath(name));
      await mkdir(dirname(file), { recursive: true });
      await writeFile(
        file,
        cargoCacheBytes(
          indexVersion(name),
          LINES.filter((l) => l.name === name),
        ),
      );
    }
    return home;
  }

  it("revalidates with the validators cargo recorded and reads cargo's copy; cargo's cache is never written", async () => {
    const server = await serve();
    // Learn the server's validators as cargo would have seen them.
    const probe = sparseIndex(server.url, cratesIo, { cache: cacheFor(server, join(tmp.path, 'probe')) });
    for (const n of NAMES) await probe.load(n);
    const probeCache = cacheFor(server, join(tmp.path, 'probe'));
    const etags = new Map(NAMES.map((n) => [n, probeCache.read(n)!.validators.etag!]));
    const home = await cargoHomeWith((n) =>
      n === 'syn' ? `last-modified: ${probeCache.read(n)!.validators.lastModified}` : `etag: ${etags.get(n)}`,
    );
    const cargoDir = join(home, 'registry', 'index');
    const before = await Promise.all(
      NAMES.map((n) => stat(join(cargoDir, '127.0.0.1-0123456789abcdef', '.cache', indexPath(n)))),
    );

    server.reset();
    const index = openIndex({
      registry: server.url,
      offline: false,
      cargoHome: home,
      cacheRoot: join(tmp.path, 'cache'),
    });
    expect((await index.load('serde'))!.map((s) => s.version.toString())).toEqual(['1.0.100', '1.0.101']);
    for (const n of NAMES.slice(1)) await index.load(n);
    expect(server.log.map((r) => [r.path, r.status, r.conditional])).toEqual([
      ['se/rd/serde', 304, true],
      ['3/s/syn', 304, true],
      ['pr/oc/proc-macro2', 304, true],
    ]);
    const after = await Promise.all(
      NAMES.map((n) => stat(join(cargoDir, '127.0.0.1-0123456789abcdef', '.cache', indexPath(n)))),
    );
    expect(after.map((s) => s.mtimeMs)).toEqual(before.map((s) => s.mtimeMs));
    expect(await readdir(cargoDir)).toEqual(['127.0.0.1-0123456789abcdef']);
  });

  it("fetches in full when cargo's copy has no validators (`Unknown`) or is stale", async () => {
    const server = await serve();
    const home = await cargoHomeWith((n) => (n === 'serde' ? 'Unknown' : 'etag: "stale"'));
    server.reset();
    const index = openIndex({
      registry: server.url,
      offline: false,
      cargoHome: home,
      cacheRoot: join(tmp.path, 'cache'),
    });
    for (const n of NAMES) await index.load(n);
    expect(server.log.map((r) => [r.status, r.conditional])).toEqual([
      [200, false],
      [200, true],
      [200, true],
    ]);
  });
});

describe('offline from the caches', () => {
  it('after one online run needs no server; a crate in no cache is an error naming it', async () => {
    const server = await serve();
    const root = join(tmp.path, 'cache');
    const online = openIndex({
      registry: server.url,
      offline: false,
      cargoHome: join(tmp.path, 'no-cargo'),
      cacheRoot: root,
    });
    for (const n of [...NAMES, 'missing']) await online.load(n);
    const url = server.url;
    await server.close();
    servers.length = 0;
    const offline = openIndex({ registry: url, offline: true, cargoHome: join(tmp.path, 'no-cargo'), cacheRoot: root });
    expect((await offline.load('syn'))![0]!.dependencies[0]!.name).toBe('proc-macro2');
    expect(await offline.load('missing')).toBeUndefined();
    await expect(offline.load('tokio')).rejects.toThrow(
      /^--offline: crate `tokio` of http:\/\/127\.0\.0\.1:\d+\/ is not cached \(looked in cargo-whatif's cache /,
    );
  });

  it("reads our cache before cargo's", async () => {
    const server = await serve();
    const ours = cacheFor(server);
    await sparseIndex(server.url, cratesIo, { cache: ours }).load('serde');
    const cargoDir = join(tmp.path, 'cargo-dir');
    const file = join(cargoDir, '.cache', indexPath('serde'));
    await mkdir(dirname(file), { recursive: true });
    await writeFile(file, cargoCacheBytes('etag: "x"', [{ name: 'serde', vers: '0.9.0' }]));
    const index = cachedIndex(sparseBaseUrl(server.url), cratesIo, ours, [cargoDir]);
    expect((await index.load('serde'))!.map((s) => s.version.toString())).toEqual(['1.0.100', '1.0.101']);
  });
});

describe('faults', () => {
  const quick = { retryDelayMs: 1, http: { timeoutMs: 2_000, retries: 3 } };

  it.each([
    ['a 500 then success', { status: 500 }],
    ['a dropped connection', 'drop'],
    ['a body cut short', 'truncate'],
    ['an answer slower than the time-out', { delayMs: 3_000 }],
  ] as const)('%s is retried', async (_, fault) => {
    const server = await serve({
      fault: (path, attempt) => (path === 'se/rd/serde' && attempt === 1 ? fault : undefined),
    });
    const cache = cacheFor(server);
    const index = sparseIndex(server.url, cratesIo, { ...quick, cache });
    expect(await versions(index, 'serde')).toEqual(['1.0.100', '1.0.101']);
    expect(server.requests).toEqual(['se/rd/serde', 'se/rd/serde']);
    expect(cache.read('serde')?.body?.toString()).toContain('1.0.101');
  });

  it('a slow answer within the time-out is simply waited for', async () => {
    const server = await serve({ delayMs: 300 });
    expect(await versions(sparseIndex(server.url, cratesIo, quick), 'serde')).toHaveLength(2);
    expect(server.requests).toEqual(['se/rd/serde']);
  });

  it('gives up after net.retry retries, naming the URL and how often it tried', async () => {
    const server = await serve({ fault: () => ({ status: 502 }) });
    const err = await sparseIndex(server.url, cratesIo, { ...quick, http: { timeoutMs: 2_000, retries: 2 } })
      .load('serde')
      .then(
        () => undefined,
        (e: Error) => e,
      );
    expect(err?.message).toBe(
      `failed to fetch ${sparseBaseUrl(server.url)}se/rd/serde: HTTP 502 Bad Gateway (tried 3 times)`,
    );
    expect(server.requests).toHaveLength(3);
  });

  it('a 404 means no such crate, asked once', async () => {
    const server = await serve();
    expect(await sparseIndex(server.url, cratesIo, quick).load('nope')).toBeUndefined();
    expect(server.log).toEqual([{ path: 'no/pe/nope', status: 404, conditional: false, proxied: false }]);
  });

  it('a body that is not index lines is skipped line by line, as cargo skips it, told of with the URL, and is not cached', async () => {
    const server = await serve({ fault: () => 'garbage' });
    const cache = cacheFor(server);
    const file = await sparseIndex(server.url, cratesIo, { ...quick, cache }).loadFile('serde');
    expect(file?.summaries).toEqual([]);
    expect(file?.unusable().map((u) => [u.file, u.line, u.why])).toEqual([
      [`${sparseBaseUrl(server.url)}se/rd/serde`, 1, 'unreadable'],
    ]);
    expect(unusableLineWarning(file!.unusable()[0]!)).toMatch(
      new RegExp(
        `^${sparseBaseUrl(server.url)}se/rd/serde:1: skipping the index entry of \`serde\`, as cargo does: not valid JSON`,
      ),
    );
    expect(cache.read('serde')).toBeUndefined();
  });

  it('gives up on a request after the overall limit, however it is retried', async () => {
    // Slower than the limit, though within the time-out for a silent connection.
    const server = await serve({ delayMs: 1_500 });
    const err = await sparseIndex(server.url, cratesIo, {
      retryDelayMs: 1,
      deadlineMs: 600,
      http: { timeoutMs: 30_000, retries: 10 },
    })
      .load('serde')
      .then(
        () => undefined,
        (e: Error) => e,
      );
    expect(err?.message).toBe(`failed to fetch ${sparseBaseUrl(server.url)}se/rd/serde: gave up after 0.6 s`);
  });
});

describe('proxies', () => {
  /** A forward proxy for plain HTTP, as curl uses one for http:// URLs: absolute-form request lines. */
  async function proxy(): Promise<{ url: string; seen: string[]; close(): Promise<void> }> {
    const seen: string[] = [];
    const s: Server = createServer((req, res) => {
      seen.push(req.url ?? '');
      const target = new URL(req.url ?? '/');
      const upstream = httpRequest(
        { host: target.hostname, port: target.port, path: target.pathname, method: req.method, headers: req.headers },
        (up) => {
          res.writeHead(up.statusCode ?? 502, up.headers);
          up.pipe(res);
        },
      );
      upstream.on('error', () => res.writeHead(502).end());
      req.pipe(upstream);
    });
    await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
    return {
      url: `http://127.0.0.1:${(s.address() as AddressInfo).port}`,
      seen,
      close: () =>
        new Promise<void>((r) => {
          s.closeAllConnections();
          s.close(() => r());
        }),
    };
  }

  const saved = { ...process.env };
  afterEach(() => {
    for (const k of [
      'http_proxy',
      'HTTP_PROXY',
      'https_proxy',
      'HTTPS_PROXY',
      'no_proxy',
      'NO_PROXY',
      'all_proxy',
      'ALL_PROXY',
    ]) {
      if (saved[k] === undefined) delete process.env[k];
      else process.env[k] = saved[k];
    }
  });

  it('http.proxy sends every request through the proxy', async () => {
    const server = await serve();
    const p = await proxy();
    try {
      const index = sparseIndex(server.url, cratesIo, {
        http: { timeoutMs: 5_000, retries: 0, proxy: p.url.replace('http://', '') },
      });
      expect(await versions(index, 'serde')).toHaveLength(2);
      expect(p.seen).toEqual([`${sparseBaseUrl(server.url)}se/rd/serde`]);
      expect(server.log[0]!.proxied).toBe(false);
    } finally {
      await p.close();
    }
  });

  it('http_proxy is honoured for http URLs and no_proxy exempts hosts, as curl reads them', async () => {
    const server = await serve();
    const p = await proxy();
    try {
      process.env.http_proxy = p.url;
      await sparseIndex(server.url, cratesIo, { http: { timeoutMs: 5_000, retries: 0 } }).load('serde');
      expect(p.seen).toHaveLength(1);
      process.env.no_proxy = '127.0.0.1';
      await sparseIndex(server.url, cratesIo, { http: { timeoutMs: 5_000, retries: 0 } }).load('syn');
      expect(p.seen).toHaveLength(1);
      delete process.env.no_proxy;
      delete process.env.http_proxy;
      // curl ignores HTTP_PROXY (upper case) for http URLs, and HTTPS_PROXY is for https only.
      process.env.HTTP_PROXY = p.url;
      process.env.HTTPS_PROXY = p.url;
      await sparseIndex(server.url, cratesIo, { http: { timeoutMs: 5_000, retries: 0 } }).load('proc-macro2');
      expect(p.seen).toHaveLength(1);
    } finally {
      await p.close();
    }
  });
});
