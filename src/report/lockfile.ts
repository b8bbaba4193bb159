import { lockfileSource } from '../cargo/source-id.js';
import type { Summary } from '../cargo/summary.js';
import { UserError } from '../errors.js';
import type { Lockfile } from '../lockfile/model.js';
import { lockGraph } from '../lockfile/references.js';
import type { LockGraphPackage } from '../lockfile/write.js';
import { writeLockfile } from '../lockfile/write.js';
import type { ResolvedGraph } from '../resolve/graph.js';
import { packageId } from '../resolve/ids.js';

/**
 * The resolution as Cargo.lock text, exactly as cargo would leave the file. With an existing
 * lockfile, cargo (cargo 1.95: `Resolve::merge_from` in src/resolver/resolve.rs,
 * `write_pkg_lockfile` in src/ops/lockfile.rs) keeps its `[metadata]`, refuses a checksum that
 * changed, and keeps its format version unless the content changes (then it moves to the current
 * format); a file whose content is unchanged is left byte for byte.
 */
export interface PreviousLockfile {
  path: string;
  text: string;
  lock: Lockfile;
}

export function lockfileText(
  graph: ResolvedGraph,
  members: readonly Summary[],
  previous?: PreviousLockfile,
  /** `[patch]` packages, in manifest order: those the graph does not use are listed as unused. */
  patches: readonly Summary[] = [],
): string {
  const packages = lockPackages(graph);
  const used = new Set(graph.packages.keys());
  const unused = patches.filter((p) => !used.has(packageId(p))).map((p) => lockPackage(p, []));
  const current = lockfileVersion(members);
  if (!previous) return writeLockfile(packages, unused, { version: current });

  checkChecksums(packages, previous);
  const metadata = previous.lock.metadata;
  const prevVersion = previous.lock.version;
  if (prevVersion >= 3) {
    const same = writeLockfile(packages, unused, { version: prevVersion as 3 | 4, metadata, original: previous.text });
    if (sameLines(same, previous.text)) return previous.text;
  }
  // Formats we do not write (1, 2) are compared by content: unchanged, cargo leaves the file be.
  else if (sameGraph(packages, previous.lock)) return previous.text;
  const version = Math.max(prevVersion, current) as 3 | 4;
  return writeLockfile(packages, unused, { version: version >= 4 ? 4 : 3, metadata, original: previous.text });
}

function lockPackages(graph: ResolvedGraph): LockGraphPackage[] {
  const out: LockGraphPackage[] = [];
  for (const [id, s] of graph.packages) {
    out.push(
      lockPackage(
        s,
        [...graph.children(id).keys()].map((c) => graph.packages.get(c)!),
      ),
    );
  }
  return out;
}

function lockPackage(s: Summary, children: readonly Summary[]): LockGraphPackage {
  const source = lockfileSource(s.source);
  return {
    name: s.name,
    version: s.version.toString(),
    ...(source !== undefined && { source }),
    ...(s.checksum && s.source.kind === 'registry' && { checksum: s.checksum }),
    dependencies: children.map((c) => {
      const cs = lockfileSource(c.source);
      return { name: c.name, version: c.version.toString(), ...(cs !== undefined && { source: cs }) };
    }),
  };
}

function sameGraph(packages: readonly LockGraphPackage[], lock: Lockfile): boolean {
  const key = (p: { name: string; version: string; source?: string }) => `${p.name} ${p.version} ${p.source ?? ''}`;
  const canon = (list: readonly LockGraphPackage[]) =>
    list
      .map((p) => `${key(p)} ${p.checksum ?? ''} [${p.dependencies.map(key).sort().join(',')}]`)
      .sort()
      .join('\n');
  return canon(packages) === canon(lockGraph(lock).packages);
}

// cargo compares line by line, so a file that differs only in its line endings is unchanged.
function sameLines(a: string, b: string): boolean {
  const split = (s: string) => s.split(/\r?\n/);
  const x = split(a);
  const y = split(b);
  if (x[x.length - 1] === '') x.pop();
  if (y[y.length - 1] === '') y.pop();
  return x.length === y.length && x.every((line, i) => line === y[i]);
}

/** cargo refuses to go on when a package's checksum differs from the one the lockfile recorded. */
function checkChecksums(packages: readonly LockGraphPackage[], previous: PreviousLockfile): void {
  const recorded = new Map<string, string | undefined>();
  for (const p of previous.lock.packages) recorded.set(`${p.name} ${p.version} ${p.source ?? ''}`, p.checksum);
  for (const p of packages) {
    const key = `${p.name} ${p.version} ${p.source ?? ''}`;
    if (!recorded.has(key)) continue;
    const before = recorded.get(key);
    if (before !== undefined && p.checksum !== undefined && before !== p.checksum) {
      throw new UserError(
        `checksum for \`${p.name} v${p.version}\` changed between lock files`,
        { file: previous.path },
        [
          'the lock file is corrupt, or the index (or a mirror of it) returned a different checksum',
          `the lock file has ${before}, the index ${p.checksum}`,
        ],
      );
    }
  }
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
