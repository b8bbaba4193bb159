import semver from 'semver';
import type { Version } from './version.js';

/**
 * A version requirement as Cargo reads it (Rust's `semver::VersionReq`), not as npm does:
 * a bare `1.2.3` means `^1.2.3`, comparators are separated by commas, `*`/`x`/`X` wildcards,
 * build metadata is ignored. Matching is delegated to node-semver, whose comparator and
 * pre-release rules coincide with Cargo's once each comparator is written in npm's syntax.
 */
export type Op = '=' | '>' | '>=' | '<' | '<=' | '~' | '^' | '*';

export interface Comparator {
  op: Op;
  major: number;
  minor?: number;
  patch?: number;
  /** Pre-release identifiers, dot-joined; empty when none. */
  pre: string;
}

export class RequirementParseError extends Error {
  constructor(
    readonly text: string,
    readonly reason: string,
  ) {
    super(`invalid version requirement \`${text}\`: ${reason}`);
    this.name = 'RequirementParseError';
  }
}

export class Requirement {
  private range: semver.Range | undefined;

  private constructor(readonly comparators: readonly Comparator[]) {}

  /** `*`: any version that is not a pre-release. */
  static readonly any = new Requirement([]);

  static parse(text: string): Requirement {
    return new Requirement(parseComparators(text));
  }

  static tryParse(text: string): Requirement | undefined {
    try {
      return Requirement.parse(text);
    } catch {
      return undefined;
    }
  }

  /** `=x.y.z[-pre]`: exactly that version (what a lockfile pins to). */
  static exact(v: Version): Requirement {
    return new Requirement([
      { op: '=', major: v.major, minor: v.minor, patch: v.patch, pre: v.pre.join('.') },
    ]);
  }

  get isAny(): boolean {
    return this.comparators.length === 0;
  }

  matches(v: Version): boolean {
    if (!this.range) this.range = new semver.Range(this.comparators.map(toNpm).join(' ') || '*');
    return this.range.test(v.semver);
  }

  /** Cargo's display form: `^0.22`, `>=1.2, <1.5`, `1.*`, `*`. */
  toString(): string {
    if (this.comparators.length === 0) return '*';
    return this.comparators.map(displayComparator).join(', ');
  }
}

function versionText(c: Comparator, wildcard: string): string {
  let s = `${c.major}`;
  if (c.minor === undefined) return c.op === '*' ? `${s}.${wildcard}` : s;
  s += `.${c.minor}`;
  if (c.patch === undefined) return c.op === '*' ? `${s}.${wildcard}` : s;
  s += `.${c.patch}`;
  if (c.pre) s += `-${c.pre}`;
  return s;
}

function displayComparator(c: Comparator): string {
  return c.op === '*' ? versionText(c, '*') : `${c.op}${versionText(c, '*')}`;
}

function toNpm(c: Comparator): string {
  const v = `${c.major}.${c.minor ?? 'x'}.${c.patch ?? 'x'}${c.pre && c.patch !== undefined ? '-' + c.pre : ''}`;
  // npm's bare x-range is Cargo's `=1.2` / `1.2.*`: any patch of that minor.
  return c.op === '*' || c.op === '=' ? (c.patch === undefined ? v : `=${v}`) : `${c.op}${v}`;
}

// A port of the grammar of Rust's semver crate (parse.rs), so that what Cargo rejects we reject,
// with a reason in the same spirit.
function parseComparators(input: string): Comparator[] {
  let text = input.replace(/^ +/, '');
  const wild = /^[*xX]/.exec(text);
  if (wild) {
    const rest = text.slice(1).replace(/^ +/, '');
    if (rest === '') return [];
    if (rest.startsWith(',')) {
      throw new RequirementParseError(input, `wildcard req (${wild[0]}) must be the only comparator in the version req`);
    }
    throw new RequirementParseError(input, 'unexpected character after wildcard in version req');
  }
  const out: Comparator[] = [];
  for (;;) {
    const [cmp, rest] = parseComparator(input, text);
    out.push(cmp);
    if (rest === '') return out;
    if (!rest.startsWith(',')) {
      throw new RequirementParseError(input, `expected comma after ${positionOf(cmp)}, found ${JSON.stringify(rest[0])}`);
    }
    if (out.length === 32) throw new RequirementParseError(input, 'excessive number of version comparators');
    text = rest.slice(1).replace(/^ +/, '');
  }
}

