import { Box, Text } from 'ink';
import type { DepView } from '../analysis.js';
import { windowStart } from '../layout.js';
import type { Row, TuiState } from '../state.js';
import { rowsOf, selectedRowIndex } from '../state.js';

/** Rows under the list: the selected dependency's requirement, features and semver lines. */
const DETAIL_ROWS = 6;

/** The members and their dependencies, and what the registry offers for the selected one. */
export function MembersPane({ state, width, height }: { state: TuiState; width: number; height: number }) {
  const rows = rowsOf(state.analysis);
  const selected = selectedRowIndex(state, rows);
  const inner = width - 2;
  const listHeight = Math.max(1, height - 2 - 1 - DETAIL_ROWS);
  const start = windowStart(selected, rows.length, listHeight);
  const focused = state.focus === 'deps';
  const row = rows[selected];
  const columns = columnWidths(rows, inner);
  return (
    <Box flexDirection="column" width={width} height={height} borderStyle="round" borderColor={focused ? 'cyan' : 'gray'}>
      <Text bold wrap="truncate-end" color={focused ? 'cyan' : undefined}>
        Dependencies
      </Text>
      <Box flexDirection="column" height={listHeight}>
        {rows.length === 0 ? <Text dimColor>resolving…</Text> : null}
        {rows.slice(start, start + listHeight).map((r, i) => (
          <RowLine key={r.kind === 'dep' ? `${r.member.name} ${r.id}` : r.member.name} row={r} selected={start + i === selected} columns={columns} />
        ))}
      </Box>
      <Box flexDirection="column" height={DETAIL_ROWS}>
        <Text dimColor>{'─'.repeat(Math.max(0, inner))}</Text>
        {row?.kind === 'dep' ? <DepDetail dep={row.dep} /> : row ? <Text dimColor wrap="truncate-end">a: add a dependency to {row.member.name}</Text> : null}
      </Box>
    </Box>
  );
}

interface Columns {
  width: number;
  name: number;
  req: number;
}

/**
 * Requirement and version columns as wide as their widest entry, the name as wide as the
 * longest name that fits; features get what is left of the row.
 */
function columnWidths(rows: readonly Row[], width: number): Columns {
  const widest = (f: (r: Extract<Row, { kind: 'dep' }>) => string, cap: number) =>
    Math.min(cap, Math.max(1, ...rows.map((r) => (r.kind === 'dep' ? f(r).length : 0))));
  const req = widest((r) => r.dep.req, 10);
  const version = widest((r) => r.dep.resolved ?? '', 10);
  const name = widest((r) => nameOf(r.dep), 40);
  return { width, name: Math.max(8, Math.min(name, width - 2 - req - 1 - version - 1)), req };
}

function nameOf(d: DepView): string {
  const tags = [d.kind !== 'normal' ? d.kind : '', d.optional ? 'optional' : '', d.target ? 'cfg' : ''].filter(Boolean);
  return `${d.key}${tags.length ? ` (${tags.join(', ')})` : ''}`;
}

const fit = (s: string, n: number) => (s.length > n ? s.slice(0, Math.max(0, n - 1)) + '…' : s.padEnd(n));

function RowLine({ row, selected, columns }: { row: Row; selected: boolean; columns: Columns }) {
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
  const text = `${mark} ${fit(nameOf(d), columns.name)} ${fit(d.req, columns.req)} ${d.resolved ?? ''}`;
  // Features only where they fit legibly; the detail below lists them all.
  const room = columns.width - text.length - 1;
  const features = d.features.length && room >= 6 ? ` ${fit(`[${d.features.join(',')}]`, room).trimEnd()}` : '';
  return (
    <Text wrap="truncate-end" inverse={selected} color={d.edited ? 'yellow' : undefined}>
      {text}
      <Text dimColor>{features}</Text>
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
