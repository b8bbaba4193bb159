import type { DepView } from '../analysis.js';
import { windowStart } from '../layout.js';
import type { PlanEntryView } from '../plan-view.js';
import { planEntryFor } from '../plan-view.js';
import type { Row, TuiState } from '../state.js';
import { activeFilter, inConflict, selectedRowIndex, visibleRows } from '../state.js';
import { Box, Text } from './styled.js';
import { MOVE_COLOR } from './tones.js';

/** Rows under the list: the selected dependency's requirement, features and semver lines. */
const DETAIL_ROWS = 6;

/**
 * The members and their dependencies, one row each: marks, name, requirement, resolved version
 * and the newest release (coloured by the size of the move to it), and what the registry offers
 * for the selected one. Marks say what colour only repeats: `!` in a conflict, `*` changed by the
 * edits; then the upgrade plan's verdict on the newer release: `↑` resolves alone, `⇡` resolves
 * with co-moves, `⊘` blocked, `…` not decided yet.
 */
export function MembersPane({ state, width, height }: { state: TuiState; width: number; height: number }) {
  const rows = visibleRows(state);
  const selected = selectedRowIndex(state, rows);
  const inner = width - 2;
  const listHeight = Math.max(1, height - 2 - 2 - DETAIL_ROWS);
  const start = windowStart(selected, rows.length, listHeight);
  const focused = state.focus === 'deps';
  const row = rows[selected];
  const columns = columnWidths(rows, inner);
  const filter = activeFilter(state);
  return (
    <Box
      flexDirection="column"
      width={width}
      height={height}
      borderStyle="round"
      borderColor={focused ? 'cyan' : 'gray'}
    >
      <Text bold wrap="truncate-end" color={focused ? 'cyan' : undefined}>
        Dependencies
        {filter ? <Text color="yellow"> /{filter}</Text> : null}
      </Text>
      <Text dimColor wrap="truncate-end">
        {`    ${fit('name', columns.name)} ${fit('req', columns.req)} ${fit('resolved', columns.resolved)} ${fit('newest', columns.newest)}`}
      </Text>
      <Box flexDirection="column" height={listHeight}>
        {rows.length === 0 ? (
          <Text dimColor>{state.analysis ? `nothing matches /${filter ?? ''}` : 'resolving…'}</Text>
        ) : null}
        {rows.slice(start, start + listHeight).map((r, i) => (
          <RowLine
            key={r.kind === 'dep' ? `${r.member.name} ${r.id}` : r.member.name}
            row={r}
            selected={start + i === selected}
            columns={columns}
            entry={r.kind === 'dep' && r.dep.source === 'registry' ? planEntryFor(state.plan, r.dep.crate) : undefined}
            planning={state.planning === true}
            conflict={r.kind === 'dep' && inConflict(state, r.member.name, r.dep.key)}
          />
        ))}
      </Box>
      <Box flexDirection="column" height={DETAIL_ROWS}>
        <Text dimColor>{'─'.repeat(Math.max(0, inner))}</Text>
        {row?.kind === 'dep' ? (
          <DepDetail dep={row.dep} />
        ) : row ? (
          <Text dimColor wrap="truncate-end">
            a: add a dependency to {row.member.name}
          </Text>
        ) : null}
      </Box>
    </Box>
  );
}

interface Columns {
  width: number;
  name: number;
  req: number;
  resolved: number;
  newest: number;
}

/** Requirement and version columns as wide as their widest entry (to a cap); the name gets the rest. */
function columnWidths(rows: readonly Row[], width: number): Columns {
  const widest = (f: (r: Extract<Row, { kind: 'dep' }>) => string, min: number, cap: number) =>
    Math.min(cap, Math.max(min, ...rows.map((r) => (r.kind === 'dep' ? f(r).length : 0))));
  const req = widest((r) => r.dep.req, 3, 8);
  const resolved = widest((r) => r.dep.resolved ?? '', 8, 8);
  const newest = widest((r) => r.dep.lines[0]?.newest ?? '', 6, 8);
  return { width, name: Math.max(6, width - 4 - req - 1 - resolved - 1 - newest - 1), req, resolved, newest };
}

