import { Box, Text } from 'ink';
import type { Message, Prompt, TuiState } from '../state.js';

const HINTS: readonly [string, string][] = [
  ['b', 'bump'],
  ['p', 'pin'],
  ['a', 'add'],
  ['r', 'remove'],
  ['u', 'upgrade'],
  ['z', 'undo'],
  ['Tab', 'pane'],
  ['w', 'cmd'],
  ['?', 'help'],
  ['q', 'quit'],
];
const PROMPT_HINTS: readonly [string, string][] = [
  ['Enter', 'apply'],
  ['Esc', 'cancel'],
  ['Backspace', 'erase'],
];

/** The prompt being typed or the last message, over the key hints (or the prompt's error). */
export function Footer({ state, width }: { state: TuiState; width: number }) {
  const { prompt, message } = state;
  const hints = prompt ? PROMPT_HINTS : HINTS;
  const gap = hints.reduce((n, [k, w]) => n + k.length + w.length + 3, 0) <= width ? '  ' : ' ';
  return (
    <Box flexDirection="column" width={width} height={2}>
      {prompt ? (
        <PromptLine prompt={prompt} />
      ) : message ? (
        <MessageLine message={message} />
      ) : (
        <Text wrap="truncate-end" dimColor>
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
  const a = state.analysis;
  if (!a || state.working || state.loading || state.fetching) return ' ';
  const fixes = a.explanation?.suggestions.length ?? 0;
  if (state.focus === 'suggestions' && fixes > 0) return 'j/k choose a fix · Enter applies it (z undoes it)';
  if (state.focus === 'packages') return 'p pins the selected package · j/k move';
  if (a.verdict.kind === 'unresolvable' && fixes > 0 && state.focus !== 'suggestions') {
    return `${fixes} verified fix${fixes === 1 ? '' : 'es'}: 2 shows them, Enter applies one`;
  }
  if (a.verdict.kind === 'resolved' && state.stack.edits.length > 0) return 'resolves: 3 shows the lockfile diff · w the command line · z undo';
  return 'j/k select a dependency · b bump · u upgrade · ? all keys';
}
