import { sourceKey } from '../cargo/source-id.js';
import type { Dependency, Summary } from '../cargo/summary.js';
import type { ResolvedGraph } from './graph.js';
import { activationKey, packageId } from './ids.js';

/**
 * An independent check of a finished resolution against Cargo's rules, written without the
 * encoder or the replay: every enabled dependency has an edge to a package that matches it and
 * has the features it asks for; one version per semver-compatible line; one package per `links`
 * value; every feature switched on exists; no cycle through normal or build dependencies.
 * Returns the violations found (empty when the resolution is valid).
 */
export function verifyResolution(graph: ResolvedGraph, roots: readonly Summary[]): string[] {
  const problems: string[] = [];
  const rootIds = new Set(roots.map(packageId));
  for (const r of roots) if (!graph.packages.has(packageId(r))) problems.push(`member ${r.name} is missing`);

  const lines = new Map<string, string>();
  const links = new Map<string, string>();
  for (const [id, s] of graph.packages) {
    const key = activationKey(s);
    const other = lines.get(key);
    if (other) problems.push(`${other} and ${id} are in the same semver-compatible line`);
    lines.set(key, id);
    if (s.links) {
      const holder = links.get(s.links);
      if (holder) problems.push(`${holder} and ${id} both link \`${s.links}\``);
      links.set(s.links, id);
    }
  }

  for (const [id, s] of graph.packages) {
    const isRoot = rootIds.has(id);
    const on = isRoot ? new Set(s.features.keys()) : (graph.features.get(id) ?? new Set<string>());
    for (const f of on)
      if (!s.features.has(f)) problems.push(`${id} has feature \`${f}\` on, which it does not define`);
    const { enabled, asked } = dependenciesOf(s, on, isRoot);
    const children = graph.children(id);
    for (const dep of enabled) {
      const match = [...children.keys()]
        .map((cid) => graph.packages.get(cid)!)
        .find((c) => c.name === dep.name && dep.req.matches(c.version) && sameSource(dep, c));
      if (!match) {
        problems.push(`${id}: dependency ${dep.nameInToml} (${dep.name} ${dep.req}) is not met`);
        continue;
      }
      const childOn = rootIds.has(packageId(match))
        ? new Set(match.features.keys())
        : (graph.features.get(packageId(match)) ?? new Set<string>());
      const want = new Set([...dep.features, ...(asked.get(dep.nameInToml) ?? [])]);
      if (dep.defaultFeatures && match.features.has('default')) want.add('default');
      for (const f of want)
        if (!childOn.has(f)) problems.push(`${id}: ${match.name} ${match.version} lacks feature \`${f}\``);
    }
  }
  return problems;
}

function sameSource(dep: Dependency, c: Summary): boolean {
  // A [patch] may stand in for the registry with a package from elsewhere.
  return sourceKey(dep.source) === sourceKey(c.source) || c.source.kind !== 'registry';
}

/** Enabled dependencies and the `dep/feature` requests on them, from the features that are on. */
function dependenciesOf(s: Summary, on: ReadonlySet<string>, isRoot: boolean) {
  const named = new Set<string>();
  const asked = new Map<string, Set<string>>();
  const closed = new Set<string>();
  const stack = [...on];
  while (stack.length) {
    const f = stack.pop()!;
    if (closed.has(f)) continue;
    closed.add(f);
    for (const v of s.features.get(f) ?? []) {
      if (v.kind === 'feature') stack.push(v.feature);
      else if (v.kind === 'dep') named.add(v.dep);
      else {
        named.add(v.dep);
        if (!asked.has(v.dep)) asked.set(v.dep, new Set());
        asked.get(v.dep)!.add(v.feature);
      }
    }
  }
  const enabled = s.dependencies.filter(
    (d) => (isRoot || d.kind !== 'dev') && (!d.optional || named.has(d.nameInToml)),
  );
  return { enabled, asked };
}
