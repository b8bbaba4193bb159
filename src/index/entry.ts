import { UserError } from '../errors.js';
import { Requirement } from '../cargo/requirement.js';
import { registrySource, type SourceId } from '../cargo/source-id.js';
import type { Dependency, DependencyKind, FeatureMap, Origin, Summary } from '../cargo/summary.js';
import { Version } from '../cargo/version.js';
import {
  FieldError,
  array,
  bool,
  featureTable,
  isFeatureTable,
  isObject,
  isStringArray,
  isU32,
  optional,
  required,
  str,
  strings,
  u32,
  withDefault,
  type JsonObject,
} from './json-fields.js';
import { parsePlatform } from '../cargo/platform.js';
import { featureMap, featureProblem, type DependencyShape, type FeatureTable } from './summary-check.js';

/**
 * One line of a crates.io index file, read the way cargo 1.95 reads it
 * (src/cargo/sources/registry/index/mod.rs, `IndexSummary::parse`).
 *
 * Cargo never fails on an entry it cannot use: a newer schema version (`v`) or anything that
 * does not deserialize or validate makes that version unavailable, nothing more, so that old
 * cargos keep working as the index grows. We skip the same entries and say why. A line that is
 * not JSON at all, or has no name and version, cannot come from a well-formed index, so it is
 * reported as corruption instead of being dropped silently.
 */

/** The highest `v` cargo 1.95 understands: 2 added `features2`; 3 (artifact deps) is unstable. */
export const INDEX_V_MAX = 2;

export interface EntryContext {
  /** What the summaries' `source` says: the registry the index stands for. */
  source: SourceId;
  /** The path or URL the text came from, for origins and error messages. */
  file: string;
}

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

/** Where an unbuilt summary's line can be read again: its place in the file's bytes. */
type LineSource = { data: Buffer; start: number; end: number };

/**
 * A line whose name and version were read without parsing it, checked when first wanted. Every
 * line of every file read has one, all alive until the end, so it holds offsets rather than an
 * object for where its text is.
 */
class IndexLine {
  entry: Entry | undefined = undefined;

  constructor(
    readonly line: number,
    readonly name: string,
    readonly version: Version,
    readonly start: number,
    readonly end: number,
  ) {}
}

class FileParser {
  // Cargo 1.95 keeps an index file's versions in a map keyed by version, so a later line for the
  // same version (build metadata included) replaces an earlier one, even when the later one is
  // unusable.
  private readonly byVersion = new Map<string, IndexLine>();
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
    if (text.trim() !== '') this.addParsed(parseEntry(text, line, { data, start, end }, this.ctx), line);
  }

  private addLine(name: string, vers: string, line: number, start: number, end: number): void {
    const version = Version.tryParse(vers);
    // A version cargo cannot read takes the slow way, to be reported as it would be.
    if (!version) {
      const { data } = this;
      return this.addParsed(parseEntry(data.toString('utf8', start, end), line, { data, start, end }, this.ctx), line);
    }
    this.put(new IndexLine(line, name, version, start, end));
  }

  private addParsed(entry: Entry, line: number): void {
    // An entry without a usable version never reaches cargo's map, so it replaces nothing.
    if (entry.kind === 'skipped' && !entry.versionParsed) {
      this.skipped.push({ line, name: entry.name, version: entry.version, reason: entry.reason });
      return;
    }
    const l = new IndexLine(line, entry.name, entry.kind === 'summary' ? entry.summary.version : Version.parse(entry.version), 0, 0);
    l.entry = entry;
    this.put(l);
  }

  private put(l: IndexLine): void {
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
    private readonly lines: IndexLine[],
    private readonly superseded: SkippedEntry[],
    private readonly ctx: EntryContext,
    private readonly data: Buffer,
  ) {}

  matching(accept: (version: Version) => boolean): Summary[] {
    const out: Summary[] = [];
    for (const l of this.lines) {
      if (!accept(l.version)) continue;
      const entry = this.check(l);
      if (entry.kind === 'summary') out.push(entry.summary);
    }
    return out;
  }

  lists(name: string): boolean {
    return this.lines.some((l) => l.name === name && this.check(l).kind === 'summary');
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
      const entry = this.check(l);
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

  private check(l: IndexLine): Entry {
    if (l.entry) return l.entry;
    const { data } = this;
    let entry = parseEntry(data.toString('utf8', l.start, l.end), l.line, { data, start: l.start, end: l.end }, this.ctx);
    // Only a key given twice can make the parse disagree with the scan; serde refuses those.
    if (entry.name !== l.name || entry.version !== l.version.toString()) {
      entry = { kind: 'skipped', name: l.name, version: l.version.toString(), versionParsed: true, reason: 'duplicate field `name` or `vers`' };
    }
    l.entry = entry;
    return entry;
  }
}

