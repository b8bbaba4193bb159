import { statSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { UserError } from '../errors.js';
import { CRATES_IO_SPARSE, cratesIo, type SourceId } from '../cargo/source-id.js';
import { cargoCacheDirs, cargoCacheIndex } from './cargo-cache-source.js';
import { directoryIndex } from './directory-source.js';
import type { IndexSource } from './source.js';
import { sparseBaseUrl, sparseIndex, type SparseOptions } from './sparse-source.js';

export interface OpenIndexOptions {
  /** `--registry`: an index directory or a `sparse+http(s)://` URL; crates.io when absent. */
  registry?: string;
  /** `--offline`: no network; a sparse index is read from cargo's cache of it. */
  offline: boolean;
  /** Where cargo keeps its caches; `$CARGO_HOME`, else `~/.cargo`. */
  cargoHome?: string;
  sparse?: SparseOptions;
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
 * A sparse index standing for `source`: fetched, or with `offline` read from cargo's cache of
 * it. Every sparse registry goes through here, whether `--registry` or cargo's configuration
 * (source replacement, `[registries]`) named it.
 */
export function openSparseIndex(
  registry: string,
  source: SourceId,
  options: Pick<OpenIndexOptions, 'offline' | 'cargoHome' | 'sparse'>,
): IndexSource {
  const base = sparseBaseUrl(registry);
  if (!options.offline) return sparseIndex(registry, source, options.sparse);
  const cargoHome = options.cargoHome ?? process.env.CARGO_HOME ?? join(homedir(), '.cargo');
  const host = new URL(base).hostname;
  const dirs = cargoCacheDirs(cargoHome, host);
  const where = join(cargoHome, 'registry', 'index');
  if (dirs.length === 0) {
    throw new UserError(`--offline: cargo has no cached copy of ${base} under ${where}`, undefined, [
      'run cargo once with network access (e.g. `cargo generate-lockfile`), or pass --registry DIR',
    ]);
  }
  // Every crates.io directory caches the same registry; another host's several directories may
  // be several registries (other ports or paths), which the directory names cannot tell apart.
  if (dirs.length > 1 && base !== sparseBaseUrl(CRATES_IO_SPARSE)) {
    throw new UserError(`--offline: cargo's cache has several registries on ${host}, cannot tell which is ${base}`, undefined, dirs);
  }
  return cargoCacheIndex(dirs, source);
}

function openDirectory(dir: string): IndexSource {
  const path = resolve(dir);
  const isDir = statSync(path, { throwIfNoEntry: false })?.isDirectory();
  if (!isDir) {
    throw new UserError(`--registry ${dir}: not a directory (expected an index directory or a sparse+http(s):// URL)`);
  }
  return directoryIndex(path, cratesIo);
}
