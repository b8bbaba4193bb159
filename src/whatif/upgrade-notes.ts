import type { Input } from '../pipeline/input.js';
import { applyEdits } from './apply.js';
import type { Edit } from './edit.js';
import { editFlag } from './edit.js';

/**
 * What each `--upgrade` stood for, so the user sees (and can copy) the concrete bumps it made:
 * `--upgrade pyo3` is `--bump pyo3=0.23 --bump arrow_storage:numpy=0.23` against this index.
 */
export function upgradeExpansions(input: Input, edits: readonly Edit[] = input.edits): { edit: string; bumps: string[] }[] {
  if (!edits.some((e) => e.kind === 'upgrade')) return [];
  const { upgrades } = applyEdits(input.baseMembers, edits, (name) => input.registry.get(name) ?? []);
  return upgrades.map((u) => ({ edit: editFlag(u.edit), bumps: u.bumps.map(editFlag) }));
}

export function upgradeNotes(input: Input): string[] {
  return upgradeExpansions(input).map((u) => `\`${u.edit}\` stands for ${u.bumps.join(' ')}`);
}

/** The `upgrades` field of `--json` documents, present only when there was an upgrade. */
export function upgradesJson(input: Input): { upgrades?: { edit: string; bumps: string[] }[] } {
  const list = upgradeExpansions(input);
  return list.length ? { upgrades: list } : {};
}
