import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';

/**
 * A sparse-protocol index on 127.0.0.1 for tests: real cargo and cargo-whatif both read it, so a
 * differential test can hand them exactly the same registry without touching the network. It
 * counts what it is asked, answers conditional requests with 304 as crates.io's CDN does, and
 * can be slow or fail on purpose.
 */
export type IndexServerSource = { dir: string } | { files: ReadonlyMap<string, string> };

/** One request as the server saw it. */
export interface LoggedRequest {
  path: string;
  /** The status it answered (0: the connection was dropped). */
  status: number;
  /** Whether it carried If-None-Match or If-Modified-Since. */
  conditional: boolean;
  /** Whether it came through a proxy: the request line named the whole URL. */
  proxied: boolean;
}

export interface IndexServer {
  /** `sparse+http://127.0.0.1:PORT/`, ready for `--registry` or a cargo source replacement. */
  url: string;
  /** Paths requested so far, in arrival order, relative to the root (`config.json`, `3/f/foo`). */
  requests: string[];
  /** The same requests with what was answered. */
  log: LoggedRequest[];
  /** Index files requested (config.json and downloads left out), by how they were answered. */
  counts(): { files: number; bodies: number; notModified: number; notFound: number; other: number };
  /** Starts the counts and the log afresh. */
  reset(): void;
  /** Replaces a file's text (served from `files` only): its ETag and Last-Modified change with it. */
  update(path: string, text: string): void;
  close(): Promise<void>;
}

/**
 * What goes wrong with one request: an HTTP status, a connection dropped before any answer, a
 * body cut short of its Content-Length, text that is no index at all, or a late answer.
 */
export type Fault = { status: number } | 'drop' | 'truncate' | 'garbage' | { delayMs: number };

export interface IndexServerOptions {
  /** Answer a path with this status (and no body) instead of serving it: failure injection. */
  status?: (path: string) => number | undefined;
  /** Wait this long before every answer: a CDN's round trip. */
  delayMs?: number;
  /** Which validators a file is served with (crates.io's CDN sends both); default `both`. */
  validators?: 'etag' | 'last-modified' | 'both' | 'none';
  /** A fault for the `attempt`th request (from 1) of a path, or undefined to answer normally. */
  fault?: (path: string, attempt: number) => Fault | undefined;
}

export async function startIndexServer(
  source: IndexServerSource,
  options: IndexServerOptions = {},
): Promise<IndexServer> {
  const requests: string[] = [];
  const log: LoggedRequest[] = [];
  const attempts = new Map<string, number>();
  const files = 'files' in source ? new Map([...source.files].map(([k, v]) => [k.toLowerCase(), v])) : undefined;
  /** Bumped by `update`, so that Last-Modified moves with the text. */
  const revisions = new Map<string, number>();
  const validators = options.validators ?? 'both';
  let origin = '';

  const lookup = async (path: string): Promise<string | undefined> => {
    if (files) return files.get(path);
    // Refuse to wander out of the directory; index paths never contain `..`.
    if (path.split('/').some((p) => p === '..' || p === '')) return undefined;
    return readFile(join((source as { dir: string }).dir, path), 'utf8').catch(() => undefined);
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname.slice(1));
    const entry: LoggedRequest = {
      path,
      status: 0,
      conditional: req.headers['if-none-match'] !== undefined || req.headers['if-modified-since'] !== undefined,
      proxied: /^https?:\/\//.test(req.url ?? ''),
    };
    requests.push(path);
    log.push(entry);
    const attempt = (attempts.get(path) ?? 0) + 1;
    attempts.set(path, attempt);
    const fault = options.fault?.(path, attempt);
    const delay = (options.delayMs ?? 0) + (typeof fault === 'object' && 'delayMs' in fault ? fault.delayMs : 0);
    if (delay > 0) await new Promise((r) => setTimeout(r, delay));
    const answer = (status: number, headers: Record<string, string> = {}, body?: string) => {
      entry.status = status;
      res.writeHead(status, headers).end(body);
    };
    if (fault === 'drop') {
      req.socket.destroy();
      return;
    }
    if (typeof fault === 'object' && 'status' in fault) return answer(fault.status);
    const forced = options.status?.(path);
    if (forced !== undefined) return answer(forced);
    if (req.method !== 'GET' && req.method !== 'HEAD') return answer(405);
    if (path === 'config.json') {
      // Always our own config: a copied real index's would send downloads to crates.io.
      return answer(
        200,
        { 'content-type': 'application/json' },
        JSON.stringify({ dl: `${origin}/dl/{crate}/{version}/download`, api: origin }),
      );
    }
    const body = await lookup(path.toLowerCase());
    if (body === undefined) return answer(404);
    if (fault === 'garbage')
      return answer(200, { 'content-type': 'text/html' }, '<html><body>Sign in to the network</body></html>\n');
    if (fault === 'truncate') {
      entry.status = 200;
      // Promise the whole body, send half, and hang up.
      res.writeHead(200, { 'content-type': 'text/plain', 'content-length': String(Buffer.byteLength(body)) });
      res.write(body.slice(0, Math.floor(body.length / 2)));
      setTimeout(() => req.socket.destroy(), 5);
      return;
    }
    const etag = `"${createHash('sha256').update(body).digest('hex').slice(0, 16)}"`;
    const lastModified = new Date(
      Date.UTC(2019, 10, 10) + (revisions.get(path.toLowerCase()) ?? 0) * 1000,
    ).toUTCString();
    const headers: Record<string, string> = {
      ...(validators !== 'last-modified' && validators !== 'none' && { etag }),
      ...(validators !== 'etag' && validators !== 'none' && { 'last-modified': lastModified }),
    };
    // As a CDN does: If-None-Match decides when given, If-Modified-Since otherwise.
    const inm = req.headers['if-none-match'];
    const ims = req.headers['if-modified-since'];
    const fresh =
      inm !== undefined
        ? headers.etag !== undefined && inm === etag
        : ims !== undefined && headers['last-modified'] !== undefined && ims === lastModified;
    if (fresh) return answer(304, headers);
    answer(200, { 'content-type': 'text/plain', ...headers }, req.method === 'HEAD' ? undefined : body);
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      res.writeHead(500).end(String(err));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const isIndexFile = (path: string) => path !== 'config.json' && !path.startsWith('dl/');
  return {
    url: `sparse+${origin}/`,
    requests,
    log,
    counts() {
      const files = log.filter((r) => isIndexFile(r.path));
      return {
        files: files.length,
        bodies: files.filter((r) => r.status === 200).length,
        notModified: files.filter((r) => r.status === 304).length,
        notFound: files.filter((r) => r.status === 404 || r.status === 410 || r.status === 451).length,
        other: files.filter((r) => ![200, 304, 404, 410, 451].includes(r.status)).length,
      };
    },
    reset() {
      requests.length = 0;
      log.length = 0;
      attempts.clear();
    },
    update(path, text) {
      if (!files) throw new Error('update() needs a server of `files`');
      const key = path.toLowerCase();
      files.set(key, text);
      revisions.set(key, (revisions.get(key) ?? 0) + 1);
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      }),
  };
}
