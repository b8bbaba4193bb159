import type { DependencyKind } from '../cargo/summary.js';
import { parseFeatureValue } from '../cargo/summary.js';
import type { Path } from './document.js';
import { TomlText } from './document.js';
import { basicString, stringLike, tomlValue } from './format.js';
import { appendToArray, putValue, removeFromArray, removeKey, replaceKey, setValue } from './text-edits.js';

/**
 * Dependency entries of one Cargo.toml, in every spelling cargo reads (`x = "1"`, `x = { ... }`,
 * `[dependencies.x]`, `x.version = "1"`, under `[target.'cfg(..)'.*]`, inherited with
 * `workspace = true`), and the changes an edit makes to one. Every change takes the current
 * text and returns the new one; entries are found again by key path each time.
 */
export interface Entry {
  path: Path;
  key: string;
  kind: DependencyKind;
  target: string | null;
  /** The entry's own keys (a string entry is `{ version }`). */
  own: Spec;
  inherited: boolean;
}

export interface Spec {
  version?: string;
  features?: string[];
  defaultFeatures?: boolean;
  optional?: boolean;
  package?: string;
  path?: string;
  git?: string;
  registry?: string;
  registryIndex?: string;
}

// The hyphenated spelling wins over the deprecated underscore one, as cargo reads them.
const KIND_TABLES: [DependencyKind, string, string | undefined][] = [
  ['normal', 'dependencies', undefined],
  ['dev', 'dev-dependencies', 'dev_dependencies'],
  ['build', 'build-dependencies', 'build_dependencies'],
];

export const WORKSPACE_DEPENDENCIES: Path = ['workspace', 'dependencies'];

export function dependencyEntries(text: string): Entry[] {
  const doc = new TomlText(text);
  const root = doc.value();
  const out: Entry[] = [];
  const gather = (base: Path, owner: Record<string, unknown>, target: string | null) => {
    for (const [kind, key, legacy] of KIND_TABLES) {
      const name = isTable(owner[key]) ? key : legacy !== undefined && isTable(owner[legacy]) ? legacy : undefined;
      if (name === undefined) continue;
      for (const [dep, value] of Object.entries(owner[name] as Record<string, unknown>)) {
        out.push({
          path: [...base, name, dep],
          key: dep,
          kind,
          target,
          own: specOf(value),
          inherited: isInherited(value),
        });
      }
    }
  };
  gather([], root, null);
  const targets = root['target'];
  if (isTable(targets)) {
    for (const [t, platform] of Object.entries(targets)) if (isTable(platform)) gather(['target', t], platform, t);
  }
  return out;
}

export function specOf(value: unknown): Spec {
  if (typeof value === 'string') return { version: value };
  if (!isTable(value)) return {};
  const str = (k: string) => (typeof value[k] === 'string' ? (value[k] as string) : undefined);
  const bool = (k: string) => (typeof value[k] === 'boolean' ? (value[k] as boolean) : undefined);
  const features = Array.isArray(value['features'])
    ? value['features'].filter((f): f is string => typeof f === 'string')
    : undefined;
  return {
    version: str('version'),
    features,
    defaultFeatures: bool('default-features') ?? bool('default_features'),
    optional: bool('optional'),
    package: str('package'),
    path: str('path'),
    git: str('git'),
    registry: str('registry'),
    registryIndex: str('registry-index'),
  };
}

function isInherited(value: unknown): boolean {
  return isTable(value) && value['workspace'] === true;
}

export function isTable(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v) && !(v instanceof Date);
}

/**
 * What an entry means once inherited, as cargo 1.95 merges it: the root's keys, features
 * appended, `optional` from the member, and `default-features` only ever turned back on.
 */
export function effectiveSpec(entry: Entry, rootEntry: Spec | undefined): Spec {
  if (!entry.inherited) return entry.own;
  const root = rootEntry ?? {};
  const features = [...(root.features ?? []), ...(entry.own.features ?? [])];
  const defaultFeatures =
    entry.own.defaultFeatures === true && root.defaultFeatures === false ? true : root.defaultFeatures;
  return { ...root, features, defaultFeatures, optional: entry.own.optional };
}

export function isRegistrySpec(s: Spec): boolean {
  return s.path === undefined && s.git === undefined;
}

export function rootEntryOf(rootText: string | undefined, key: string): Spec | undefined {
  if (rootText === undefined) return undefined;
  const v = new TomlText(rootText).valueAt([...WORKSPACE_DEPENDENCIES, key]);
  return v === undefined ? undefined : specOf(v);
}

// --- changes to one entry ----------------------------------------------------------------

function stringStyle(node?: { type: string; kind?: string; style?: 'basic' | 'literal' }): 'basic' | 'literal' {
  return node?.type === 'TOMLValue' && node.kind === 'string' && node.style ? node.style : 'basic';
}

export function setVersion(text: string, path: Path, req: string): string {
  const value = new TomlText(text).valueAt(path);
  if (typeof value === 'string') return setValue(text, path, (old) => stringLike(req, stringStyle(old)));
  return putValue(text, [...path, 'version'], (old) => stringLike(req, stringStyle(old)));
}

/** `x = "1"` as `x = { version = "1" }` (keeping the string as written), so keys can be added. */
function asTable(text: string, path: Path): string {
  const doc = new TomlText(text);
  if (typeof doc.valueAt(path) !== 'string') return text;
  return setValue(text, path, (old) => `{ version = ${text.slice(old.range[0], old.range[1])} }`);
}

