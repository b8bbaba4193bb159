import type { DeadEnd } from '../explain/dead-ends.js';
import type { FixCost } from '../explain/fix-cost.js';
import type { Suggestion } from '../explain/suggest.js';
import { describeEdit } from './edits.js';

/** A fix in words: "Use pyo3 0.20 in arrow_quant_v2 (now ^0.22) (resolves with pyo3 0.20.3)". */
export function suggestionText(s: Suggestion): string {
  const parts = s.edits.map((e, i) => {
    if (e.kind !== 'bump') return describeEdit(e);
    const step = s.steps[i]!;
    const now = step.replaces.map((r) => (e.member ? `now ${r.req}` : `${r.member} has ${r.req}`));
    const where = e.member ? `in ${e.member}` : 'in every member';
    const label = step.package !== undefined ? `${step.package} (as \`${e.dep}\`)` : e.dep;
    return `use ${label} ${e.req} ${where}${now.length ? ` (${[...new Set(now)].join(', ')})` : ''}`;
  });
  const picked = s.resolvesWith.map((p) => `${p.name} ${p.versions.join(' + ')}`);
  const sentence = parts.join('; ');
  return `${sentence[0]!.toUpperCase()}${sentence.slice(1)}${picked.length ? ` (resolves with ${picked.join(', ')})` : ''}`;
}

/** "pyo3-asyncio has no release that works with pyo3 0.22.x (which arrow_quant_v2 requires): ..." */
export function deadEndNote(d: DeadEnd): string {
  return `${d.dependent} has no release that works with ${d.crate} ${d.line} (which ${d.member} requires): its newest, ${d.newest}, requires ${d.crate} ${d.requires}`;
}

/** The cost in words, or undefined for a fix that crosses no breaking line and removes nothing. */
export function costText(cost: FixCost): string | undefined {
  const parts: string[] = [];
  for (const b of cost.breaking) {
    parts.push(
      `a breaking ${b.direction} of ${b.dep} in ${b.member} (${b.from} → ${b.to}: code written for ${b.from} may not build)`,
    );
  }
  for (const r of cost.removals) parts.push(`removes ${r.dep} from ${r.member} (every use of it must go)`);
  for (const f of cost.droppedFeatures)
    parts.push(`turns off feature \`${f.feature}\` of ${f.dep}${f.member ? ` in ${f.member}` : ''}`);
  return parts.length ? parts.join('; ') : undefined;
}
