import path from 'node:path';
import { Requirement } from '../cargo/requirement.js';
import { CRATES_IO_INDEX, cratesIo, gitSource, registrySource, type SourceId } from '../cargo/source-id.js';
import type { Dependency } from '../cargo/summary.js';
import { Version } from '../cargo/version.js';
import { isUserError } from '../errors.js';
import { parseDependencySpec } from './dependency-spec.js';
import type { Edition } from './edition.js';
import { invalidPackageName, invalidRegistryName } from './names.js';
import type { RegistryIndexes } from './registries.js';
import { toDependency } from './to-dependency.js';
import { type KeyPath, type TomlDocument, withLocation } from './toml-document.js';
import { optionalTable, readTable, sortedKeys } from './toml-values.js';
import type { ManifestWarning } from './warnings.js';

/**
 * `[patch.<source>]` and `[replace]`. Cargo keys patches by URL (a HashMap) and matches them
 * against a dependency's source URL whatever its kind; entries here come out sorted by table key,
 * then by name, which is the order cargo's BTreeMaps hold them in before that HashMap.
 */
export interface PatchEntry {
  /**
   * The source being patched: `cratesIo` for `[patch.crates-io]`, the configured registry for a
   * registry name, and for a URL key a registry when it is a known index (crates.io's, `sparse+`)
   * and otherwise a git source without a reference. Match on `source.url`, as cargo does.
   */
  source: SourceId;
  dependency: Dependency;
}

export interface Replacement {
  /** The `[replace]` key as written (`foo:1.0.2`, `foo@1.0.2`, `<url>#foo@1.0.2`). */
  spec: string;
  /** The source whose package is replaced; crates.io unless the spec names a URL. */
  source: SourceId;
  /** The replacement, with `req` pinned to exactly the spec's version. */
  dependency: Dependency;
}

interface OverrideContext {
  doc: TomlDocument;
  edition: Edition;
  warn: (w: ManifestWarning) => void;
  registries: RegistryIndexes;
}

export function readPatches(ctx: OverrideContext): PatchEntry[] {
  const { doc } = ctx;
  const patch = optionalTable(doc, doc.root, [], 'patch');
  if (!patch) return [];
  const out: PatchEntry[] = [];
  for (const key of sortedKeys(patch)) {
    const tablePath = ['patch', key];
    const deps = readTable(doc, tablePath, patch[key]!);
    const source = patchedSource(key, ctx.registries, doc, tablePath);
    for (const name of sortedKeys(deps)) {
      const keyPath = [...tablePath, name];
      const spec = parseDependencySpec(doc, keyPath, deps[name]!, path.dirname(doc.file));
      warnUnused(ctx, keyPath, `patch.${key}`, name, spec.unusedKeys);
      if (spec.base !== undefined) {
        throw doc.error(
          `resolving path for patch of (${name}) for source (${key}): feature \`path-bases\` is required`,
          keyPath,
        );
      }
      out.push({ source, dependency: overrideDependency(name, spec, keyPath, ctx) });
    }
  }
  return out;
}

export function readReplacements(ctx: OverrideContext): Replacement[] {
  const { doc } = ctx;
  const replace = optionalTable(doc, doc.root, [], 'replace');
  if (!replace) return [];
  if (doc.root['patch'] !== undefined) throw doc.error('cannot specify both [replace] and [patch]', ['replace']);
  const out: Replacement[] = [];
  for (const key of sortedKeys(replace)) {
    const keyPath = ['replace', key];
    const spec = parseIdSpec(key, (reason) =>
      doc.error(
        `replacements must specify a valid semver version to replace, but \`${key}\` does not: ${reason}`,
        keyPath,
      ),
    );
    const value = replace[key]!;
    const dep = parseDependencySpec(doc, keyPath, value, path.dirname(doc.file));
    if (typeof value === 'string' || dep.version !== undefined) {
      throw doc.error(`replacements cannot specify a version requirement, but found one for \`${key}\``, keyPath);
    }
    const dependency = overrideDependency(spec.name, dep, keyPath, ctx);
    const version = spec.version === undefined ? undefined : Version.tryParse(spec.version);
    if (!version) throw doc.error(`replacements must specify a version to replace, but \`${key}\` does not`, keyPath);
    warnUnused(ctx, keyPath, 'replace', spec.name, dep.unusedKeys);
    out.push({
      spec: key,
      source: spec.url === undefined ? cratesIo : sourceForUrl(spec.url),
      dependency: { ...dependency, req: Requirement.exact(version) },
    });
  }
  return out;
}

