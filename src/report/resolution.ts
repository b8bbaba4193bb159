import type { Summary } from '../cargo/summary.js';
import type { ResolvedGraph } from '../resolve/graph.js';
import { visible } from '../text/visible.js';

/** The resolved package list as text: one package per line, members marked. */
export function resolvedText(graph: ResolvedGraph, members: readonly Summary[]): string {
  const memberNames = new Set(members.map((m) => m.name));
  const pkgs = graph.sorted();
  const lines = [
    `Resolved ${pkgs.length} package${pkgs.length === 1 ? '' : 's'} for ${members.length} workspace member${members.length === 1 ? '' : 's'}`,
  ];
  for (const s of pkgs) {
    const where =
      s.source.kind === 'registry'
        ? ''
        : s.source.kind === 'path'
          ? memberNames.has(s.name)
            ? ' (member)'
            : ' (path)'
          : ' (git)';
    lines.push(`  ${s.name} v${s.version}${where}`);
  }
  return lines.map(visible).join('\n') + '\n';
}

export function cycleText(cycle: readonly Summary[]): string {
  const first = cycle[0]!;
  return (
    `error: cyclic package dependency: package \`${visible(first.name)} v${first.version}\` depends on itself. Cycle:\n` +
    cycle.map((s) => `  ${visible(s.name)} v${s.version}`).join('\n    -> ') +
    '\n'
  );
}
