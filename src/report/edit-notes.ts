import type { EditsTaken } from '../pipeline/upgrades.js';

/** How the edits were taken (pipeline/upgrades.ts works it out), as `note:` lines. */
export function editNotes(taken: EditsTaken): string[] {
  return [...taken.upgrades.map((u) => `\`${u.edit}\` stands for ${u.bumps.join(' ')}`), ...taken.notes];
}

/** The `upgrades` and `notes` fields of `--json` documents, each present only when not empty. */
export function editNotesJson(taken: EditsTaken): { upgrades?: EditsTaken['upgrades']; notes?: string[] } {
  return {
    ...(taken.upgrades.length && { upgrades: taken.upgrades }),
    ...(taken.notes.length && { notes: taken.notes }),
  };
}