function overrideDependency(
  name: string,
  spec: ReturnType<typeof parseDependencySpec>,
  keyPath: KeyPath,
  ctx: OverrideContext,
): Dependency {
  const { doc } = ctx;
  return toDependency(name, spec, {
    doc,
    keyPath,
    kind: 'normal',
    target: null,
    edition: ctx.edition,
    normalize: false,
    warn: ctx.warn,
    origin: withLocation({ kind: 'manifest' as const }, doc.locate(keyPath)),
    registries: ctx.registries,
  });
}

// Cargo tries the key as a registry name first, and as a URL when that fails for any reason.
function patchedSource(key: string, registries: RegistryIndexes, doc: TomlDocument, keyPath: KeyPath): SourceId {
  if (key === 'crates-io') return cratesIo;
  let index: string | undefined;
  if (!invalidRegistryName(key)) {
    try {
      index = registries.registryIndex(key);
    } catch (err) {
      if (!isUserError(err)) throw err;
    }
  }
  if (index !== undefined) return registrySource(index);
  try {
    return sourceForUrl(new URL(key).href);
  } catch {
    const hint = key === 'crates' ? '\nFor crates.io, use [patch.crates-io] (with a dash)' : '';
    throw doc.error(`[patch] entry \`${key}\` should be a URL or registry name${hint}`, keyPath);
  }
}

function sourceForUrl(url: string): SourceId {
  if (url.replace(/\/$/, '') === CRATES_IO_INDEX || url.startsWith('sparse+'))
    return registrySource(url.replace(/\/$/, ''));
  return gitSource(url);
}

function warnUnused(
  ctx: OverrideContext,
  keyPath: KeyPath,
  table: string,
  name: string,
  keys: readonly string[],
): void {
  for (const k of keys) {
    ctx.warn({
      file: ctx.doc.file,
      line: ctx.doc.lineOf([...keyPath, k]),
      message: `unused manifest key: ${table}.${name}.${k}`,
    });
  }
}

interface IdSpec {
  name: string;
  version?: string;
  url?: string;
}

/**
 * cargo's `PackageIdSpec::parse` (cargo 1.95,
 * crates/cargo-util-schemas/src/core/package_id_spec.rs), reduced to what `[replace]` needs: name,
 * version, URL.
 */
function parseIdSpec(text: string, fail: (reason: string) => Error): IdSpec {
  let url: string | undefined;
  let rest = text;
  let fromPath: string | undefined;
  if (text.includes('://')) {
    const hash = text.indexOf('#');
    const base = hash >= 0 ? text.slice(0, hash) : text;
    let parsed: URL;
    try {
      parsed = new URL(base);
    } catch {
      throw fail('invalid URL');
    }
    url = parsed.href.replace(/^(git|registry|path)\+/, '');
    fromPath = parsed.pathname.split('/').filter(Boolean).at(-1);
    rest = hash >= 0 ? text.slice(hash + 1) : '';
  }
  let name = rest;
  let version: string | undefined;
  const at = rest.includes('@') ? rest.lastIndexOf('@') : rest.indexOf(':');
  if (at >= 0) {
    name = rest.slice(0, at);
    version = rest.slice(at + 1);
  } else if (url !== undefined && (rest === '' || !/^\p{L}/u.test(rest))) {
    name = fromPath ?? '';
    version = rest === '' ? undefined : rest;
  }
  const invalid = invalidPackageName(name);
  if (invalid) throw fail(invalid);
  return { name, version, url };
}
