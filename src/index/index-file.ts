import type { Summary } from '../cargo/summary.js';
import { Version } from '../cargo/version.js';
import type { EntryContext } from './entry-check.js';
import { scanBytes, scanned } from './line-scan.js';
import { type Entry, MaybeIndexSummary, readEntry } from './maybe-summary.js';

/**
 * A crates.io index file, read as cargo reads one (cargo 1.95, src/sources/registry/index/mod.rs,
 * `Summaries::parse`): each line's name and version at once (line-scan.ts), the rest checked as
 * cargo checks it (entry-check.ts) when a requirement first takes that version
 * (maybe-summary.ts). A version listed twice keeps its last line, and the lines cargo would skip
 * are listed, with why.
 */

export type { EntryContext } from './entry-check.js';
export { INDEX_V_MAX } from './entry-check.js';

export interface SkippedEntry {
  line: number;
  name: string;
  version: string;
  reason: string;
}

export interface ParsedIndexFile {
  /**
   * One per usable version, in file order; a version listed twice keeps its last entry, as cargo
   * does. Reading it checks every line of the file.
   */
  readonly summaries: Summary[];
  /** The lines cargo would ignore, and why; reading it checks every line too. */
  readonly skipped: SkippedEntry[];
  /**
   * The usable versions `accept` takes, in file order, checking only their lines: cargo parses
   * the entries of its index cache only once a requirement matches them (`MaybeIndexSummary`),
   * and a resolution looks at about a third of the versions of the crates it reads.
   */
  matching(accept: (version: Version) => boolean): Summary[];
  /** Whether some usable version is named exactly `name`, checking lines until one is. */
  lists(name: string): boolean;
}

/** A blob and the 1-based line (or entry number) it is cited by. */
export interface IndexBlob {
  text: string;
  line: number;
}

/** An index file's text, read as its UTF-8 bytes are (see parseIndexBytes). */
export function parseIndexFile(text: string, ctx: EntryContext): ParsedIndexFile {
  return parseIndexBytes(Buffer.from(text, 'utf8'), ctx);
}

/**
 * An index file's bytes: summaries keep where their line is in the buffer, outside the
 * JavaScript heap, instead of the text of every file of the closure, which the garbage collector
 * would copy from one generation to the next. A line is decoded on its own, and only when it is
 * checked; `\n` is never part of a multi-byte UTF-8 sequence, so each line decodes as it would
 * within the whole file.
 */
export function parseIndexBytes(data: Buffer, ctx: EntryContext): ParsedIndexFile {
  const file = new FileParser(ctx, data);
  for (let start = 0, line = 1; start <= data.length; line++) {
    let end = data.indexOf(0x0a, start);
    if (end < 0) end = data.length;
    file.addBytes(start, end, line);
    start = end + 1;
  }
  return file.finish();
}

/** Lines that do not follow one another in a file (cargo's cache entries), each with its own number. */
export function parseIndexBlobs(blobs: Iterable<IndexBlob>, ctx: EntryContext): ParsedIndexFile {
  const list = [...blobs];
  const bytes = list.map((b) => Buffer.from(b.text, 'utf8'));
  const file = new FileParser(ctx, Buffer.concat(bytes));
  let start = 0;
  for (let i = 0; i < list.length; i++) {
    const end = start + bytes[i]!.length;
    file.addBytes(start, end, list[i]!.line);
    start = end;
  }
  return file.finish();
}

class FileParser {
  // Cargo 1.95 keeps an index file's versions in a map keyed by version, so a later line for the
  // same version (build metadata included) replaces an earlier one, even when the later one is
  // unusable.
  private readonly byVersion = new Map<string, MaybeIndexSummary>();
  private readonly skipped: SkippedEntry[] = [];
  /** The previous line's name, shared by the next line that has it (as every line of a file does). */
  private lastName = '';
  private lastNameAt = -1;

  constructor(
    private readonly ctx: EntryContext,
    private readonly data: Buffer,
  ) {}

