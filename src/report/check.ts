import type { ExpectationResult } from '../compare/checks.js';
import type { LockDiff } from '../compare/lock-diff.js';
import type { UpgradeExpansion } from '../pipeline/upgrades.js';
import { visible } from '../text/visible.js';
import { diffJson } from './diff.js';

/**
 * The result of one check and how it reads: as text, in the shape of `cargo test` output
 * (`check NAME ... ok`), and as JSON for tools.
 */
export interface CheckResult {
  name: string;
  /** The edits as flags: the command line's, then the check's own. */
  edits: string[];
  pass: boolean;
  expectations: ExpectationResult[];
  /** The contract's resolve document: `{status: "resolved", packages}` or `{status: "unresolvable", conflicts, suggestions}`. */
  resolution: Record<string, unknown>;
  /** One line per conflict, when it does not resolve. */
  conflicts: string[];
  /** Fixes found for the conflicts, as flags. */
  suggestions: string[][];
  /** Each fix as the whole command that applies it (see report/command-line.ts). */
  suggestedCommands?: string[];
  /** When the verdict is cargo's search alone: the `explain` command that finds the minimal conflicts and fixes. */
  explainCommand?: string;
  diff?: LockDiff;
  upgrades?: UpgradeExpansion[];
  /** How edits were taken (see pipeline/upgrades.ts). */
  notes?: string[];
}

export function checkResultText(r: CheckResult): string {
  const lines = [`check "${r.name}" ... ${r.pass ? 'ok' : 'FAILED'}`];
  if (r.edits.length) lines.push(`    edits: ${r.edits.join(' ')}`);
  for (const u of r.upgrades ?? []) lines.push(`    (${u.edit} stands for ${u.bumps.join(' ')})`);
  for (const n of r.notes ?? []) lines.push(`    note: ${n}`);
  for (const x of r.expectations) {
    const verdict = x.skipped ? 'skipped' : x.pass ? 'ok' : 'FAILED';
    lines.push(`    ${x.text}: ${verdict} (${x.why})`);
  }
  if (!r.pass && r.conflicts.length) {
    for (const c of r.conflicts) lines.push(`    conflict: ${c}`);
    for (const s of r.suggestedCommands ?? []) lines.push(`    help: it resolves with ${s}`);
    if (r.explainCommand)
      lines.push(`    help: for the minimal conflicts and the fixes that resolve them, run ${r.explainCommand}`);
  }
  return lines.map(visible).join('\n') + '\n';
}

export function checkSummaryText(results: readonly CheckResult[]): string {
  const failed = results.filter((r) => !r.pass);
  const verdict = failed.length ? 'FAILED' : 'ok';
  const names = failed.length ? `\n${visible(`failed: ${failed.map((r) => `"${r.name}"`).join(', ')}`)}` : '';
  return `\ncheck result: ${verdict}. ${results.length - failed.length} passed; ${failed.length} failed${names}\n`;
}

export function checkResultJson(r: CheckResult): Record<string, unknown> {
  return {
    name: r.name,
    status: r.pass ? 'pass' : 'fail',
    edits: r.edits,
    expectations: r.expectations.map((x) => ({
      kind: x.kind,
      text: x.text,
      status: x.skipped ? 'skipped' : x.pass ? 'pass' : 'fail',
      pass: x.pass,
      why: x.why,
    })),
    resolution: r.resolution,
    ...(r.diff && { diff: diffJson(r.diff) }),
    ...(r.upgrades?.length && { upgrades: r.upgrades }),
    ...(r.notes?.length && { notes: r.notes }),
  };
}
