import { spawn } from 'node:child_process';
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { createServer, request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fetchProgress } from '../../src/commands/output.js';
import { IndexCache } from '../../src/index/index-cache.js';
import { indexPath } from '../../src/index/layout.js';
import { sparseBaseUrl } from '../../src/index/sparse-source.js';
import { type IndexServer, type IndexServerOptions, startIndexServer } from '../support/index-server.js';
import { tempDir } from '../support/temp.js';
import { type IndexLine, indexFiles } from '../support/write-index.js';
import { BIN, ensureBuilt } from './run-cli.js';

/**
 * The CLI against a sparse index on 127.0.0.1, run as a user runs it (a process per run, so
 * that two can run at once and the server, in this process, answers while they do). Each test
 * has its own cargo-whatif cache (CARGO_WHATIF_CACHE_DIR) and an empty CARGO_HOME.
 */
const REGISTRY: IndexLine[] = [
  {
    name: 'web',
    vers: '1.0.0',
    deps: [
      { name: 'http', req: '^0.2' },
      { name: 'log', req: '^0.4' },
    ],
  },
  {
    name: 'web',
    vers: '1.1.0',
    deps: [
      { name: 'http', req: '^0.2' },
      { name: 'log', req: '^0.4' },
      { name: 'tls', req: '^1', optional: true },
    ],
    features: { tls: ['dep:tls'] },
  },
  { name: 'http', vers: '0.2.0', deps: [{ name: 'bytes', req: '^1' }] },
  {
    name: 'http',
    vers: '0.2.1',
    deps: [
      { name: 'bytes', req: '^1' },
      { name: 'itoa', req: '^1' },
    ],
  },
  { name: 'bytes', vers: '1.0.0' },
  { name: 'itoa', vers: '1.0.0' },
  { name: 'log', vers: '0.4.0' },
  { name: 'log', vers: '0.4.1', deps: [{ name: 'cfg-if', req: '^1' }] },
  { name: 'cfg-if', vers: '1.0.0' },
  { name: 'tls', vers: '1.0.0', deps: [{ name: 'never-needed', req: '^1' }] },
  { name: 'never-needed', vers: '1.0.0' },
];
/** The crates resolving `app` asks for: its dependencies, theirs, and so on; not `tls` (optional, off). */
const ASKED = ['bytes', 'cfg-if', 'http', 'itoa', 'log', 'web'];

let tmp: { path: string; remove(): Promise<void> };
let ws: string;
let env: NodeJS.ProcessEnv;
const servers: IndexServer[] = [];

beforeEach(async () => {
  ensureBuilt();
  tmp = await tempDir('whatif-online-');
  ws = join(tmp.path, 'app');
  await mkdir(join(ws, 'src'), { recursive: true });
  await writeFile(join(ws, 'src', 'lib.rs'), '');
  await writeFile(
    join(ws, 'Cargo.toml'),
    '[package]\nname = "app"\nversion = "0.1.0"\nedition = "2021"\n\n[dependencies]\nweb = "1"\n',
  );
  env = { ...process.env, CARGO_WHATIF_CACHE_DIR: join(tmp.path, 'cache'), CARGO_HOME: join(tmp.path, 'cargo-home') };
  for (const k of [
    'http_proxy',
    'https_proxy',
    'HTTPS_PROXY',
    'all_proxy',
    'ALL_PROXY',
    'CARGO_NET_OFFLINE',
    'CARGO_NET_RETRY',
  ])
    delete env[k];
});
afterEach(async () => {
  for (const s of servers.splice(0)) await s.close();
  await tmp.remove();
});

async function serve(options: IndexServerOptions = {}, lines = REGISTRY): Promise<IndexServer> {
  const s = await startIndexServer({ files: indexFiles(lines) }, options);
  servers.push(s);
  return s;
}

function run(
  args: string[],
  extraEnv: NodeJS.ProcessEnv = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      env: { ...env, ...extraEnv },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (b: Buffer) => (stdout += b.toString()));
    child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

const lock = (url: string, ...more: string[]) => run(['lock', ws, '--stdout', '--registry', url, ...more]);

