// biome-ignore-all lint/suspicious/noArrayIndexKey: in these panes a row is its place in the scrolled window, whatever it shows (and lines of text repeat)
import { Box, Text } from 'ink';
import type { Analysis } from '../analysis.js';
import { windowStart } from '../layout.js';
import type { DetailTab, TuiState } from '../state.js';
import { DETAIL_TABS, detailCount } from '../state.js';
import { diffLines } from '../diff-lines.js';

const TITLES: Record<DetailTab, string> = { conflicts: 'Conflicts', suggestions: 'Fixes', diff: 'Diff', packages: 'Packages' };

/** The switchable pane: conflicts, verified fixes, the lockfile diff, the resolved packages. */
export function DetailPane({ state, width, height }: { state: TuiState; width: number; height: number }) {
  const focused = state.focus !== 'deps';
  const inner = { width: width - 2, height: height - 3 };
  return (
    <Box flexDirection="column" width={width} height={height} borderStyle="round" borderColor={focused ? 'cyan' : 'gray'}>
      <TabBar state={state} />
      <Box flexDirection="column" height={inner.height} overflow="hidden">
        <Content state={state} width={inner.width} height={inner.height} />
      </Box>
    </Box>
  );
}

function TabBar({ state }: { state: TuiState }) {
  return (
    <Text wrap="truncate-end">
      {DETAIL_TABS.map((t, i) => {
        const active = state.tab === t;
        const n = countLabel(state, t);
        return (
          <Text key={t}>
            {i > 0 ? <Text dimColor> │ </Text> : ''}
            <Text inverse={active} bold={active} color={active && state.focus === t ? 'cyan' : undefined}>
              {TITLES[t]}
              {n}
            </Text>
          </Text>
        );
      })}
    </Text>
  );
}

function countLabel(state: TuiState, tab: DetailTab): string {
  const a = state.analysis;
  if (!a) return '';
  if ((tab === 'conflicts' || tab === 'suggestions') && a.verdict.kind === 'unresolvable' && !a.explanation) return ' …';
  const n = detailCount(state, tab);
  return n > 0 ? ` ${n}` : '';
}

function Content({ state, width, height }: { state: TuiState; width: number; height: number }) {
  const a = state.analysis;
  if (!a) return <Text dimColor>resolving…</Text>;
  switch (state.tab) {
    case 'conflicts':
      return <Conflicts state={state} analysis={a} width={width} height={height} />;
    case 'suggestions':
      return <Fixes state={state} analysis={a} width={width} height={height} />;
    case 'diff':
      return <Diff state={state} analysis={a} width={width} height={height} />;
    case 'packages':
      return <Packages state={state} analysis={a} height={height} />;
  }
}

interface TabProps {
  state: TuiState;
  analysis: Analysis;
  width: number;
  height: number;
}

/** Why there is nothing to list, when there is not. */
function Empty({ analysis, what }: { analysis: Analysis; what: 'conflicts' | 'fixes' }) {
  const v = analysis.verdict;
  if (v.kind === 'resolved') return <Text color="green">✔ The workspace resolves ({v.packages} packages): no {what}.</Text>;
  if (v.kind === 'cycle') return <Text color="red">{v.text}</Text>;
  if (!analysis.explanation) return <Text color="yellow">explaining the conflicts and checking fixes…</Text>;
  return null;
}

function Conflicts({ state, analysis, width, height }: TabProps) {
  const ex = analysis.explanation;
  if (!ex || ex.conflicts.length === 0) return <Empty analysis={analysis} what="conflicts" />;
  const selected = state.cursor.conflicts;
  const c = ex.conflicts[selected]!;
  return (
    <Master
      items={ex.conflicts.map((x) => x.summary)}
      selected={selected}
      focused={state.focus === 'conflicts'}
      width={width}
      height={height}
      detail={[c.summary, ...c.lines, ...ex.notes.map((n) => `note: ${n}`), ...(ex.truncated ? ['note: stopped after the first conflicts found'] : [])]}
    />
  );
}

