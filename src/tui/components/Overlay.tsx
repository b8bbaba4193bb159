import { Box, Text } from 'ink';
import { KEY_HELP } from '../keys.js';
import type { TuiState } from '../state.js';
import { commandLine } from '../state.js';

/** `?`: the keys. */
export function Help({ width, height }: { width: number; height: number }) {
  return (
    <Box flexDirection="column" width={width} height={height} borderStyle="round" borderColor="cyan" overflow="hidden">
      <Text bold color="cyan">
        Keys <Text dimColor>(any key closes)</Text>
      </Text>
      {KEY_HELP.map(([keys, what]) => (
        <Text key={keys} wrap="truncate-end">
          <Text bold>{keys.padEnd(11)}</Text>
          {what}
        </Text>
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
