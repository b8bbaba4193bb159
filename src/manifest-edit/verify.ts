import { sourceKey } from '../cargo/source-id.js';
import type { Dependency, Summary } from '../cargo/summary.js';
import { featureValueText } from '../cargo/summary.js';

/**
 * After writing, the manifests must read back as exactly the workspace the what-if resolved:
 * same dependencies (requirement, source, kind, target, optional, default features, feature
 * set) and the same `[features]`. Returns what differs, one line per difference.
 */
export function summaryDifferences(expected: readonly Summary[], actual: readonly Summary[]): string[] {
  const out: string[] = [];
  const actualByName = new Map(actual.map((m) => [m.name, m]));
  for (const want of expected) {
    const got = actualByName.get(want.name);
    if (!got) {
      out.push(`member ${want.name} is missing`);
      continue;
    }
    const a = depMap(want.dependencies);
    const b = depMap(got.dependencies);
    for (const [key, text] of a) {
      const other = b.get(key);
      if (other === undefined) out.push(`${want.name}: ${key} is missing`);
      else if (other !== text) out.push(`${want.name}: ${key} reads as ${other}, not ${text}`);
    }
    for (const key of b.keys()) if (!a.has(key)) out.push(`${want.name}: ${key} was not expected`);
    const fa = featureMap(want);
    const fb = featureMap(got);
    for (const name of new Set([...fa.keys(), ...fb.keys()])) {
      const x = fa.get(name) ?? '';
      const y = fb.get(name) ?? '';
      if (x !== y) out.push(`${want.name}: feature ${name} reads as [${y}], not [${x}]`);
    }
  }
  return out;
}

function depMap(deps: readonly Dependency[]): Map<string, string> {
  return new Map(
    deps.map((d) => [
      `${d.kind}${d.target ? ` (${d.target})` : ''} dependency ${d.nameInToml}`,
      JSON.stringify({
        name: d.name,
        req: d.req.toString(),
        source: sourceKey(d.source),
        optional: d.optional,
        defaultFeatures: d.defaultFeatures,
        features: [...new Set(d.features)].sort(),
      }),
    ]),
  );
}

// A feature left empty by a removal and one that is no longer there mean the same to cargo.
function featureMap(s: Summary): Map<string, string> {
  const out = new Map<string, string>();
  for (const [name, values] of s.features)
    if (values.length) out.set(name, values.map(featureValueText).sort().join(', '));
  return out;
}
