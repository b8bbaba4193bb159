import { lockfileSource } from '../cargo/source-id.js';
import type { Summary } from '../cargo/summary.js';
import type { ResolvedGraph } from '../resolve/graph.js';
import type { LockGraphPackage } from '../lockfile/write.js';
import { writeLockfile } from '../lockfile/write.js';

/** The resolution as Cargo.lock text, exactly as cargo would write it. */
export function lockfileText(graph: ResolvedGraph, members: readonly Summary[], original?: string): string {
  const packages: LockGraphPackage[] = [];
  for (const [id, s] of graph.packages) {
    const source = lockfileSource(s.source);
    const pkg: LockGraphPackage = {
      name: s.name,
      version: s.version.toString(),
      ...(source !== undefined && { source }),
      ...(s.checksum && s.source.kind === 'registry' && { checksum: s.checksum }),
      dependencies: [],
    };
    for (const childId of graph.children(id).keys()) {
      const c = graph.packages.get(childId)!;
      const cs = lockfileSource(c.source);
      pkg.dependencies.push({ name: c.name, version: c.version.toString(), ...(cs !== undefined && { source: cs }) });
    }
    packages.push(pkg);
  }
  return writeLockfile(packages, [], { version: lockfileVersion(members), original });
}

// Cargo writes version 3 when the workspace's lowest rust-version predates 1.83 (which reads 4).
function lockfileVersion(members: readonly Summary[]): 3 | 4 {
  const versions = members.map((m) => m.rustVersion).filter((v): v is string => v !== null);
  for (const v of versions) {
    const [maj, min] = v.split('.').map(Number);
    if ((maj ?? 0) < 1 || ((maj ?? 0) === 1 && (min ?? 0) < 83)) return 3;
  }
  return 4;
}