function positionOf(c: Comparator): string {
  if (c.pre) return 'pre-release identifier';
  if (c.patch !== undefined) return 'patch version number';
  if (c.minor !== undefined) return 'minor version number';
  return 'major version number';
}

function parseComparator(input: string, text: string): [Comparator, string] {
  const opMatch = /^(>=|<=|=|>|<|~|\^)?/.exec(text)!;
  let op: Op = (opMatch[1] as Op | undefined) ?? '^';
  const defaultOp = opMatch[1] === undefined;
  let rest = text.slice(opMatch[0].length).replace(/^ +/, '');

  const num = (what: string): number => {
    const m = /^\d+/.exec(rest);
    if (!m) {
      const found = rest === '' ? 'end of input' : `unexpected character ${JSON.stringify(rest[0])}`;
      if (/^[*xX]/.test(rest) && what === 'major') {
        throw new RequirementParseError(input, `wildcard req (${rest[0]}) must be the only comparator in the version req`);
      }
      throw new RequirementParseError(input, `${found} while parsing ${what} version number`);
    }
    if (m[0].length > 1 && m[0].startsWith('0')) {
      throw new RequirementParseError(input, `invalid leading zero in ${what} version number`);
    }
    rest = rest.slice(m[0].length);
    const n = Number(m[0]);
    if (!Number.isSafeInteger(n)) throw new RequirementParseError(input, `value of ${what} version number exceeds u64::MAX`);
    return n;
  };

  const major = num('major');
  let minor: number | undefined;
  let patch: number | undefined;
  let hasWildcard = false;
  if (rest.startsWith('.')) {
    rest = rest.slice(1);
    if (/^[*xX]/.test(rest)) {
      hasWildcard = true;
      if (defaultOp) op = '*';
      rest = rest.slice(1);
    } else {
      minor = num('minor');
    }
  }
  if (rest.startsWith('.')) {
    rest = rest.slice(1);
    if (/^[*xX]/.test(rest)) {
      if (defaultOp) op = '*';
      rest = rest.slice(1);
    } else if (hasWildcard) {
      throw new RequirementParseError(input, 'unexpected character after wildcard in version req');
    } else {
      patch = num('patch');
    }
  }
  let pre = '';
  if (patch !== undefined && rest.startsWith('-')) {
    const m = /^-([0-9A-Za-z-]*(?:\.[0-9A-Za-z-]*)*)/.exec(rest)!;
    pre = m[1]!;
    if (pre === '' || pre.split('.').some((id) => id === '')) {
      throw new RequirementParseError(input, 'empty identifier segment in pre-release identifier');
    }
    for (const id of pre.split('.')) {
      if (/^\d+$/.test(id) && id.length > 1 && id.startsWith('0')) {
        throw new RequirementParseError(input, 'invalid leading zero in pre-release identifier');
      }
    }
    rest = rest.slice(m[0].length);
  }
  if (patch !== undefined && rest.startsWith('+')) {
    // Build metadata is allowed and ignored, as Cargo does.
    const m = /^\+([0-9A-Za-z-]*(?:\.[0-9A-Za-z-]*)*)/.exec(rest)!;
    if (m[1] === '' || m[1]!.split('.').some((id) => id === '')) {
      throw new RequirementParseError(input, 'empty identifier segment in build metadata');
    }
    rest = rest.slice(m[0].length);
  }
  rest = rest.replace(/^ +/, '');
  // A wildcard with an explicit operator keeps that operator (`>=1.*` is `>=1`).
  return [{ op, major, minor, patch, pre }, rest];
}
