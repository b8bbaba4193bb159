import type { Summary } from '../cargo/summary.js';
import { Version } from '../cargo/version.js';
import { visible } from '../text/visible.js';
import type { EntryContext, SkipKind } from './entry-check.js';
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
  /** Cargo's reason to leave the line out (see SkipKind), or a later line of the same version. */
  why: SkipKind | 'superseded';
  reason: string;
}

/** A line cargo leaves out because it cannot use it (not one superseded), and where it is. */
export interface UnusableLine extends SkippedEntry {
  why: SkipKind;
  /** The index file or URL the line is in. */
  file: string;
  /** The crate whose file it is (the lowercased name it is looked up by). */
  crate: string;
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
  /** How many versions the file lists (cargo's map by version), before any line is checked. */
  readonly versionCount: number;
  /**
   * Tells `listener` of each line found unusable, once: those found so far at once, the rest as
   * checking them finds them (the file is read lazily, so a line nothing asks for is never
   * checked, and never reported).
   */
  onUnusable(listener: (line: UnusableLine) => void): void;
  /** Every unusable line, which checks every line. */
  unusable(): UnusableLine[];
}

/**
 * The warning for a line cargo leaves out: the file and line, the crate, and why. A newer schema
 * version is how the index grows (cargo stays quiet about it and so do we); the rest is damage
 * a user may want to know about, though resolution goes on without it as cargo's does.
 */
export function unusableLineWarning(u: UnusableLine): string | undefined {
  if (u.why === 'unsupported') return undefined;
  const name = visible(u.name || u.crate);
  const what = u.version === '' ? `\`${name}\`` : `\`${name}\` ${visible(u.version)}`;
  return `${u.file}:${u.line}: skipping the index entry of ${what}, as cargo does: ${visible(u.reason)}`;
}

/** Cargo's words for a line it leaves out (`version 1.0.0's index entry is invalid`), and why. */
export function unusableWords(u: UnusableLine): string {
  const version = u.version === '' ? undefined : `version ${visible(u.version)}`;
  const reason = visible(u.reason);
  switch (u.why) {
    case 'unsupported':
      return `${version ?? 'an entry'} requires a newer Cargo: ${reason}`;
    case 'invalid':
      return `${version}'s index entry is invalid: ${reason}`;
    case 'unreadable':
      return `${version ? `the line of ${version}` : 'a line'} cannot be read: ${reason}`;
  }
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
  private readonly superseded: SkippedEntry[] = [];
  /** Lines with no version cargo can read: checked at once, and in no version's place. */
  private readonly unreadable: SkippedEntry[] = [];
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
      if (
        len !== name.length ||
        this.lastNameAt < 0 ||
        data.compare(data, this.lastNameAt, this.lastNameAt + len, nameStart, nameEnd) !== 0
      ) {
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
      this.unreadable.push({ line, name: entry.name, version: entry.version, why: entry.why, reason: entry.reason });
      return;
    }
    const l = new MaybeIndexSummary(
      line,
      entry.name,
      entry.kind === 'summary' ? entry.summary.version : Version.parse(entry.version),
      0,
      0,
    );
    l.entry = entry;
    this.put(l);
  }

  private put(l: MaybeIndexSummary): void {
    const key = l.version.toString();
    const earlier = this.byVersion.get(key);
    if (earlier) {
      this.superseded.push({
        line: earlier.line,
        name: l.name,
        version: key,
        why: 'superseded',
        reason: `superseded by line ${l.line}, which lists the same version`,
      });
      this.byVersion.delete(key);
    }
    this.byVersion.set(key, l);
  }

  finish(): ParsedIndexFile {
    // Insertion order is the order of each version's last line, i.e. file order.
    return new IndexFile([...this.byVersion.values()], this.superseded, this.unreadable, this.ctx, this.data);
  }
}

class IndexFile implements ParsedIndexFile {
  #all: { summaries: Summary[]; skipped: SkippedEntry[] } | undefined;
  /** Unusable lines found so far, in the order found, and who is told of them. */
  readonly #found: UnusableLine[] = [];
  readonly #listeners: ((line: UnusableLine) => void)[] = [];
  readonly #crate: string;

  constructor(
    private readonly lines: MaybeIndexSummary[],
    private readonly superseded: SkippedEntry[],
    unreadable: SkippedEntry[],
    private readonly ctx: EntryContext,
    private readonly data: Buffer,
  ) {
    // Every index path ends in the crate's lowercased name (layout.ts), cargo's cache's too.
    this.#crate = ctx.file.slice(Math.max(ctx.file.lastIndexOf('/'), ctx.file.lastIndexOf('\\')) + 1);
    for (const u of unreadable) this.found(u);
    // Lines that could not be scanned were checked at once.
    for (const l of lines)
      if (l.entry?.kind === 'skipped')
        this.found({
          line: l.line,
          name: l.entry.name,
          version: l.entry.version,
          why: l.entry.why,
          reason: l.entry.reason,
        });
  }

  matching(accept: (version: Version) => boolean): Summary[] {
    const out: Summary[] = [];
    for (const l of this.lines) {
      if (!accept(l.version)) continue;
      const entry = this.parse(l);
      if (entry.kind === 'summary') out.push(entry.summary);
    }
    return out;
  }

  lists(name: string): boolean {
    return this.lines.some((l) => l.name === name && this.parse(l).kind === 'summary');
  }

  get versionCount(): number {
    return this.lines.length;
  }

  onUnusable(listener: (line: UnusableLine) => void): void {
    for (const u of this.#found) listener(u);
    this.#listeners.push(listener);
  }

  unusable(): UnusableLine[] {
    this.all();
    return [...this.#found].sort((a, b) => a.line - b.line);
  }

  get summaries(): Summary[] {
    return this.all().summaries;
  }

  get skipped(): SkippedEntry[] {
    return this.all().skipped;
  }

  /** A line checked, its problem told the first time it is found. */
  private parse(l: MaybeIndexSummary): Entry {
    if (l.entry) return l.entry;
    const entry = l.parse(this.data, this.ctx);
    if (entry.kind === 'skipped')
      this.found({ line: l.line, name: entry.name, version: entry.version, why: entry.why, reason: entry.reason });
    return entry;
  }

  private found(skip: SkippedEntry): void {
    if (skip.why === 'superseded') return;
    const u: UnusableLine = { ...skip, why: skip.why, file: this.ctx.file, crate: this.#crate };
    this.#found.push(u);
    for (const listener of this.#listeners) listener(u);
  }

  private all(): { summaries: Summary[]; skipped: SkippedEntry[] } {
    if (this.#all) return this.#all;
    const summaries: Summary[] = [];
    const skipped = [
      ...this.superseded,
      ...this.#found.map(({ line, name, version, why, reason }) => ({ line, name, version, why, reason })),
    ];
    for (const l of this.lines) {
      const checkedBefore = l.entry !== undefined;
      const entry = this.parse(l);
      if (entry.kind === 'summary') {
        summaries.push(entry.summary);
      } else if (!checkedBefore) {
        skipped.push({ line: l.line, name: entry.name, version: entry.version, why: entry.why, reason: entry.reason });
      }
    }
    skipped.sort((a, b) => a.line - b.line);
    this.#all = { summaries, skipped };
    return this.#all;
  }
}
