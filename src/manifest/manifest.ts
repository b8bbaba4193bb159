import path from 'node:path';
import type { TomlTable } from 'smol-toml';
import { pathSource } from '../cargo/source-id.js';
import type { Summary } from '../cargo/summary.js';
import { checkCargoFeatures } from './cargo-features.js';
import { readDependencies } from './dependency-tables.js';
import {
  type Edition,
  invalidResolverMessage,
  parseResolver,
  type ResolverVersion,
  rustVersionText,
} from './edition.js';
import { type DeclaredFeature, featureMapOf } from './features.js';
import { checkLintsInheritance, type InheritableFields } from './inheritance.js';
import { type PatchEntry, type Replacement, readPatches, readReplacements } from './overrides.js';
import { readPackageFields } from './package-fields.js';
import type { RegistryIndexes } from './registries.js';
import { hasAnyTarget, hasBuildScript } from './targets.js';
import { type TomlDocument, withLocation } from './toml-document.js';
import { isTable, optionalTable, readStringArray, sortedKeys } from './toml-values.js';
import type { ManifestWarning } from './warnings.js';
import { readWorkspaceConfig, type WorkspaceConfig, type WorkspaceRootConfig } from './workspace-config.js';

/** A Cargo.toml with a `[package]`. */
export interface PackageManifest {
  kind: 'package';
  manifestPath: string;
  dir: string;
  workspace: WorkspaceConfig;
  summary: Summary;
  edition: Edition;
  /** Set only when this manifest says so (`package.resolver` or its own `workspace.resolver`). */
  resolver?: ResolverVersion;
  patches: PatchEntry[];
  replacements: Replacement[];
  warnings: ManifestWarning[];
}

/** A Cargo.toml with `[workspace]` and no `[package]`. */
export interface VirtualManifest {
  kind: 'virtual';
  manifestPath: string;
  dir: string;
  workspace: { kind: 'root'; root: WorkspaceRootConfig };
  resolver?: ResolverVersion;
  patches: PatchEntry[];
  replacements: Replacement[];
  warnings: ManifestWarning[];
}

export type Manifest = PackageManifest | VirtualManifest;

export interface ReadManifestOptions {
  /**
   * The fields of the workspace root this manifest belongs to; called only if the manifest
   * inherits something and is not itself the root. Throw `InheritError` when there is no root.
   */
  inheritable: () => InheritableFields;
  /** Where `registry = "name"` points: cargo's configuration. */
  registries: RegistryIndexes;
}

// Sections cargo only accepts next to a `[package]`.
const PACKAGE_ONLY = [
  'badges',
  'features',
  'lib',
  'bin',
  'example',
  'test',
  'bench',
  'dependencies',
  'dev-dependencies',
  'dev_dependencies',
  'build-dependencies',
  'build_dependencies',
  'target',
  'lints',
  'hints',
];

/** Read one manifest as cargo 1.95's `read_manifest` does, resolving workspace inheritance. */
export function readManifest(doc: TomlDocument, options: ReadManifestOptions): Manifest {
  const warnings: ManifestWarning[] = [];
  const warn = (w: ManifestWarning) => warnings.push(w);
  checkCargoFeatures(doc, warn);
  const workspace = readWorkspaceConfig(doc);
  if (workspace.kind === 'root') warnUnusedWorkspaceDependencyKeys(workspace.root, warn);
  const inherit = (): InheritableFields =>
    workspace.kind === 'root' ? workspace.root.inheritable : options.inheritable();

  const tableKey = isTable(doc.root['package']) ? 'package' : isTable(doc.root['project']) ? 'project' : undefined;
  if (tableKey) return readPackage(doc, tableKey, workspace, inherit, warnings, options.registries);
  if (workspace.kind !== 'root') throw doc.error('manifest is missing either a `[package]` or a `[workspace]`', []);

  const misplaced = PACKAGE_ONLY.find((k) => doc.root[k] !== undefined);
  if (misplaced) {
    const field = misplaced.replace('_', '-');
    const help = field === 'lints' ? '\nhelp: a similar field exists: `[workspace.lints]`' : '';
    throw doc.error(`this virtual manifest specifies a \`${field}\` section, which is not allowed${help}`, [misplaced]);
  }
  const ctx = { doc, edition: '2015' as const, warn, registries: options.registries };
  const replacements = readReplacements(ctx);
  const patches = readPatches(ctx);
  let resolver: ResolverVersion | undefined;
  if (workspace.root.resolver !== undefined) {
    resolver = parseResolver(workspace.root.resolver);
    if (!resolver) throw doc.error(invalidResolverMessage(workspace.root.resolver), ['workspace', 'resolver']);
  }
  return {
    kind: 'virtual',
    manifestPath: doc.file,
    dir: path.dirname(doc.file),
    workspace,
    resolver,
    patches,
    replacements,
    warnings,
  };
}

