import type { TomlTable, TomlValue } from 'smol-toml';
import { Version, VersionParseError } from '../cargo/version.js';
import {
  DEFAULT_EDITION,
  type Edition,
  editionIncompatibility,
  invalidResolverMessage,
  parseEdition,
  parseResolver,
  parseRustVersion,
  type ResolverVersion,
  type RustVersion,
} from './edition.js';
import { INHERITABLE_PACKAGE_KEYS, type InheritableFields, InheritError, inheritPackageField } from './inheritance.js';
import { invalidPackageName } from './names.js';
import type { KeyPath, TomlDocument } from './toml-document.js';
import { isTable, optionalString, readString, readStringArray, typeError } from './toml-values.js';
import type { ManifestWarning } from './warnings.js';

/** The `[package]` keys resolution depends on, after `x.workspace = true` is resolved. */
export interface PackageFields {
  name: string;
  /** 0.0.0 when absent, as cargo 1.75+. */
  version: Version;
  edition: Edition;
  rustVersion?: RustVersion;
  links?: string;
  /** `package.resolver`, or `workspace.resolver` of this same manifest. */
  resolver?: ResolverVersion;
}

export interface PackageFieldsContext {
  doc: TomlDocument;
  /** `package`, or the deprecated `project`. */
  tableKey: string;
  table: TomlTable;
  inherit: () => InheritableFields;
  warn: (w: ManifestWarning) => void;
}

export function readPackageFields(ctx: PackageFieldsContext): PackageFields {
  const { doc, tableKey, table } = ctx;
  const at = (key: string): KeyPath => [tableKey, key];
  const resolved = new Map<string, TomlValue>();
  // Cargo resolves every inherited key, so a missing `workspace.package.authors` is an error
  // even though authors never matter to resolution.
  for (const key of INHERITABLE_PACKAGE_KEYS) {
    const v = table[key];
    if (v !== undefined) resolved.set(key, isTable(v) ? inherited(ctx, key, v) : v);
  }

  const edition = readEditionField(ctx, resolved.get('edition'));
  const rvValue = resolved.get('rust-version');
  let rustVersion: RustVersion | undefined;
  if (rvValue !== undefined) {
    const parsed = parseRustVersion(readString(doc, at('rust-version'), rvValue, 'a semver or workspace'));
    if ('error' in parsed) throw doc.error(parsed.error, at('rust-version'));
    rustVersion = parsed.version;
  }

  const nameValue = table['name'];
  if (nameValue === undefined) throw doc.error('missing field `package.name`', [tableKey]);
  const name = readString(doc, at('name'), nameValue);
  const invalidName = invalidPackageName(name);
  if (invalidName) throw doc.error(invalidName, at('name'));

  const versionValue = resolved.get('version');
  let version = Version.parse('0.0.0');
  if (versionValue !== undefined) {
    const text = readString(doc, at('version'), versionValue, 'SemVer version');
    try {
      version = Version.parse(text);
    } catch (err) {
      if (!(err instanceof VersionParseError)) throw err;
      throw doc.error(`invalid version \`${text}\`: ${err.reason}`, at('version'));
    }
  }
  checkPublish(ctx, resolved.get('publish'), versionValue !== undefined);

  if (edition.explicit && rustVersion) {
    const problem = editionIncompatibility(edition.edition, rustVersion);
    if (problem) throw doc.error(problem, at('rust-version'));
  }
  if (tableKey === 'project') {
    if (edition.edition === '2024') {
      throw doc.error('`[project]` is not supported as of the 2024 Edition, please use `[package]`', [tableKey]);
    }
    ctx.warn({
      file: doc.file,
      line: doc.lineOf([tableKey]),
      message: '`[project]` is deprecated in favor of `[package]`',
    });
  }

  return {
    name,
    version,
    edition: edition.edition,
    rustVersion,
    links: optionalString(doc, table, [tableKey], 'links'),
    resolver: readResolver(ctx),
  };
}

// `x = { workspace = true }` / `x.workspace = true`: cargo's `TomlInheritedField` (cargo 1.95,
// crates/cargo-util-schemas/src/manifest/mod.rs).
function inherited(ctx: PackageFieldsContext, key: string, v: TomlTable): TomlValue {
  const { doc, tableKey } = ctx;
  const at: KeyPath = [tableKey, key];
  const w = v['workspace'];
  if (w === undefined) throw doc.error('missing field `workspace`', at);
  if (w !== true) {
    throw w === false
      ? doc.error('`workspace` cannot be false', [...at, 'workspace'])
      : typeError(doc, [...at, 'workspace'], w, 'a boolean');
  }
  try {
    return inheritPackageField(ctx.inherit(), key);
  } catch (err) {
    if (!(err instanceof InheritError)) throw err;
    throw doc.error(
      `error inheriting \`${key}\` from workspace root manifest's \`workspace.package.${key}\`: ${err.message}`,
      at,
    );
  }
}

function readEditionField(
  ctx: PackageFieldsContext,
  value: TomlValue | undefined,
): { edition: Edition; explicit: boolean } {
  const { doc, tableKey } = ctx;
  if (value === undefined) {
    ctx.warn({
      file: doc.file,
      line: doc.lineOf([tableKey]),
      message: `no edition set: defaulting to the ${DEFAULT_EDITION} edition while the latest is 2024`,
    });
    return { edition: DEFAULT_EDITION, explicit: false };
  }
  const text = readString(doc, [tableKey, 'edition'], value, 'a string or workspace');
  const parsed = parseEdition(text);
  if ('error' in parsed) throw doc.error(`failed to parse the \`edition\` key: ${parsed.error}`, [tableKey, 'edition']);
  return { edition: parsed.edition, explicit: true };
}

// Without a version a package cannot be published, so cargo insists `publish` says so.
function checkPublish(ctx: PackageFieldsContext, value: TomlValue | undefined, hasVersion: boolean): void {
  const { doc, tableKey } = ctx;
  if (value === undefined || hasVersion) {
    if (value !== undefined && typeof value !== 'boolean') readStringArray(doc, [tableKey, 'publish'], value);
    return;
  }
  const publishes = typeof value === 'boolean' ? value : readStringArray(doc, [tableKey, 'publish'], value).length > 0;
  if (publishes) throw doc.error('`package.publish` requires `package.version` be specified', [tableKey, 'publish']);
}

function readResolver(ctx: PackageFieldsContext): ResolverVersion | undefined {
  const { doc, tableKey, table } = ctx;
  const own = optionalString(doc, table, [tableKey], 'resolver');
  const ws = isTable(doc.root['workspace'])
    ? optionalString(doc, doc.root['workspace'], ['workspace'], 'resolver')
    : undefined;
  if (own !== undefined && ws !== undefined) {
    throw doc.error('cannot specify `resolver` field in both `[workspace]` and `[package]`', [tableKey, 'resolver']);
  }
  const text = own ?? ws;
  if (text === undefined) return undefined;
  const r = parseResolver(text);
  if (!r)
    throw doc.error(
      invalidResolverMessage(text),
      own !== undefined ? [tableKey, 'resolver'] : ['workspace', 'resolver'],
    );
  return r;
}
