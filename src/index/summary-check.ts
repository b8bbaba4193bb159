import { parseFeatureValue, type Dependency, type FeatureValue } from '../cargo/summary.js';

/**
 * The checks cargo's `Summary::new` makes (src/cargo/core/summary.rs, `build_feature_map`). For an
 * index entry a failure does not stop cargo: it marks the version invalid and never offers it, so
 * we must reject exactly what it rejects. Returns the reason, or undefined when the entry is fine.
 * Feature names a dependency is asked to enable are checked later, by the resolver, as cargo does.
 */
export function summaryProblem(
  features: ReadonlyMap<string, readonly string[]>,
  dependencies: readonly Dependency[],
): string | undefined {
  for (const d of dependencies) {
    if (d.optional && d.kind === 'dev') return `dev-dependencies are not allowed to be optional: \`${d.nameInToml}\``;
  }
  const optionalByName = new Map<string, boolean>();
  for (const d of dependencies) optionalByName.set(d.nameInToml, (optionalByName.get(d.nameInToml) ?? false) || d.optional);

  const declared = new Map<string, FeatureValue[]>();
  for (const [name, values] of features) declared.set(name, values.map(cargoFeatureValue));
  const explicitDep = new Set<string>();
  for (const values of declared.values()) for (const v of values) if (v.kind === 'dep') explicitDep.add(v.dep);
  const all = new Map(declared);
  for (const d of dependencies) {
    if (d.optional && !features.has(d.nameInToml) && !explicitDep.has(d.nameInToml)) {
      all.set(d.nameInToml, [{ kind: 'dep', dep: d.nameInToml }]);
    }
  }

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

/** cargo-util-schemas' `validate_feature_name`. */
export function featureNameProblem(name: string): string | undefined {
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
