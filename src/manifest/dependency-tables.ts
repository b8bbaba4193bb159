import path from 'node:path';
import type { TomlTable } from 'smol-toml';
import { PlatformParseError, parsePlatform, platformText } from '../cargo/platform.js';
import { sourceKey } from '../cargo/source-id.js';
import type { Dependency, DependencyKind, Origin } from '../cargo/summary.js';
import { type DependencySpec, parseInheritableSpec } from './dependency-spec.js';
import type { Edition } from './edition.js';
import { type InheritableFields, InheritError, inheritDependency } from './inheritance.js';
import { invalidPackageName } from './names.js';
import type { RegistryIndexes } from './registries.js';
import { toDependency } from './to-dependency.js';
import { type KeyPath, type TomlDocument, withLocation } from './toml-document.js';
import { optionalTable, readTable, sortedKeys } from './toml-values.js';
import type { ManifestWarning } from './warnings.js';

export interface DependencyTablesContext {
  doc: TomlDocument;
  packageName: string;
  edition: Edition;
  inherit: () => InheritableFields;
  warn: (w: ManifestWarning) => void;
  registries: RegistryIndexes;
}

/**
 * Every dependency of a package, in the order cargo 1.95 stores them (`to_real_manifest` →
 * `gather_dependencies`): `[dependencies]`, `[dev-dependencies]`, `[build-dependencies]`, then
 * each `[target.<platform>]` table with its normal, *build*, then dev tables. Target keys and
 * dependency names iterate in byte order because cargo deserializes every one of these tables
 * into a `BTreeMap`, whatever order the file lists them in.
 */
export function readDependencies(ctx: DependencyTablesContext): Dependency[] {
  const { doc } = ctx;
  const deps: LocatedDependency[] = [];
  const gather = (base: KeyPath, owner: TomlTable, kind: DependencyKind, target: string | null, ownerLabel: string) => {
    const table = kindTable(ctx, base, owner, kind, ownerLabel);
    if (table) deps.push(...readDependencyTable(ctx, table.path, table.value, kind, target));
  };
  gather([], doc.root, 'normal', null, ctx.packageName);
  gather([], doc.root, 'dev', null, ctx.packageName);
  gather([], doc.root, 'build', null, ctx.packageName);
  const targets = optionalTable(doc, doc.root, [], 'target');
  for (const key of targets ? sortedKeys(targets) : []) {
    const base = ['target', key];
    const platform = readTable(doc, base, targets![key]!);
    let target: string;
    try {
      target = platformText(parsePlatform(key));
    } catch (err) {
      if (err instanceof PlatformParseError) throw doc.error(err.message, base);
      throw err;
    }
    gather(base, platform, 'normal', target, key);
    gather(base, platform, 'build', target, key);
    gather(base, platform, 'dev', target, key);
  }
  checkOneSourcePerName(doc, deps);
  return deps.map((d) => d.dep);
}

interface LocatedDependency {
  dep: Dependency;
  keyPath: KeyPath;
}

const SPELLINGS: Record<DependencyKind, readonly [string, string | undefined]> = {
  normal: ['dependencies', undefined],
  dev: ['dev-dependencies', 'dev_dependencies'],
  build: ['build-dependencies', 'build_dependencies'],
};

// The hyphenated table wins over the deprecated underscore one, which 2024 refuses outright.
function kindTable(
  ctx: DependencyTablesContext,
  base: KeyPath,
  owner: TomlTable,
  kind: DependencyKind,
  ownerLabel: string,
): { path: KeyPath; value: TomlTable } | undefined {
  const { doc } = ctx;
  const [key, old] = SPELLINGS[kind];
  const current = optionalTable(doc, owner, base, key);
  const legacy = old === undefined ? undefined : optionalTable(doc, owner, base, old);
  if (legacy && old) {
    const what = base.length === 0 ? 'package' : 'platform target';
    const oldPath = [...base, old];
    if (ctx.edition === '2024') {
      throw doc.error(
        `\`${old}\` is unsupported as of the 2024 edition; instead use \`${key}\`\n(in the \`${ownerLabel}\` ${what})`,
        oldPath,
      );
    }
    const message = current
      ? `\`${old}\` is redundant with \`${key}\`, preferring \`${key}\` in the \`${ownerLabel}\` ${what}`
      : `\`${old}\` is deprecated in favor of \`${key}\` and will not work in the 2024 edition\n(in the \`${ownerLabel}\` ${what})`;
    ctx.warn({ file: doc.file, line: doc.lineOf(oldPath), message });
  }
  if (current) return { path: [...base, key], value: current };
  if (legacy && old) return { path: [...base, old], value: legacy };
  return undefined;
}

function readDependencyTable(
  ctx: DependencyTablesContext,
  tablePath: KeyPath,
  table: TomlTable,
  kind: DependencyKind,
  target: string | null,
): LocatedDependency[] {
  const { doc } = ctx;
  const manifestDir = path.dirname(doc.file);
  const out: LocatedDependency[] = [];
  for (const name of sortedKeys(table)) {
    const keyPath = [...tablePath, name];
    const invalid = invalidPackageName(name);
    if (invalid) throw doc.error(invalid, keyPath);
    const entry = parseInheritableSpec(doc, keyPath, table[name]!, manifestDir);
    const location = doc.locate(keyPath);
    let spec: DependencySpec;
    let origin: Origin = withLocation({ kind: 'manifest' as const }, location);
    if (entry.kind === 'inherit') {
      let fields: InheritableFields;
      try {
        fields = ctx.inherit();
        const merged = inheritDependency(fields, name, entry.spec, ctx.edition, ctx.warn, location);
        spec = merged.spec;
        // This dependency's own origin, made above: extended in place, its line still not looked up.
        origin = withLocation(origin, { inheritedFrom: fields.doc.locate(merged.rootKeyPath) });
      } catch (err) {
        if (!(err instanceof InheritError)) throw err;
        throw doc.error(
          `error inheriting \`${name}\` from workspace root manifest's \`workspace.dependencies.${name}\`: ${err.message}`,
          keyPath,
        );
      }
    } else {
      spec = entry.spec;
    }
    const tableName = target === null ? tablePath.at(-1) : `target.${target}.${String(tablePath.at(-1))}`;
    for (const k of entry.spec.unusedKeys) {
      ctx.warn({
        file: doc.file,
        line: doc.lineOf([...keyPath, k]),
        message: `unused manifest key: ${String(tableName)}.${name}.${k}`,
      });
    }
    const dep = toDependency(name, spec, {
      doc,
      keyPath,
      kind,
      target,
      edition: ctx.edition,
      normalize: true,
      warn: ctx.warn,
      origin,
      registries: ctx.registries,
    });
    if (dep.optional && kind === 'dev') {
      throw doc.error(`dev-dependencies are not allowed to be optional: \`${name}\``, keyPath);
    }
    out.push({ dep, keyPath });
  }
  return out;
}

function checkOneSourcePerName(doc: TomlDocument, deps: readonly LocatedDependency[]): void {
  const seen = new Map<string, string>();
  for (const { dep, keyPath } of deps) {
    const key = sourceKey(dep.source);
    const prev = seen.get(dep.nameInToml);
    if (prev !== undefined && prev !== key) {
      throw doc.error(
        `Dependency '${dep.nameInToml}' has different source paths depending on the build target. Each dependency must have a single canonical source path irrespective of build target.`,
        keyPath,
      );
    }
    seen.set(dep.nameInToml, key);
  }
}
