import fc from 'fast-check';
import type { DepSpec, PkgSpec } from './helpers.js';

/**
 * Random small registries that exercise the rules that make resolution hard: several
 * semver-compatible lines, 0.x and 0.0.x lines, pre-releases, yanked versions, optional
 * dependencies behind features (`dep:`, `x/f`, weak `x?/f`), default features, and `links`.
 * Dependencies only point to later crates, so there are no cycles.
 */
const VERSIONS = ['0.0.1', '0.0.2', '0.1.0', '0.1.4', '0.2.0', '1.0.0', '1.0.1-alpha.1', '1.1.0', '1.2.3', '2.0.0'];

function reqFor(version: string, form: number): string {
  const [maj, min, pat] = version.split('-')[0]!.split('.');
  switch (form) {
    case 0:
      return `^${maj}.${min}`;
    case 1:
      return `=${version}`;
    case 2:
      return `>=${maj}.${min}, <${Number(maj) + 1}`;
    case 3:
      return '*';
    case 4:
      return `~${maj}.${min}.${pat}`;
    default:
      return `${maj}`;
  }
}

export interface RandomCase {
  registry: Record<string, PkgSpec>;
  member: PkgSpec;
}

export interface RandomShape {
  crates: number;
  maxVersions: number;
  /** Extra required dependencies per version, beyond the first. */
  extraDeps: number;
  memberDeps: number;
  /** One version in this many declares `links` (l0 or l1); 5 unless given. */
  linksOneIn?: number;
}

export const SMALL: RandomShape = { crates: 5, maxVersions: 3, extraDeps: 0, memberDeps: 2 };
/** Enough crates and versions that cargo's search has to backtrack through several levels. */
export const LARGE: RandomShape = { crates: 12, maxVersions: 6, extraDeps: 2, memberDeps: 4 };

export function randomCaseOf(shape: RandomShape): fc.Arbitrary<RandomCase> {
  const crates = Array.from({ length: shape.crates }, (_, i) => (i < 26 ? String.fromCharCode(97 + i) : `c${i}`));
  return fc
    .record({
      versions: fc.array(fc.uniqueArray(fc.constantFrom(...VERSIONS), { minLength: 1, maxLength: shape.maxVersions }), {
        minLength: crates.length,
        maxLength: crates.length,
      }),
      seeds: fc.array(fc.nat(1000), { minLength: 80, maxLength: 80 }),
    })
    .map(({ versions, seeds }) => {
      let i = 0;
      const next = (n: number) => seeds[i++ % seeds.length]! % n;
      const registry: Record<string, PkgSpec> = {};
      const pickDep = (from: number, optional: boolean): DepSpec | undefined => {
        if (from >= crates.length - 1) return undefined;
        const target = from + 1 + next(crates.length - from - 1);
        const tv = versions[target]!;
        const req = reqFor(tv[next(tv.length)]!, next(6));
        const features = next(4) === 0 ? ['f'] : [];
        return [crates[target]!, req, { optional, features, defaultFeatures: next(3) !== 0 }];
      };
      versions.forEach((vs, ci) => {
        for (const v of vs) {
          const deps: DepSpec[] = [];
          const d1 = next(3) > 0 ? pickDep(ci, false) : undefined;
          if (d1) deps.push(d1);
          for (let k = 0; k < shape.extraDeps; k++) {
            const d = next(2) === 0 ? pickDep(ci, false) : undefined;
            if (d && !deps.some((x) => x[0] === d[0])) deps.push(d);
          }
          const opt = next(2) === 0 ? pickDep(ci, true) : undefined;
          const features: Record<string, string[]> = { f: [] };
          if (opt && !deps.some((x) => x[0] === opt[0])) {
            deps.push(opt);
            const mode = next(3);
            features['g'] = [mode === 0 ? `dep:${opt[0]}` : mode === 1 ? `${opt[0]}/f` : `${opt[0]}?/f`];
            if (next(2) === 0) features['default'] = ['g'];
          }
          if (next(5) === 0) delete features['f'];
          const links = next(shape.linksOneIn ?? 5) === 0 ? `l${next(2)}` : undefined;
          registry[`${crates[ci]}@${v}`] = { deps, features, links, yanked: next(9) === 0 };
        }
      });
      const memberDeps: DepSpec[] = [];
      for (let k = 0; k < 1 + next(shape.memberDeps); k++) {
        const d = pickDep(-1, false);
        if (d && !memberDeps.some((m) => m[0] === d[0])) memberDeps.push(d);
      }
      return { registry, member: { deps: memberDeps } };
    });
}

export const randomCase: fc.Arbitrary<RandomCase> = randomCaseOf(SMALL);
