import type { Summary } from '../../src/cargo/summary.js';
import { applyEdits } from '../../src/edits/index.js';
import type { Explanation } from '../../src/explain/explain.js';
import { explain } from '../../src/explain/explain.js';
import { WhatIfChecker } from '../../src/explain/what-if.js';
import type { CandidateQueryer } from '../../src/resolve/query.js';
import type { ResolveOutcome } from '../../src/resolve/resolve.js';
import { resolveGraph } from '../../src/resolve/resolve.js';
import type { PkgSpec } from '../resolve/helpers.js';
import { pkg, queryerFor } from '../resolve/helpers.js';

/** The explanation `explain` gives, with fixes checked by resolving the edited workspace. */
export function explainCase(
  registry: Record<string, PkgSpec>,
  members: Summary[],
  queryer: CandidateQueryer,
  outcome: Extract<ResolveOutcome, { kind: 'unresolvable' }>,
): Promise<Explanation> {
  const universe = Object.entries(registry).map(([id, spec]) => pkg(id, spec));
  return explain({
    encoding: outcome.encoding,
    session: outcome.session,
    // Quick verdicts on the shared encoding, every fix still confirmed in full by the caller.
    whatIf: new WhatIfChecker(outcome.encoding, outcome.session, members),
    queryer,
    members,
    versionsOf: (name: string) => universe.filter((s) => s.name === name),
    resolveWith: async (edits) => {
      const edited = applyEdits(members, edits);
      const qq = queryerFor(registry, edited.members);
      const r = resolveGraph(edited.members, qq);
      if (r.kind === 'resolved') {
        const packages = new Map<string, string[]>();
        for (const s of r.graph.packages.values())
          packages.set(s.name, [...(packages.get(s.name) ?? []), `${s.version}`]);
        return { resolved: true, packages };
      }
      return r.kind === 'unresolvable'
        ? { resolved: false, encoding: r.encoding, session: r.session, queryer: qq }
        : { resolved: false, queryer: qq };
    },
  });
}
