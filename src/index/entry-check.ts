import { parsePlatform } from '../cargo/platform.js';
import { Requirement } from '../cargo/requirement.js';
import type { SourceId } from '../cargo/source-id.js';
import type { DependencyKind } from '../cargo/summary.js';
import { Version } from '../cargo/version.js';
import {
  array,
  bool,
  FieldError,
  featureTable,
  isFeatureTable,
  isObject,
  isStringArray,
  isU32,
  type JsonObject,
  optional,
  required,
  str,
  strings,
  u32,
  withDefault,
} from './json-fields.js';
import { type DependencyShape, type FeatureTable, featureProblem } from './summary-check.js';

/**
 * One line of a crates.io index file, checked the way cargo 1.95 checks it (cargo 1.95,
 * src/sources/registry/index/mod.rs, `IndexSummary::parse`, and the serde derives of
 * crates/cargo-util-schemas/src/index.rs), in cargo's order, so that the first problem found is the
 * one cargo would name.
 *
 * Cargo never fails on an entry it cannot use: a newer schema version (`v`) or anything that
 * does not deserialize or validate makes that version unavailable, nothing more, so that old
 * cargos keep working as the index grows, and a line that is not JSON at all, or has no name and
 * version (a file cut short by a full disk or a broken mirror), is dropped (`Summaries::parse`
 * logs it at `info` level and goes on). We skip the same entries, and say so (index-file.ts).
 */

/** The highest `v` cargo 1.95 understands: 2 added `features2`; 3 (artifact deps) is unstable. */
export const INDEX_V_MAX = 2;

export interface EntryContext {
  /** What the summaries' `source` says: the registry the index stands for. */
  source: SourceId;
  /** The path or URL the text came from, for origins and error messages. */
  file: string;
}

/**
 * Why cargo does not offer a line: `unreadable`, no name and version can be read from it (cargo
 * drops it before its map by version); `invalid`, they can but the rest does not deserialize or
 * validate (cargo's `IndexSummary::Invalid`); `unsupported`, a newer schema version
 * (`IndexSummary::Unsupported`), which is how the index grows, not damage.
 */
export type SkipKind = 'unreadable' | 'invalid' | 'unsupported';

/** What checking a line finds: the fields of a usable version, or why cargo skips it. */
export type CheckedEntry =
  | {
      kind: 'usable';
      name: string;
      version: Version;
      links: string | null;
      checksum: string;
      yanked: boolean;
      rustVersion: string | null;
    }
  | {
      kind: 'skipped';
      /** The name, or for an unreadable line what its start says (empty when nothing does). */
      name: string;
      /** The version as written, or for an unreadable line what its start says. */
      version: string;
      /** Whether `version` is a version cargo reads, so that the line has a place in cargo's map. */
      versionParsed: boolean;
      why: SkipKind;
      reason: string;
    };

/** Checks one non-blank line: a usable version, or why cargo skips it. Never throws. */
export function checkEntry(text: string): CheckedEntry {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    return unreadable(text, `not valid JSON (${(err as Error).message})`);
  }
  if (!isObject(json)) return unreadable(text, 'not a JSON object');
  if (typeof json.name !== 'string') return unreadable(text, 'no `name` string');
  if (typeof json.vers !== 'string') return unreadable(text, 'no `vers` string');
  const name = json.name;
  let version: Version | undefined;
  let versionError = '';
  try {
    version = Version.parse(json.vers);
  } catch (err) {
    versionError = (err as Error).message;
  }
  const skip = (why: SkipKind, reason: string): CheckedEntry => ({
    kind: 'skipped',
    name,
    version: version?.toString() ?? (json.vers as string),
    versionParsed: version !== undefined,
    why,
    reason,
  });
  // Cargo's `IndexPackageMinimum` wants a semver version: without one the line is dropped.
  if (!version) return skip('unreadable', `\`vers\`: ${versionError}`);

  // Cargo reads `v` even from an entry it cannot otherwise understand, and an unknown schema
  // version is the first reason to give up on one.
  const v = typeof json.v === 'number' ? json.v : 1;
  if (v > INDEX_V_MAX)
    return skip('unsupported', `index schema version ${v} is newer than cargo 1.95 understands (${INDEX_V_MAX})`);
  try {
    return checkFields(json, name, version);
  } catch (err) {
    if (err instanceof FieldError) return skip('invalid', err.message);
    throw err;
  }
}

