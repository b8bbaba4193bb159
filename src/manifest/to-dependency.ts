import path from 'node:path';
import { Requirement, RequirementParseError } from '../cargo/requirement.js';
import { cratesIo, gitSource, pathSource, registrySource, type SourceId } from '../cargo/source-id.js';
import type { Dependency, DependencyKind, Origin } from '../cargo/summary.js';
import type { DependencySpec } from './dependency-spec.js';
import type { Edition } from './edition.js';
import { invalidRegistryName } from './names.js';
import { normalizePath } from './paths.js';
import type { RegistryIndexes } from './registries.js';
import type { KeyPath, TomlDocument } from './toml-document.js';
import type { ManifestWarning } from './warnings.js';

/** Everything `toDependency` needs to know about where an entry sits. */
export interface DependencyContext {
  doc: TomlDocument;
  /** The entry's key path (`dependencies.serde`, `target.'cfg(unix)'.dependencies.libc`, ...). */
  keyPath: KeyPath;
  kind: DependencyKind;
  /** The canonical platform text, or null outside `[target.*]`. */
  target: string | null;
  edition: Edition;
  /** `[dependencies]`-style tables only: patch and replace entries skip cargo's normalization. */
  normalize: boolean;
  warn: (w: ManifestWarning) => void;
  origin: Origin;
  /** Where `registry = "name"` points. */
  registries: RegistryIndexes;
}

const KIND_TABLE: Record<DependencyKind, string> = {
  normal: 'dependencies',
  dev: 'dev-dependencies',
  build: 'build-dependencies',
};

/**
 * A manifest entry turned into the resolver's `Dependency`, with cargo's checks in cargo's order
 * (`normalize_dependencies`, then `dep_to_dependency`, then `to_dependency_source_id`), so the
 * first problem cargo would report is the one reported here.
 */
export function toDependency(nameInToml: string, spec: DependencySpec, ctx: DependencyContext): Dependency {
  const { doc, keyPath } = ctx;
  const fail = (message: string, sub?: string): never => {
    throw doc.error(message, sub ? [...keyPath, sub] : keyPath);
  };
  const warn = (message: string): void => ctx.warn({ file: doc.file, line: doc.lineOf(keyPath), message });

  if (ctx.normalize) normalizeSpec(nameInToml, spec, ctx, fail, warn);

  if (spec.version === undefined && spec.path === undefined && spec.git === undefined) {
    fail(
      `dependency (${nameInToml}) specified without providing a local path, Git repository, version, or workspace dependency to use`,
    );
  }
  if (spec.version?.includes('+')) {
    warn(
      `version requirement \`${spec.version}\` for dependency \`${nameInToml}\` includes semver metadata which will be ignored, removing the metadata is recommended to avoid confusion`,
    );
  }
  if (spec.git === undefined) {
    for (const key of ['branch', 'tag', 'rev'] as const) {
      if (spec[key] !== undefined) fail(`key \`${key}\` is ignored for dependency (${nameInToml}).`, key);
    }
  }
  for (const feature of spec.features ?? []) {
    if (feature.includes('/')) {
      fail(
        `feature \`${feature}\` in dependency \`${nameInToml}\` is not allowed to contain slashes\nIf you want to enable features of a transitive dependency, the direct dependency needs to re-export those features from the \`[features]\` table.`,
        'features',
      );
    }
    if (feature.startsWith('dep:')) {
      fail(
        `feature \`${feature}\` in dependency \`${nameInToml}\` is not allowed to use explicit \`dep:\` syntax\nIf you want to enable an optional dependency, specify the name of the optional dependency without the \`dep:\` prefix, or specify a feature from the dependency's \`[features]\` table that enables the optional dependency.`,
        'features',
      );
    }
  }

  const source = sourceOf(nameInToml, spec, ctx, fail, warn);
  const name = spec.package ?? nameInToml;
  let req = Requirement.any;
  if (spec.version !== undefined) {
    try {
      req = Requirement.parse(spec.version);
    } catch (err) {
      if (!(err instanceof RequirementParseError)) throw err;
      fail(
        `failed to parse the version requirement \`${spec.version}\` for dependency \`${name}\`: ${err.reason}`,
        'version',
      );
    }
  }
  if (spec.artifact !== undefined) fail(`\`artifact = …\` requires \`-Z bindeps\` (${nameInToml})`, 'artifact');
  if (spec.lib !== undefined)
    fail(`'lib' specifier cannot be used without an 'artifact = …' value (${nameInToml})`, 'lib');
  if (spec.target !== undefined) {
    fail(`'target' specifier cannot be used without an 'artifact = …' value (${nameInToml})`, 'target');
  }

  return {
    name,
    nameInToml,
    req,
    source,
    kind: ctx.kind,
    target: ctx.target,
    optional: spec.optional ?? false,
    defaultFeatures: spec.defaultFeatures ?? spec.defaultFeaturesUnderscore ?? true,
    features: spec.features ?? [],
    origin: ctx.origin,
  };
}

