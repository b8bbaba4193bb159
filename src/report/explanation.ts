import type { Summary } from '../cargo/summary.js';
import { composeEdits } from '../edits/compose.js';
import type { Edit } from '../edits/edit.js';
import type { Conflict, DerivationStep } from '../explain/conflict.js';
import type { Explanation } from '../explain/explain.js';
import type { Fact } from '../explain/facts.js';
import type { Suggestion } from '../explain/suggest.js';
import type { WhatIfSession } from '../session/session.js';
import { visible } from '../text/visible.js';
import type { Invocation } from './command-line.js';
import { commandLine } from './command-line.js';
import { conflictSummary, factOrigin, factText } from './facts.js';
import { costText, deadEndNote, suggestionText } from './suggestions.js';

/** What a printed fix needs to run as printed: how we were run, and the edits already in force. */
export interface SuggestionContext {
  invocation: Invocation;
  /** The members as the manifests say. */
  members: readonly Summary[];
  /** The user's edits (command line, whatif.toml check, TUI stack) the fixes were found on top of. */
  userEdits: readonly Edit[];
}

/** How a fix found in `session` on top of `extra` (a check's or the TUI's edits) is printed as a command that runs as printed. */
export function suggestionContext(
  session: WhatIfSession,
  invocation: Invocation,
  extra: readonly Edit[] = [],
): SuggestionContext {
  return { invocation, members: session.input.baseMembers, userEdits: [...session.input.edits, ...extra] };
}

/** The whole command that applies a fix, the user's own edits included. */
export function suggestionCommand(s: Suggestion, ctx: SuggestionContext): string {
  return commandLine(ctx.invocation, composeEdits(ctx.members, ctx.userEdits, s.edits));
}

/**
 * An explanation as cargo-style text: per conflict an `error:` summary, the derivation from
 * each member requirement down to the clash (with file:line where the fact comes from),
 * then `note:` and `help:` lines, the fixes printed as the flags that reproduce them.
 */
export function explanationText(ex: Explanation, ctx: SuggestionContext, cwd = process.cwd()): string {
  const out: string[] = [];
  const n = ex.conflicts.length;
  for (const group of sharedRequirementGroups(ex.conflicts)) {
    if (group.shared)
      out.push(
        `error: ${groupSummary(
          group.shared,
          group.members.map((m) => m.conflict),
          n,
          group.members.map((m) => m.index),
        )}`,
      );
    group.members.forEach(({ conflict: c, index }, k) => {
      const label = n > 1 ? `conflict ${index + 1} of ${n}: ` : '';
      out.push(`${group.shared ? '' : 'error: '}${group.shared ? `  ${label}` : label}${conflictSummary(c)}`);
      // The shared requirement's chain is told once, in the group's first conflict.
      const collapse = group.shared && k > 0 ? group.shared : undefined;
      out.push(
        ...derivationLines(c, cwd, collapse, group.shared ? '  ' : '').map((l) =>
          collapse && l === COLLAPSED
            ? `    ${sharedLabel(group.shared!)}: as in conflict ${group.members[0]!.index + 1}`
            : l,
        ),
      );
      for (const note of conflictNotes(c, collapse)) out.push(`${group.shared ? '  ' : ''}note: ${note}`);
      out.push('');
    });
  }
  if (ex.truncated) out.push('note: stopped after the first conflicts found; fixing these may reveal more', '');
  for (const d of ex.deadEnds) out.push(`note: ${deadEndNote(d)}`);
  if (ex.deadEnds.length) out.push('');
  if (ex.suggestions.length === 0) {
    out.push(
      'help: none of the fixes tried resolves it (moving a clashing requirement to another semver line, or the whole workspace onto one line); change the requirements named above',
    );
  } else {
    const which = ex.suggestions.length === 1 ? 'this change resolves' : 'each of these resolves';
    out.push(
      `help: ${which} the workspace (checked by resolving again)${ex.suggestions.length > 1 ? ', cheapest first' : ''}:`,
    );
    ex.suggestions.forEach((s, i) => {
      out.push(`  ${i + 1}. ${suggestionText(s)}`);
      const cost = costText(s.cost);
      if (cost) out.push(`     cost: ${cost}`);
      out.push(`     ${suggestionCommand(s, ctx)}`);
    });
  }
  // Each line made visible on its own: a name holding a newline cannot start a line of its own.
  return out.map(visible).join('\n') + '\n';
}

/** Stands in for a shared requirement's chain in the lines derivationLines returns. */
const COLLAPSED = '\0collapsed';

/**
 * The derivation from each requirement down to the clash. `collapse`: a requirement whose chain
 * was already told (a group's shared one), given as one COLLAPSED line.
 */
export function derivationLines(c: Conflict, cwd = process.cwd(), collapse?: string, indent = ''): string[] {
  const lines: string[] = [];
  const walk = (step: DerivationStep, depth: number, prefix: string) => {
    lines.push(visible(`${indent}${prefix}${factLine(step.fact, cwd)}`));
    const childPrefix = '  '.repeat(depth + 2) + '-> ';
    for (const child of step.children) walk(child, depth + 1, childPrefix);
  };
  for (const d of c.derivations) {
    if (collapse && requirementKey(d.fact) === collapse) lines.push(COLLAPSED);
    else walk(d, 0, '  ');
  }
  for (const clash of c.clash)
    if (clash.kind === 'links' || clash.kind === 'one-per-semver')
      lines.push(visible(`${indent}  = ${factText(clash)}`));
  return lines;
}