  /** The line at `start`..`end` of the bytes given to the constructor. */
  addBytes(start: number, end: number, line: number): void {
    const { data } = this;
    if (scanBytes(data, start, end)) {
      const { nameStart, nameEnd } = scanned;
      const len = nameEnd - nameStart;
      let name = this.lastName;
      if (len !== name.length || this.lastNameAt < 0 || data.compare(data, this.lastNameAt, this.lastNameAt + len, nameStart, nameEnd) !== 0) {
        name = data.toString('latin1', nameStart, nameEnd);
        this.lastName = name;
        this.lastNameAt = nameStart;
      }
      return this.addLine(name, data.toString('latin1', scanned.versStart, scanned.versEnd), line, start, end);
    }
    const text = data.toString('utf8', start, end);
    if (text.trim() !== '') this.addParsed(readEntry(text, line, { data, start, end }, this.ctx), line);
  }

  private addLine(name: string, vers: string, line: number, start: number, end: number): void {
    const version = Version.tryParse(vers);
    // A version cargo cannot read takes the slow way, to be reported as it would be.
    if (!version) {
      const { data } = this;
      return this.addParsed(readEntry(data.toString('utf8', start, end), line, { data, start, end }, this.ctx), line);
    }
    this.put(new MaybeIndexSummary(line, name, version, start, end));
  }

  private addParsed(entry: Entry, line: number): void {
    // An entry without a usable version never reaches cargo's map, so it replaces nothing.
    if (entry.kind === 'skipped' && !entry.versionParsed) {
      this.skipped.push({ line, name: entry.name, version: entry.version, reason: entry.reason });
      return;
    }
    const l = new MaybeIndexSummary(line, entry.name, entry.kind === 'summary' ? entry.summary.version : Version.parse(entry.version), 0, 0);
    l.entry = entry;
    this.put(l);
  }

  private put(l: MaybeIndexSummary): void {
    const key = l.version.toString();
    const earlier = this.byVersion.get(key);
    if (earlier) {
      this.skipped.push({ line: earlier.line, name: l.name, version: key, reason: `superseded by line ${l.line}, which lists the same version` });
      this.byVersion.delete(key);
    }
    this.byVersion.set(key, l);
  }

  finish(): ParsedIndexFile {
    // Insertion order is the order of each version's last line, i.e. file order.
    return new IndexFile([...this.byVersion.values()], this.skipped, this.ctx, this.data);
  }
}

class IndexFile implements ParsedIndexFile {
  #all: { summaries: Summary[]; skipped: SkippedEntry[] } | undefined;

  constructor(
    private readonly lines: MaybeIndexSummary[],
    private readonly superseded: SkippedEntry[],
    private readonly ctx: EntryContext,
    private readonly data: Buffer,
  ) {}

  matching(accept: (version: Version) => boolean): Summary[] {
    const out: Summary[] = [];
    for (const l of this.lines) {
      if (!accept(l.version)) continue;
      const entry = l.parse(this.data, this.ctx);
      if (entry.kind === 'summary') out.push(entry.summary);
    }
    return out;
  }

  lists(name: string): boolean {
    return this.lines.some((l) => l.name === name && l.parse(this.data, this.ctx).kind === 'summary');
  }

  get summaries(): Summary[] {
    return this.all().summaries;
  }

  get skipped(): SkippedEntry[] {
    return this.all().skipped;
  }

  private all(): { summaries: Summary[]; skipped: SkippedEntry[] } {
    if (this.#all) return this.#all;
    const summaries: Summary[] = [];
    const skipped = [...this.superseded];
    for (const l of this.lines) {
      const entry = l.parse(this.data, this.ctx);
      if (entry.kind === 'summary') {
        summaries.push(entry.summary);
      } else {
        skipped.push({ line: l.line, name: entry.name, version: entry.version, reason: entry.reason });
      }
    }
    skipped.sort((a, b) => a.line - b.line);
    this.#all = { summaries, skipped };
    return this.#all;
  }
}
