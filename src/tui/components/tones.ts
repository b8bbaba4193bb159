import type { MoveSize } from '../../plan/moves.js';
import type { Tone } from '../dependency-lines.js';

/** The colour of a move by its size: a major move may break code, a patch should not. */
export const MOVE_COLOR: Readonly<Record<MoveSize, string>> = { major: 'red', minor: 'yellow', patch: 'green' };

/** How each tone of a detail row is drawn. */
export const TONE: Readonly<Record<Tone, { color?: string; bold?: boolean; dimColor?: boolean }>> = {
  title: { bold: true },
  dim: { dimColor: true },
  ok: { color: 'green' },
  warn: { color: 'yellow' },
  error: { color: 'red' },
  key: { color: 'cyan' },
  major: { color: MOVE_COLOR.major },
  minor: { color: MOVE_COLOR.minor },
  patch: { color: MOVE_COLOR.patch },
};
