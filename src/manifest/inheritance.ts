import type { TomlTable, TomlValue } from 'smol-toml';
import { type DependencySpec, defaultFeaturesOf, type InheritedSpec } from './dependency-spec.js';
import type { Edition } from './edition.js';
import type { KeyPath, TomlDocument } from './toml-document.js';
import type { ManifestWarning } from './warnings.js';

/**
 * What a workspace root offers its members: `[workspace.package]` keys and
 * `[workspace.dependencies]` entries (cargo's `InheritableFields`; cargo 1.95,
 * src/workspace/parser/mod.rs).
 */
export interface InheritableFields {
  rootDir: string;
  doc: TomlDocument;
  package?: TomlTable;
  dependencies?: ReadonlyMap<string, DependencySpec>;
  lints?: TomlTable;
}

/** Thrown for a key the root does not define; the caller adds which member asked for it. */
export class InheritError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InheritError';
  }
}

export const INHERITABLE_PACKAGE_KEYS = [
  'authors',
  'categories',
  'description',
  'documentation',
  'edition',
  'exclude',
  'homepage',
  'include',
  'keywords',
  'license',
  'license-file',
  'publish',
  'readme',
  'repository',
  'rust-version',
  'version',
] as const;

export function inheritPackageField(fields: InheritableFields, key: string): TomlValue {
  const value = fields.package?.[key];
  if (value === undefined) throw new InheritError(`\`workspace.package.${key}\` was not defined`);
  return value;
}

/**
 * `lints.workspace = true` needs a `[workspace.lints]`, and takes all of it: cargo refuses lints
 * listed next to it rather than merging them.
 */
export function checkLintsInheritance(lints: TomlTable, inherit: () => InheritableFields): string | undefined {
  if (lints['workspace'] !== true) return undefined;
  if (Object.keys(lints).length > 1) {
    return 'cannot override `workspace.lints` in `lints`, either remove the overrides or `lints.workspace = true` and manually specify the lints';
  }
  try {
    if (!inherit().lints) throw new InheritError('`workspace.lints` was not defined');
  } catch (err) {
    if (!(err instanceof InheritError)) throw err;
    return `error inheriting \`lints\` from workspace root manifest's \`workspace.lints\`: ${err.message}`;
  }
  return undefined;
}

export interface InheritedDependency {
  spec: DependencySpec;
  /** The `[workspace.dependencies]` entry it came from. */
  rootKeyPath: KeyPath;
}

/**
 * Merge a member's `x = { workspace = true, ... }` onto the root's entry, as cargo 1.95 does:
 * features are appended to the root's, `optional`/`public` are the member's, and
 * `default-features` can only be turned back on (cargo 1.95 ignores `false` over a root entry
 * that has defaults, with a warning, and refuses it in edition 2024).
 */
export function inheritDependency(
  fields: InheritableFields,
  name: string,
  member: InheritedSpec,
  edition: Edition,
  warn: (w: ManifestWarning) => void,
  where: { file: string; line?: number },
): InheritedDependency {
  if (!fields.dependencies) throw new InheritError('`workspace.dependencies` was not defined');
  const root = fields.dependencies.get(name);
  if (!root) throw new InheritError(`\`dependency.${name}\` was not found in \`workspace.dependencies\``);
  const merged: DependencySpec = { ...root, unusedKeys: [] };
  const memberDefault = member.defaultFeatures ?? member.defaultFeaturesUnderscore;
  const rootDefault = defaultFeaturesOf(root);
  if (memberDefault === true && rootDefault === false) {
    merged.defaultFeatures = true;
  } else if (memberDefault === false && rootDefault !== false) {
    const was = rootDefault === true ? 'true' : 'not specified';
    if (edition === '2024') {
      throw new InheritError("`default-features = false` cannot override workspace's `default-features`");
    }
    warn({
      ...where,
      message: `\`default-features\` is ignored for ${name}, since \`default-features\` was ${was} for \`workspace.dependencies.${name}\`, this could become a hard error in the future`,
    });
  }
  if (root.features || member.features) merged.features = [...(root.features ?? []), ...(member.features ?? [])];
  merged.optional = member.optional;
  merged.public = member.public;
  return { spec: merged, rootKeyPath: ['workspace', 'dependencies', name] };
}
