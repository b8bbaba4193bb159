import { applyEdits } from '../edits/apply.js';
import type { Edit } from '../edits/edit.js';
import { editFlag } from '../edits/edit.js';
import type { Input } from './input.js';

/** An `--upgrade` and the bumps it stood for, as flags. */
export interface UpgradeExpansion {
  edit: string;
  bumps: string[];
}

/**
 * How the edits were taken: what each `--upgrade` stood for, and the notes applying them gave
 * (an `--add` of a dependency that was already there keeps that entry's other keys).
 */
export interface EditsTaken {
  upgrades: UpgradeExpansion[];
  notes: string[];
}

/**
 * What each `--upgrade` stood for, so the user sees (and can copy) the concrete bumps it made:
 * `--upgrade pyo3` is `--bump pyo3=0.23 --bump arrow_storage:numpy=0.23` against this index.
 */
export function upgradeExpansions(input: Input, edits: readonly Edit[] = input.edits): UpgradeExpansion[] {
  if (!edits.some((e) => e.kind === 'upgrade')) return [];
  const { upgrades } = applyEdits(input.baseMembers, edits, (name) => input.registry.get(name) ?? []);
  return upgrades.map((u) => ({ edit: editFlag(u.edit), bumps: u.bumps.map(editFlag) }));
}

export function editsTaken(input: Input, edits: readonly Edit[] = input.edits): EditsTaken {
  if (edits.length === 0) return { upgrades: [], notes: [] };
  const { notes } = applyEdits(input.baseMembers, edits, (name) => input.registry.get(name) ?? []);
  return { upgrades: upgradeExpansions(input, edits), notes };
}
