// biome-ignore-all lint/suspicious/noArrayIndexKey: in these panes a row is its place in the scrolled window, whatever it shows (and lines of text repeat)

import type { Analysis } from '../analysis.js';
import { dependencyLines } from '../dependency-lines.js';
import { diffLines } from '../diff-lines.js';
import { windowStart } from '../layout.js';
import type { PlanEntryView } from '../plan-view.js';
import type { DetailTab, TuiState } from '../state.js';
import { DETAIL_TABS, dependencyContext, detailCount } from '../state.js';
import { Box, Text } from './styled.js';
import { MOVE_COLOR, TONE } from './tones.js';

const TITLES: Record<DetailTab, string> = {
  conflicts: 'Conflicts',
  suggestions: 'Fixes',
  diff: 'Diff',
  packages: 'Packages',
  upgrades: 'Upgrades',
  dependency: 'Dependency',
};
/** When the full titles do not fit (an 80-column terminal). */
const SHORT: Record<DetailTab, string> = {
  conflicts: 'Confl',
  suggestions: 'Fixes',
  diff: 'Diff',
  packages: 'Pkgs',
  upgrades: 'Upgr',
  dependency: 'Dep',
};

/** The switchable pane: conflicts, verified fixes, the lockfile diff, the resolved packages, the upgrade plan, the selected dependency. */
export function DetailPane({ state, width, height }: { state: TuiState; width: number; height: number }) {
  const focused = state.focus !== 'deps';
  const inner = { width: width - 2, height: height - 3 };
  return (
    <Box
      flexDirection="column"
      width={width}
      height={height}
      borderStyle="round"
      borderColor={focused ? 'cyan' : 'gray'}
    >
      <TabBar state={state} width={inner.width} />
      <Box flexDirection="column" height={inner.height} overflow="hidden">
        <Content state={state} width={inner.width} height={inner.height} />
      </Box>
    </Box>
  );
}

function TabBar({ state, width }: { state: TuiState; width: number }) {
  const full = DETAIL_TABS.map((t) => TITLES[t] + countLabel(state, t)).join(' │ ').length <= width;
  const [titles, separator] = full ? [TITLES, ' │ '] : [SHORT, '│'];
  return (
    <Text wrap="truncate-end">
      {DETAIL_TABS.map((t, i) => {
        const active = state.tab === t;
        const n = countLabel(state, t);
        return (
          <Text key={t}>
            {i > 0 ? <Text dimColor>{separator}</Text> : ''}
            <Text inverse={active} bold={active} color={active && state.focus === t ? 'cyan' : undefined}>
              {titles[t]}
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
  if ((tab === 'conflicts' || tab === 'suggestions') && a.verdict.kind === 'unresolvable' && !a.explanation)
    return ' …';
  if (tab === 'dependency') return '';
  if (tab === 'upgrades' && !state.plan?.done) return state.planning || state.plan ? ' …' : '';
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
    case 'upgrades':
      return <Upgrades state={state} width={width} height={height} />;
    case 'dependency':
      return <Dependency state={state} height={height} />;
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
  if (v.kind === 'resolved')
    return (
      <Text color="green">
        ✔ The workspace resolves ({v.packages} packages): no {what}.
      </Text>
    );
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
      detail={[
        c.summary,
        ...c.lines,
        ...ex.notes.map((n) => `note: ${n}`),
        ...(ex.truncated ? ['note: stopped after the first conflicts found'] : []),
      ]}
    />
  );
}

function Fixes({ state, analysis, width, height }: TabProps) {
  const ex = analysis.explanation;
  if (!ex) return <Empty analysis={analysis} what="fixes" />;
  if (ex.suggestions.length === 0) {
    if (analysis.verdict.kind !== 'unresolvable') return <Empty analysis={analysis} what="fixes" />;
    return (
      <Text wrap="wrap">
        No fix tried resolves it (another semver line for a clashing requirement, or the whole workspace on one line).
        Change the requirements the conflicts name.
      </Text>
    );
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
      detail={[
        s.text,
        ...s.flags.map((f) => `  ${f}`),
        state.focus === 'suggestions' ? 'Enter applies these edits' : 'Tab here, then Enter applies these edits',
      ]}
    />
  );
}

/** A one-line-per-item list over the selected item in full. */
function Master({
  items,
  selected,
  focused,
  width,
  height,
  detail,
}: {
  items: string[];
  selected: number;
  focused: boolean;
  width: number;
  height: number;
  detail: string[];
}) {
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

const VERB_COLOR: Record<string, string> = {
  Adding: 'green',
  Removing: 'red',
  Updating: 'cyan',
  Downgrading: 'yellow',
};

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
        <Text
          key={start + i}
          wrap="truncate-end"
          color={VERB_COLOR[r.verb]}
          inverse={start + i === state.cursor.diff && state.focus === 'diff'}
        >
          {r.text}
        </Text>
      ))}
    </>
  );
}

