import { indexLine, type IndexLine } from './write-index.js';

/**
 * Written from cache.rs (`SummariesCache::serialize`), independently of our reader: cache version
 * byte 3, index schema version 2 as a little-endian u32, the index file version, then
 * version/JSON pairs, every piece NUL-terminated.
 */
export function cargoCacheBytes(indexVersion: string, lines: IndexLine[], header = { cache: 3, indexV: 2 }): Buffer {
  const v = Buffer.alloc(4);
  v.writeUInt32LE(header.indexV);
  const parts: Buffer[] = [Buffer.from([header.cache]), v, Buffer.from(indexVersion + '\0')];
  for (const l of lines) parts.push(Buffer.from(`${l.vers}\0${indexLine(l).line}\0`));
  return Buffer.concat(parts);
}
