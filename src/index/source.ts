import type { SourceId } from '../cargo/source-id.js';
import type { Summary } from '../cargo/summary.js';
import type { ParsedIndexFile } from './index-file.js';
import { hasIndexPath } from './layout.js';

/**
 * Somewhere crates.io-style index files come from. Lookup is by the lowercased name (see
 * layout.ts), so the summaries of `Inflector` are returned for `inflector` too; they carry their
 * real name, and the resolver must compare names exactly, as cargo does.
 */
export interface IndexSource {
  /** The registry the summaries belong to (crates.io when the index stands in for it). */
  readonly source: SourceId;
  /** Where the files come from, for messages: a directory, a URL, a cache directory. */
  readonly description: string;
  /** Every usable version of the crate in file order; undefined when the crate does not exist. */
  load(name: string): Promise<Summary[] | undefined>;
  /** The same, with the entries cargo would ignore and why. */
  loadFile(name: string): Promise<ParsedIndexFile | undefined>;
  /**
   * The same at once, for an index on this machine (a directory, cargo's cache), so the resolver
   * can read a crate when it first asks for it; absent for an index that must be fetched.
   */
  loadFileSync?(name: string): ParsedIndexFile | undefined;
}

/**
 * An IndexSource that reads each file at most once, however many callers ask at the same time:
 * the resolver asks for a crate from many places, and a file is both a network request and a
 * parse of every line.
 */
export function memoizedSource(
  source: SourceId,
  description: string,
  read: (lowercaseName: string) => Promise<ParsedIndexFile | undefined>,
): IndexSource {
  const files = new Map<string, Promise<ParsedIndexFile | undefined>>();
  const loadFile = (name: string): Promise<ParsedIndexFile | undefined> => {
    const key = name.toLowerCase();
    let file = files.get(key);
    if (!file) {
      file = hasIndexPath(key) ? read(key) : Promise.resolve(undefined);
      files.set(key, file);
    }
    return file;
  };
  return {
    source,
    description,
    loadFile,
    load: async (name) => (await loadFile(name))?.summaries,
  };
}

/** The same for an index on this machine, read synchronously and also offered as such. */
export function memoizedLocalSource(
  source: SourceId,
  description: string,
  read: (lowercaseName: string) => ParsedIndexFile | undefined,
): IndexSource {
  const files = new Map<string, ParsedIndexFile | undefined>();
  const loadFileSync = (name: string): ParsedIndexFile | undefined => {
    const key = name.toLowerCase();
    if (files.has(key)) return files.get(key);
    const file = hasIndexPath(key) ? read(key) : undefined;
    files.set(key, file);
    return file;
  };
  const loadFile = async (name: string) => loadFileSync(name);
  return {
    source,
    description,
    loadFile,
    loadFileSync,
    load: async (name) => loadFileSync(name)?.summaries,
  };
}
