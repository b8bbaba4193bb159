import type { TomlTable, TomlValue } from 'smol-toml';
import { invalidPackageName } from './names.js';
import type { KeyPath, TomlDocument } from './toml-document.js';
import {
  byteOrder,
  isTable,
  optionalBool,
  optionalString,
  optionalStringArray,
  readString,
  typeError,
} from './toml-values.js';

/**
 * One dependency entry as written (cargo's `TomlDetailedDependency`; cargo 1.95,
 * crates/cargo-util-schemas/src/manifest/mod.rs), before sources are resolved. The string form
 * `x = "1.0"` is the detailed form with only `version`.
 */
export interface DependencySpec {
  version?: string;
  registry?: string;
  registryIndex?: string;
  path?: string;
  /** The directory `path` is relative to: the manifest's, or the workspace root's when inherited. */
  pathBase?: string;
  base?: string;
  git?: string;
  branch?: string;
  tag?: string;
  rev?: string;
  features?: string[];
  optional?: boolean;
  defaultFeatures?: boolean;
  /** The deprecated `default_features` spelling, kept apart for cargo's edition checks. */
  defaultFeaturesUnderscore?: boolean;
  package?: string;
  public?: boolean;
  artifact?: string[];
  lib?: boolean;
  target?: string;
  unusedKeys: string[];
}

/** `x.workspace = true` / `x = { workspace = true, ... }`: only these keys may be added. */
export interface InheritedSpec {
  features?: string[];
  defaultFeatures?: boolean;
  defaultFeaturesUnderscore?: boolean;
  optional?: boolean;
  public?: boolean;
  unusedKeys: string[];
}

export type InheritableSpec = { kind: 'value'; spec: DependencySpec } | { kind: 'inherit'; spec: InheritedSpec };

const DETAILED_KEYS = new Set([
  'version',
  'registry',
  'registry-index',
  'path',
  'base',
  'git',
  'branch',
  'tag',
  'rev',
  'features',
  'optional',
  'default-features',
  'default_features',
  'package',
  'public',
  'artifact',
  'lib',
  'target',
]);

const INHERITED_KEYS = new Set(['workspace', 'features', 'default-features', 'default_features', 'optional', 'public']);

const EXPECTED = 'a version string like "0.9.8" or a detailed dependency like { version = "0.9.8" }';

export function defaultFeaturesOf(spec: {
  defaultFeatures?: boolean;
  defaultFeaturesUnderscore?: boolean;
}): boolean | undefined {
  return spec.defaultFeatures ?? spec.defaultFeaturesUnderscore;
}

export function parseDependencySpec(
  doc: TomlDocument,
  path: KeyPath,
  value: TomlValue,
  pathBase: string,
): DependencySpec {
  if (typeof value === 'string') return { version: value, pathBase, unusedKeys: [] };
  if (typeof value === 'boolean') {
    const notes = value
      ? [`if you meant to use a workspace member, you can write\n ${String(path.at(-1))}.workspace = true`]
      : [];
    throw doc.error(`invalid type: boolean \`${value}\`, expected ${EXPECTED}`, path, notes);
  }
  if (!isTable(value)) throw typeError(doc, path, value, EXPECTED);
  const t = value;
  const s = (key: string) => optionalString(doc, t, path, key);
  const pkg = s('package');
  const invalid = pkg === undefined ? undefined : invalidPackageName(pkg);
  if (invalid) throw doc.error(invalid, [...path, 'package']);
  const b = (key: string) => optionalBool(doc, t, path, key);
  return {
    version: s('version'),
    registry: s('registry'),
    registryIndex: s('registry-index'),
    path: s('path'),
    pathBase,
    base: s('base'),
    git: s('git'),
    branch: s('branch'),
    tag: s('tag'),
    rev: s('rev'),
    features: optionalStringArray(doc, t, path, 'features'),
    optional: b('optional'),
    defaultFeatures: b('default-features'),
    defaultFeaturesUnderscore: b('default_features'),
    package: pkg,
    public: b('public'),
    artifact: readArtifact(doc, t, path),
    lib: b('lib'),
    target: s('target'),
    unusedKeys: Object.keys(t)
      .filter((k) => !DETAILED_KEYS.has(k))
      .sort(byteOrder),
  };
}

/** A `[dependencies]`-style entry, which may also inherit from `[workspace.dependencies]`. */
export function parseInheritableSpec(
  doc: TomlDocument,
  path: KeyPath,
  value: TomlValue,
  pathBase: string,
): InheritableSpec {
  // Cargo first tries the inherited shape, which needs a boolean `workspace` key; anything
  // else is read as an ordinary entry (where `workspace` would be an unused key).
  if (isTable(value) && typeof value['workspace'] === 'boolean') {
    if (!value['workspace']) throw doc.error('`workspace` cannot be false', [...path, 'workspace']);
    return { kind: 'inherit', spec: parseInherited(doc, path, value) };
  }
  return { kind: 'value', spec: parseDependencySpec(doc, path, value, pathBase) };
}

function parseInherited(doc: TomlDocument, path: KeyPath, t: TomlTable): InheritedSpec {
  return {
    features: optionalStringArray(doc, t, path, 'features'),
    defaultFeatures: optionalBool(doc, t, path, 'default-features'),
    defaultFeaturesUnderscore: optionalBool(doc, t, path, 'default_features'),
    optional: optionalBool(doc, t, path, 'optional'),
    public: optionalBool(doc, t, path, 'public'),
    unusedKeys: Object.keys(t)
      .filter((k) => !INHERITED_KEYS.has(k))
      .sort(byteOrder),
  };
}

function readArtifact(doc: TomlDocument, t: TomlTable, path: KeyPath): string[] | undefined {
  const v = t['artifact'];
  if (v === undefined) return undefined;
  if (Array.isArray(v)) return v.map((el, i) => readString(doc, [...path, 'artifact', i], el));
  return [readString(doc, [...path, 'artifact'], v, 'a string or a sequence of strings')];
}
