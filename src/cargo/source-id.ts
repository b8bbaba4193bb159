import { pathToFileURL } from 'node:url';

/**
 * Where a package comes from, spelled as Cargo spells it in Cargo.lock. Two packages with the same
 * name and version but different sources are different packages, and one semver-compatible line
 * is allowed per (name, source).
 */
export type SourceKind = 'registry' | 'path' | 'git';

export interface SourceId {
  kind: SourceKind;
  /** registry: the index URL; path: the absolute directory; git: the repository URL. */
  url: string;
  /** git only: the `branch`/`tag`/`rev` the manifest asked for, as `branch=main` etc. */
  reference?: string;
  /** git only: the commit, when a lockfile names it. */
  precise?: string;
}

export const CRATES_IO_INDEX = 'https://github.com/rust-lang/crates.io-index';
export const CRATES_IO_SPARSE = 'sparse+https://index.crates.io/';

export const cratesIo: SourceId = Object.freeze({ kind: 'registry', url: CRATES_IO_INDEX });

export function registrySource(url: string): SourceId {
  // Cargo records crates.io under its git URL whichever protocol fetched it.
  const normal = url === CRATES_IO_SPARSE || url === 'sparse+https://index.crates.io' ? CRATES_IO_INDEX : url;
  return { kind: 'registry', url: normal };
}

export function pathSource(dir: string): SourceId {
  return { kind: 'path', url: dir };
}

export function gitSource(url: string, reference?: string, precise?: string): SourceId {
  return { kind: 'git', url, reference, precise };
}

/** A stable key: equal keys mean the same source. */
export function sourceKey(s: SourceId): string {
  // Kept per SourceId: the resolver asks for the key of every candidate it filters.
  let key = sourceKeys.get(s);
  if (key === undefined) {
    key = s.kind === 'git' ? `git+${s.url}${s.reference ? '?' + s.reference : ''}` : `${s.kind}+${s.url}`;
    sourceKeys.set(s, key);
  }
  return key;
}

const sourceKeys = new WeakMap<SourceId, string>();

/** The `source = "..."` value of Cargo.lock; path packages have none. */
export function lockfileSource(s: SourceId): string | undefined {
  switch (s.kind) {
    case 'registry':
      return s.url.startsWith('sparse+') ? s.url : `registry+${s.url}`;
    case 'git': {
      const q = s.reference ? `?${s.reference}` : '';
      return `git+${s.url}${q}${s.precise ? '#' + s.precise : ''}`;
    }
    case 'path':
      return undefined;
  }
}

export function isCratesIo(s: SourceId): boolean {
  return s.kind === 'registry' && s.url === CRATES_IO_INDEX;
}

export function describeSource(s: SourceId): string {
  switch (s.kind) {
    case 'registry':
      return isCratesIo(s) ? 'crates.io' : s.url;
    case 'path':
      return pathToFileURL(s.url).href;
    case 'git':
      return s.url + (s.reference ? `?${s.reference}` : '');
  }
}

/** A crate of a registry: what an index is asked for, by its name and its registry. */
export interface CrateRef {
  readonly name: string;
  readonly source: SourceId;
}

/** `crates` once each (by registry and name), in first-seen order. */
export function uniqueCrates(crates: Iterable<CrateRef>): CrateRef[] {
  const seen = new Map<string, CrateRef>();
  for (const c of crates) {
    const key = `${sourceKey(c.source)}\0${c.name}`;
    if (!seen.has(key)) seen.set(key, { name: c.name, source: c.source });
  }
  return [...seen.values()];
}
