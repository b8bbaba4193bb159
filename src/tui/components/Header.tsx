import { useEffect, useState } from 'react';
import { editsCommandLine } from '../../edits/index.js';
import type { TuiState } from '../state.js';
import { Box, Text } from './styled.js';

/** Where we are, the verdict for the current edit list, and that list as a command line. */
export function Header({ state, width }: { state: TuiState; width: number }) {
  const n = state.stack.edits.length;
  return (
    <Box flexDirection="column" width={width} height={3}>
      <Text wrap="truncate-end">
        <Text bold color="cyan">
          cargo-whatif
        </Text>{' '}
        {state.workspace}
        <Text dimColor> · registry {state.registry}</Text>
      </Text>
      <Text wrap="truncate-end">
        <Verdict state={state} />
        <Text> · {n === 0 ? 'no edits' : `${n} edit${n === 1 ? '' : 's'}`}</Text>
        <Status state={state} />
      </Text>
      {/* Only the edits: a command cut to the screen's width would not run as printed (`w` shows it whole). */}
      <Text wrap="truncate-end" dimColor>
        {n === 0 ? 'edits: none yet' : `edits: ${editsCommandLine(state.stack.edits)}`} · w: the command line
      </Text>
    </Box>
  );
}

function Verdict({ state }: { state: TuiState }) {
  const a = state.analysis;
  // While a newer edit list is being solved, the verdict on screen is the previous one's.
  const stale = a !== undefined && a.edits !== state.stack.edits;
  if (!a) return <Text color="yellow">RESOLVING…</Text>;
  switch (a.verdict.kind) {
    case 'resolved':
      return (
        <Text dimColor={stale}>
          <Text color="green" bold>
            ✔ RESOLVES
          </Text>{' '}
          · {a.verdict.packages} packages
        </Text>
      );
    case 'cycle':
      return (
        <Text color="red" bold dimColor={stale}>
          ✘ DEPENDENCY CYCLE
        </Text>
      );
    case 'unresolvable': {
      const c = a.explanation?.conflicts.length;
      return (
        <Text color="red" bold dimColor={stale}>
          ✘ {c === undefined ? 'DOES NOT RESOLVE' : `${c} CONFLICT${c === 1 ? '' : 'S'}`}
        </Text>
      );
    }
  }
}

function Status({ state }: { state: TuiState }) {
  const text = statusText(state);
  if (!text) return null;
  return (
    <Text color="yellow">
      {' · '}
      <Spinner />
      {` ${text}`}
    </Text>
  );
}

/** What is under way, most urgent first: fetching the index, loading crates, solving, explaining, planning. */
export function statusText(state: TuiState): string | undefined {
  if (state.fetching)
    return `fetching the index: ${state.fetching.complete} complete; ${state.fetching.pending} pending…`;
  if (state.loading) return `loading ${state.loading.join(', ')} from the index…`;
  if (state.working === 'resolving') return 'resolving…';
  if (state.working === 'explaining') return 'explaining…';
  if (state.planning) {
    const p = state.plan;
    return p
      ? `planning upgrades: ${p.entries.filter((e) => e.state === 'decided').length}/${p.entries.length}…`
      : 'planning upgrades…';
  }
  return undefined;
}

const FRAMES = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

/** Turns while something is under way, so a long re-solve never looks like a hang. */
function Spinner() {
  const [frame, setFrame] = useState(0);
  useEffect(() => {
    const timer = setInterval(() => setFrame((f) => (f + 1) % FRAMES.length), 120);
    return () => clearInterval(timer);
  }, []);
  return <Text>{FRAMES[frame]}</Text>;
}
