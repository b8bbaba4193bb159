import type { Summary } from '../cargo/summary.js';
import type { ResolvedGraph } from './graph.js';

/**
 * Cargo rejects a resolution whose normal/build dependencies form a cycle, after choosing versions
 * and without backtracking to avoid it (`check_cycles`; cargo 1.95, src/resolver/mod.rs).
 * Dev-dependency edges may form cycles.
 */
export function findCycle(graph: ResolvedGraph): Summary[] | undefined {
  const done = new Set<string>();
  const onPath = new Set<string>();
  const path: string[] = [];

  const visit = (id: string): string[] | undefined => {
    if (onPath.has(id)) return path.slice(path.indexOf(id)).concat(id);
    if (done.has(id)) return undefined;
    done.add(id);
    onPath.add(id);
    path.push(id);
    for (const [child, deps] of graph.children(id)) {
      if (deps.every((d) => d.kind === 'dev')) continue;
      const found = visit(child);
      if (found) return found;
    }
    path.pop();
    onPath.delete(id);
    return undefined;
  };

  for (const id of [...graph.packages.keys()].sort()) {
    const found = visit(id);
    if (found) return found.map((p) => graph.packages.get(p)!);
  }
  return undefined;
}