function Fixes({ state, analysis, width, height }: TabProps) {
  const ex = analysis.explanation;
  if (!ex) return <Empty analysis={analysis} what="fixes" />;
  if (ex.suggestions.length === 0) {
    if (analysis.verdict.kind !== 'unresolvable') return <Empty analysis={analysis} what="fixes" />;
    return <Text wrap="wrap">No fix tried resolves it (another semver line for a clashing requirement, or the whole workspace on one line). Change the requirements the conflicts name.</Text>;
  }
  const selected = state.cursor.suggestions;
  const s = ex.suggestions[selected]!;
  return (
    <Master
      items={ex.suggestions.map((x) => x.text)}
      selected={selected}
      focused={state.focus === 'suggestions'}
      width={width}
      height={height}
      detail={[s.text, ...s.flags.map((f) => `  ${f}`), state.focus === 'suggestions' ? 'Enter applies these edits' : 'Tab here, then Enter applies these edits']}
    />
  );
}

/** A one-line-per-item list over the selected item in full. */
function Master({ items, selected, focused, width, height, detail }: { items: string[]; selected: number; focused: boolean; width: number; height: number; detail: string[] }) {
  const listHeight = Math.min(items.length, Math.max(2, Math.floor(height / 3)));
  const start = windowStart(selected, items.length, listHeight);
  return (
    <>
      {items.slice(start, start + listHeight).map((text, i) => {
        const at = start + i === selected;
        return (
          <Text key={start + i} wrap="truncate-end" inverse={at && focused} bold={at}>
            {at ? '▸' : ' '}
            {start + i + 1}. {text}
          </Text>
        );
      })}
      <Text dimColor>{'─'.repeat(Math.max(0, width))}</Text>
      <Box flexDirection="column" height={height - listHeight - 1} overflow="hidden">
        {/* Not shrinkable: a wrapped line keeps its rows, and the box clips what does not fit. */}
        {detail.map((line, i) => (
          <Box key={i} flexShrink={0}>
            <Text wrap="wrap" bold={i === 0} dimColor={line.startsWith('note:')}>
              {line}
            </Text>
          </Box>
        ))}
      </Box>
    </>
  );
}

const VERB_COLOR: Record<string, string> = { Adding: 'green', Removing: 'red', Updating: 'cyan', Downgrading: 'yellow' };

function Diff({ state, analysis, width, height }: TabProps) {
  if (!analysis.diff) return <Text dimColor>No lockfile diff: the workspace does not resolve with these edits.</Text>;
  const { header, rows } = diffLines(analysis.diff);
  const headerRows = Math.min(3, Math.ceil(header.length / Math.max(1, width)));
  const start = windowStart(state.cursor.diff, rows.length, height - headerRows);
  return (
    <>
      <Box flexShrink={0} height={headerRows}>
        <Text wrap="wrap" bold>
          {header}
        </Text>
      </Box>
      {rows.slice(start, start + height - headerRows).map((r, i) => (
        <Text key={start + i} wrap="truncate-end" color={VERB_COLOR[r.verb]} inverse={start + i === state.cursor.diff && state.focus === 'diff'}>
          {r.text}
        </Text>
      ))}
    </>
  );
}

function Packages({ state, analysis, height }: Omit<TabProps, 'width'>) {
  if (analysis.verdict.kind !== 'resolved') return <Text dimColor>The workspace does not resolve with these edits: no packages to list.</Text>;
  const list = analysis.packages;
  const start = windowStart(state.cursor.packages, list.length, height);
  return (
    <>
      {list.slice(start, start + height).map((p, i) => {
        const at = start + i === state.cursor.packages && state.focus === 'packages';
        return (
          <Text key={`${p.name} ${p.version} ${p.source}`} wrap="truncate-end" inverse={at}>
            {p.name} <Text color="green">v{p.version}</Text>
            {p.source === 'registry' ? '' : <Text dimColor> ({p.source})</Text>}
          </Text>
        );
      })}
    </>
  );
}
