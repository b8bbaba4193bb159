import { UserError } from '../errors.js';
import { Requirement } from '../cargo/requirement.js';
import { registrySource, type SourceId } from '../cargo/source-id.js';
import type { Dependency, DependencyKind, Origin, Summary } from '../cargo/summary.js';
import { Version } from '../cargo/version.js';
import {
  FieldError,
  array,
  bool,
  featureTable,
  isObject,
  optional,
  required,
  str,
  strings,
  u32,
  withDefault,
  type JsonObject,
} from './json-fields.js';
import { parsePlatform } from '../cargo/platform.js';
import { indexFeatureMap } from './summary-check.js';

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
  /** One per version, in file order; a version listed twice keeps its last entry, as cargo does. */
  summaries: Summary[];
  skipped: SkippedEntry[];
}

/** A blob and the 1-based line (or entry number) it is cited by. */
export interface IndexBlob {
  text: string;
  line: number;
}

export function parseIndexFile(text: string, ctx: EntryContext): ParsedIndexFile {
  return parseIndexBlobs(
    text.split('\n').map((t, i) => ({ text: t, line: i + 1 })),
    ctx,
  );
}

export function parseIndexBlobs(blobs: Iterable<IndexBlob>, ctx: EntryContext): ParsedIndexFile {
  // Cargo 1.95 keeps an index file's versions in a map keyed by version, so a later line for the
  // same version (build metadata included) replaces an earlier one, even when the later one is
  // unusable.
  const byVersion = new Map<string, { line: number; entry: Entry }>();
  const skipped: SkippedEntry[] = [];
  for (const blob of blobs) {
    if (blob.text.trim() === '') continue;
    const entry = parseEntry(blob.text, blob.line, ctx);
    // An entry without a usable version never reaches cargo's map, so it replaces nothing.
    if (entry.kind === 'skipped' && !entry.versionParsed) {
      skipped.push({ line: blob.line, name: entry.name, version: entry.version, reason: entry.reason });
      continue;
    }
    const key = entry.version;
    const earlier = byVersion.get(key);
    if (earlier) {
      skipped.push({ line: earlier.line, name: entry.name, version: key, reason: `superseded by line ${blob.line}, which lists the same version` });
      byVersion.delete(key);
    }
    byVersion.set(key, { line: blob.line, entry });
  }
  const summaries: Summary[] = [];
  // Insertion order is the order of each version's last line, i.e. file order.
  for (const { line, entry } of byVersion.values()) {
    if (entry.kind === 'summary') summaries.push(entry.summary);
    else skipped.push({ line, name: entry.name, version: entry.version, reason: entry.reason });
  }
  skipped.sort((a, b) => a.line - b.line);
  return { summaries, skipped };
}

type Entry =
  | { kind: 'summary'; name: string; version: string; summary: Summary }
  | { kind: 'skipped'; name: string; version: string; versionParsed: boolean; reason: string };

function corrupt(ctx: EntryContext, line: number, what: string): UserError {
  return new UserError(`corrupt index entry: ${what}`, { file: ctx.file, line });
}

/** Parses one non-blank line; throws a UserError for corruption, returns a skip for the rest. */
function parseEntry(text: string, line: number, ctx: EntryContext): Entry {
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
    return { kind: 'summary', name, version: version.toString(), summary: toSummary(json, name, version, origin, ctx.source) };
  } catch (err) {
    if (err instanceof FieldError) return skip(err.message);
    throw err;
  }
}

function toSummary(
  o: JsonObject,
  name: string,
  version: Version,
  origin: Origin,
  source: SourceId,
): Summary {
  const rawDeps = required(o, 'deps', array);
  const features = withDefault(o, 'features', featureTable, undefined);
  const features2 = optional(o, 'features2', featureTable);
  const checksum = required(o, 'cksum', str);
  const yanked = optional(o, 'yanked', bool) ?? false;
  const links = optional(o, 'links', str) ?? null;
  const rustVersion = optional(o, 'rust_version', str) ?? null;
  if (rustVersion !== null) checkRustVersion(rustVersion);
  const pubtime = optional(o, 'pubtime', str);
  if (pubtime !== undefined) checkPubtime(pubtime);
  optional(o, 'v', u32);

  const dependencies = rawDeps.map((d, i) => toDependency(d, i, origin, source));
  const declared = new Map<string, readonly string[]>(features ? Object.entries(features) : []);
  for (const [k, values] of Object.entries(features2 ?? {})) {
    const earlier = declared.get(k);
    declared.set(k, earlier ? [...earlier, ...values] : values);
  }
  const verdict = indexFeatureMap(declared, dependencies);
  if (verdict.problem !== undefined) throw new FieldError(verdict.problem);
  return {
    name,
    version,
    source,
    dependencies,
    features: verdict.features,
    links,
    checksum,
    yanked,
    rustVersion,
    origin,
  };
}

function toDependency(raw: unknown, index: number, origin: Origin, defaultSource: SourceId): Dependency {
  if (!isObject(raw)) throw new FieldError(`\`deps[${index}]\`: expected a map`);
  const nameInToml = required(raw, 'name', str);
  const reqText = required(raw, 'req', str);
  const features = withDefault(raw, 'features', strings, []);
  const optionalDep = withDefault(raw, 'optional', bool, false);
  const defaultFeatures = withDefault(raw, 'default_features', bool, true);
  const target = optional(raw, 'target', str) ?? null;
  const kind = optional(raw, 'kind', str);
  const registry = optional(raw, 'registry', str);
  const pkg = optional(raw, 'package', str);
  optional(raw, 'public', bool);
  optional(raw, 'artifact', strings);
  optional(raw, 'bindep_target', str);
  withDefault(raw, 'lib', bool, false);

  const name = pkg ?? nameInToml;
  if (name === '') throw new FieldError(`\`deps[${index}]\`: empty dependency name`);
  let source = defaultSource;
  if (registry !== undefined) {
    if (!URL.canParse(registry)) throw new FieldError(`dependency \`${nameInToml}\`: invalid registry URL \`${registry}\``);
    source = registrySource(registry);
  }
  const req = Requirement.tryParse(reqText);
  if (!req) {
    throw new FieldError(`failed to parse the version requirement \`${reqText}\` for dependency \`${name}\``);
  }
  if (target !== null) {
    try {
      parsePlatform(target);
    } catch (err) {
      throw new FieldError(`dependency \`${nameInToml}\`: ${(err as Error).message}`);
    }
  }
  return {
    name,
    nameInToml,
    req,
    source,
    kind: depKind(kind),
    target,
    optional: optionalDep,
    defaultFeatures,
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
