/**
 * Cargo's on-disk index cache (cargo 1.95, src/sources/registry/index/cache.rs): what a sparse
 * registry leaves behind under `$CARGO_HOME/registry/index/<name>-<hash>/.cache/<index path>`.
 * Layout:
 *
 *   u8 cache version (3) | u32 LE index schema version (2) | index file version | 0
 *   then per index entry: version | 0 | JSON line | 0
 *
 * The index file version is the ETag or Last-Modified cargo saw. Entries are the index file's
 * lines in order, minus any cargo could not even read a name and version from.
 */
export const CACHE_VERSION = 3;
export const CACHE_INDEX_V = 2;

export interface CacheFile {
  indexVersion: string;
  entries: { version: string; json: string }[];
}

/** Undefined when cargo would not use the file either (another cargo's format, or truncated). */
export function parseCacheFile(data: Uint8Array): CacheFile | undefined {
  if (data.length < 5 || data[0] !== CACHE_VERSION) return undefined;
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  if (view.getUint32(1, true) !== CACHE_INDEX_V) return undefined;
  const decoder = new TextDecoder('utf-8', { fatal: true });
  const pieces: string[] = [];
  try {
    for (let start = 5; start < data.length; ) {
      let end = data.indexOf(0, start);
      if (end < 0) end = data.length;
      pieces.push(decoder.decode(data.subarray(start, end)));
      start = end + 1;
    }
  } catch {
    return undefined;
  }
  const [indexVersion, ...rest] = pieces;
  if (indexVersion === undefined || rest.length % 2 !== 0) return undefined;
  const entries: CacheFile['entries'] = [];
  for (let i = 0; i < rest.length; i += 2) entries.push({ version: rest[i]!, json: rest[i + 1]! });
  return { indexVersion, entries };
}
