import { existsSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { CRATES_IO_SPARSE, cratesIo, type SourceId } from '../cargo/source-id.js';
import { UserError } from '../errors.js';
import { cachedIndex } from './cached-source.js';
import { cargoCacheDirs } from './cargo-cache-source.js';
import { directoryIndex } from './directory-source.js';
import type { HttpSettings } from './http-settings.js';
import { cacheRoot, IndexCache } from './index-cache.js';
import type { IndexSource } from './source.js';
import { type SparseOptions, sparseBaseUrl, sparseIndex } from './sparse-source.js';

export interface OpenIndexOptions {
  /** `--registry`: an index directory or a `sparse+http(s)://` URL; crates.io when absent. */
  registry?: string;
  /** `--offline` (or cargo's `net.offline`): no network; a sparse index is read from the caches of it (ours, then cargo's). */
  offline: boolean;
  /** Where cargo keeps its caches; `$CARGO_HOME`, else `~/.cargo`. */
  cargoHome?: string;
  /** cargo-whatif's cache root (see index-cache.ts); undefined: the platform's default. */
  cacheRoot?: string;
  /** Cargo's `[http]` and `[net]` values: proxy, time-out, retries, certificates; cargo's defaults when absent. */
  http?: HttpSettings;
  sparse?: Omit<SparseOptions, 'http' | 'cache' | 'cargoCacheDirs'>;
  /** Told of what does not stop the run but should be known (the cache cannot be written). */
  warn?: (message: string) => void;
}

/**
 * The index the CLI resolves against. Whatever `--registry` names stands in for crates.io, the way
 * cargo's `[source.crates-io] replace-with` does, so summaries and lockfiles name crates.io
 * (`registry+https://github.com/rust-lang/crates.io-index`) either way.
 */
export function openIndex(options: OpenIndexOptions): IndexSource {
  const registry = options.registry ?? CRATES_IO_SPARSE;
  if (/^[a-z]+:\/\//i.test(registry)) {
    throw new UserError(`--registry ${registry}: only sparse indexes are supported over the network`, undefined, [
      `for a sparse index, write sparse+${registry}; for a git index, pass a checkout of it as --registry DIR`,
    ]);
  }
  if (!registry.startsWith('sparse+')) return openDirectory(registry);
  return openSparseIndex(registry, cratesIo, options);
}

/**
 * A sparse index standing for `source`. Online it is fetched as the resolver asks, revalidating
 * what cargo-whatif (or else cargo) cached before; offline it is read from those caches alone.
 * Every sparse registry goes through here, whether `--registry` or cargo's configuration (source
 * replacement, `[registries]`) named it.
 */
export function openSparseIndex(
  registry: string,
  source: SourceId,
  options: Omit<OpenIndexOptions, 'registry'>,
): IndexSource {
  const base = sparseBaseUrl(registry);
  const cargoHome = options.cargoHome ?? process.env.CARGO_HOME ?? join(homedir(), '.cargo');
  const host = new URL(base).hostname;
  const dirs = cargoCacheDirs(cargoHome, host);
  // Every crates.io directory caches the same registry; another host's several directories may
  // be several registries (other ports or paths), which the directory names cannot tell apart.
  const ambiguous = dirs.length > 1 && base !== sparseBaseUrl(CRATES_IO_SPARSE);
  const cargoDirs = ambiguous ? [] : dirs;
  const cache = IndexCache.forIndex(options.cacheRoot ?? cacheRoot(), base);
  cache.onProblem = options.warn;
  if (!options.offline) {
    return sparseIndex(registry, source, { ...options.sparse, http: options.http, cache, cargoCacheDirs: cargoDirs });
  }
  if (!existsSync(cache.dir) && cargoDirs.length === 0) {
    const where = join(cargoHome, 'registry', 'index');
    if (ambiguous) {
      throw new UserError(
        `--offline: cargo's cache has several registries on ${host}, cannot tell which is ${base}`,
        undefined,
        dirs,
      );
    }
    throw new UserError(
      `--offline: no cached copy of ${base} (neither cargo-whatif's cache ${cache.dir} nor cargo's under ${where})`,
      undefined,
      ['run once without --offline (cargo-whatif keeps what it fetches), or pass --registry DIR'],
    );
  }
  return cachedIndex(base, source, cache, cargoDirs);
}

function openDirectory(dir: string): IndexSource {
  const path = resolve(dir);
  const isDir = statSync(path, { throwIfNoEntry: false })?.isDirectory();
  if (!isDir) {
    throw new UserError(`--registry ${dir}: not a directory (expected an index directory or a sparse+http(s):// URL)`);
  }
  return directoryIndex(path, cratesIo);
}
