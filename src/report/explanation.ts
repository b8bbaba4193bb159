import type { Summary } from '../cargo/summary.js';
import type { Conflict, DerivationStep } from '../explain/conflict.js';
import type { Explanation } from '../explain/explain.js';
import type { Fact } from '../explain/facts.js';
import type { Suggestion } from '../explain/suggest.js';
import { composeEdits } from '../edits/compose.js';
import type { Edit } from '../edits/edit.js';
import type { WhatIfSession } from '../session/session.js';
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
export function suggestionContext(session: WhatIfSession, invocation: Invocation, extra: readonly Edit[] = []): SuggestionContext {
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
  ex.conflicts.forEach((c, i) => {
    const label = ex.conflicts.length > 1 ? `conflict ${i + 1} of ${ex.conflicts.length}: ` : '';
    out.push(`error: ${label}${conflictSummary(c)}`);
    out.push(...derivationLines(c, cwd));
    for (const note of conflictNotes(c)) out.push(`note: ${note}`);
    out.push('');
  });
  if (ex.truncated) out.push('note: stopped after the first conflicts found; fixing these may reveal more', '');
  for (const d of ex.deadEnds) out.push(`note: ${deadEndNote(d)}`);
  if (ex.deadEnds.length) out.push('');
  if (ex.suggestions.length === 0) {
    out.push('help: none of the fixes tried resolves it (moving a clashing requirement to another semver line, or the whole workspace onto one line); change the requirements named above');
  } else {
    const which = ex.suggestions.length === 1 ? 'this change resolves' : 'each of these resolves';
    out.push(`help: ${which} the workspace (checked by resolving again)${ex.suggestions.length > 1 ? ', cheapest first' : ''}:`);
    ex.suggestions.forEach((s, i) => {
      out.push(`  ${i + 1}. ${suggestionText(s)}`);
      const cost = costText(s.cost);
      if (cost) out.push(`     cost: ${cost}`);
      out.push(`     ${suggestionCommand(s, ctx)}`);
    });
  }
  return out.join('\n') + '\n';
}

export function derivationLines(c: Conflict, cwd = process.cwd()): string[] {
  const lines: string[] = [];
  const walk = (step: DerivationStep, depth: number, prefix: string) => {
    lines.push(`${prefix}${factLine(step.fact, cwd)}`);
    const childPrefix = '  '.repeat(depth + 2) + '-> ';
    for (const child of step.children) walk(child, depth + 1, childPrefix);
  };
  for (const d of c.derivations) walk(d, 0, '  ');
  for (const clash of c.clash) if (clash.kind === 'links' || clash.kind === 'one-per-semver') lines.push(`  = ${factText(clash)}`);
  return lines;
}

function factLine(f: Fact, cwd: string): string {
  const origin = factOrigin(f, cwd);
  return origin ? `${factText(f)}  [${origin}]` : factText(f);
}

/** Cargo prints which versions meet each requirement; so do we, for the members' requirements. */
export function conflictNotes(c: Conflict): string[] {
  const notes: string[] = [];
  for (const f of c.facts) {
    if (f.kind !== 'requirement' || !f.dep) continue;
    const versions = [...new Set(f.targets.map((t) => t.version.toString()))];
    if (versions.length === 0) continue;
    const shown = versions.length > 8 ? `${versions.slice(0, 8).join(', ')}, ... (${versions.length} in all)` : versions.join(', ');
    notes.push(`versions that meet the requirement \`${f.dep.name} ${f.dep.lockedFrom ?? f.dep.req}\` are: ${shown}`);
  }
  return notes;
}
