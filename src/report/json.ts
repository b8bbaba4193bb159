import type { Summary } from '../cargo/summary.js';
import type { Explanation } from '../explain/explain.js';
import type { ResolvedGraph } from '../resolve/graph.js';
import { packageId } from '../resolve/ids.js';
import type { SuggestionContext } from './explanation.js';
import { suggestionCommand } from './explanation.js';

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
export function unresolvableJson(ex: Explanation, extra: Record<string, unknown> = {}, how?: SuggestionContext): Record<string, unknown> {
  return {
    status: 'unresolvable',
    conflicts: ex.conflicts.map((c) => ({
      summary: c.summary,
      facts: c.facts.map((f) => ({ kind: f.kind, text: f.text, ...(f.origin && { origin: f.origin }) })),
    })),
    suggestions: ex.suggestions.map((s) => ({
      edits: s.flags,
      text: s.text,
      changes: s.changes,
      cost: { ...s.cost, ...(s.costText && { text: s.costText }) },
      ...(how && { command: suggestionCommand(s, how) }),
    })),
    notes: ex.notes,
    ...extra,
  };
}

export function errorJson(message: string): Record<string, unknown> {
  return { status: 'error', message };
}
