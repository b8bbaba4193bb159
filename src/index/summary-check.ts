import { buildFeatureMap, type Dependency, type FeatureValue, parseFeatureValue } from '../cargo/summary.js';

/** An index entry's `features` or `features2` table, already checked to be one. */
export type FeatureTable = Readonly<Record<string, readonly string[]>>;

/** What cargo's feature checks look at in a dependency. */
export type DependencyShape = Pick<Dependency, 'nameInToml' | 'optional' | 'kind'>;

/**
 * The first problem cargo's `Summary::new` finds in an index entry's features (cargo 1.95,
 * src/workspace/summary.rs, `build_feature_map`), or undefined when there is none. For an index
 * entry a failed check does not stop cargo: it marks the version invalid and never offers it, so we
 * must reject exactly what it rejects, and say what cargo would. Feature names a dependency is
 * asked to enable are checked later, by the resolver, as cargo does.
 */
export function featureProblem(
  features: FeatureTable | undefined,
  features2: FeatureTable | undefined,
  dependencies: readonly DependencyShape[],
): string | undefined {
  if (!hasProblem(features, features2, dependencies)) return undefined;
  return summaryProblem(byName(declaredFeatures(features, features2)), dependencies);
}

/**
 * Cargo's feature map for an entry without a feature problem: the declared features plus the
 * implicit feature of each optional dependency no feature names with `dep:`, sorted by name as
 * cargo's BTreeMap keeps them. Such an entry has no `dep:x/y` value, the one value cargo's checks
 * parse differently from the resolver.
 */
export function featureMap(
  features: FeatureTable | undefined,
  features2: FeatureTable | undefined,
  dependencies: readonly Dependency[],
): Map<string, FeatureValue[]> {
  // What buildFeatureMap and byName make of the merged tables, built straight into the
  // sorted map: this runs for every version the resolver looks at.
  const names = features === undefined ? [] : Object.keys(features);
  if (features2 !== undefined)
    for (const k of Object.keys(features2)) if (!declares(features, undefined, k)) names.push(k);
  let explicitDep: Set<string> | undefined;
  for (const table of [features, features2]) {
    if (table === undefined) continue;
    for (const values of Object.values(table)) {
      for (const v of values) if (v.startsWith('dep:') && !v.includes('/')) (explicitDep ??= new Set()).add(v.slice(4));
    }
  }
  const declared = names.length;
  for (const d of dependencies) {
    const name = d.nameInToml;
    if (
      d.optional &&
      !declares(features, features2, name) &&
      !explicitDep?.has(name) &&
      !names.includes(name, declared)
    )
      names.push(name);
  }
  const map = new Map<string, FeatureValue[]>();
  for (const name of sortedByName(names)) {
    const own = declares(features, undefined, name) ? features![name]! : undefined;
    const more = declares(undefined, features2, name) ? features2![name]! : undefined;
    if (own === undefined && more === undefined) map.set(name, [{ kind: 'dep', dep: name }]);
    else
      map.set(name, (more === undefined ? own! : own === undefined ? more : [...own, ...more]).map(parseFeatureValue));
  }
  return map;
}

/** `features` and `features2` together, as cargo merges them. */
function declaredFeatures(
  features: FeatureTable | undefined,
  features2: FeatureTable | undefined,
): Map<string, readonly string[]> {
  const declared = new Map<string, readonly string[]>(features ? Object.entries(features) : []);
  for (const [k, values] of Object.entries(features2 ?? {})) {
    const earlier = declared.get(k);
    declared.set(k, earlier ? [...earlier, ...values] : values);
  }
  return declared;
}

/**
 * The checks cargo's `Summary::new` makes, in its order (`features` sorted by name). Returns the
 * reason, or undefined when the entry is fine.
 */
export function summaryProblem(
  features: ReadonlyMap<string, readonly string[]>,
  dependencies: readonly DependencyShape[],
): string | undefined {
  for (const d of dependencies) {
    if (d.optional && d.kind === 'dev') return `dev-dependencies are not allowed to be optional: \`${d.nameInToml}\``;
  }
  const optionalByName = optionalityByName(dependencies);
  const all = buildFeatureMap(features, dependencies);

  for (const [feature, values] of all) {
    const nameProblem = featureNameProblem(feature);
    if (nameProblem) return nameProblem;
    for (const fv of values) {
      const problem = featureValueProblem(feature, fv, features, all, optionalByName);
      if (problem) return problem;
    }
  }

  const used = new Set<string>();
  for (const values of all.values()) for (const v of values) if (v.kind !== 'feature') used.add(v.dep);
  for (const [dep, optional] of optionalByName) {
    if (optional && !used.has(dep)) return `optional dependency \`${dep}\` is not included in any feature`;
  }
  return undefined;
}

