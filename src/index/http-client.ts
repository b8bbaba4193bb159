import { readFileSync } from 'node:fs';
import type * as Http from 'node:http';
import { createRequire } from 'node:module';
import type * as Tls from 'node:tls';
import type * as Zlib from 'node:zlib';
import type * as Undici from 'undici';
import { UserError } from '../errors.js';
import type { HttpSettings } from './http-settings.js';
import { noProxy, proxyFor } from './http-settings.js';

// node:http, node:tls and node:zlib cost a start-up ~5-10 ms to load, and only a run that talks
// to a sparse index uses them: loaded on first use, like undici (check over an index directory
// never does, issue 13).
const nodeRequire = createRequire(import.meta.url);
const http = () => nodeRequire('node:http') as typeof Http;
const nodeTls = () => nodeRequire('node:tls') as typeof Tls;
const zlib = () => nodeRequire('node:zlib') as typeof Zlib;

/** What a sparse index answers for one file. */
export type IndexAnswer =
  | { kind: 'body'; body: Buffer; validators: Validators }
  /** 304: the copy whose validators were sent is still current. */
  | { kind: 'not-modified'; validators: Validators }
  /** 404, 410 or 451: cargo takes each to mean that no such crate exists. */
  | { kind: 'absent' };

/** What lets the next request ask "has it changed?" instead of downloading again. */
export interface Validators {
  etag?: string;
  lastModified?: string;
}

export interface HttpClient {
  /** One index file; `validators` make the request conditional. Failures are UserErrors naming the URL. */
  get(url: string, validators?: Validators): Promise<IndexAnswer>;
  close(): Promise<void>;
}

export interface HttpClientOptions extends HttpSettings {
  /** Connections per host. Index files are small, so what costs is the round trip; many at once hide it. */
  connections?: number;
  /** The first retry waits about this long, each later one twice as long (cargo: 0.5–1.5 s, then more). */
  retryDelayMs?: number;
  /** However slowly bytes trickle in and however often it is retried, a request gives up after this long. */
  deadlineMs?: number;
  env?: NodeJS.ProcessEnv;
}

/** Time-outs, dropped connections, 5xx and 429 can pass: cargo retries them (`net.retry`). */
class Spurious extends Error {}

/**
 * HTTP for a sparse index, over undici: keep-alive connections, many requests at once, the proxy
 * cargo would use, retries with backoff as cargo's `net.retry`, and every failure a UserError
 * naming the URL. undici is loaded on the first request, so runs that never touch the network
 * do not pay for it.
 */
export function httpClient(options: HttpClientOptions): HttpClient {
  let dispatcher: Undici.Dispatcher | undefined;
  const retryDelayMs = options.retryDelayMs ?? 500;
  const deadlineMs = options.deadlineMs ?? 300_000;
  const connect = () => (dispatcher ??= makeDispatcher(options));

  const attempt = async (
    url: string,
    validators: Validators | undefined,
    signal: AbortSignal,
  ): Promise<IndexAnswer> => {
    const headers: Record<string, string> = {
      'cargo-protocol': 'version=1',
      accept: 'text/plain',
      'accept-encoding': 'gzip, br, deflate',
      'user-agent': 'cargo-whatif',
    };
    if (validators?.etag) headers['if-none-match'] = validators.etag;
    else if (validators?.lastModified) headers['if-modified-since'] = validators.lastModified;
    let response: Undici.Dispatcher.ResponseData;
    try {
      response = await connect().request({
        origin: new URL(url).origin,
        path: pathOf(url),
        method: 'GET',
        headers,
        signal,
      });
    } catch (err) {
      throw classify(err, options.timeoutMs);
    }
    const status = response.statusCode;
    if (status === 200) {
      let raw: Buffer;
      try {
        raw = Buffer.from(await response.body.arrayBuffer());
      } catch (err) {
        throw classify(err, options.timeoutMs);
      }
      return {
        kind: 'body',
        body: decode(raw, header(response.headers, 'content-encoding')),
        validators: validatorsOf(response.headers),
      };
    }
    await response.body.dump().catch(() => undefined);
    if (status === 304) {
      if (!validators)
        throw new UserError(
          `failed to fetch ${url}: the server said not modified (HTTP 304) to a request that had no cached copy`,
        );
      return { kind: 'not-modified', validators: { ...validators, ...validatorsOf(response.headers) } };
    }
    if (status === 404 || status === 410 || status === 451) return { kind: 'absent' };
    const reason = http().STATUS_CODES[status];
    const text = `HTTP ${status}${reason ? ' ' + reason : ''}`;
    if (status >= 500 || status === 429) throw new Spurious(text);
    throw new UserError(`failed to fetch ${url}: ${text}`);
  };

  return {
    async get(url, validators) {
      const signal = AbortSignal.timeout(deadlineMs);
      for (let tried = 0; ; tried++) {
        try {
          return await attempt(url, validators, signal);
        } catch (err) {
          if (!(err instanceof Spurious)) throw err;
          if (signal.aborted) throw new UserError(`failed to fetch ${url}: gave up after ${deadlineMs / 1000} s`);
          if (tried >= options.retries) {
            const after = tried === 0 ? '' : ` (tried ${tried + 1} times)`;
            throw new UserError(`failed to fetch ${url}: ${err.message}${after}`, undefined, [
              'check the network connection, or the proxy (http.proxy, HTTPS_PROXY); `--offline` uses what is cached',
            ]);
          }
          // Backoff with jitter, so that many failed requests do not all come back at once.
          const wait = Math.min(retryDelayMs * 2 ** tried, 10_000) * (0.5 + Math.random());
          await new Promise((resume) => setTimeout(resume, wait));
        }
      }
    },
    async close() {
      await dispatcher?.close();
      dispatcher = undefined;
    },
  };
}