const NAME_KEY_BYTES = Buffer.from('{"name":"');
const VERS_KEY_BYTES = Buffer.from('","vers":"');

/** Where scanBytes found the name and version: one object for all lines, read at once. */
const scanned = { nameStart: 0, nameEnd: 0, versStart: 0, versEnd: 0 };

/**
 * Whether a line has the shape every index writes (`{"name":"…","vers":"…",…}`, name and version
 * in ASCII without escapes), so that its name and version can be read without parsing it; the
 * places go to `scanned`. Anything else, a line that does not end in `}` included, is parsed at
 * once, so that a truncated line is reported as soon as its file is read.
 */
function scanBytes(data: Buffer, start: number, end: number): boolean {
  if (!hasAt(data, start, end, NAME_KEY_BYTES)) return false;
  const nameStart = start + NAME_KEY_BYTES.length;
  const nameEnd = plainStringEnd(data, nameStart, end);
  if (nameEnd < 0 || !hasAt(data, nameEnd, end, VERS_KEY_BYTES)) return false;
  const versStart = nameEnd + VERS_KEY_BYTES.length;
  const versEnd = plainStringEnd(data, versStart, end);
  if (versEnd < 0) return false;
  let last = end - 1;
  while (last > versEnd && (data[last] === 0x20 || data[last] === 0x09 || data[last] === 0x0d)) last--;
  if (data[last] !== 0x7d) return false;
  scanned.nameStart = nameStart;
  scanned.nameEnd = nameEnd;
  scanned.versStart = versStart;
  scanned.versEnd = versEnd;
  return true;
}

function hasAt(data: Buffer, at: number, end: number, bytes: Buffer): boolean {
  if (at + bytes.length > end) return false;
  for (let i = 0; i < bytes.length; i++) if (data[at + i] !== bytes[i]) return false;
  return true;
}

/** Where a JSON string of plain ASCII starting at `from` ends (its closing quote), or -1. */
function plainStringEnd(data: Buffer, from: number, end: number): number {
  for (let i = from; i < end; i++) {
    const b = data[i]!;
    if (b === 0x22) return i;
    if (b === 0x5c || b >= 0x80 || b < 0x20) return -1;
  }
  return -1;
}

type Entry =
  | { kind: 'summary'; name: string; version: string; summary: Summary }
  | { kind: 'skipped'; name: string; version: string; versionParsed: boolean; reason: string };

function corrupt(ctx: EntryContext, line: number, what: string): UserError {
  return new UserError(`corrupt index entry: ${what}`, { file: ctx.file, line });
}

