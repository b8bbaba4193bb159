import { UserError } from '../errors.js';
import type { SourceId } from '../cargo/source-id.js';
import { parseIndexFile } from './entry.js';
import { indexPath } from './layout.js';
import { memoizedSource, type IndexSource } from './source.js';

export interface SparseOptions {
  /** Requests in flight at once. The resolver asks for whole frontiers of crates together. */
  concurrency?: number;
  /** Per request, like cargo's `http.timeout` (default 30 s). */
  timeoutMs?: number;
}

/** `sparse+https://index.crates.io/` → `https://index.crates.io/`, always ending in `/`. */
export function sparseBaseUrl(registry: string): string {
  const raw = registry.startsWith('sparse+') ? registry.slice('sparse+'.length) : registry;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new UserError(`invalid sparse registry URL \`${registry}\``);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new UserError(`invalid sparse registry URL \`${registry}\`: expected sparse+http:// or sparse+https://`);
  }
  if (!url.pathname.endsWith('/')) url.pathname += '/';
  return url.href;
}

/**
 * The sparse protocol (RFC 2789): one GET per crate at its index path. Cargo 1.95 takes 404, 410
 * and 451 to mean the crate does not exist; any other failure stops resolution, since guessing
 * that a crate is absent would silently resolve to something cargo would not.
 */
export function sparseIndex(registry: string, source: SourceId, options: SparseOptions = {}): IndexSource {
  const base = sparseBaseUrl(registry);
  const limit = limiter(options.concurrency ?? 16);
  const timeoutMs = options.timeoutMs ?? 30_000;
  return memoizedSource(source, base, (name) =>
    limit(async () => {
      const url = base + indexPath(name);
      const text = await fetchIndexFile(url, timeoutMs);
      return text === undefined ? undefined : parseIndexFile(text, { source, file: url });
    }),
  );
}

async function fetchIndexFile(url: string, timeoutMs: number): Promise<string | undefined> {
  let response: Response;
  try {
    response = await fetch(url, {
      headers: { 'cargo-protocol': 'version=1', accept: 'text/plain' },
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (err) {
    throw new UserError(`failed to fetch ${url}: ${networkProblem(err, timeoutMs)}`);
  }
  if (response.status === 404 || response.status === 410 || response.status === 451) {
    await response.body?.cancel();
    return undefined;
  }
  if (!response.ok) {
    await response.body?.cancel();
    throw new UserError(`failed to fetch ${url}: HTTP ${response.status}${response.statusText ? ' ' + response.statusText : ''}`);
  }
  try {
    return await response.text();
  } catch (err) {
    throw new UserError(`failed to fetch ${url}: ${networkProblem(err, timeoutMs)}`);
  }
}

/** Undici reports `fetch failed` and hides the reason in `cause`; users need the reason. */
function networkProblem(err: unknown, timeoutMs: number): string {
  const e = err as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  if (e.name === 'TimeoutError' || e.cause?.code === 'UND_ERR_CONNECT_TIMEOUT' || e.cause?.code === 'ETIMEDOUT') {
    return `timed out after ${timeoutMs / 1000} s`;
  }
  switch (e.cause?.code) {
    case 'ECONNREFUSED':
      return 'connection refused';
    case 'ECONNRESET':
    case 'UND_ERR_SOCKET':
      return 'connection reset';
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return 'could not resolve host';
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return 'host unreachable';
  }
  return e.cause?.message ?? e.message ?? String(err);
}

/** At most `n` of the returned function's tasks run at once; the rest wait in order. */
function limiter(n: number): <T>(task: () => Promise<T>) => Promise<T> {
  let running = 0;
  const waiting: (() => void)[] = [];
  return async (task) => {
    // A finishing task hands its slot straight to the next waiter, so `running` never overshoots.
    if (running < n) running++;
    else await new Promise<void>((resume) => waiting.push(resume));
    try {
      return await task();
    } finally {
      const next = waiting.shift();
      if (next) next();
      else running--;
    }
  };
}