/** Whether a dependency of each name is optional (any of them, when several share the name). */
function optionalityByName(dependencies: readonly DependencyShape[]): Map<string, boolean> {
  const optionalByName = new Map<string, boolean>();
  for (let i = 0; i < dependencies.length; i++) {
    const d = dependencies[i]!;
    optionalByName.set(d.nameInToml, (optionalByName.get(d.nameInToml) ?? false) || d.optional);
  }
  return optionalByName;
}

/**
 * Whether summaryProblem would find anything: the same checks, in no particular order, read
 * straight from the entry's tables. Every version of every crate in a closure is checked, most
 * have no problem, and for them the order only costs the maps and the sort summaryProblem needs.
 */
function hasProblem(
  features: FeatureTable | undefined,
  features2: FeatureTable | undefined,
  dependencies: readonly DependencyShape[],
): boolean {
  let anyOptional = false;
  for (let i = 0; i < dependencies.length; i++) {
    const d = dependencies[i]!;
    if (!d.optional) continue;
    if (d.kind === 'dev') return true;
    anyOptional = true;
  }
  const names = features === undefined ? NO_NAMES : Object.keys(features);
  const names2 = features2 === undefined ? NO_NAMES : Object.keys(features2);
  if (names.length === 0 && names2.length === 0 && !anyOptional) return false;
  if (!plainNames(names) || !plainNames(names2)) return true;

  const optionalByName = optionalityByName(dependencies);
  // `dep:x` values, which take away x's implicit feature, and the x of `x/f` and `x?/f` values.
  let explicitDep: Set<string> | undefined;
  let featureOfDep: Set<string> | undefined;
  // Values naming an optional dependency as a feature, which is fine only if it keeps its implicit
  // feature, i.e. no value anywhere says `dep:` of it.
  let viaImplicit: string[] | undefined;
  for (const lists of [
    features === undefined ? NO_LISTS : Object.values(features),
    features2 === undefined ? NO_LISTS : Object.values(features2),
  ]) {
    for (let l = 0; l < lists.length; l++) {
      const values = lists[l]!;
      for (let v = 0; v < values.length; v++) {
        const text = values[v]!;
        const slash = text.indexOf('/');
        if (slash < 0) {
          if (text.startsWith('dep:')) {
            const dep = text.slice(4);
            if (optionalByName.get(dep) !== true) return true;
            (explicitDep ??= new Set()).add(dep);
          } else if (!declares(features, features2, text)) {
            // A feature that is not declared must be an optional dependency's implicit one.
            if (optionalByName.get(text) !== true) return true;
            (viaImplicit ??= []).push(text);
          }
          continue;
        }
        const rawDep = text.slice(0, slash);
        const weak = rawDep.endsWith('?');
        const dep = weak ? rawDep.slice(0, -1) : rawDep;
        if (text.includes('/', slash + 1) || dep.startsWith('dep:')) return true;
        const optional = optionalByName.get(dep);
        if (optional === undefined || (weak && !optional)) return true;
        (featureOfDep ??= new Set()).add(dep);
      }
    }
  }
  if (viaImplicit && explicitDep) for (const name of viaImplicit) if (explicitDep.has(name)) return true;
  if (!anyOptional) return false;
  for (const [dep, optional] of optionalByName) {
    if (!optional || explicitDep?.has(dep)) continue;
    if (!declares(features, features2, dep)) {
      // It has an implicit feature of its own name, which is then a feature name to check.
      if (featureNameProblem(dep) !== undefined) return true;
    } else if (!featureOfDep?.has(dep)) {
      return true;
    }
  }
  return false;
}

const NO_NAMES: readonly string[] = [];
const NO_LISTS: readonly (readonly string[])[] = [];

function declares(features: FeatureTable | undefined, features2: FeatureTable | undefined, name: string): boolean {
  return (
    (features !== undefined && Object.hasOwn(features, name)) ||
    (features2 !== undefined && Object.hasOwn(features2, name))
  );
}

/**
 * Whether every name passes featureNameProblem. A table may declare a thousand features (web-sys
 * does), so plain ASCII names, nearly all of them, are checked together in one match: quotes and
 * escapes of any other character in the JSON text break the pattern.
 */
function plainNames(names: readonly string[]): boolean {
  if (names.length === 0 || PLAIN_FEATURE_NAMES.test(JSON.stringify(names))) return true;
  return names.every((n) => featureNameProblem(n) === undefined);
}

