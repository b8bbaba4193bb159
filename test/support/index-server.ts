import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';

/**
 * A sparse-protocol index on 127.0.0.1 for tests: real cargo and cargo-whatif both read it, so a
 * differential test can hand them exactly the same registry without touching the network.
 */
export type IndexServerSource = { dir: string } | { files: ReadonlyMap<string, string> };

export interface IndexServer {
  /** `sparse+http://127.0.0.1:PORT/`, ready for `--registry` or a cargo source replacement. */
  url: string;
  /** Paths requested so far, in arrival order, relative to the root (`config.json`, `3/f/foo`). */
  requests: string[];
  close(): Promise<void>;
}

export interface IndexServerOptions {
  /** Answer a path with this status (and no body) instead of serving it: failure injection. */
  status?: (path: string) => number | undefined;
}

export async function startIndexServer(source: IndexServerSource, options: IndexServerOptions = {}): Promise<IndexServer> {
  const requests: string[] = [];
  const files = 'files' in source ? new Map([...source.files].map(([k, v]) => [k.toLowerCase(), v])) : undefined;
  let origin = '';

  const lookup = async (path: string): Promise<string | undefined> => {
    if (files) return files.get(path);
    // Refuse to wander out of the directory; index paths never contain `..`.
    if (path.split('/').some((p) => p === '..' || p === '')) return undefined;
    return readFile(join((source as { dir: string }).dir, path), 'utf8').catch(() => undefined);
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname.slice(1));
    requests.push(path);
    const forced = options.status?.(path);
    if (forced !== undefined) {
      res.writeHead(forced).end();
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405).end();
      return;
    }
    if (path === 'config.json') {
      // Always our own config: a copied real index's would send downloads to crates.io.
      send(req, res, JSON.stringify({ dl: `${origin}/dl/{crate}/{version}/download`, api: origin }));
      return;
    }
    const body = await lookup(path.toLowerCase());
    if (body === undefined) res.writeHead(404).end();
    else send(req, res, body);
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
  return {
    url: `sparse+${origin}/`,
    requests,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      }),
  };
}

function send(req: IncomingMessage, res: ServerResponse, body: string): void {
  // An ETag lets cargo record an index version in its cache, as it does for crates.io.
  const etag = `"${createHash('sha256').update(body).digest('hex').slice(0, 16)}"`;
  if (req.headers['if-none-match'] === etag) {
    res.writeHead(304, { etag }).end();
    return;
  }
  res.writeHead(200, { 'content-type': 'text/plain', etag });
  res.end(req.method === 'HEAD' ? undefined : body);
}
