import type { Summary } from '../cargo/summary.js';
import type { Explanation } from '../explain/explain.js';
import type { ResolvedGraph } from '../resolve/graph.js';
import { packageId } from '../resolve/ids.js';
import type { SuggestionContext } from './explanation.js';
import { suggestionCommand } from './explanation.js';
import { conflictSummary, factOrigin, factSource, factText } from './facts.js';
import { costText, deadEndNote, suggestionText } from './suggestions.js';

/** The JSON documents of ../shared/CONTRACT.md. Fields may be added, never renamed. */
export function resolvedJson(graph: ResolvedGraph, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    status: 'resolved',
    packages: graph.sorted().map((s) => packageJson(s, graph)),
    ...extra,
  };
}

function packageJson(s: Summary, graph: ResolvedGraph) {
  const features = [...(graph.features.get(packageId(s)) ?? [])].sort();
  return { name: s.name, version: s.version.toString(), source: s.source.kind, features };
}

/** `command`: the whole command line that applies a fix, when it is known how we were run. */
export function unresolvableJson(
  ex: Explanation,
  extra: Record<string, unknown> = {},
  how?: SuggestionContext,
  cwd = process.cwd(),
): Record<string, unknown> {
  return {
    status: 'unresolvable',
    conflicts: ex.conflicts.map((c) => ({
      summary: conflictSummary(c),
      facts: c.facts.map((f) => {
        const origin = factOrigin(f, cwd);
        const source = factSource(f);
        return { kind: f.kind, text: factText(f), ...(origin && { origin }), ...(source && { source }) };
      }),
    })),
    suggestions: ex.suggestions.map((s) => {
      const cost = costText(s.cost);
      return {
        edits: s.flags,
        text: suggestionText(s),
        changes: s.changes,
        cost: { ...s.cost, ...(cost && { text: cost }) },
        ...(how && { command: suggestionCommand(s, how) }),
      };
    }),
    notes: ex.deadEnds.map(deadEndNote),
    ...extra,
  };
}

export function errorJson(message: string): Record<string, unknown> {
  return { status: 'error', message };
}
