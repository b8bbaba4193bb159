import type { Message, Prompt, TuiState } from '../state.js';
import { Box, Text } from './styled.js';

const HINTS: readonly [string, string][] = [
  ['b', 'bump'],
  ['m', 'move'],
  ['r', 'rm'],
  ['z', 'undo'],
  ['/', 'filter'],
  ['W', 'write'],
  ['Tab', 'pane'],
  ['?', 'keys'],
  ['q', 'quit'],
];
const WRITE_HINTS: readonly [string, string][] = [
  ['y', 'write these files'],
  ['n Esc', 'write nothing'],
  ['j k', 'scroll'],
];
const FILTER_HINTS: readonly [string, string][] = [
  ['Enter', 'keep the filter'],
  ['Esc', 'clear it'],
];
const PROMPT_HINTS: readonly [string, string][] = [
  ['Enter', 'apply'],
  ['Esc', 'cancel'],
  ['Backspace', 'erase'],
];

/** The prompt being typed or the last message, over the key hints (or the prompt's error). */
export function Footer({ state, width }: { state: TuiState; width: number }) {
  const { prompt, message } = state;
  const hints =
    state.overlay === 'write' ? WRITE_HINTS : prompt?.kind === 'filter' ? FILTER_HINTS : prompt ? PROMPT_HINTS : HINTS;
  const gap = hints.reduce((n, [k, w]) => n + k.length + w.length + 3, 0) <= width ? '  ' : ' ';
  return (
    <Box flexDirection="column" width={width} height={2}>
      {prompt ? (
        <PromptLine prompt={prompt} />
      ) : message ? (
        <MessageLine message={message} />
      ) : (
        <Text
          wrap="truncate-end"
          dimColor={state.overlay !== 'write'}
          bold={state.overlay === 'write'}
          color={state.overlay === 'write' ? 'yellow' : undefined}
        >
          {hint(state)}
        </Text>
      )}
      {prompt && message ? (
        <MessageLine message={message} />
      ) : (
        <Text wrap="truncate-end">
          {hints.map(([key, what], i) => (
            <Text key={key}>
              {i > 0 ? gap : ''}
              <Text bold color="cyan">
                {key}
              </Text>{' '}
              <Text dimColor>{what}</Text>
            </Text>
          ))}
        </Text>
      )}
    </Box>
  );
}

function PromptLine({ prompt }: { prompt: Prompt }) {
  // Cut from the left, so the end being typed stays in view.
  return (
    <Text wrap="truncate-start">
      <Text color="cyan">› {prompt.label}</Text>
      {prompt.placeholder ? <Text dimColor> [{prompt.placeholder}]</Text> : null}
      <Text color="cyan">: </Text>
      {prompt.text}
      <Text inverse> </Text>
    </Text>
  );
}

function MessageLine({ message }: { message: Message }) {
  return (
    <Text wrap="truncate-end" color={message.kind === 'error' ? 'red' : 'green'}>
      {message.kind === 'error' ? 'error: ' : ''}
      {message.text}
    </Text>
  );
}

/** What the next useful key is, from where the user stands. */
export function hint(state: TuiState): string {
  const w = state.write;
  if (state.overlay === 'write' && w) {
    if (w.phase === 'preparing') return 'resolving what would be written…';
    if (w.phase === 'writing') return 'writing…';
    return `write ${w.files.length} file${w.files.length === 1 ? '' : 's'}? y writes them, n writes nothing`;
  }
  const a = state.analysis;
  if (!a || state.working || state.loading || state.fetching) return ' ';
  const fixes = a.explanation?.suggestions.length ?? 0;
  if (state.focus === 'suggestions' && fixes > 0) return 'j/k choose a fix · Enter applies it (z undoes it)';
  if (state.focus === 'packages') return 'p pins the selected package · j/k move';
  if (state.focus === 'upgrades') return 'j/k choose a move · Enter applies it (with its co-moves) · z undoes it';
  if (state.focus === 'dependency') return 'j/k scroll · m applies its upgrade · 0 back to the dependencies';
  if (a.verdict.kind === 'unresolvable' && fixes > 0 && state.focus !== 'suggestions') {
    return `${fixes} verified fix${fixes === 1 ? '' : 'es'}: 2 shows them, Enter applies one`;
  }
  if (a.verdict.kind === 'resolved' && state.stack.edits.length > 0)
    return 'resolves: 3 the lockfile diff · W writes it · z undo';
  return 'j/k select · i its details · 5 the upgrade plan · ? all keys';
}
