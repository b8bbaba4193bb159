import { lockfileSource, sourceKey } from '../cargo/source-id.js';
import type { Summary } from '../cargo/summary.js';
import { buildFeatureMap } from '../cargo/summary.js';
import { Version } from '../cargo/version.js';
import type { Lockfile } from '../lockfile/model.js';
import { withoutPrecise } from '../lockfile/source.js';

/**
 * Git dependencies cannot be read without fetching the repository, which cargo-whatif does not
 * do. Each is treated as one fixed package with no dependencies of its own, at the version an
 * existing Cargo.lock records (or the version its requirement names), and a warning says so.
 */
export function gitPackages(owners: readonly Summary[], lock?: Lockfile): { packages: Summary[]; warnings: string[] } {
  const packages = new Map<string, Summary>();
  const warnings: string[] = [];
  for (const owner of owners) {
    for (const d of owner.dependencies) {
      if (d.source.kind !== 'git') continue;
      const key = `${d.name} ${sourceKey(d.source)}`;
      if (packages.has(key)) continue;
      const wanted = lockfileSource(d.source);
      const locked = lock?.packages.find(
        (p) =>
          p.name === d.name &&
          p.source !== undefined &&
          wanted !== undefined &&
          withoutPrecise(p.source) === withoutPrecise(wanted),
      );
      const precise = locked?.source?.split('#')[1];
      const version = locked ? Version.parse(locked.version) : versionFromReq(d.req.toString());
      packages.set(key, {
        name: d.name,
        version,
        source: { ...d.source, precise },
        dependencies: [],
        features: buildFeatureMap([], []),
        links: null,
        checksum: null,
        yanked: false,
        rustVersion: null,
      });
      warnings.push(
        `git dependency \`${d.name}\` (${d.source.url}) is treated as fixed at ${version}${locked ? ' (from Cargo.lock)' : ''}; its own dependencies are not resolved`,
      );
    }
  }
  return { packages: [...packages.values()], warnings };
}

function versionFromReq(req: string): Version {
  const m = /(\d+)(?:\.(\d+))?(?:\.(\d+))?/.exec(req);
  return Version.parse(m ? `${m[1]}.${m[2] ?? 0}.${m[3] ?? 0}` : '0.0.0');
}
