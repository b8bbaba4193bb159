import { Box, Text } from 'ink';
import type { DepView } from '../analysis.js';
import { windowStart } from '../layout.js';
import type { Row, TuiState } from '../state.js';
import { rowsOf, selectedRowIndex } from '../state.js';

/** Rows under the list: the selected dependency's requirement, features and semver lines. */
const DETAIL_ROWS = 5;

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
  name: number;
  req: number;
}

/** Requirement and version columns as wide as their widest entry; the name takes the rest. */
function columnWidths(rows: readonly Row[], width: number): Columns {
  const widest = (f: (r: Extract<Row, { kind: 'dep' }>) => string) =>
    Math.min(10, Math.max(1, ...rows.map((r) => (r.kind === 'dep' ? f(r).length : 0))));
  const req = widest((r) => r.dep.req);
  const version = widest((r) => r.dep.resolved ?? '');
  // One spare column, so that truncating the features never cuts into the version.
  return { name: Math.max(8, width - 2 - req - 1 - version - 2), req };
}

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
  const tags = [d.kind !== 'normal' ? d.kind : '', d.optional ? 'optional' : '', d.target ? `cfg` : ''].filter(Boolean);
  const name = `${d.key}${tags.length ? ` (${tags.join(', ')})` : ''}`;
  const fit = (s: string, n: number) => (s.length > n ? s.slice(0, n - 1) + '…' : s.padEnd(n));
  const text = `${mark} ${fit(name, columns.name)} ${fit(d.req, columns.req)} ${d.resolved ?? ''}`;
  const features = d.features.length ? ` [${d.features.join(',')}]` : '';
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
      <Text wrap="truncate-end" dimColor>
        features: {features.length ? features.join(', ') : 'defaults'}
      </Text>
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
