import type { Summary } from '../../src/cargo/summary.js';
import { activationKey } from '../../src/resolve/ids.js';

/**
 * Test oracle: decides "is there any valid resolution?" by trying every subset of the
 * registry, and within a subset every way of pointing each dependency at one of the selected
 * versions that match it (that version, and only it, gets the dependency's features, as in
 * cargo). The members (one, or a workspace's) are all in the graph with all their features on.
 * Exponential; for small registries only. Shares nothing with the resolver or the SAT encoding
 * but the model (summaries, requirements) and what a semver-compatible line is.
 */
export function bruteForceResolvable(members: Summary | readonly Summary[], registry: readonly Summary[]): boolean {
  const roots: readonly Summary[] = Array.isArray(members) ? members : [members];
  const pool = registry.filter((s) => !s.yanked);
  if (pool.length > 16) throw new Error('registry too large for brute force');
  for (let mask = 0; mask < 1 << pool.length; mask++) {
    const chosen = [...roots, ...pool.filter((_, i) => mask & (1 << i))];
    if (valid(roots, chosen)) return true;
  }
  return false;
}

function valid(roots: readonly Summary[], chosen: Summary[]): boolean {
  const lines = new Set<string>();
  const links = new Set<string>();
  for (const s of chosen) {
    const k = activationKey(s);
    if (lines.has(k)) return false;
    lines.add(k);
    if (s.links) {
      if (links.has(s.links)) return false;
      links.add(s.links);
    }
  }
  const features = new Map<Summary, Set<string>>(chosen.map((s) => [s, new Set<string>()]));
  for (const root of roots) for (const f of root.features.keys()) features.get(root)!.add(f);
  return search(roots, chosen, features);
}

/** Some way to point every enabled dependency at a target that can take its features? */
function search(roots: readonly Summary[], chosen: Summary[], features: Map<Summary, Set<string>>): boolean {
  for (const s of chosen) {
    const on = closure(s, features.get(s)!);
    if (!on) return false;
    for (const { dep, asked } of enabledDeps(s, on, roots.includes(s))) {
      const targets = chosen.filter((c) => !roots.includes(c) && c.name === dep.name && dep.req.matches(c.version));
      const want = (t: Summary) => {
        const w = new Set([...dep.features, ...asked]);
        if (dep.defaultFeatures && t.features.has('default')) w.add('default');
        return w;
      };
      const usable = targets.filter((t) => [...want(t)].every((f) => t.features.has(f)));
      if (usable.length === 0) return false;
      if (usable.some((t) => [...want(t)].every((f) => features.get(t)!.has(f)))) continue;
      // Not yet satisfied: try each target in turn.
      for (const t of usable) {
        const next = new Map([...features].map(([k, v]) => [k, new Set(v)]));
        for (const f of want(t)) next.get(t)!.add(f);
        if (search(roots, chosen, next)) return true;
      }
      return false;
    }
  }
  return true;
}

function closure(s: Summary, on: Set<string>): Set<string> | undefined {
  const out = new Set<string>();
  const stack = [...on];
  while (stack.length) {
    const f = stack.pop()!;
    if (out.has(f)) continue;
    const values = s.features.get(f);
    if (!values) return undefined;
    out.add(f);
    for (const v of values) {
      if (v.kind === 'feature') stack.push(v.feature);
      else if (
        v.kind === 'dep-feature' &&
        !v.weak &&
        s.features.has(v.dep) &&
        s.dependencies.some((d) => d.optional && d.nameInToml === v.dep)
      )
        stack.push(v.dep);
    }
  }
  return out;
}

function enabledDeps(s: Summary, on: Set<string>, isRoot: boolean) {
  const named = new Map<string, Set<string>>();
  for (const f of on) {
    for (const v of s.features.get(f) ?? []) {
      if (v.kind === 'dep') named.set(v.dep, named.get(v.dep) ?? new Set());
      else if (v.kind === 'dep-feature') named.set(v.dep, new Set([...(named.get(v.dep) ?? []), v.feature]));
    }
  }
  return s.dependencies
    .filter((d) => (isRoot || d.kind !== 'dev') && (!d.optional || named.has(d.nameInToml)))
    .map((dep) => ({ dep, asked: named.get(dep.nameInToml) ?? new Set<string>() }));
}