function Packages({ state, analysis, height }: Omit<TabProps, 'width'>) {
  if (analysis.verdict.kind !== 'resolved')
    return <Text dimColor>The workspace does not resolve with these edits: no packages to list.</Text>;
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

const VERDICT_MARK: Record<string, [string, string]> = {
  resolves: ['↑', 'green'],
  with: ['⇡', 'yellow'],
  blocked: ['⊘', 'red'],
};

function entryMark(e: PlanEntryView): [string, string | undefined] {
  if (e.state !== 'decided' && e.verdict !== 'resolves') return ['…', 'gray'];
  return VERDICT_MARK[e.verdict ?? ''] ?? ['…', 'gray'];
}

/** The upgrade plan: one move per line, marked as the dependency pane marks it, and the selected move in full. */
function Upgrades({ state, width, height }: { state: TuiState; width: number; height: number }) {
  const plan = state.plan;
  if (!plan)
    return (
      <Text color="yellow">
        {state.planning ? 'planning the upgrades…' : 'the upgrade plan comes once the edits are resolved'}
      </Text>
    );
  if (plan.entries.length === 0) {
    return plan.done ? (
      <Text color="green">Every dependency is on its newest release: nothing to plan.</Text>
    ) : (
      <Text color="yellow">planning…</Text>
    );
  }
  const decided = plan.entries.filter((e) => e.state === 'decided').length;
  const alone = plan.entries.filter((e) => e.verdict === 'resolves').length;
  const withCo = plan.entries.filter((e) => e.state === 'decided' && e.verdict === 'with').length;
  const blocked = plan.entries.filter((e) => e.state === 'decided' && e.verdict === 'blocked').length;
  const summary = plan.done
    ? `${plan.entries.length} moves: ${alone} alone, ${withCo} with co-moves, ${blocked} blocked`
    : `planning: ${decided} of ${plan.entries.length} decided…`;
  const selected = Math.min(state.cursor.upgrades, plan.entries.length - 1);
  const e = plan.entries[selected]!;
  const listHeight = Math.min(plan.entries.length, Math.max(2, Math.floor((height - 2) / 3)));
  const start = windowStart(selected, plan.entries.length, listHeight);
  const focused = state.focus === 'upgrades';
  const detail: { text: string; color?: string; bold?: boolean; dim?: boolean }[] = [
    {
      text: `${e.crate} ${e.from} -> ${e.to} (${e.size}) in ${e.members.join(', ')}`,
      bold: true,
      color: MOVE_COLOR[e.size],
    },
    ...(e.verdict === 'resolves'
      ? [
          {
            text: `resolves alone${e.resolvesWith ? ` (${e.crate} ${e.resolvesWith.join(' + ')})` : ''}`,
            color: 'green',
          },
        ]
      : []),
    ...(e.verdict === undefined ? [{ text: 'checking whether it resolves…', color: 'yellow' }] : []),
    ...(e.verdict === 'blocked' && e.state !== 'decided'
      ? [{ text: 'blocked alone; explaining…', color: 'yellow' }]
      : []),
    ...e.blockers.map((b) => ({ text: `blocked by: ${b}` })),
    ...(e.verdict === 'with' ? [{ text: `resolves with: ${e.coMoves.join('; ')}`, color: 'green' }] : []),
    ...(e.blocked ? [{ text: `blocked: ${e.blocked}`, color: 'red' }] : []),
    {
      text: `${focused ? 'Enter' : 'm'}: ${e.verdict === 'blocked' ? 'try it anyway' : 'apply'} ${e.applyFlags.join(' ')}`,
      dim: true,
    },
  ];
  return (
    <>
      <Text wrap="truncate-end" dimColor>
        {summary}
      </Text>
      {plan.entries.slice(start, start + listHeight).map((x, i) => {
        const at = start + i === selected;
        const [mark, color] = entryMark(x);
        return (
          <Text key={x.crate} wrap="truncate-end" inverse={at && focused} bold={at}>
            {at ? '▸' : ' '}
            <Text color={color}>{mark}</Text> {x.crate} {x.from} → <Text color={MOVE_COLOR[x.size]}>{x.to}</Text>{' '}
            <Text dimColor>{x.size}</Text>
          </Text>
        );
      })}
      <Text dimColor>{'─'.repeat(Math.max(0, width))}</Text>
      <Box flexDirection="column" height={Math.max(0, height - listHeight - 2)} overflow="hidden">
        {detail.map((line, i) => (
          <Box key={i} flexShrink={0}>
            <Text wrap="wrap" bold={line.bold} color={line.color} dimColor={line.dim}>
              {line.text}
            </Text>
          </Box>
        ))}
      </Box>
    </>
  );
}

/** The selected dependency in detail (dependency-lines.ts), scrolled by its cursor. */
function Dependency({ state, height }: { state: TuiState; height: number }) {
  const rows = dependencyLines(dependencyContext(state));
  const start = Math.max(0, Math.min(state.cursor.dependency, rows.length - 1));
  return (
    <Box flexDirection="column" height={height} overflow="hidden">
      {rows.slice(start).map((r, i) => (
        <Box key={start + i} flexShrink={0}>
          <Text wrap="wrap" {...(r.tone ? TONE[r.tone] : {})}>
            {r.text}
          </Text>
        </Box>
      ))}
    </Box>
  );
}
