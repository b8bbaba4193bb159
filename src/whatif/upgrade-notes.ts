import type { Input } from '../pipeline/input.js';
import { applyEdits } from '../edits/apply.js';
import type { Edit } from '../edits/edit.js';
import { editFlag } from '../edits/edit.js';

/**
 * What each `--upgrade` stood for, so the user sees (and can copy) the concrete bumps it made:
 * `--upgrade pyo3` is `--bump pyo3=0.23 --bump arrow_storage:numpy=0.23` against this index.
 */
export function upgradeExpansions(input: Input, edits: readonly Edit[] = input.edits): { edit: string; bumps: string[] }[] {
  if (!edits.some((e) => e.kind === 'upgrade')) return [];
  const { upgrades } = applyEdits(input.baseMembers, edits, (name) => input.registry.get(name) ?? []);
  return upgrades.map((u) => ({ edit: editFlag(u.edit), bumps: u.bumps.map(editFlag) }));
}

/**
 * How the edits were taken, for `note:` lines: what each `--upgrade` stood for, and an `--add`
 * of a dependency that was already there (it keeps that entry's other keys).
 */
export function editNotes(input: Input, edits: readonly Edit[] = input.edits): string[] {
  if (edits.length === 0) return [];
  const { notes } = applyEdits(input.baseMembers, edits, (name) => input.registry.get(name) ?? []);
  return [...upgradeExpansions(input, edits).map((u) => `\`${u.edit}\` stands for ${u.bumps.join(' ')}`), ...notes];
}

/** The `upgrades` and `notes` fields of `--json` documents, each present only when not empty. */
export function editNotesJson(input: Input): { upgrades?: { edit: string; bumps: string[] }[]; notes?: string[] } {
  const list = upgradeExpansions(input);
  const notes = editNotes(input).slice(list.length);
  return { ...(list.length && { upgrades: list }), ...(notes.length && { notes }) };
}
