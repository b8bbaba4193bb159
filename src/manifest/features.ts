import {
  buildFeatureMap,
  type Dependency,
  type FeatureMap,
  type FeatureValue,
  featureValueText,
  parseFeatureValue,
} from '../cargo/summary.js';
import { invalidFeatureName } from './names.js';
import type { KeyPath, TomlDocument } from './toml-document.js';
import { byteOrder } from './toml-values.js';

export interface DeclaredFeature {
  name: string;
  values: readonly string[];
  keyPath: KeyPath;
}

/**
 * The `[features]` table checked the way cargo's `build_feature_map` checks it (cargo 1.95,
 * src/workspace/summary.rs): a feature naming something that is neither a feature nor a dependency,
 * `dep:` on a non-optional dependency, ...), then built with the shared `buildFeatureMap`. Keys
 * come out in cargo's BTreeMap order.
 */
export function featureMapOf(
  doc: TomlDocument,
  declared: readonly DeclaredFeature[],
  deps: readonly Dependency[],
): FeatureMap {
  const sorted = [...declared].sort((a, b) => byteOrder(a.name, b.name));
  const declaredNames = new Set(sorted.map((f) => f.name));
  const optionalByName = new Map<string, boolean>();
  for (const d of deps) optionalByName.set(d.nameInToml, (optionalByName.get(d.nameInToml) ?? false) || d.optional);

  for (const f of sorted) {
    const invalid = invalidFeatureName(f.name);
    if (invalid) throw doc.error(invalid, f.keyPath);
    f.values.forEach((text, i) => {
      const problem = checkValue(f.name, text, declaredNames, optionalByName, sorted);
      if (problem) throw doc.error(problem, [...f.keyPath, i]);
    });
  }

  const map = buildFeatureMap(
    sorted.map((f) => [f.name, f.values]),
    deps,
  );
  const used = new Set<string>();
  for (const values of map.values()) {
    for (const v of values) if (v.kind !== 'feature') used.add(v.dep);
  }
  for (const [dep, optional] of optionalByName) {
    if (optional && !used.has(dep)) {
      const holder = sorted.find((f) => f.name === dep);
      throw doc.error(
        `optional dependency \`${dep}\` is not included in any feature\nMake sure that \`dep:${dep}\` is included in one of features in the [features] table.`,
        holder?.keyPath ?? ['features'],
      );
    }
  }
  return new Map([...map].sort(([a], [b]) => byteOrder(a, b)));
}

function checkValue(
  feature: string,
  text: string,
  declared: ReadonlySet<string>,
  optionalByName: ReadonlyMap<string, boolean>,
  all: readonly DeclaredFeature[],
): string | undefined {
  // Cargo splits on `/` before looking for `dep:`, so `dep:x/y` is a dep-feature with a bad name.
  const slash = text.indexOf('/');
  if (slash >= 0 && text.slice(0, slash).startsWith('dep:')) {
    const stripped = text.slice(4, slash).replace(/\?$/, '');
    const weak = text.slice(0, slash).endsWith('?');
    const explicitlyListed = all.some((f) => f.values.includes(`dep:${stripped}`));
    const optional = optionalByName.get(stripped) === true;
    const extra =
      weak || explicitlyListed || !optional
        ? ''
        : `\nIf the intent is to avoid creating an implicit feature \`${stripped}\` for an optional dependency, then consider replacing this with two values:\n    "dep:${stripped}", "${stripped}/${text.slice(slash + 1)}"`;
    return `feature \`${feature}\` includes \`${text}\` with both \`dep:\` and \`/\`\nTo fix this, remove the \`dep:\` prefix.${extra}`;
  }
  const fv: FeatureValue = parseFeatureValue(text);
  const shown = featureValueText(fv);
  const name = fv.kind === 'feature' ? fv.feature : fv.dep;
  const isDep = optionalByName.has(name);
  const isOptional = optionalByName.get(name) === true;
  switch (fv.kind) {
    case 'feature':
      if (declared.has(fv.feature)) return undefined;
      if (!isDep)
        return `feature \`${feature}\` includes \`${shown}\` which is neither a dependency nor another feature`;
      if (!isOptional) {
        return `feature \`${feature}\` includes \`${shown}\`, but \`${name}\` is not an optional dependency\nA non-optional dependency of the same name is defined; consider adding \`optional = true\` to its definition.`;
      }
      // An optional dependency keeps its implicit feature only if no `dep:` names it.
      if (all.some((f) => f.values.includes(`dep:${name}`))) {
        return `feature \`${feature}\` includes \`${shown}\`, but \`${name}\` is an optional dependency without an implicit feature\nUse \`dep:${name}\` to enable the dependency.`;
      }
      return undefined;
    case 'dep':
      if (!isDep) return `feature \`${feature}\` includes \`${shown}\`, but \`${name}\` is not listed as a dependency`;
      if (!isOptional) {
        return `feature \`${feature}\` includes \`${shown}\`, but \`${name}\` is not an optional dependency\nA non-optional dependency of the same name is defined; consider adding \`optional = true\` to its definition.`;
      }
      return undefined;
    case 'dep-feature':
      if (fv.feature.includes('/')) {
        return `multiple slashes in feature \`${shown}\` (included by feature \`${feature}\`) are not allowed`;
      }
      if (!isDep) return `feature \`${feature}\` includes \`${shown}\`, but \`${name}\` is not a dependency`;
      if (fv.weak && !isOptional) {
        return `feature \`${feature}\` includes \`${shown}\` with a \`?\`, but \`${name}\` is not an optional dependency\nA non-optional dependency of the same name is defined; consider removing the \`?\` or changing the dependency to be optional`;
      }
      return undefined;
  }
}