/** A member's requirement, as conflicts share it. */
function requirementKey(f: Fact): string | undefined {
  return f.kind === 'requirement'
    ? `${f.parents[0]!.name}\0${f.dep.nameInToml}\0${f.dep.kind}\0${f.dep.req}`
    : undefined;
}

function sharedLabel(key: string): string {
  const [member, dep, , req] = key.split('\0');
  return `${member}'s ${dep} ${req}`;
}

interface ConflictGroup {
  /** The requirement every conflict of the group has (requirementKey), when there are several. */
  shared?: string;
  members: { conflict: Conflict; index: number }[];
}

/**
 * Conflicts that share a requirement, together: the seed's three conflicts are one root cause
 * (arrow_quant_v2's pyo3 ^0.22 against three requirements that all need pyo3 0.20), and telling
 * its chain three times hides that. Each minimal conflict stays visible, in the order found.
 */
function sharedRequirementGroups(conflicts: readonly Conflict[]): ConflictGroup[] {
  const keysOf = (c: Conflict) => new Set(c.facts.map(requirementKey).filter((k): k is string => k !== undefined));
  const left = conflicts.map((conflict, index) => ({ conflict, index, keys: keysOf(conflict) }));
  const groups: ConflictGroup[] = [];
  while (left.length > 0) {
    const counts = new Map<string, number>();
    for (const l of left) for (const k of l.keys) counts.set(k, (counts.get(k) ?? 0) + 1);
    const [best, count] = [...counts].sort((a, b) => b[1] - a[1])[0] ?? [undefined, 0];
    if (best === undefined || count < 2) {
      for (const l of left.splice(0)) groups.push({ members: [{ conflict: l.conflict, index: l.index }] });
      break;
    }
    const members = left.filter((l) => l.keys.has(best));
    for (const m of members) left.splice(left.indexOf(m), 1);
    groups.push({ shared: best, members: members.map(({ conflict, index }) => ({ conflict, index })) });
  }
  return groups.sort((a, b) => a.members[0]!.index - b.members[0]!.index);
}

/**
 * "arrow_quant_v2's pyo3 ^0.22 clashes with 3 requirements that all need pyo3 0.20.x": what the
 * other requirements have in common is the first package line every one of their chains reaches,
 * preferring a crate the shared requirement needs on another line.
 */
function groupSummary(
  shared: string,
  conflicts: readonly Conflict[],
  total: number,
  indices: readonly number[],
): string {
  const lineOf = (t: Summary) => `${t.name} ${t.version.lineLabel}`;
  const reached = (steps: readonly DerivationStep[]) => {
    const out: string[] = [];
    const queue = [...steps];
    while (queue.length) {
      const step = queue.shift()!;
      for (const t of step.fact.targets) if (!out.includes(lineOf(t))) out.push(lineOf(t));
      queue.push(...step.children);
    }
    return out;
  };
  const sides = conflicts.map((c) => reached(c.derivations.filter((d) => requirementKey(d.fact) !== shared)));
  const sharedSide = reached(conflicts[0]!.derivations.filter((d) => requirementKey(d.fact) === shared));
  const common = sides[0]!.filter((l) => sides.every((s) => s.includes(l)));
  const sharedNames = new Set(sharedSide.map((l) => l.split(' ')[0]));
  const need = common.find((l) => sharedNames.has(l.split(' ')[0]) && !sharedSide.includes(l)) ?? common[0];
  const others = conflicts.flatMap((c) =>
    c.facts
      .filter((f) => f.kind === 'requirement' && requirementKey(f) !== shared)
      .map((f) => `${f.parents[0]!.name}'s ${f.dep!.name} ${f.dep!.req}`),
  );
  const list =
    others.length <= 2 ? others.join(' and ') : `${others.slice(0, -1).join(', ')} and ${others[others.length - 1]}`;
  const where = total > conflicts.length ? `conflicts ${indices.map((i) => i + 1).join(', ')}` : 'one conflict each';
  return `${sharedLabel(shared)} clashes with ${conflicts.length} requirements${need ? ` that all need ${need}` : ''} (${where}): ${list}`;
}

function factLine(f: Fact, cwd: string): string {
  const origin = factOrigin(f, cwd);
  return origin ? `${factText(f)}  [${origin}]` : factText(f);
}

/** Cargo prints which versions meet each requirement; so do we, for the members' requirements. */
export function conflictNotes(c: Conflict, skip?: string): string[] {
  const notes: string[] = [];
  for (const f of c.facts) {
    if (f.kind !== 'requirement' || !f.dep || (skip && requirementKey(f) === skip)) continue;
    // Newest first, as cargo lists them, whatever order the candidates came in (Cargo.lock's first).
    const sorted = [...f.targets].sort((a, b) => b.version.compare(a.version));
    const versions = [...new Set(sorted.map((t) => t.version.toString()))];
    if (versions.length === 0) continue;
    const shown =
      versions.length > 8 ? `${versions.slice(0, 8).join(', ')}, ... (${versions.length} in all)` : versions.join(', ');
    notes.push(`versions that meet the requirement \`${f.dep.name} ${f.dep.lockedFrom ?? f.dep.req}\` are: ${shown}`);
  }
  return notes;
}
