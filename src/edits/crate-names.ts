import type { Summary } from '../cargo/summary.js';
import type { VersionsOf } from './upgrade.js';

/**
 * The crate names a typo in an edit or a policy most likely meant: the members' dependencies and
 * what their releases depend on. The registry cannot be listed (a sparse index answers only for
 * names it is asked about), and the crates a workspace names are what its user types.
 */
export function nearbyCrateNames(members: readonly Summary[], versionsOf: VersionsOf): Set<string> {
  const names = new Set<string>();
  for (const m of members) {
    names.add(m.name);
    for (const d of m.dependencies) names.add(d.name);
  }
  for (const name of [...names]) {
    for (const s of versionsOf(name)) for (const d of s.dependencies) if (d.kind !== 'dev') names.add(d.name);
  }
  return names;
}