describe('online, against a sparse index', () => {
  it('asks for each crate the search needs, once; the next run only revalidates (304s)', async () => {
    const server = await serve();
    const cold = await lock(server.url);
    expect(cold.code, cold.stderr).toBe(0);
    expect(cold.stdout).toContain('name = "itoa"');
    expect([...server.requests].sort()).toEqual(ASKED.map(indexPath).sort());
    expect(server.counts()).toMatchObject({ files: ASKED.length, bodies: ASKED.length, notModified: 0 });
    // Not a terminal, so no progress on stderr.
    expect(cold.stderr).toBe('');

    server.reset();
    const warm = await lock(server.url);
    expect(warm.stdout).toBe(cold.stdout);
    expect(server.counts()).toEqual({
      files: ASKED.length,
      bodies: 0,
      notModified: ASKED.length,
      notFound: 0,
      other: 0,
    });
  });

  it('--offline after one online run needs no server; a crate no run fetched is named', async () => {
    const server = await serve();
    const online = await lock(server.url);
    expect(online.code).toBe(0);
    const url = server.url;
    await server.close();
    servers.length = 0;
    const offline = await lock(url, '--offline');
    expect(offline.code, offline.stderr).toBe(0);
    expect(offline.stdout).toBe(online.stdout);
    // CARGO_NET_OFFLINE, as cargo's net.offline, means the same.
    const byEnv = await run(['lock', ws, '--stdout', '--registry', url], { CARGO_NET_OFFLINE: 'true' });
    expect(byEnv.code, byEnv.stderr).toBe(0);
    expect(byEnv.stdout).toBe(online.stdout);
    const more = await run(['resolve', ws, '--registry', url, '--offline', '--add', 'app:tls=1']);
    expect(more.code).toBe(2);
    expect(more.stderr).toMatch(/^error: --offline: crate `tls` of http:\/\/127\.0\.0\.1:\d+\/ is not cached/);
    expect(more.stderr.split('\n').filter((l) => l.startsWith('error:'))).toHaveLength(1);
  });

  it('a cache that cannot be written is said once, and the run goes on', async () => {
    const server = await serve();
    const blocker = join(tmp.path, 'not-a-directory');
    await writeFile(blocker, '');
    const r = await run(['lock', ws, '--stdout', '--registry', server.url], { CARGO_WHATIF_CACHE_DIR: blocker });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('name = "web"');
    const warnings = r.stderr.split('\n').filter((l) => l.startsWith('warning: '));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(
      /^warning: cannot write the index cache .*not-a-directory.* \(the run goes on without it\)/,
    );
  });

  it('two runs at once both succeed and leave a cache every entry of which is whole', async () => {
    const server = await serve({ delayMs: 20 });
    const [a, b] = await Promise.all([lock(server.url), lock(server.url)]);
    expect(a.code, a.stderr).toBe(0);
    expect(b.code, b.stderr).toBe(0);
    expect(a.stdout).toBe(b.stdout);
    const cache = IndexCache.forIndex(join(tmp.path, 'cache'), sparseBaseUrl(server.url));
    for (const name of ASKED) expect(cache.read(name)?.body, name).toBeDefined();
    const files = await readdir(cache.dir, { recursive: true });
    expect(files.filter((f) => String(f).endsWith('.tmp'))).toEqual([]);
    server.reset();
    expect((await lock(server.url)).stdout).toBe(a.stdout);
    expect(server.counts().bodies).toBe(0);
  });

  it('retries what may pass: a 500, a dropped connection, a body cut short', async () => {
    const first = (path: string, attempt: number) => {
      if (attempt !== 1) return undefined;
      if (path === '3/l/log') return { status: 500 } as const;
      if (path === 'ht/tp/http') return 'drop' as const;
      if (path === 'by/te/bytes') return 'truncate' as const;
      return undefined;
    };
    const server = await serve({ fault: first });
    const r = await lock(server.url);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('name = "bytes"');
    for (const p of ['3/l/log', 'ht/tp/http', 'by/te/bytes'])
      expect(
        server.requests.filter((q) => q === p),
        p,
      ).toHaveLength(2);
  });

  it('a failure that does not pass is one error line naming the URL, exit 2, nothing else', async () => {
    const server = await serve({ fault: (path) => (path === 'ht/tp/http' ? { status: 503 } : undefined) });
    const retryOnce = { CARGO_NET_RETRY: '1' };
    // --json with lock --stdout is refused: the JSON error comes from resolve, which fetches the same.
    const r = await run(['resolve', ws, '--registry', server.url, '--json'], retryOnce);
    expect(r.code).toBe(2);
    const doc = JSON.parse(r.stdout) as { status: string; message: string };
    expect(doc.status).toBe('error');
    expect(doc.message).toMatch(
      /^failed to fetch http:\/\/127\.0\.0\.1:\d+\/ht\/tp\/http: HTTP 503 Service Unavailable \(tried 2 times\)$/,
    );
    const text = await run(['lock', ws, '--stdout', '--registry', server.url], retryOnce);
    expect(text.code).toBe(2);
    expect(text.stdout).toBe('');
    const lines = text.stderr.trimEnd().split('\n');
    expect(lines[0]).toBe(`error: ${doc.message}`);
    // One error line; the rest are notes, and no stack trace.
    expect(lines.slice(1).every((l) => l.startsWith('note: '))).toBe(true);
  }, 30_000);

  it('a crate the index does not have (404) is reported as bad input at the manifest line', async () => {
    const server = await serve();
    await writeFile(
      join(ws, 'Cargo.toml'),
      '[package]\nname = "app"\nversion = "0.1.0"\nedition = "2021"\n\n[dependencies]\nweb = "1"\nwbe = "1"\n',
    );
    const r = await lock(server.url);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/Cargo\.toml:8: no crate named `wbe` in http:\/\/127\.0\.0\.1:\d+\/ \(required by app\)/);
    expect(server.requests.filter((p) => p === 'wb/e/wbe' || p === '3/w/wbe')).toHaveLength(1);
  });

  it('a server that sends something else than index lines: each line skipped as cargo skips it, then named in the error', async () => {
    const server = await serve({ fault: (path) => (path === '3/w/web' ? 'garbage' : undefined) });
    const r = await lock(server.url);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /^warning: http:\/\/127\.0\.0\.1:\d+\/3\/w\/web:1: skipping the index entry of `web`, as cargo does: not valid JSON/m,
    );
    expect(r.stderr).toMatch(
      /^error: .*Cargo\.toml:\d+: no version of `web` in http:\/\/127\.0\.0\.1:\d+\/ can be used \(required by app\)/m,
    );
    expect(r.stderr).toMatch(/^note: http:\/\/127\.0\.0\.1:\d+\/3\/w\/web:1: a line cannot be read: not valid JSON/m);
  });
});