function readPackage(
  doc: TomlDocument,
  tableKey: string,
  workspace: WorkspaceConfig,
  inherit: () => InheritableFields,
  warnings: ManifestWarning[],
  registries: RegistryIndexes,
): PackageManifest {
  const warn = (w: ManifestWarning) => warnings.push(w);
  const dir = path.dirname(doc.file);
  const table = doc.root[tableKey] as TomlTable;
  const fields = readPackageFields({ doc, tableKey, table, inherit, warn });

  if (!hasAnyTarget(doc.root, table, dir)) {
    throw doc.error(
      'no targets specified in the manifest\neither src/lib.rs, src/main.rs, a [lib] section, or [[bin]] section must be present',
      [tableKey],
    );
  }
  if (fields.links !== undefined && !hasBuildScript(table, dir)) {
    throw doc.error(`package specifies that it links to \`${fields.links}\` but does not have a custom build script`, [
      tableKey,
      'links',
    ]);
  }

  const lints = optionalTable(doc, doc.root, [], 'lints');
  const lintsProblem = lints && checkLintsInheritance(lints, inherit);
  if (lintsProblem) throw doc.error(lintsProblem, ['lints']);

  const dependencies = readDependencies({
    doc,
    packageName: fields.name,
    edition: fields.edition,
    inherit,
    warn,
    registries,
  });
  const replacements = readReplacements({ doc, edition: fields.edition, warn, registries });
  const patches = readPatches({ doc, edition: fields.edition, warn, registries });
  const features = featureMapOf(doc, declaredFeatures(doc), dependencies);

  const summary: Summary = {
    name: fields.name,
    version: fields.version,
    source: pathSource(dir),
    dependencies,
    features,
    links: fields.links ?? null,
    checksum: null,
    yanked: false,
    rustVersion: fields.rustVersion ? rustVersionText(fields.rustVersion) : null,
    origin: withLocation({ kind: 'manifest' as const }, doc.locate([tableKey])),
  };
  return {
    kind: 'package',
    manifestPath: doc.file,
    dir,
    workspace,
    summary,
    edition: fields.edition,
    resolver: fields.resolver,
    patches,
    replacements,
    warnings,
  };
}

function declaredFeatures(doc: TomlDocument): DeclaredFeature[] {
  const table = optionalTable(doc, doc.root, [], 'features');
  if (!table) return [];
  return sortedKeys(table).map((name) => ({
    name,
    values: readStringArray(doc, ['features', name], table[name]!),
    keyPath: ['features', name],
  }));
}

function warnUnusedWorkspaceDependencyKeys(root: WorkspaceRootConfig, warn: (w: ManifestWarning) => void): void {
  const { doc, dependencies } = root.inheritable;
  for (const [name, spec] of dependencies ?? []) {
    for (const k of spec.unusedKeys) {
      const line = doc.lineOf(['workspace', 'dependencies', name, k]);
      warn({ file: doc.file, line, message: `unused manifest key: workspace.dependencies.${name}.${k}` });
    }
  }
}
