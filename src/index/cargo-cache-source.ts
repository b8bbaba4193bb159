import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { SourceId } from '../cargo/source-id.js';
import { UserError } from '../errors.js';
import { type CacheFile, parseCacheFile } from './cargo-cache.js';
import type { Validators } from './http-client.js';
import { type ParsedIndexFile, parseIndexBlobs } from './index-file.js';
import { indexPath } from './layout.js';
import { type IndexSource, memoizedLocalSource } from './source.js';

/** The directory name cargo ≥ 1.85 gives crates.io's sparse index (a hash of its SourceId). */
export const CRATES_IO_CACHE_DIR = 'index.crates.io-1949cf8c6b5b557f';

/**
 * Cargo's cache directories for a registry host, best first. Cargo names each
 * `<host>-<16 hex digits>`, the digits hashing the whole registry URL (and changing with cargo
 * versions), so all of a host's directories are candidates: the current crates.io name first,
 * then the most recently used.
 */
export function cargoCacheDirs(cargoHome: string, host: string): string[] {
  const root = join(cargoHome, 'registry', 'index');
  let names: string[];
  try {
    names = readdirSync(root);
  } catch {
    return [];
  }
  const prefix = `${host}-`;
  return names
    .filter((n) => n.startsWith(prefix) && /^[0-9a-f]{16}$/.test(n.slice(prefix.length)))
    .map((n) => ({ n, mtime: statSync(join(root, n, '.cache'), { throwIfNoEntry: false })?.mtimeMs }))
    .filter((d) => d.mtime !== undefined)
    .sort((a, b) => Number(b.n === CRATES_IO_CACHE_DIR) - Number(a.n === CRATES_IO_CACHE_DIR) || b.mtime! - a.mtime!)
    .map((d) => join(root, d.n));
}

/** Cargo's cache entry for a crate, from the first of `cacheDirs` that has a readable one. */
export function readCargoCache(
  cacheDirs: readonly string[],
  name: string,
): { file: string; cache: CacheFile } | undefined {
  for (const dir of cacheDirs) {
    const file = join(dir, '.cache', indexPath(name));
    let data: Buffer;
    try {
      data = readFileSync(file);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') continue;
      throw new UserError(`cannot read cargo's index cache: ${(err as Error).message}`, { file });
    }
    const cache = parseCacheFile(data);
    // Cargo discards a cache it cannot read and refetches; offline, that means no data.
    if (cache) return { file, cache };
  }
  return undefined;
}

/** A cargo cache entry's lines as an index file, cited by `file` and each entry's position. */
export function cargoCacheFile(cache: CacheFile, source: SourceId, file: string): ParsedIndexFile {
  return parseIndexBlobs(
    cache.entries.map((e, i) => ({ text: e.json, line: i + 1 })),
    { source, file },
  );
}

/**
 * The validators cargo recorded as the entry's "index version" (http_remote.rs: `etag: VALUE`
 * or `last-modified: VALUE`, else `Unknown`), which make a request conditional as cargo's own.
 */
export function cargoValidators(indexVersion: string): Validators | undefined {
  const colon = indexVersion.indexOf(':');
  if (colon < 0) return undefined;
  const key = indexVersion.slice(0, colon);
  const value = indexVersion.slice(colon + 1).trim();
  if (!value) return undefined;
  if (key === 'etag') return { etag: value };
  if (key === 'last-modified') return { lastModified: value };
  return undefined;
}

/**
 * Reads what cargo cached, never the network: `--offline` after cargo has fetched once. A crate
 * cargo never fetched (or learnt does not exist) is absent, as it is for cargo offline. Origins
 * cite the cache file and the entry's position in it, which is its line in the fetched index file
 * unless cargo dropped unreadable lines before it.
 */
export function cargoCacheIndex(cacheDirs: readonly string[], source: SourceId): IndexSource {
  return memoizedLocalSource(source, cacheDirs.join(', ') || '(no cargo index cache)', (name) => {
    const found = readCargoCache(cacheDirs, name);
    return found && cargoCacheFile(found.cache, source, found.file);
  });
}
