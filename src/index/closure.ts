import { sourceKey } from '../cargo/source-id.js';
import type { Summary } from '../cargo/summary.js';
import type { IndexSource } from './source.js';

/**
 * Everything the resolver could need from the index, loaded up front so that resolution itself
 * is synchronous: the crates reachable from `roots` through any version's normal or build
 * dependencies. Optional dependencies are followed (a feature may turn them on); dev-dependencies
 * of registry crates are not (cargo never builds them); dependencies on other registries are
 * left to whoever reads those. Requests go out as soon as a name is discovered, so a slow index
 * is asked for a whole frontier at once. Absent crates map to an empty list. Keys are the names
 * asked for, sorted, so the snapshot does not depend on the order responses arrived in.
 */
export async function closure(index: IndexSource, roots: Iterable<string>): Promise<Map<string, Summary[]>> {
  const found = new Map<string, Summary[]>();
  const registry = sourceKey(index.source);
  const tasks: Promise<void>[] = [];
  const visit = (name: string): void => {
    if (found.has(name)) return;
    found.set(name, []);
    const task = index.loadFile(name).then((file) => {
      const summaries = file?.summaries ?? [];
      found.set(name, summaries);
      if (file?.dependencyNames?.registry === registry) {
        for (const n of file.dependencyNames.names) visit(n);
        return;
      }
      for (const s of summaries) {
        for (const d of s.dependencies) {
          if (d.kind !== 'dev' && sourceKey(d.source) === registry) visit(d.name);
        }
      }
    });
    // Awaited in order below; until then a failure must not count as unhandled.
    task.catch(() => undefined);
    tasks.push(task);
  };
  for (const name of roots) visit(name);
  for (let i = 0; i < tasks.length; i++) await tasks[i];
  return new Map([...found].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