/** Parses one non-blank line; throws a UserError for corruption, returns a skip for the rest. */
function parseEntry(text: string, line: number, source: LineSource, ctx: EntryContext): Entry {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw corrupt(ctx, line, `not valid JSON (${(err as Error).message})`);
  }
  if (!isObject(json)) throw corrupt(ctx, line, 'expected a JSON object');
  if (typeof json.name !== 'string') throw corrupt(ctx, line, 'no `name` string');
  if (typeof json.vers !== 'string') throw corrupt(ctx, line, 'no `vers` string');
  const name = json.name;
  let version: Version | undefined;
  let versionError = '';
  try {
    version = Version.parse(json.vers);
  } catch (err) {
    versionError = (err as Error).message;
  }
  const skip = (reason: string): Entry => ({
    kind: 'skipped',
    name,
    version: version?.toString() ?? (json.vers as string),
    versionParsed: version !== undefined,
    reason,
  });
  if (!version) return skip(`\`vers\`: ${versionError}`);

  // Cargo reads `v` even from an entry it cannot otherwise understand, and an unknown schema
  // version is the first reason to give up on one.
  const v = typeof json.v === 'number' ? json.v : 1;
  if (v > INDEX_V_MAX) return skip(`index schema version ${v} is newer than cargo 1.95 understands (${INDEX_V_MAX})`);
  try {
    const origin: Origin = { kind: 'index', file: ctx.file, line };
    return readEntry(json, source, name, version, origin, ctx.source);
  } catch (err) {
    if (err instanceof FieldError) return skip(err.message);
    throw err;
  }
}

/**
 * Checks an entry as cargo does, and returns its summary with the dependency list and feature
 * map left to be built from the line when first read: a closure holds every version of hundreds
 * of crates and the resolver looks at the dependencies of a fraction of them, while the rest
 * would only be garbage to collect.
 */
function readEntry(
  o: JsonObject,
  line: LineSource,
  name: string,
  version: Version,
  origin: Origin,
  source: SourceId,
): Entry {
  // Read directly, not through json-fields, so that each field's load sees the few shapes index
  // lines come in; a field of the wrong type sends the entry the slow way, to report it as serde
  // would, in the order it would. The casts are what these checks then make sure of.
  const rawDeps = o.deps as unknown[];
  const features = o.features as FeatureTable | undefined;
  const features2 = (o.features2 ?? undefined) as FeatureTable | undefined;
  const checksum = o.cksum as string;
  const yanked = (o.yanked ?? false) as boolean;
  const links = (o.links ?? null) as string | null;
  const rustVersion = (o.rust_version ?? null) as string | null;
  const pubtime = (o.pubtime ?? undefined) as string | undefined;
  const v = o.v ?? undefined;
  if (
    !Array.isArray(rawDeps) ||
    !(features === undefined || isFeatureTable(features)) ||
    !(features2 === undefined || isFeatureTable(features2)) ||
    typeof checksum !== 'string' ||
    typeof yanked !== 'boolean' ||
    !(links === null || typeof links === 'string') ||
    !(rustVersion === null || typeof rustVersion === 'string') ||
    !(pubtime === undefined || typeof pubtime === 'string') ||
    !(v === undefined || isU32(v))
  ) {
    checkEntryFields(o);
  }
  if (rustVersion !== null) checkRustVersion(rustVersion);
  if (pubtime !== undefined) checkPubtime(pubtime);

  // Cargo rejects the whole entry for any bad dependency, so each is checked; building them waits.
  let featureInputs = !isEmpty(features) || !isEmpty(features2);
  for (let i = 0; i < rawDeps.length; i++) {
    const d = checkDependency(rawDeps[i], i);
    if (d.optional === true) featureInputs = true;
  }
  // Without features or optional dependencies there is nothing for cargo's feature checks to find.
  if (featureInputs) {
    const problem = featureProblem(features, features2, (rawDeps as JsonObject[]).map(dependencyShape));
    if (problem !== undefined) throw new FieldError(problem);
  }

  // Property order is that of a Summary built in one go.
  const summary = { name, version, source } as Summary;
  Object.defineProperties(summary, BUILT_ON_FIRST_READ);
  summary.links = links;
  summary.checksum = checksum;
  summary.yanked = yanked;
  summary.rustVersion = rustVersion;
  summary.origin = origin;
  Object.defineProperty(summary, PENDING, { value: line, writable: true });
  return { kind: 'summary', name, version: version.toString(), summary };
}

