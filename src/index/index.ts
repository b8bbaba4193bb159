// The crates.io index: entries, the places they come from, and the snapshot the resolver uses.
export { CACHE_INDEX_V, CACHE_VERSION, parseCacheFile, type CacheFile } from './cargo-cache.js';
export { cachedIndex } from './cached-source.js';
export { CRATES_IO_CACHE_DIR, cargoCacheDirs, cargoCacheIndex, cargoValidators } from './cargo-cache-source.js';
export { directoryIndex } from './directory-source.js';
export {
  INDEX_V_MAX,
  parseIndexBlobs,
  parseIndexBytes,
  parseIndexFile,
  type EntryContext,
  type IndexBlob,
  type ParsedIndexFile,
  type SkippedEntry,
  type UnusableLine,
  unusableLineWarning,
  unusableWords,
} from './index-file.js';
export { indexPath } from './layout.js';
export { openIndex, type OpenIndexOptions } from './open.js';
export { parseCfgExpr, parsePlatform, PlatformParseError, type CfgExpr, type Platform } from '../cargo/platform.js';
export { memoizedLocalSource, memoizedSource, type IndexSource } from './source.js';
export { httpClient, type HttpClient, type IndexAnswer, type Validators } from './http-client.js';
export { DEFAULT_HTTP_SETTINGS, type HttpSettings } from './http-settings.js';
export { cacheRoot, IndexCache, type CacheEntry } from './index-cache.js';
export { IndexSnapshot, type FetchProgress } from './snapshot.js';
export { sparseBaseUrl, sparseIndex, type FetchStats, type SparseOptions } from './sparse-source.js';
