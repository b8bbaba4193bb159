import type { SourceId } from '../cargo/source-id.js';
import { UserError } from '../errors.js';
import { cargoCacheFile, readCargoCache } from './cargo-cache-source.js';
import type { IndexCache } from './index-cache.js';
import { parseIndexBytes } from './index-file.js';
import { indexPath } from './layout.js';
import { type IndexSource, memoizedLocalSource } from './source.js';

/**
 * A sparse index offline (`--offline`, `net.offline`): what cargo-whatif cached, else what cargo
 * cached, never the network. A crate in neither cache cannot be answered faithfully, so asking
 * for one is an error naming it; a crate the server said does not exist is absent, as online.
 * Origins cite the URL for our cache (which keeps the file as served) and cargo's cache file for
 * cargo's (whose entries may leave out lines cargo could not read).
 */
export function cachedIndex(
  baseUrl: string,
  source: SourceId,
  ours: IndexCache,
  cargoCacheDirs: readonly string[],
): IndexSource {
  const where = [
    `cargo-whatif's cache ${ours.dir}`,
    ...(cargoCacheDirs.length ? [`cargo's cache ${cargoCacheDirs.join(', ')}`] : []),
  ];
  return memoizedLocalSource(source, baseUrl, (name) => {
    const file = baseUrl + indexPath(name);
    const entry = ours.read(name);
    if (entry) return entry.body && parseIndexBytes(entry.body, { source, file });
    const cargo = readCargoCache(cargoCacheDirs, name);
    if (cargo) return cargoCacheFile(cargo.cache, source, cargo.file);
    throw new UserError(
      `--offline: crate \`${name}\` of ${baseUrl} is not cached (looked in ${where.join(' and ')})`,
      undefined,
      ['run once without --offline to fetch it (cargo-whatif keeps what it fetches), or pass --registry DIR'],
    );
  });
}