const PLAIN_FEATURE_NAMES = /^\["[A-Za-z0-9_][A-Za-z0-9_+.-]*"(?:,"[A-Za-z0-9_][A-Za-z0-9_+.-]*")*\]$/;

function featureValueProblem(
  feature: string,
  fv: FeatureValue,
  declared: ReadonlyMap<string, readonly string[]>,
  all: ReadonlyMap<string, readonly FeatureValue[]>,
  optionalByName: ReadonlyMap<string, boolean>,
): string | undefined {
  const target = fv.kind === 'feature' ? fv.feature : fv.dep;
  const isDep = optionalByName.has(target);
  const isOptional = optionalByName.get(target) === true;
  switch (fv.kind) {
    case 'feature':
      if (declared.has(fv.feature)) return undefined;
      if (!isDep)
        return `feature \`${feature}\` includes \`${fv.feature}\` which is neither a dependency nor another feature`;
      if (!isOptional)
        return `feature \`${feature}\` includes \`${fv.feature}\`, but \`${fv.feature}\` is not an optional dependency`;
      if (!all.has(fv.feature)) {
        return `feature \`${feature}\` includes \`${fv.feature}\`, but \`${fv.feature}\` is an optional dependency without an implicit feature`;
      }
      return undefined;
    case 'dep':
      if (!isDep)
        return `feature \`${feature}\` includes \`dep:${fv.dep}\`, but \`${fv.dep}\` is not listed as a dependency`;
      if (!isOptional)
        return `feature \`${feature}\` includes \`dep:${fv.dep}\`, but \`${fv.dep}\` is not an optional dependency`;
      return undefined;
    case 'dep-feature': {
      const text = `${fv.dep}${fv.weak ? '?' : ''}/${fv.feature}`;
      if (fv.feature.includes('/'))
        return `multiple slashes in feature \`${text}\` (included by feature \`${feature}\`) are not allowed`;
      if (fv.dep.startsWith('dep:')) return `feature \`${feature}\` includes \`${text}\` with both \`dep:\` and \`/\``;
      if (!isDep) return `feature \`${feature}\` includes \`${text}\`, but \`${fv.dep}\` is not a dependency`;
      if (fv.weak && !isOptional) {
        return `feature \`${feature}\` includes \`${text}\` with a \`?\`, but \`${fv.dep}\` is not an optional dependency`;
      }
      return undefined;
    }
  }
}

// ASCII letters are XID_Start and XID_Continue; digits and `_` are allowed first; `+.-` after.
const PLAIN_FEATURE_NAME = /^[A-Za-z0-9_][A-Za-z0-9_+.-]*$/;

/** cargo's `validate_feature_name` (cargo 1.95, crates/cargo-util-schemas/src/restricted_names.rs). */
export function featureNameProblem(name: string): string | undefined {
  // Nearly every name is plain ASCII, which needs none of the Unicode tables below.
  if (PLAIN_FEATURE_NAME.test(name)) return undefined;
  if (name === '') return 'feature name cannot be empty';
  if (name.startsWith('dep:')) return `feature named \`${name}\` is not allowed to start with \`dep:\``;
  if (name.includes('/')) return `invalid character \`/\` in feature name: \`${name}\``;
  const [first, ...rest] = [...name];
  if (!/^[\p{XID_Start}_0-9]$/u.test(first!)) return `invalid character \`${first}\` in feature name: \`${name}\``;
  for (const ch of rest) {
    if (!/^[\p{XID_Continue}+.-]$/u.test(ch)) return `invalid character \`${ch}\` in feature name: \`${name}\``;
  }
  return undefined;
}

/** Cargo keeps features in a BTreeMap, so its feature map is sorted by name. */
function byName<V>(map: ReadonlyMap<string, V>): Map<string, V> {
  const sorted = new Map<string, V>();
  for (const n of sortedByName([...map.keys()])) sorted.set(n, map.get(n)!);
  return sorted;
}

function sortedByName(names: string[]): string[] {
  // UTF-16 order, the default, is code-point order unless a name has a character past U+FFFF.
  return names.sort(names.some((n) => SURROGATE.test(n)) ? compareCodePoints : undefined);
}

const SURROGATE = /[\uD800-\uDFFF]/;

/** Rust's `str` order (UTF-8 bytes, i.e. code points), which UTF-16 `<` gets wrong past U+FFFF. */
function compareCodePoints(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) return codePointRank(x) - codePointRank(y);
  }
  return a.length - b.length;
}

// Surrogates stand for code points above U+FFFF, so they rank after U+E000..U+FFFF.
function codePointRank(unit: number): number {
  return unit >= 0xe000 ? unit - 0x800 : unit >= 0xd800 ? unit + 0x2000 : unit;
}
