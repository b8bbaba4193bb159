import { Requirement } from '../cargo/requirement.js';
import type { Summary } from '../cargo/summary.js';
import { UserError } from '../errors.js';
import type { Edit } from './edit.js';
import { editFlag } from './edit.js';

export type VersionsOf = (name: string) => readonly Summary[];

type Upgrade = Extract<Edit, { kind: 'upgrade' }>;
type Bump = Extract<Edit, { kind: 'bump' }>;

/**
 * Seed.md's Option 1 as edits: every member moves DEP to the target line, and a member's
 * dependency whose current line requires an older DEP (numpy 0.20 needs pyo3 0.20) moves to
 * the newest line of its own that accepts the target. A dependency with no such release
 * (pyo3-asyncio, replaced by pyo3-async-runtimes) is left alone: the resolution then shows the
 * conflict, and the fix (replace it) is the user's call, not something to guess.
 */
export function upgradeBumps(members: readonly Summary[], e: Upgrade, versionsOf: VersionsOf): Bump[] {
  const users = members.flatMap((m) =>
    m.dependencies.filter((d) => (d.nameInToml === e.dep || d.name === e.dep) && d.source.kind === 'registry'),
  );
  if (users.length === 0)
    throw new UserError(`${editFlag(e)}: no workspace member depends on \`${e.dep}\` from a registry`);
  const crate = users[0]!.name;
  const all = releases(versionsOf, crate);
  const newest = all[0];
  if (!newest) throw new UserError(`${editFlag(e)}: the registry has no release of \`${crate}\``);
  const reqText = e.req ?? newest.version.line;
  const target = Requirement.parse(reqText);
  const targetVersions = all.filter((v) => target.matches(v.version));
  if (targetVersions.length === 0) {
    throw new UserError(
      `${editFlag(e)}: no release of \`${crate}\` matches \`${reqText}\` (newest: ${newest.version})`,
    );
  }
  const accepts = (s: Summary) =>
    s.dependencies.some(
      (d) => d.name === crate && d.kind !== 'dev' && targetVersions.some((t) => d.req.matches(t.version)),
    );
  const needsCrate = (s: Summary) => s.dependencies.some((d) => d.name === crate && d.kind !== 'dev');

  const bumps: Bump[] = [{ kind: 'bump', dep: e.dep, req: reqText }];
  const seen = new Set<string>();
  for (const m of members) {
    for (const d of m.dependencies) {
      if (d.source.kind !== 'registry' || d.name === crate) continue;
      const key = `${m.name}\0${d.nameInToml}`;
      if (seen.has(key)) continue;
      const current = releases(versionsOf, d.name).find((r) => d.req.matches(r.version));
      if (!current || !needsCrate(current) || accepts(current)) continue;
      const fits = releases(versionsOf, d.name).find(accepts);
      if (!fits) continue;
      seen.add(key);
      bumps.push({ kind: 'bump', member: m.name, dep: d.nameInToml, req: fits.version.line });
    }
  }
  return bumps;
}

/** Releases a requirement can pick without asking for them: no yanked or pre-release versions. */
function releases(versionsOf: VersionsOf, name: string): Summary[] {
  return versionsOf(name)
    .filter((v) => !v.yanked && !v.version.isPrerelease)
    .sort((a, b) => b.version.compare(a.version));
}
