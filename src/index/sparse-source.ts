import type { SourceId } from '../cargo/source-id.js';
import { UserError } from '../errors.js';
import { cargoCacheFile, cargoValidators, readCargoCache } from './cargo-cache-source.js';
import { httpClient, type Validators } from './http-client.js';
import type { HttpSettings } from './http-settings.js';
import { DEFAULT_HTTP_SETTINGS } from './http-settings.js';
import type { IndexCache } from './index-cache.js';
import { type ParsedIndexFile, parseIndexBytes } from './index-file.js';
import { indexPath } from './layout.js';
import { type IndexSource, memoizedSource } from './source.js';

export interface SparseOptions {
  /** Proxy, time-out, retries, extra certificates: cargo's `[http]` and `[net]`. */
  http?: HttpSettings;
  /** cargo-whatif's cache of this index: read to revalidate, written with what the server sends. */
  cache?: IndexCache;
  /** Cargo's cache directories of this index: read only, to revalidate what cargo fetched before. */
  cargoCacheDirs?: readonly string[];
  /** Requests in flight at once (and connections to the server). */
  concurrency?: number;
  /** How long the first retry waits (tests make it short). */
  retryDelayMs?: number;
  /** A request gives up after this long, retries included. */
  deadlineMs?: number;
}

/** What a sparse index did so far, for tests and measurements. */
export interface FetchStats {
  requests: number;
  /** Answered 304: the cached copy was current, nothing downloaded. */
  notModified: number;
  /** Bodies downloaded, and their bytes as decoded. */
  downloaded: number;
  bytes: number;
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
 *
 * A crate cached before (by cargo-whatif, or else by cargo) is asked for conditionally, with the
 * validators saved with it: a 304 answer reuses the cached body, so no body is downloaded twice.
 */
export function sparseIndex(
  registry: string,
  source: SourceId,
  options: SparseOptions = {},
): IndexSource & { stats: FetchStats } {
  const base = sparseBaseUrl(registry);
  const concurrency = options.concurrency ?? 16;
  const limit = limiter(concurrency);
  const client = httpClient({
    ...DEFAULT_HTTP_SETTINGS,
    ...options.http,
    connections: concurrency,
    retryDelayMs: options.retryDelayMs,
    deadlineMs: options.deadlineMs,
  });
  const { cache, cargoCacheDirs = [] } = options;
  const stats: FetchStats = { requests: 0, notModified: 0, downloaded: 0, bytes: 0 };

  const read = async (name: string): Promise<ParsedIndexFile | undefined> => {
    const url = base + indexPath(name);
    const ctx = { source, file: url };
    let validators: Validators | undefined;
    let cached: (() => ParsedIndexFile) | undefined;
    const ours = cache?.read(name);
    if (ours?.body) {
      const body = ours.body;
      validators = ours.validators;
      cached = () => parseIndexBytes(body, ctx);
    } else if (!ours) {
      const cargo = readCargoCache(cargoCacheDirs, name);
      const cargoValidated = cargo && cargoValidators(cargo.cache.indexVersion);
      if (cargo && cargoValidated) {
        validators = cargoValidated;
        // Cited by cargo's file: its entries may leave out lines cargo could not read.
        cached = () => cargoCacheFile(cargo.cache, source, cargo.file);
      }
    }
    // Nothing to revalidate against (no cache, or one without validators): a plain GET.
    if (validators && !validators.etag && !validators.lastModified) validators = undefined;
    stats.requests++;
    const answer = await client.get(url, validators);
    switch (answer.kind) {
      case 'absent':
        cache?.write(name, { validators: {} });
        return undefined;
      case 'not-modified':
        stats.notModified++;
        return cached!();
      case 'body': {
        stats.downloaded++;
        stats.bytes += answer.body.length;
        const parsed = parseIndexBytes(answer.body, ctx);
        // A body none of whose lines is an index entry (a captive portal's page) is not kept:
        // its lines are skipped, as cargo skips them, and the next run asks again.
        if (parsed.versionCount > 0 || !/\S/.test(answer.body.toString('latin1')))
          cache?.write(name, { validators: answer.validators, body: answer.body });
        return parsed;
      }
    }
  };

  const index = memoizedSource(source, base, (name) => limit(() => read(name)));
  return { ...index, stats };
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