/** The checks readEntry makes at once, one field at a time: throws what cargo would report first. */
function checkEntryFields(o: JsonObject): void {
  required(o, 'deps', array);
  withDefault(o, 'features', featureTable, undefined);
  optional(o, 'features2', featureTable);
  required(o, 'cksum', str);
  optional(o, 'yanked', bool);
  optional(o, 'links', str);
  const rustVersion = optional(o, 'rust_version', str);
  if (rustVersion !== undefined) checkRustVersion(rustVersion);
  const pubtime = optional(o, 'pubtime', str);
  if (pubtime !== undefined) checkPubtime(pubtime);
  optional(o, 'v', u32);
}

/** The line a summary's dependencies and features are built from, until they are. */
const PENDING = Symbol('index line');

class Built {
  constructor(
    readonly dependencies: Dependency[],
    readonly features: FeatureMap,
  ) {}
}

type Unbuilt = Summary & { [PENDING]: LineSource | Built };

// Own enumerable accessors, so a spread copy of a summary has both; one getter pair for all. The
// resolver reads them in its inner loops, where they are inlined: building stays out of line.
const BUILT_ON_FIRST_READ: PropertyDescriptorMap = {
  dependencies: {
    get(this: Unbuilt) {
      const parts = this[PENDING];
      return parts instanceof Built ? parts.dependencies : build(this).dependencies;
    },
    enumerable: true,
  },
  features: {
    get(this: Unbuilt) {
      const parts = this[PENDING];
      return parts instanceof Built ? parts.features : build(this).features;
    },
    enumerable: true,
  },
};

function build(s: Unbuilt): Built {
  const pending = s[PENDING] as LineSource;
  const text = pending.data.toString('utf8', pending.start, pending.end);
  // The line passed every check when it was read, so this cannot throw.
  const o = JSON.parse(text) as JsonObject;
  const dependencies = (o.deps as JsonObject[]).map((d) => toDependency(d, s.origin!, s.source));
  const features = featureMap(o.features as FeatureTable | undefined, (o.features2 ?? undefined) as FeatureTable | undefined, dependencies);
  const parts = new Built(dependencies, features);
  s[PENDING] = parts;
  return parts;
}

function isEmpty(table: FeatureTable | undefined): boolean {
  for (const _ in table) return false;
  return true;
}

/** What cargo's feature checks look at in a dependency that passed checkDependency. */
function dependencyShape(d: JsonObject): DependencyShape {
  return { nameInToml: d.name as string, optional: (d.optional ?? false) as boolean, kind: depKind((d.kind ?? undefined) as string | undefined) };
}

/** Checks a `deps` element as cargo's deserializer and `Dependency` parsing do, first problem first. */
function checkDependency(raw: unknown, index: number): JsonObject {
  if (!isObject(raw)) throw new FieldError(`\`deps[${index}]\`: expected a map`);
  // As in readEntry: direct loads, and the field-by-field checks only to report a wrong type.
  const nameInToml = raw.name;
  const reqText = raw.req;
  const target = raw.target ?? undefined;
  const registry = raw.registry ?? undefined;
  const pkg = raw.package ?? undefined;
  if (
    typeof nameInToml !== 'string' ||
    typeof reqText !== 'string' ||
    !(raw.features === undefined || isStringArray(raw.features)) ||
    !(raw.optional === undefined || typeof raw.optional === 'boolean') ||
    !(raw.default_features === undefined || typeof raw.default_features === 'boolean') ||
    !(target === undefined || typeof target === 'string') ||
    !(raw.kind == null || typeof raw.kind === 'string') ||
    !(registry === undefined || typeof registry === 'string') ||
    !(pkg === undefined || typeof pkg === 'string') ||
    !(raw.public == null || typeof raw.public === 'boolean') ||
    !(raw.artifact == null || isStringArray(raw.artifact)) ||
    !(raw.bindep_target == null || typeof raw.bindep_target === 'string') ||
    !(raw.lib === undefined || typeof raw.lib === 'boolean')
  ) {
    checkDependencyFields(raw);
  }
  return checkDependencyValues(raw, index, nameInToml as string, reqText as string, target as string | undefined, registry as string | undefined, pkg as string | undefined);
}

