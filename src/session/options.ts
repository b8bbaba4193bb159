import type { EditFlag } from '../edits/index.js';

/**
 * What every resolving command, the TUI and anything else that opens a session is given: where
 * the workspace and the index are, how cargo would resolve (`--offline`, `--ignore-lock`,
 * `--minimal-versions`), and the what-if edits, in command-line order.
 */
export interface SessionOptions {
  path: string;
  registry?: string;
  offline: boolean;
  ignoreLock: boolean;
  minimalVersions: boolean;
  edits: readonly EditFlag[];
}