describe("cargo's [http] and [net], from its configuration", () => {
  /** A forward proxy for plain HTTP (absolute-form request lines), counting what it relays. */
  async function proxy(): Promise<{ url: string; seen: string[]; close(): Promise<void> }> {
    const seen: string[] = [];
    const s = createServer((req, res) => {
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
      url: `127.0.0.1:${(s.address() as AddressInfo).port}`,
      seen,
      close: () =>
        new Promise<void>((r) => {
          s.closeAllConnections();
          s.close(() => r());
        }),
    };
  }

  it('http.proxy sends the index requests through the proxy; net.retry = 0 gives up at once', async () => {
    const server = await serve({ fault: (path) => (path === '3/l/log' ? { status: 500 } : undefined) });
    const p = await proxy();
    try {
      await mkdir(env.CARGO_HOME!, { recursive: true });
      await writeFile(join(env.CARGO_HOME!, 'config.toml'), `[http]\nproxy = "${p.url}"\n\n[net]\nretry = 0\n`);
      const r = await lock(server.url);
      expect(r.code).toBe(2);
      expect(r.stderr.split('\n')[0]).toMatch(
        /^error: failed to fetch http:\/\/127\.0\.0\.1:\d+\/3\/l\/log: HTTP 500 Internal Server Error$/,
      );
      expect(server.requests.filter((q) => q === '3/l/log')).toHaveLength(1);
      expect(p.seen.length).toBeGreaterThan(0);
      expect(p.seen.every((u) => u.startsWith(sparseBaseUrl(server.url)))).toBe(true);
      expect(p.seen.length).toBe(server.requests.length);
    } finally {
      await p.close();
    }
  });
});

describe('progress on a terminal', () => {
  function fakeTerminal(): { stream: NodeJS.WriteStream; text: () => string } {
    const chunks: string[] = [];
    const write = (s: string) => {
      chunks.push(s);
      return true;
    };
    const stream = { isTTY: true, write } as unknown as NodeJS.WriteStream;
    return { stream, text: () => chunks.join('') };
  }

  it("says which index it updates, then a status line in cargo's words, cleared when nothing is pending", () => {
    const t = fakeTerminal();
    const p = fetchProgress({ json: false, registry: 'sparse+http://127.0.0.1:1/' }, t.stream)!;
    p.update(0, 3);
    p.update(3, 0);
    // biome-ignore lint/suspicious/noControlCharactersInRegex: the escape sequences are what it removes
    const out = t.text().replace(/\x1b\[[0-9;]*[mK]/g, '');
    expect(out).toMatch(
      /^ {4}Updating `http:\/\/127\.0\.0\.1:1\/` index\n\r {7}Fetch \[[=> ]+\] 0 complete; 3 pending\r$/,
    );
  });

  it('crates.io by default; nothing with --json or when stderr is not a terminal', () => {
    const t = fakeTerminal();
    fetchProgress({ json: false }, t.stream)!.update(0, 1);
    expect(t.text()).toContain('crates.io index');
    expect(fetchProgress({ json: true }, fakeTerminal().stream)).toBeUndefined();
    expect(fetchProgress({ json: false }, { isTTY: false } as NodeJS.WriteStream)).toBeUndefined();
  });
});