/** The type checks checkDependency makes at once, one field at a time, to throw the first. */
function checkDependencyFields(raw: JsonObject): void {
  required(raw, 'name', str);
  required(raw, 'req', str);
  withDefault(raw, 'features', strings, undefined);
  withDefault(raw, 'optional', bool, undefined);
  withDefault(raw, 'default_features', bool, undefined);
  optional(raw, 'target', str);
  optional(raw, 'kind', str);
  optional(raw, 'registry', str);
  optional(raw, 'package', str);
  optional(raw, 'public', bool);
  optional(raw, 'artifact', strings);
  optional(raw, 'bindep_target', str);
  withDefault(raw, 'lib', bool, undefined);
}

function checkDependencyValues(
  raw: JsonObject,
  index: number,
  nameInToml: string,
  reqText: string,
  target: string | undefined,
  registry: string | undefined,
  pkg: string | undefined,
): JsonObject {
  const name = pkg ?? nameInToml;
  if (name === '') throw new FieldError(`\`deps[${index}]\`: empty dependency name`);
  if (registry !== undefined && !URL.canParse(registry)) {
    throw new FieldError(`dependency \`${nameInToml}\`: invalid registry URL \`${registry}\``);
  }
  if (!Requirement.tryParse(reqText)) {
    throw new FieldError(`failed to parse the version requirement \`${reqText}\` for dependency \`${name}\``);
  }
  if (target !== undefined) {
    try {
      parsePlatform(target);
    } catch (err) {
      throw new FieldError(`dependency \`${nameInToml}\`: ${(err as Error).message}`);
    }
  }
  return raw;
}

/** A `deps` element of a line that passed checkDependency when it was read. */
function toDependency(d: JsonObject, origin: Origin, defaultSource: SourceId): Dependency {
  // Each field is absent or of its type, and `null` stands for absent where allowed.
  const nameInToml = d.name as string;
  const features = (d.features ?? []) as string[];
  const registry = (d.registry ?? undefined) as string | undefined;
  return {
    name: (d.package ?? nameInToml) as string,
    nameInToml,
    req: Requirement.parse(d.req as string),
    source: registry === undefined ? defaultSource : registrySource(registry),
    kind: depKind((d.kind ?? undefined) as string | undefined),
    target: (d.target ?? null) as string | null,
    optional: (d.optional ?? false) as boolean,
    defaultFeatures: (d.default_features ?? true) as boolean,
    // Old cargos published `""` in feature lists; cargo drops them rather than fail later.
    features: features.includes('') ? features.filter((f) => f !== '') : features,
    origin,
  };
}

function depKind(kind: string | undefined): DependencyKind {
  // Anything cargo does not recognise, `"normal"` included, is a normal dependency.
  return kind === 'dev' ? 'dev' : kind === 'build' ? 'build' : 'normal';
}

/** `RustVersion`: `1`, `1.70` or `1.70.0`, no pre-release or build metadata, no operator. */
function checkRustVersion(text: string): void {
  const full = Version.tryParse(text);
  if (full && /^\S+$/.test(text)) {
    if (full.isPrerelease || full.build.length) throw new FieldError(`\`rust_version\`: \`${text}\` has a pre-release or build metadata`);
    return;
  }
  const req = Requirement.tryParse(text);
  const c = req?.comparators;
  if (!c || c.length !== 1 || c[0]!.op !== '^' || text.trimStart().startsWith('^') || c[0]!.pre) {
    throw new FieldError(`\`rust_version\`: \`${text}\` is not a Rust version`);
  }
}

/** cargo-util-schemas' `parse_pubtime`: exactly `yyyy-mm-ddThh:mm:ssZ`, a real instant. */
function checkPubtime(text: string): void {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})Z$/.exec(text);
  const d = m ? new Date(text) : undefined;
  if (!m || !d || Number.isNaN(d.getTime()) || d.getUTCDate() !== Number(m[3])) {
    throw new FieldError(`\`pubtime\`: \`${text}\` is not a \`yyyy-mm-ddThh:mm:ssZ\` timestamp`);
  }
}
