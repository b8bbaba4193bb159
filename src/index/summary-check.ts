import { parseFeatureValue, type Dependency, type FeatureValue } from '../cargo/summary.js';

/** A version's feature map, or the reason cargo rejects the version instead. */
export type FeatureVerdict = { problem: string; features?: undefined } | { problem?: undefined; features: Map<string, FeatureValue[]> };

/**
 * The feature map cargo's `Summary::new` builds for an index entry (src/cargo/core/summary.rs,
 * `build_feature_map`): the declared features plus the implicit feature of each optional
 * dependency no feature names with `dep:`, sorted by name as cargo's BTreeMap keeps them. For an
 * index entry a failed check does not stop cargo: it marks the version invalid and never offers
 * it, so we must reject exactly what it rejects, with the first problem cargo would report.
 * Feature names a dependency is asked to enable are checked later, by the resolver, as cargo does.
 */
export function indexFeatureMap(
  declared: ReadonlyMap<string, readonly string[]>,
  dependencies: readonly Dependency[],
): FeatureVerdict {
  // Whether there is a problem does not depend on the order features are checked in, only which
  // one is reported first does, so only an entry with a problem pays for sorting before checking.
  // Values parse the same way for cargo's checks and for the map of an entry that passes them.
  const all = withImplicitFeatures(declared, dependencies);
  if (firstProblem(declared, all, dependencies) === undefined) return { features: byName(all) };
  return { problem: summaryProblem(byName(declared), dependencies)! };
}

/**
 * The checks cargo's `Summary::new` makes, in its order (`features` sorted by name). Returns the
 * reason, or undefined when the entry is fine.
 */
export function summaryProblem(
  features: ReadonlyMap<string, readonly string[]>,
  dependencies: readonly Dependency[],
): string | undefined {
  return firstProblem(features, withImplicitFeatures(features, dependencies), dependencies);
}

/** The declared features as cargo parses them, then the implicit features, in that order. */
function withImplicitFeatures(
  features: ReadonlyMap<string, readonly string[]>,
  dependencies: readonly Dependency[],
): Map<string, FeatureValue[]> {
  const all = new Map<string, FeatureValue[]>();
  const explicitDep = new Set<string>();
  for (const [name, values] of features) {
    const parsed = values.map(cargoFeatureValue);
    for (const v of parsed) if (v.kind === 'dep') explicitDep.add(v.dep);
    all.set(name, parsed);
  }
  for (const d of dependencies) {
    if (d.optional && !features.has(d.nameInToml) && !explicitDep.has(d.nameInToml)) {
      all.set(d.nameInToml, [{ kind: 'dep', dep: d.nameInToml }]);
    }
  }
  return all;
}

function firstProblem(
  features: ReadonlyMap<string, readonly string[]>,
  all: ReadonlyMap<string, readonly FeatureValue[]>,
  dependencies: readonly Dependency[],
): string | undefined {
  for (const d of dependencies) {
    if (d.optional && d.kind === 'dev') return `dev-dependencies are not allowed to be optional: \`${d.nameInToml}\``;
  }
  if (all.size === 0) return undefined;
  const optionalByName = new Map<string, boolean>();
  for (const d of dependencies) optionalByName.set(d.nameInToml, (optionalByName.get(d.nameInToml) ?? false) || d.optional);

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
      if (!isDep) return `feature \`${feature}\` includes \`${fv.feature}\` which is neither a dependency nor another feature`;
      if (!isOptional) return `feature \`${feature}\` includes \`${fv.feature}\`, but \`${fv.feature}\` is not an optional dependency`;
      if (!all.has(fv.feature)) {
        return `feature \`${feature}\` includes \`${fv.feature}\`, but \`${fv.feature}\` is an optional dependency without an implicit feature`;
      }
      return undefined;
    case 'dep':
      if (!isDep) return `feature \`${feature}\` includes \`dep:${fv.dep}\`, but \`${fv.dep}\` is not listed as a dependency`;
      if (!isOptional) return `feature \`${feature}\` includes \`dep:${fv.dep}\`, but \`${fv.dep}\` is not an optional dependency`;
      return undefined;
    case 'dep-feature': {
      const text = `${fv.dep}${fv.weak ? '?' : ''}/${fv.feature}`;
      if (fv.feature.includes('/')) return `multiple slashes in feature \`${text}\` (included by feature \`${feature}\`) are not allowed`;
      if (fv.dep.startsWith('dep:')) return `feature \`${feature}\` includes \`${text}\` with both \`dep:\` and \`/\``;
      if (!isDep) return `feature \`${feature}\` includes \`${text}\`, but \`${fv.dep}\` is not a dependency`;
      if (fv.weak && !isOptional) {
        return `feature \`${feature}\` includes \`${text}\` with a \`?\`, but \`${fv.dep}\` is not an optional dependency`;
      }
      return undefined;
    }
  }
}

// Cargo's FeatureValue::new splits at the first `/` before looking for `dep:`, so `dep:a/b` is a
// dep-feature of a dependency named `dep:a`, which the check below then names precisely.
function cargoFeatureValue(text: string): FeatureValue {
  const slash = text.indexOf('/');
  if (slash < 0) return parseFeatureValue(text);
  const dep = text.slice(0, slash);
  const weak = dep.endsWith('?');
  return { kind: 'dep-feature', dep: weak ? dep.slice(0, -1) : dep, feature: text.slice(slash + 1), weak };
}

// ASCII letters are XID_Start and XID_Continue; digits and `_` are allowed first; `+.-` after.
const PLAIN_FEATURE_NAME = /^[A-Za-z0-9_][A-Za-z0-9_+.-]*$/;

/** cargo-util-schemas' `validate_feature_name`. */
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
  const names = [...map.keys()];
  // UTF-16 order, the default, is code-point order unless a name has a character past U+FFFF.
  names.sort(names.some((n) => SURROGATE.test(n)) ? compareCodePoints : undefined);
  const sorted = new Map<string, V>();
  for (const n of names) sorted.set(n, map.get(n)!);
  return sorted;
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
