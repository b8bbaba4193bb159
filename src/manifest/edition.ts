/**
 * Editions, `rust-version`, and the resolver each implies: the small tables cargo 1.95 keys its
 * defaults on (cargo 1.95: `Edition` in src/workspace/features.rs, `RustVersion` in
 * crates/cargo-util-schemas/src/manifest/rust_version.rs).
 */
export type Edition = '2015' | '2018' | '2021' | '2024';
export type ResolverVersion = '1' | '2' | '3';

export const DEFAULT_EDITION: Edition = '2015';

const FIRST_VERSION: Record<Edition, readonly [number, number, number] | undefined> = {
  '2015': undefined,
  '2018': [1, 31, 0],
  '2021': [1, 56, 0],
  '2024': [1, 85, 0],
};

/** The edition, or the reason it is not one cargo 1.95 accepts. */
export function parseEdition(text: string): { edition: Edition } | { error: string } {
  if (text === '2015' || text === '2018' || text === '2021' || text === '2024') return { edition: text };
  const year = /^\d+$/.test(text) ? Number(text) : NaN;
  if (year > 2024 && year < 2050) {
    return {
      error: `this version of Cargo is older than the \`${text}\` edition, and only supports \`2015\`, \`2018\`, \`2021\`, and \`2024\` editions.`,
    };
  }
  if (text === 'future') return { error: 'the `future` edition requires the nightly-only `unstable-editions` feature' };
  return {
    error: `supported edition values are \`2015\`, \`2018\`, \`2021\`, or \`2024\`, but \`${text}\` is unknown`,
  };
}

/** 2024 -> 3, 2021 -> 2, older -> 1, as `Edition::default_resolve_behavior`. */
export function defaultResolver(edition: Edition): ResolverVersion {
  if (edition === '2024') return '3';
  if (edition === '2021') return '2';
  return '1';
}

export function parseResolver(text: string): ResolverVersion | undefined {
  return text === '1' || text === '2' || text === '3' ? text : undefined;
}

export function invalidResolverMessage(text: string): string {
  return `\`resolver\` setting \`${text}\` is not valid, valid options are "1", "2" or "3"`;
}

export interface RustVersion {
  major: number;
  minor?: number;
  patch?: number;
}

/** `1.70`, `1.70.0` or `1`: a partial version without pre-release or build metadata. */
export function parseRustVersion(text: string): { version: RustVersion } | { error: string } {
  const m = /^(0|[1-9]\d*)(?:\.(0|[1-9]\d*))?(?:\.(0|[1-9]\d*))?(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$/.exec(
    text.trim(),
  );
  if (!m) {
    if (/[*^~<>=,x]/.test(text) || /\bx\b/i.test(text)) {
      return { error: 'unexpected version requirement, expected a version like "1.32"' };
    }
    return { error: `expected a version like "1.32"` };
  }
  if (m[4]) return { error: 'unexpected prerelease field, expected a version like "1.32"' };
  if (m[5]) return { error: 'unexpected build field, expected a version like "1.32"' };
  const version: RustVersion = { major: Number(m[1]) };
  if (m[2] !== undefined) version.minor = Number(m[2]);
  if (m[3] !== undefined) version.patch = Number(m[3]);
  return { version };
}

export function rustVersionText(v: RustVersion): string {
  return [v.major, v.minor, v.patch].filter((n) => n !== undefined).join('.');
}

/**
 * Cargo refuses a `rust-version` older than the edition's first compiler: the rust-version must
 * satisfy `^<first compiler>` (every edition so far began in 1.x, so: same major, not older).
 */
export function editionIncompatibility(edition: Edition, rv: RustVersion): string | undefined {
  const first = FIRST_VERSION[edition];
  if (!first) return undefined;
  const rvTriple = [rv.major, rv.minor ?? 0, rv.patch ?? 0] as const;
  if (rv.major === first[0] && compareTriple(rvTriple, first) >= 0) return undefined;
  return `rust-version ${rustVersionText(rv)} is incompatible with the version (${first.join('.')}) required by the specified edition (${edition})`;
}

function compareTriple(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < 3; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return 0;
}
