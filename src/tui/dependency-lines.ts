import type { DepView, MemberView } from './analysis.js';
import type { PlanEntryView } from './plan-view.js';

/**
 * The dependency pane's detail of the selected dependency, as rows of text: where it stands
 * (requirement, resolved, newest, `links`), who requires it and how, the upgrade plan's entry for
 * it, and every version by semver-compatible line. Rows, so the pane can scroll them.
 */
export type Tone = 'title' | 'dim' | 'ok' | 'warn' | 'error' | 'major' | 'minor' | 'patch' | 'key';

export interface DetailRow {
  text: string;
  tone?: Tone;
}

export interface DependencyContext {
  member: MemberView;
  dep: DepView;
  /** The plan's entry for the dependency's crate; undefined when it is on its newest release or not planned yet. */
  entry?: PlanEntryView;
  /** Whether the plan is known (done, or under way) for the current edits. */
  planned: boolean;
  inConflict: boolean;
}

export function dependencyLines(ctx: DependencyContext | undefined): DetailRow[] {
  if (!ctx)
    return [{ text: 'Select a dependency (j/k) to see its versions, who requires it and its upgrade.', tone: 'dim' }];
  const { member, dep, entry } = ctx;
  const rows: DetailRow[] = [];
  const kind = [
    dep.kind !== 'normal' ? dep.kind : '',
    dep.optional ? 'optional' : '',
    dep.target ? `cfg ${dep.target}` : '',
  ].filter(Boolean);
  rows.push({
    text: `${dep.crate}${dep.key !== dep.crate ? ` (as ${dep.key})` : ''} in ${member.name}${kind.length ? ` · ${kind.join(', ')}` : ''}`,
    tone: 'title',
  });
  const newest = dep.lines[0]?.newest;
  rows.push({
    text: `requirement ${dep.req} · resolved ${dep.resolved ?? '—'} · newest ${newest ?? '—'}${dep.edited ? ' · edited' : ''}`,
  });
  if (ctx.inConflict) rows.push({ text: '! in a conflict (1: the conflicts)', tone: 'error' });
  if (dep.source !== 'registry') {
    rows.push({ text: `a ${dep.source} dependency: no registry versions`, tone: 'dim' });
    return rows;
  }
  rows.push({
    text: `links: ${dep.links === null ? 'none' : `"${dep.links}"`}`,
    tone: dep.links === null ? 'dim' : undefined,
  });
  rows.push(...planRows(ctx, entry));
  rows.push({ text: `required by (${dep.requiredBy.length}):`, tone: 'dim' });
  for (const r of dep.requiredBy) rows.push({ text: `  ${r.by}: ${r.req}${r.resolved ? ` → ${r.resolved}` : ''}` });
  rows.push({ text: 'versions (newest first):', tone: 'dim' });
  for (const g of dep.versions) {
    const versions = g.versions.map(
      (v) => `${v.version}${v.yanked ? ' (yanked)' : v.prerelease ? ' (pre-release)' : ''}`,
    );
    rows.push({
      text: `  ${g.line.padEnd(6)} ${versions.join(' ')}`,
      tone: dep.lines.some((l) => l.line === g.line && l.current) ? 'ok' : undefined,
    });
  }
  return rows;
}

function planRows(ctx: DependencyContext, entry: PlanEntryView | undefined): DetailRow[] {
  if (!entry)
    return [{ text: ctx.planned ? 'upgrade: none, it is on its newest release' : 'upgrade: planning…', tone: 'dim' }];
  const head = `upgrade ${entry.from} -> ${entry.to} (${entry.size})`;
  const apply = (what: string) => ({ text: `m: ${what} ${entry.applyFlags.join(' ')}`, tone: 'key' as const });
  switch (entry.verdict) {
    case undefined:
      return [{ text: `${head}: checking whether it resolves…`, tone: entry.size }];
    case 'resolves':
      return [
        {
          text: `${head}: resolves alone${entry.resolvesWith ? ` (${entry.crate} ${entry.resolvesWith.join(' + ')})` : ''}`,
          tone: entry.size,
        },
        apply('apply'),
      ];
    case 'with':
      return [
        { text: `${head}: blocked alone`, tone: entry.size },
        ...entry.blockers.map((b) => ({ text: `  blocked by: ${b}` })),
        { text: `  resolves with: ${entry.coMoves.join('; ')}`, tone: 'ok' },
        apply('apply with them'),
      ];
    case 'blocked':
      return [
        { text: `${head}: blocked${entry.state === 'decided' ? '' : ' alone (explaining…)'}`, tone: entry.size },
        ...entry.blockers.map((b) => ({ text: `  blocked by: ${b}` })),
        ...(entry.blocked ? [{ text: `  blocked: ${entry.blocked}`, tone: 'error' as const }] : []),
        apply('try it anyway'),
      ];
  }
}
