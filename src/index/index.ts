// The crates.io index: entries, the places they come from, and the snapshot the resolver uses.

export { type CfgExpr, type Platform, PlatformParseError, parseCfgExpr, parsePlatform } from '../cargo/platform.js';
export { cachedIndex } from './cached-source.js';
export { CACHE_INDEX_V, CACHE_VERSION, type CacheFile, parseCacheFile } from './cargo-cache.js';
export { CRATES_IO_CACHE_DIR, cargoCacheDirs, cargoCacheIndex, cargoValidators } from './cargo-cache-source.js';
export { directoryIndex } from './directory-source.js';
export { type HttpClient, httpClient, type IndexAnswer, type Validators } from './http-client.js';
export { DEFAULT_HTTP_SETTINGS, type HttpSettings } from './http-settings.js';
export { type CacheEntry, cacheRoot, IndexCache } from './index-cache.js';
export {
  type EntryContext,
  INDEX_V_MAX,
  type IndexBlob,
  type ParsedIndexFile,
  parseIndexBlobs,
  parseIndexBytes,
  parseIndexFile,
  type SkippedEntry,
  type UnusableLine,
  unusableLineWarning,
  unusableWords,
} from './index-file.js';
export { indexPath } from './layout.js';
export { type OpenIndexOptions, openIndex } from './open.js';
export { type FetchProgress, IndexSnapshot } from './snapshot.js';
export { type IndexSource, memoizedLocalSource, memoizedSource } from './source.js';
export { type FetchStats, type SparseOptions, sparseBaseUrl, sparseIndex } from './sparse-source.js';