/** Sets (or with `undefined`, removes) one key of the entry. */
export function setKey(text: string, path: Path, key: string, valueText: string | undefined): string {
  if (valueText === undefined) return removeKey(text, [...path, key]);
  return putValue(asTable(text, path), [...path, key], () => valueText);
}

/**
 * Makes the entry's own `features` exactly `wanted`: unwanted ones are taken out where they
 * stand, missing ones appended; an empty list removes the key.
 */
export function setFeatures(text: string, path: Path, wanted: readonly string[]): string {
  const current = specOf(new TomlText(text).valueAt(path)).features;
  if (wanted.length === 0) return current === undefined ? text : removeKey(text, [...path, 'features']);
  if (current === undefined) return setKey(text, path, 'features', tomlValue(wanted));
  let out = text;
  const kept: string[] = [];
  const drop: number[] = [];
  current.forEach((f, i) => {
    if (wanted.includes(f) && !kept.includes(f)) kept.push(f);
    else drop.push(i);
  });
  for (const i of drop.reverse()) out = removeFromArray(out, [...path, 'features'], i);
  for (const f of wanted) if (!kept.includes(f)) out = appendToArray(out, [...path, 'features'], basicString(f));
  return out;
}

/** Writes `default-features = on` where the entry spells it (either spelling), or adds it. */
export function setDefaultFeatures(text: string, path: Path, on: boolean): string {
  const value = new TomlText(text).valueAt(path);
  const present = isTable(value) ? ['default-features', 'default_features'].filter((k) => k in value) : [];
  if (present.length === 0) return setKey(text, path, 'default-features', String(on));
  let out = text;
  for (const k of present) out = setValue(out, [...path, k], () => String(on));
  return out;
}

export function removeDefaultFeatures(text: string, path: Path): string {
  return removeKey(removeKey(text, [...path, 'default-features']), [...path, 'default_features']);
}

/**
 * Turns an entry into `x = { workspace = true, ... }` with the given own features: `version`
 * becomes `workspace = true` where it stood, and the keys the root entry now holds go.
 */
export function makeInherited(
  text: string,
  path: Path,
  own: { features: readonly string[]; defaultFeatures: boolean },
): string {
  const doc = new TomlText(text);
  const value = doc.valueAt(path);
  let out = text;
  if (typeof value === 'string') {
    return setValue(text, path, () =>
      tomlValue({
        workspace: true,
        features: own.features.length ? own.features : undefined,
        'default-features': own.defaultFeatures ? true : undefined,
      }),
    );
  }
  if (!isInherited(value)) {
    if (isTable(value) && 'version' in value) out = replaceKey(out, [...path, 'version'], 'workspace', 'true');
    else out = setKey(out, path, 'workspace', 'true');
  }
  for (const k of ['version', 'registry', 'registry-index', 'package']) out = removeKey(out, [...path, k]);
  out = setFeatures(out, path, own.features);
  out = removeDefaultFeatures(out, path);
  if (own.defaultFeatures) out = setDefaultFeatures(out, path, true);
  return out;
}

/** The opposite: `workspace = true` gives way to the merged entry spelled out in place. */
export function makeExplicit(
  text: string,
  path: Path,
  spec: Spec & { version: string; features: string[]; defaultFeatures: boolean },
): string {
  let out = replaceKey(text, [...path, 'workspace'], 'version', basicString(spec.version));
  if (spec.package !== undefined) out = setKey(out, path, 'package', basicString(spec.package));
  if (spec.registry !== undefined) out = setKey(out, path, 'registry', basicString(spec.registry));
  if (spec.registryIndex !== undefined) out = setKey(out, path, 'registry-index', basicString(spec.registryIndex));
  out = setFeatures(out, path, spec.features);
  out = removeDefaultFeatures(out, path);
  if (!spec.defaultFeatures) out = setDefaultFeatures(out, path, false);
  return out;
}

/**
 * Takes `dep:x`, `x/f` and `x?/f` out of the `[features]` table, as `cargo remove` does; and
 * when `x` was an optional dependency whose feature is just `x = ["dep:x"]` (written out, or
 * cargo's implicit one), that feature and every plain `"x"` naming it go too.
 */
export function removeFeatureReferences(text: string, dep: string, wasOptional: boolean): string {
  const features = new TomlText(text).valueAt(['features']);
  if (!isTable(features)) return text;
  const lists = Object.entries(features).filter((e): e is [string, unknown[]] => Array.isArray(e[1]));
  const usesDep = lists.some(([, values]) => values.includes(`dep:${dep}`));
  const own = features[dep];
  const implicit =
    wasOptional && (own === undefined ? !usesDep : Array.isArray(own) && own.length === 1 && own[0] === `dep:${dep}`);
  let out = implicit && own !== undefined ? removeKey(text, ['features', dep]) : text;
  for (const [name, values] of lists) {
    if (implicit && name === dep) continue;
    for (let i = values.length - 1; i >= 0; i--) {
      const v = values[i];
      if (typeof v !== 'string') continue;
      const parsed = parseFeatureValue(v);
      const names = parsed.kind === 'feature' ? implicit && parsed.feature === dep : parsed.dep === dep;
      if (names) out = removeFromArray(out, ['features', name], i);
    }
  }
  return out;
}