function makeDispatcher(options: HttpClientOptions): Undici.Dispatcher {
  const undici = nodeRequire('undici') as typeof Undici;
  const env = options.env ?? process.env;
  let ca: string[] | undefined;
  if (options.cainfo) {
    try {
      ca = [...nodeTls().rootCertificates, readFileSync(options.cainfo, 'utf8')];
    } catch (err) {
      throw new UserError(`http.cainfo: cannot read ${options.cainfo}: ${(err as Error).message}`);
    }
  }
  const tls = ca ? { ca } : {};
  return new undici.EnvHttpProxyAgent({
    // Empty strings, not undefined: undici would otherwise read HTTP_PROXY for https URLs too,
    // which curl (and so cargo) does not.
    httpProxy: proxyFor('http:', options, env) ?? '',
    httpsProxy: proxyFor('https:', options, env) ?? '',
    noProxy: noProxy(env),
    // As curl: an http URL goes to an HTTP proxy as a plain request, not through a tunnel.
    proxyTunnel: false,
    connections: options.connections ?? 16,
    connect: { timeout: options.timeoutMs, ...tls },
    requestTls: tls,
    proxyTls: tls,
    headersTimeout: options.timeoutMs,
    bodyTimeout: options.timeoutMs,
  } as Undici.EnvHttpProxyAgent.Options);
}

function pathOf(url: string): string {
  const u = new URL(url);
  return u.pathname + u.search;
}

function header(headers: Undici.Dispatcher.ResponseData['headers'], name: string): string | undefined {
  const v = headers[name];
  return Array.isArray(v) ? v.join(', ') : v;
}

function validatorsOf(headers: Undici.Dispatcher.ResponseData['headers']): Validators {
  const etag = header(headers, 'etag');
  const lastModified = header(headers, 'last-modified');
  return { ...(etag && { etag }), ...(lastModified && { lastModified }) };
}

function decode(raw: Buffer, encoding: string | undefined): Buffer {
  const e = encoding?.trim().toLowerCase();
  try {
    if (e === 'gzip' || e === 'x-gzip') return zlib().gunzipSync(raw);
    if (e === 'br') return zlib().brotliDecompressSync(raw);
    if (e === 'deflate') return zlib().inflateSync(raw);
  } catch {
    // A compressed body cut short does not decompress: like any cut transfer, try again.
    throw new Spurious('the compressed body was cut short');
  }
  return raw;
}

/**
 * Undici hides why a request failed in codes; users need the reason, and the retry logic needs
 * to know which failures can pass. Anything unexpected becomes an error naming it, still a
 * UserError: a network failure is never a bug of ours.
 */
function classify(err: unknown, timeoutMs: number): Error {
  if (err instanceof UserError || err instanceof Spurious) return err;
  const e = err as { name?: string; code?: string; message?: string; cause?: { code?: string; message?: string } };
  const code = e.code ?? e.cause?.code;
  if (e.name === 'AbortError' || e.name === 'TimeoutError') return new Spurious('timed out');
  switch (code) {
    case 'UND_ERR_CONNECT_TIMEOUT':
    case 'UND_ERR_HEADERS_TIMEOUT':
    case 'UND_ERR_BODY_TIMEOUT':
    case 'ETIMEDOUT':
      return new Spurious(`timed out after ${timeoutMs / 1000} s`);
    case 'ECONNREFUSED':
      return new Spurious('connection refused');
    case 'ECONNRESET':
    case 'EPIPE':
    case 'UND_ERR_SOCKET':
    case 'UND_ERR_CLOSED':
      return new Spurious('connection reset');
    case 'UND_ERR_RES_CONTENT_LENGTH_MISMATCH':
    case 'UND_ERR_REQ_CONTENT_LENGTH_MISMATCH':
      return new Spurious('the body was cut short');
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return new Spurious('could not resolve host');
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return new Spurious('host unreachable');
  }
  return new Spurious(e.cause?.message ?? e.message ?? String(err));
}
