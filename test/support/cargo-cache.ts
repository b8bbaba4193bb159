import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { indexPath } from '../../src/index/layout.js';
import { type IndexLine, indexLine } from './write-index.js';

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

/**
 * Fills cargo's index cache (`$CARGO_HOME/registry/index/<dir>/.cache/`) with every crate of the
 * index directory `index` that the crates `roots` (what the members depend on, dev-dependencies
 * included) can reach through any version's dependencies other than dev-dependencies, each
 * file's lines as they are, in cargo's cache format. An online run that fails stops fetching
 * where its search stops, so its cache lacks crates an offline search of the same workspace
 * reads, and cargo offline takes a crate not cached to be absent: its failure would then be
 * "no matching package", not the workspace's conflict. `cacheDir` is the `.cache` directory of
 * the source, which an online run of cargo has created. Returns how many crates were written.
 */
export async function fillCargoCache(cacheDir: string, index: string, roots: readonly string[]): Promise<number> {
  const seen = new Set<string>();
  let frontier = [...new Set(roots.map((r) => r.toLowerCase()))];
  while (frontier.length > 0) {
    const next: string[] = [];
    for (const name of frontier) {
      if (seen.has(name)) continue;
      seen.add(name);
      let text: string;
      try {
        text = await readFile(join(index, indexPath(name)), 'utf8');
      } catch {
        continue;
      }
      const parts: Buffer[] = [Buffer.from([3]), Buffer.from([2, 0, 0, 0]), Buffer.from('filled-by-test\0')];
      for (const line of text.split('\n')) {
        if (!line.trim()) continue;
        const entry = JSON.parse(line) as {
          vers: string;
          deps?: { name: string; package?: string | null; kind?: string | null }[];
        };
        parts.push(Buffer.from(`${entry.vers}\0${line}\0`));
        for (const d of entry.deps ?? []) {
          if (d.kind === 'dev') continue;
          next.push((d.package ?? d.name).toLowerCase());
        }
      }
      const file = join(cacheDir, indexPath(name));
      await mkdir(dirname(file), { recursive: true });
      await writeFile(file, Buffer.concat(parts));
    }
    frontier = next;
  }
  return seen.size;
}
