import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { randomHex, sha256Hex } from '../fsutil/digest.js';
import type { Validators } from './http-client.js';
import { indexPath } from './layout.js';

/**
 * cargo-whatif's own cache of sparse index files, so that the next run asks the server "has it
 * changed?" (and gets 304 Not Modified) instead of downloading again, and `--offline` works
 * after one online run. One directory per index URL; one file per crate at its index path:
 *
 *   cargo-whatif index cache 1\n
 *   {"url": ..., "etag": ..., "lastModified": ..., "absent": false, "length": N, "sha256": ...}\n
 *   the body as the server sent it (N bytes)
 *
 * A file is trusted only when its header reads and its body has exactly that length and hash:
 * a file cut short by a crash, or damaged, is ignored and fetched again. Files are written to a
 * temporary name and renamed into place, so two runs at once each see a whole file or none, and
 * the last to finish wins. Cargo's own cache is never written.
 */
const MAGIC = 'cargo-whatif index cache 1\n';

export interface CacheEntry {
  validators: Validators;
  /** The index file; undefined when the server said that no such crate exists. */
  body?: Buffer;
}

/**
 * The cache's root: `CARGO_WHATIF_CACHE_DIR` when set, else the platform's cache directory
 * (`$XDG_CACHE_HOME` or `~/.cache` on Linux, `~/Library/Caches` on macOS, `%LOCALAPPDATA%` on
 * Windows) with `cargo-whatif` under it.
 */
export function cacheRoot(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
  home = homedir(),
): string {
  const own = env.CARGO_WHATIF_CACHE_DIR;
  if (own) return resolve(own);
  // The XDG spec says a relative value is to be ignored.
  const xdg = env.XDG_CACHE_HOME;
  if (xdg && isAbsolute(xdg)) return join(xdg, 'cargo-whatif');
  if (platform === 'darwin') return join(home, 'Library', 'Caches', 'cargo-whatif');
  if (platform === 'win32') return join(env.LOCALAPPDATA || join(home, 'AppData', 'Local'), 'cargo-whatif', 'cache');
  return join(home, '.cache', 'cargo-whatif');
}

/** One index URL's files in the cache. */
export class IndexCache {
  /** The first failure to write, if any: the run goes on without caching, and says so once. */
  writeProblem: string | undefined;
  /** Told of the first failure to write. */
  onProblem: ((message: string) => void) | undefined;

  private constructor(
    readonly dir: string,
    readonly url: string,
  ) {}

  /** `root/index/<host>-<16 hex digits of the URL's hash>`: readable, and one per URL. */
  static forIndex(root: string, baseUrl: string): IndexCache {
    const host = new URL(baseUrl).hostname.replace(/[^A-Za-z0-9.-]/g, '_') || 'index';
    const hash = sha256Hex(baseUrl).slice(0, 16);
    return new IndexCache(join(root, 'index', `${host}-${hash}`), baseUrl);
  }

  fileOf(name: string): string {
    return join(this.dir, indexPath(name));
  }

  /** The cached entry, or undefined when there is none or it cannot be trusted. */
  read(name: string): CacheEntry | undefined {
    let data: Buffer;
    try {
      data = readFileSync(this.fileOf(name));
    } catch {
      return undefined;
    }
    return decodeEntry(data, this.url + indexPath(name));
  }

  write(name: string, entry: CacheEntry): void {
    const file = this.fileOf(name);
    const tmp = `${file}.${process.pid}-${randomHex(6)}.tmp`;
    try {
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(tmp, encodeEntry(entry, this.url + indexPath(name)), { flag: 'wx' });
      renameSync(tmp, file);
    } catch (err) {
      try {
        rmSync(tmp, { force: true });
      } catch {
        // Nothing was written to remove (its directory could not be made).
      }
      if (this.writeProblem === undefined) {
        this.writeProblem = `cannot write the index cache ${this.dir} (the run goes on without it): ${(err as Error).message}`;
        this.onProblem?.(this.writeProblem);
      }
    }
  }
}

interface Header {
  url: string;
  etag?: string;
  lastModified?: string;
  absent: boolean;
  length: number;
  sha256: string;
}

export function encodeEntry(entry: CacheEntry, url: string): Buffer {
  const body = entry.body ?? Buffer.alloc(0);
  const header: Header = {
    url,
    ...entry.validators,
    absent: entry.body === undefined,
    length: body.length,
    sha256: sha256Hex(body),
  };
  return Buffer.concat([Buffer.from(MAGIC + JSON.stringify(header) + '\n', 'utf8'), body]);
}

export function decodeEntry(data: Buffer, url: string): CacheEntry | undefined {
  if (data.length < MAGIC.length || data.toString('latin1', 0, MAGIC.length) !== MAGIC) return undefined;
  const end = data.indexOf(0x0a, MAGIC.length);
  if (end < 0) return undefined;
  let header: Header;
  try {
    header = JSON.parse(data.toString('utf8', MAGIC.length, end)) as Header;
  } catch {
    return undefined;
  }
  if (typeof header !== 'object' || header === null || header.url !== url || typeof header.length !== 'number')
    return undefined;
  const body = data.subarray(end + 1);
  if (body.length !== header.length || sha256Hex(body) !== header.sha256) return undefined;
  const validators: Validators = {
    ...(typeof header.etag === 'string' && { etag: header.etag }),
    ...(typeof header.lastModified === 'string' && { lastModified: header.lastModified }),
  };
  return header.absent === true ? { validators } : { validators, body };
}