function normalizeSpec(
  nameInToml: string,
  spec: DependencySpec,
  ctx: DependencyContext,
  fail: (message: string, sub?: string) => never,
  warn: (message: string) => void,
): void {
  if (spec.defaultFeaturesUnderscore !== undefined) {
    if (ctx.edition === '2024') {
      fail(
        `\`default_features\` is unsupported as of the 2024 edition; instead use \`default-features\`\n(in the \`${nameInToml}\` dependency)`,
        'default_features',
      );
    } else if (spec.defaultFeatures !== undefined) {
      warn(
        `\`default_features\` is redundant with \`default-features\`, preferring \`default-features\` in the \`${nameInToml}\` dependency`,
      );
    } else {
      warn(
        `\`default_features\` is deprecated in favor of \`default-features\` and will not work in the 2024 edition\n(in the \`${nameInToml}\` dependency)`,
      );
    }
  }
  if (spec.public !== undefined) {
    // `public` needs -Zpublic-dependency; stable cargo drops it with a warning.
    warn(
      ctx.kind === 'normal'
        ? `ignoring \`public\` on dependency ${nameInToml}, pass \`-Zpublic-dependency\` to enable support for it`
        : `'public' specifier can only be used on regular dependencies, not ${KIND_TABLE[ctx.kind]}`,
    );
    delete spec.public;
  }
  if (spec.base !== undefined) {
    if (spec.path === undefined) fail('`base` can only be used with path dependencies', 'base');
    fail(
      `resolving path dependency ${nameInToml}: feature \`path-bases\` is required\nThe package requires the Cargo feature called \`path-bases\`, but that feature is not stabilized in this version of Cargo (1.95).`,
      'base',
    );
  }
}

function sourceOf(
  nameInToml: string,
  spec: DependencySpec,
  ctx: DependencyContext,
  fail: (message: string, sub?: string) => never,
  warn: (message: string) => void,
): SourceId {
  const ambiguous = (what: string) =>
    fail(`dependency (${nameInToml}) specification is ambiguous. Only one of ${what} is allowed.`);
  const { git, registry, registryIndex } = spec;
  if (git !== undefined && (registry !== undefined || registryIndex !== undefined)) ambiguous('`git` or `registry`');
  if (registry !== undefined && registryIndex !== undefined) ambiguous('`registry` or `registry-index`');
  if (git !== undefined) {
    if (spec.path !== undefined) ambiguous('`git` or `path`');
    const refs = (['branch', 'tag', 'rev'] as const).filter((k) => spec[k] !== undefined);
    if (refs.length > 1) ambiguous('`branch`, `tag` or `rev`');
    const url = parseUrl(git, (reason) => fail(`invalid url \`${git}\`: ${reason}`, 'git'));
    if (url.hash) {
      const fragment = url.hash.slice(1);
      warn(
        `URL fragment \`#${fragment}\` in git URL is ignored for dependency (${nameInToml}). If you were trying to specify a specific git revision, use \`rev = "${fragment}"\` in the dependency declaration.`,
      );
      url.hash = '';
    }
    const ref = refs[0];
    return gitSource(url.href, ref ? `${ref}=${spec[ref]}` : undefined);
  }
  if (spec.path !== undefined) {
    const base = spec.pathBase ?? path.dirname(ctx.doc.file);
    return pathSource(normalizePath(path.resolve(base, spec.path)));
  }
  if (registry !== undefined) return altRegistry(registry, ctx.registries, (m) => fail(m, 'registry'));
  if (registryIndex !== undefined) {
    const url = parseUrl(registryIndex, (reason) =>
      fail(`invalid url \`${registryIndex}\`: ${reason}`, 'registry-index'),
    );
    return registrySource(url.href);
  }
  return cratesIo;
}

/** `registry = "name"` (or a `[patch.name]` key) as a source. */
export function altRegistry(name: string, registries: RegistryIndexes, fail: (message: string) => never): SourceId {
  if (name === 'crates-io') return cratesIo;
  const invalid = invalidRegistryName(name);
  if (invalid) fail(invalid);
  const url = registries.registryIndex(name);
  if (url === undefined) return fail(`registry index was not found in any configuration: \`${name}\``);
  return registrySource(url);
}

export function parseUrl(text: string, fail: (reason: string) => never): URL {
  try {
    return new URL(text);
  } catch {
    return fail('relative URL without a base');
  }
}