function nameOf(d: DepView): string {
  const tags = [d.kind !== 'normal' ? d.kind : '', d.optional ? 'optional' : '', d.target ? 'cfg' : ''].filter(Boolean);
  return `${d.key}${tags.length ? ` (${tags.join(', ')})` : ''}`;
}

const fit = (s: string, n: number) => (s.length > n ? s.slice(0, Math.max(0, n - 1)) + '…' : s.padEnd(n));

/** The plan's mark for a dependency, and its colour. */
function planMark(
  entry: PlanEntryView | undefined,
  planning: boolean,
  registry: boolean,
): [string, string | undefined] {
  if (!registry) return [' ', undefined];
  if (!entry) return planning ? ['…', 'gray'] : [' ', undefined];
  switch (entry.verdict) {
    case 'resolves':
      return ['↑', 'green'];
    case 'with':
      return ['⇡', 'yellow'];
    case 'blocked':
      return entry.state === 'decided' ? ['⊘', 'red'] : ['…', 'gray'];
    default:
      return ['…', 'gray'];
  }
}

function RowLine({
  row,
  selected,
  columns,
  entry,
  planning,
  conflict,
}: {
  row: Row;
  selected: boolean;
  columns: Columns;
  entry?: PlanEntryView;
  planning: boolean;
  conflict: boolean;
}) {
  const mark = selected ? '▸' : ' ';
  if (row.kind === 'member') {
    return (
      <Text wrap="truncate-end" inverse={selected} bold>
        {mark}
        {row.member.name} v{row.member.version}
      </Text>
    );
  }
  const d = row.dep;
  const [plan, planColor] = planMark(entry, planning, d.source === 'registry');
  const state = conflict ? '!' : d.edited ? '*' : ' ';
  const newest = d.lines[0]?.newest ?? '';
  return (
    <Text wrap="truncate-end" inverse={selected}>
      {mark}
      <Text color={conflict ? 'red' : d.edited ? 'yellow' : undefined} bold={conflict}>
        {state}
      </Text>
      <Text color={planColor}>{plan}</Text>{' '}
      <Text color={d.edited ? 'yellow' : undefined}>{fit(nameOf(d), columns.name)}</Text> {fit(d.req, columns.req)}{' '}
      {fit(d.resolved ?? '—', columns.resolved)}{' '}
      <Text color={entry ? MOVE_COLOR[entry.size] : undefined} dimColor={!entry}>
        {fit(newest, columns.newest)}
      </Text>
    </Text>
  );
}

function DepDetail({ dep }: { dep: DepView }) {
  const features = [...dep.features, ...(dep.defaultFeatures ? [] : ['no default features'])];
  return (
    <>
      <Text wrap="truncate-end">
        <Text bold>{dep.crate}</Text> {dep.req}
        {dep.resolved ? ` → ${dep.resolved}` : ''}
        {dep.edited ? <Text color="yellow"> (edited)</Text> : null}
      </Text>
      <Box height={2} flexShrink={0}>
        <Text wrap="wrap" dimColor>
          features: {features.length ? features.join(', ') : 'defaults'}
        </Text>
      </Box>
      <Box height={2} flexShrink={0}>
        <Text wrap="wrap">
          <Text dimColor>lines: </Text>
          {dep.lines.length === 0 ? <Text dimColor>{dep.source} dependency</Text> : null}
          {dep.lines.map((l) => (
            <Text key={l.line} color={l.current ? 'green' : undefined} bold={l.current}>
              {l.current ? `[${l.newest}]` : l.newest}{' '}
            </Text>
          ))}
        </Text>
      </Box>
    </>
  );
}