/**
 * A line no name and version can be read from. What its start says, when it starts as every
 * index line does, names it in messages (a line cut short keeps its start); it never makes
 * the line a candidate.
 */
function unreadable(text: string, reason: string): CheckedEntry {
  const start = /^\s*\{\s*"name"\s*:\s*"([^"\\]{0,200})"\s*,\s*"vers"\s*:\s*"([^"\\]{0,200})"/.exec(text);
  return {
    kind: 'skipped',
    name: start?.[1] ?? '',
    version: start?.[2] ?? '',
    versionParsed: false,
    why: 'unreadable',
    reason,
  };
}

/**
 * The checks of an entry past its name, version and schema version. Its dependencies and
 * features are checked here but not built: that waits until the summary's are first read
 * (maybe-summary.ts).
 */
function checkFields(o: JsonObject, name: string, version: Version): CheckedEntry {
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

  return { kind: 'usable', name, version, links, checksum, yanked, rustVersion };
}

/** The checks checkFields makes at once, one field at a time: throws what cargo would report first. */
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

function isEmpty(table: FeatureTable | undefined): boolean {
  for (const _ in table) return false;
  return true;
}

/** What cargo's feature checks look at in a dependency that passed checkDependency. */
function dependencyShape(d: JsonObject): DependencyShape {
  return {
    nameInToml: d.name as string,
    optional: (d.optional ?? false) as boolean,
    kind: depKind((d.kind ?? undefined) as string | undefined),
  };
}

/** Checks a `deps` element as cargo's deserializer and `Dependency` parsing do, first problem first. */
function checkDependency(raw: unknown, index: number): JsonObject {
  if (!isObject(raw)) throw new FieldError(`\`deps[${index}]\`: expected a map`);
  // As in checkFields: direct loads, and the field-by-field checks only to report a wrong type.
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
  return checkDependencyValues(
    raw,
    index,
    nameInToml as string,
    reqText as string,
    target as string | undefined,
    registry as string | undefined,
    pkg as string | undefined,
  );
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

export function depKind(kind: string | undefined): DependencyKind {
  // Anything cargo does not recognise, `"normal"` included, is a normal dependency.
  return kind === 'dev' ? 'dev' : kind === 'build' ? 'build' : 'normal';
}

/** `RustVersion`: `1`, `1.70` or `1.70.0`, no pre-release or build metadata, no operator. */
function checkRustVersion(text: string): void {
  const full = Version.tryParse(text);
  if (full && /^\S+$/.test(text)) {
    if (full.isPrerelease || full.build.length)
      throw new FieldError(`\`rust_version\`: \`${text}\` has a pre-release or build metadata`);
    return;
  }
  const req = Requirement.tryParse(text);
  const c = req?.comparators;
  if (c?.length !== 1 || c[0]!.op !== '^' || text.trimStart().startsWith('^') || c[0]!.pre) {
    throw new FieldError(`\`rust_version\`: \`${text}\` is not a Rust version`);
  }
}

/**
 * cargo's `parse_pubtime` (cargo 1.95, crates/cargo-util-schemas/src/index.rs): exactly
 * `yyyy-mm-ddThh:mm:ssZ`, a real instant.
 */
function checkPubtime(text: string): void {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})Z$/.exec(text);
  const d = m ? new Date(text) : undefined;
  if (!m || !d || Number.isNaN(d.getTime()) || d.getUTCDate() !== Number(m[3])) {
    throw new FieldError(`\`pubtime\`: \`${text}\` is not a \`yyyy-mm-ddThh:mm:ssZ\` timestamp`);
  }
}
