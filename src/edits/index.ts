/**
 * The what-if edit model in one import: the edit kinds and their flags (edit.ts), reading them
 * from the command line or whatif.toml (parse-edit.ts), applying them to the members'
 * summaries (apply.ts, upgrade.ts) and the undoable list the TUI keeps (stack.ts).
 */

export type { EditedWorkspace } from './apply.js';
export { applyEdits, named } from './apply.js';
export type { Edit, EditFlag, EditFlagName, EditKind } from './edit.js';
export { EDIT_FLAG_FORMS, EDIT_FLAG_NAMES, editFlag, editFlagParts, editsCommandLine, isEditFlagName } from './edit.js';
export { parseEditFlag, parseEditText, parseEditTexts } from './parse-edit.js';
export { EditStack } from './stack.js';
export type { VersionsOf } from './upgrade.js';
export { upgradeBumps } from './upgrade.js';
