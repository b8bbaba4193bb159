import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cratesIo } from '../../src/cargo/source-id.js';
import { UserError } from '../../src/errors.js';
import { openIndex } from '../../src/index/open.js';
import { sparseBaseUrl, sparseIndex } from '../../src/index/sparse-source.js';
import { type IndexServer, startIndexServer } from '../support/index-server.js';
import { tempDir } from '../support/temp.js';
import { indexFiles } from '../support/write-index.js';

let server: IndexServer;
const gone = new Map([
  ['3/g/gon', 410],
  ['le/ga/legal', 451],
  ['br/ok/broken', 503],
]);

beforeAll(async () => {
  server = await startIndexServer(
    {
      files: indexFiles([
        { name: 'serde', vers: '1.0.100' },
        { name: 'serde', vers: '1.0.101' },
        { name: 'Inflector', vers: '0.11.4' },
        { name: 'bad', vers: '1.0.0' },
        { name: 'bad', raw: '{"name":"bad","vers":' },
      ]),
    },
    { status: (path) => gone.get(path) },
  );
});
afterAll(() => server.close());

async function failure(p: Promise<unknown>): Promise<UserError> {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(UserError);
    return err as UserError;
  }
  throw new Error('expected a UserError');
}

async function listen(handler: Parameters<typeof createServer>[1]): Promise<{ server: Server; base: string }> {
  const s = createServer(handler);
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  return { server: s, base: `sparse+http://127.0.0.1:${(s.address() as AddressInfo).port}/` };
}

function closeServer(s: Server): Promise<void> {
  s.closeAllConnections();
  return new Promise((resolve) => s.close(() => resolve()));
}

describe('a sparse HTTP index', () => {
  it('fetches a crate at its lowercased layout path and cites the URL', async () => {
    const index = sparseIndex(server.url, cratesIo);
    const before = server.requests.length;
    const serde = await index.load('serde');
    expect(serde!.map((s) => s.version.toString())).toEqual(['1.0.100', '1.0.101']);
    expect(serde![1]!.origin).toEqual({ kind: 'index', file: `${sparseBaseUrl(server.url)}se/rd/serde`, line: 2 });
    expect((await index.load('INFLECTOR'))![0]!.name).toBe('Inflector');
    expect(server.requests.slice(before)).toEqual(['se/rd/serde', 'in/fl/inflector']);
  });

  it('asks once per file however many callers want it at the same time', async () => {
    const index = sparseIndex(server.url, cratesIo);
    const before = server.requests.length;
    const results = await Promise.all([index.load('serde'), index.load('Serde'), index.load('serde')]);
    expect(results[0]).toBe(results[1]);
    expect(server.requests.slice(before)).toEqual(['se/rd/serde']);
  });

  it('takes 404, 410 and 451 to mean no such crate', async () => {
    const index = sparseIndex(server.url, cratesIo);
    expect(await index.load('missing')).toBeUndefined();
    expect(await index.load('gon')).toBeUndefined();
    expect(await index.load('legal')).toBeUndefined();
  });

  it('reports other HTTP failures with the URL, and skips corrupt lines, naming the URL', async () => {
    const index = sparseIndex(server.url, cratesIo, { retryDelayMs: 1 });
    const base = sparseBaseUrl(server.url);
    const before = server.requests.length;
    const http = await failure(index.load('broken'));
    // A 5xx may pass: cargo's net.retry (3) retries it, then gives up.
    expect(http.message).toBe(`failed to fetch ${base}br/ok/broken: HTTP 503 Service Unavailable (tried 4 times)`);
    expect(server.requests.slice(before)).toEqual(Array(4).fill('br/ok/broken'));
    const bad = await index.loadFile('bad');
    expect(bad?.summaries.map((s) => s.version.toString())).toEqual(['1.0.0']);
    expect(bad?.unusable().map((u) => `${u.file}:${u.line}: ${u.reason}`)).toEqual([
      expect.stringMatching(new RegExp(`^${base}3/b/bad:2: not valid JSON`)),
    ]);
  });

  it('names the URL when the server is gone', async () => {
    const dead = await listen((_req, res) => res.end());
    await closeServer(dead.server);
    const err = await failure(
      sparseIndex(dead.base, cratesIo, { http: { timeoutMs: 30_000, retries: 1 }, retryDelayMs: 1 }).load('foo'),
    );
    expect(err.message).toBe(`failed to fetch ${sparseBaseUrl(dead.base)}3/f/foo: connection refused (tried 2 times)`);
  });

  it('gives up on a server that does not answer', async () => {
    const silent = await listen(() => undefined);
    try {
      const err = await failure(
        sparseIndex(silent.base, cratesIo, { http: { timeoutMs: 300, retries: 0 } }).load('foo'),
      );
      expect(err.message).toMatch(/^failed to fetch http:\/\/127\.0\.0\.1:\d+\/3\/f\/foo: timed out after 0\.3 s$/);
    } finally {
      await closeServer(silent.server);
    }
  });

  it('keeps at most `concurrency` requests in flight and still gets them all', async () => {
    let inFlight = 0;
    let peak = 0;
    const slow = await listen((req, res) => {
      inFlight++;
      peak = Math.max(peak, inFlight);
      setTimeout(() => {
        inFlight--;
        const name = req.url!.split('/').pop()!;
        res.end(JSON.stringify({ name, vers: '1.0.0', deps: [], cksum: '', features: {} }) + '\n');
      }, 20);
    });
    try {
      const index = sparseIndex(slow.base, cratesIo, { concurrency: 4 });
      const names = Array.from({ length: 20 }, (_, i) => `crate${i}`);
      const loaded = await Promise.all(names.map((n) => index.load(n)));
      expect(loaded.map((l) => l![0]!.name)).toEqual(names);
      expect(peak).toBe(4);
    } finally {
      await closeServer(slow.server);
    }
  });

  it('never touches the network when offline', async () => {
    const home = await tempDir();
    const before = server.requests.length;
    try {
      const cacheRoot = join(home.path, 'whatif-cache');
      expect(() => openIndex({ registry: server.url, offline: true, cargoHome: home.path, cacheRoot })).toThrow(
        /^--offline: no cached copy of http:\/\/127\.0\.0\.1:\d+\/ \(neither cargo-whatif's cache .* nor cargo's under .*\)$/,
      );
      expect(() => openIndex({ offline: true, cargoHome: home.path, cacheRoot })).toThrow(
        /https:\/\/index\.crates\.io\//,
      );
    } finally {
      await home.remove();
    }
    expect(server.requests.length).toBe(before);
  });

  it('defaults to crates.io, recorded under its git URL', () => {
    const index = openIndex({ offline: false });
    expect(index.description).toBe('https://index.crates.io/');
    expect(index.source).toEqual(cratesIo);
  });
});
