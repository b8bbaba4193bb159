import { diffLines } from '../diff-lines.js';
import { KEY_HELP } from '../keys.js';
import type { TuiState, WriteView } from '../state.js';
import { commandLine } from '../state.js';
import { Box, Text } from './styled.js';

/** `?`: the keys. */
export function Help({ width, height }: { width: number; height: number }) {
  return (
    <Box flexDirection="column" width={width} height={height} borderStyle="round" borderColor="cyan" overflow="hidden">
      <Text bold color="cyan">
        Keys <Text dimColor>(any key closes)</Text>
      </Text>
      {KEY_HELP.map(([keys, what]) => (
        <Box key={keys} flexShrink={0}>
          <Text wrap="truncate-end">
            <Text bold>{keys.padEnd(11)}</Text>
            {what}
          </Text>
        </Box>
      ))}
    </Box>
  );
}

/** `w`: the commands that reproduce the session, in full (the header truncates). */
export function CommandOverlay({ state, width, height }: { state: TuiState; width: number; height: number }) {
  const none = state.stack.edits.length === 0;
  return (
    <Box flexDirection="column" width={width} height={height} borderStyle="round" borderColor="cyan" overflow="hidden">
      <Text bold color="cyan">
        Reproduce this session <Text dimColor>(any key closes)</Text>
      </Text>
      <Text> </Text>
      <Text dimColor>the resolution and lockfile diff:</Text>
      <Text wrap="wrap">{commandLine(state, 'resolve')}</Text>
      <Text> </Text>
      <Text dimColor>why it does not resolve, with fixes:</Text>
      <Text wrap="wrap">{commandLine(state, 'explain')}</Text>
      <Text> </Text>
      <Text dimColor>write the edited Cargo.toml files and Cargo.lock:</Text>
      <Text wrap="wrap">{none ? '(no edits yet)' : `${commandLine(state, 'lock')} --write`}</Text>
    </Box>
  );
}

const VERB_COLOR: Record<string, string> = {
  Adding: 'green',
  Removing: 'red',
  Updating: 'cyan',
  Downgrading: 'yellow',
};

/** What `W` shows before it writes: every file that changes, with its changed lines, and the lockfile diff. */
export function writeRows(w: WriteView): { text: string; color?: string; bold?: boolean; dim?: boolean }[] {
  const rows: { text: string; color?: string; bold?: boolean; dim?: boolean }[] = [];
  for (const f of w.files) {
    if (f.kind === 'manifest') {
      rows.push({ text: f.file, bold: true });
      for (const l of f.lines)
        rows.push({
          text: `${String(l.line).padStart(5)} ${l.sign} ${l.text}`,
          color: l.sign === '-' ? 'red' : 'green',
        });
    } else {
      rows.push({ text: `${f.file}${f.created ? ' (new)' : ''}: ${w.packages ?? '?'} packages`, bold: true });
      if (w.diff) {
        const { header, rows: lines } = diffLines(w.diff);
        rows.push({ text: `  ${header}`, dim: true });
        for (const r of lines) rows.push({ text: `  ${r.text.trim()}`, color: VERB_COLOR[r.verb] });
      }
    }
  }
  return rows;
}

/** `W`: the files that would change, for the user to confirm (y) or not (n, Esc). */
export function WriteOverlay({ state, width, height }: { state: TuiState; width: number; height: number }) {
  const w = state.write;
  const rows = w ? writeRows(w) : [];
  const room = Math.max(1, height - 4);
  const start = Math.max(0, Math.min(w?.scroll ?? 0, rows.length - room));
  const title =
    w?.phase === 'confirm'
      ? `Write ${w.files.length} file${w.files.length === 1 ? '' : 's'}? y writes them (as lock --write does), n or Esc writes nothing`
      : w?.phase === 'writing'
        ? 'Writing…'
        : 'Resolving what would be written…';
  return (
    <Box
      flexDirection="column"
      width={width}
      height={height}
      borderStyle="round"
      borderColor="yellow"
      overflow="hidden"
    >
      <Text bold color="yellow" wrap="truncate-end">
        {title}
      </Text>
      <Text dimColor wrap="truncate-end">
        {rows.length > room
          ? `rows ${start + 1}-${Math.min(rows.length, start + room)} of ${rows.length} (j/k scroll)`
          : ' '}
      </Text>
      {rows.slice(start, start + room).map((r, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: a row is its place in the scrolled window (lines of text repeat)
        <Text key={start + i} wrap="truncate-end" color={r.color} bold={r.bold} dimColor={r.dim}>
          {r.text}
        </Text>
      ))}
    </Box>
  );
}
