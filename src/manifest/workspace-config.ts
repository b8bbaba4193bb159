import path from 'node:path';
import type { TomlTable } from 'smol-toml';
import { Version } from '../cargo/version.js';
import { type DependencySpec, parseDependencySpec } from './dependency-spec.js';
import { parseEdition, parseRustVersion } from './edition.js';
import type { InheritableFields } from './inheritance.js';
import type { TomlDocument } from './toml-document.js';
import { isTable, optionalString, optionalStringArray, optionalTable, readString, sortedKeys } from './toml-values.js';

/**
 * The workspace half of a manifest (cargo's `WorkspaceConfig`; cargo 1.95,
 * src/workspace/workspace.rs): either a root (`[workspace]`) or a package that may point at its
 * root with `package.workspace`. It is readable from the raw TOML alone, which is what root
 * discovery needs: cargo reads ancestors only to find a root.
 */
export interface WorkspaceRootConfig {
  rootDir: string;
  manifestPath: string;
  members?: string[];
  defaultMembers?: string[];
  exclude: string[];
  resolver?: string;
  inheritable: InheritableFields;
}

export type WorkspaceConfig = { kind: 'root'; root: WorkspaceRootConfig } | { kind: 'member'; rootPointer?: string };

export function readWorkspaceConfig(doc: TomlDocument): WorkspaceConfig {
  const pkgKey = isTable(doc.root['package']) ? 'package' : isTable(doc.root['project']) ? 'project' : undefined;
  const pkg = pkgKey ? (doc.root[pkgKey] as TomlTable) : undefined;
  const pointer = pkg && pkgKey ? optionalString(doc, pkg, [pkgKey], 'workspace') : undefined;
  const ws = optionalTable(doc, doc.root, [], 'workspace');
  if (!ws) return { kind: 'member', rootPointer: pointer };
  if (pointer !== undefined) {
    throw doc.error('cannot configure both `package.workspace` and `[workspace]`, only one can be specified', [
      pkgKey!,
      'workspace',
    ]);
  }
  const p = ['workspace'];
  const rootDir = path.dirname(doc.file);
  return {
    kind: 'root',
    root: {
      rootDir,
      manifestPath: doc.file,
      members: optionalStringArray(doc, ws, p, 'members'),
      defaultMembers: optionalStringArray(doc, ws, p, 'default-members'),
      exclude: optionalStringArray(doc, ws, p, 'exclude') ?? [],
      resolver: optionalString(doc, ws, p, 'resolver'),
      inheritable: {
        rootDir,
        doc,
        package: readInheritablePackage(doc, ws),
        dependencies: readWorkspaceDependencies(doc, ws, rootDir),
        lints: optionalTable(doc, ws, p, 'lints'),
      },
    },
  };
}

// `[workspace.package]` is typed in cargo (a bad `version` there fails the root, not the
// member that inherits it), so the keys resolution depends on are checked here.
function readInheritablePackage(doc: TomlDocument, ws: TomlTable): TomlTable | undefined {
  const p = ['workspace', 'package'];
  const table = optionalTable(doc, ws, ['workspace'], 'package');
  if (!table) return undefined;
  const version = table['version'];
  if (version !== undefined) {
    const text = readString(doc, [...p, 'version'], version, 'SemVer version');
    const parsed = Version.tryParse(text);
    if (!parsed) throw doc.error(`invalid version \`${text}\` in \`workspace.package.version\``, [...p, 'version']);
  }
  const edition = optionalString(doc, table, p, 'edition');
  if (edition !== undefined) {
    const e = parseEdition(edition);
    if ('error' in e) throw doc.error(e.error, [...p, 'edition']);
  }
  const rv = table['rust-version'];
  if (rv !== undefined) {
    const r = parseRustVersion(readString(doc, [...p, 'rust-version'], rv, 'SemVer version'));
    if ('error' in r) throw doc.error(r.error, [...p, 'rust-version']);
  }
  return table;
}

function readWorkspaceDependencies(
  doc: TomlDocument,
  ws: TomlTable,
  rootDir: string,
): ReadonlyMap<string, DependencySpec> | undefined {
  const table = optionalTable(doc, ws, ['workspace'], 'dependencies');
  if (!table) return undefined;
  const deps = new Map<string, DependencySpec>();
  for (const name of sortedKeys(table)) {
    const keyPath = ['workspace', 'dependencies', name];
    const spec = parseDependencySpec(doc, keyPath, table[name]!, rootDir);
    if (spec.optional) {
      throw doc.error(`${name} is optional, but workspace dependencies cannot be optional`, keyPath);
    }
    if (spec.public) throw doc.error(`${name} is public, but workspace dependencies cannot be public`, keyPath);
    deps.set(name, spec);
  }
  return deps;
}
