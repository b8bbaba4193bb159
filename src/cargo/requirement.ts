import { shortened } from '../text/visible.js';
import { Cursor, comparePrerelease, quoteChar, type Version } from './version.js';

/**
 * A version requirement as Cargo reads it (Rust's `semver::VersionReq`), not as npm does:
 * a bare `1.2.3` means `^1.2.3`, comparators are separated by commas, `*`/`x`/`X` wildcards,
 * build metadata is ignored. Matching is implemented here rather than by translating to
 * node-semver ranges, because npm's desugaring differs at the edges (`~1` and `^1` become the
 * same range although Cargo treats their pre-releases differently; `>=0.0.0` becomes "any").
 */
export type Op = '=' | '>' | '>=' | '<' | '<=' | '~' | '^' | '*';

export interface Comparator {
  op: Op;
  major: number;
  minor?: number;
  /** Only present when `minor` is. */
  patch?: number;
  /** Pre-release identifiers, dot-joined; empty when none. Only non-empty when `patch` is present. */
  pre: string;
}

export class RequirementParseError extends Error {
  constructor(
    readonly text: string,
    readonly reason: string,
  ) {
    super(`invalid version requirement \`${shortened(text)}\`: ${reason}`);
    this.name = 'RequirementParseError';
  }
}

const parsed = new Map<string, Requirement>();

export class Requirement {
  /** Each comparator's pre-release split once, since matching runs in the resolver's inner loop. */
  private readonly preIds: readonly (readonly string[])[];

  private constructor(readonly comparators: readonly Comparator[]) {
    this.preIds = comparators.map((c) => (c.pre === '' ? [] : c.pre.split('.')));
  }

  /** `*`: any version that is not a pre-release. */
  static readonly any = new Requirement([]);

  /**
   * Requirements are immutable and a registry repeats the same few thousand texts across
   * hundreds of thousands of dependency lines, so each text is parsed once.
   */
  static parse(text: string): Requirement {
    let req = parsed.get(text);
    if (!req) {
      req = new Requirement(parseComparators(text));
      parsed.set(text, req);
    }
    return req;
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
    return new Requirement([{ op: '=', major: v.major, minor: v.minor, patch: v.patch, pre: v.pre.join('.') }]);
  }

  get isAny(): boolean {
    return this.comparators.length === 0;
  }

  matches(v: Version): boolean {
    // Loops, not every/some: this runs for every version of every crate a query reads, and
    // closures there are garbage to collect.
    const { comparators } = this;
    for (let i = 0; i < comparators.length; i++)
      if (!comparatorAdmits(comparators[i]!, this.preIds[i]!, v)) return false;
    if (!v.isPrerelease) return true;
    // A pre-release is only wanted by someone who named one of the same x.y.z: `^1.0.0-alpha`
    // may pick 1.0.0-beta but never 1.1.0-alpha.
    for (let i = 0; i < comparators.length; i++) if (namesPrereleaseOf(comparators[i]!, v)) return true;
    return false;
  }

  /** Cargo's display form: `^0.22`, `>=1.2, <1.5`, `1.*`, `*`. */
  toString(): string {
    if (this.comparators.length === 0) return '*';
    return this.comparators.map(displayComparator).join(', ');
  }
}

function namesPrereleaseOf(c: Comparator, v: Version): boolean {
  return c.pre !== '' && c.major === v.major && c.minor === v.minor && c.patch === v.patch;
}

/**
 * How `v` compares with `c` on the numbers `c` spells out, ignoring the rest: `1.2` against
 * 1.2.9 is 0, against 1.3.0 is 1.
 */
function compareSpelled(c: Comparator, v: Version): number {
  return (
    Math.sign(v.major - c.major) ||
    (c.minor === undefined ? 0 : Math.sign(v.minor - c.minor)) ||
    (c.patch === undefined ? 0 : Math.sign(v.patch - c.patch))
  );
}

/**
 * Whether `v` lies in the range `c` stands for, before the pre-release gate in `matches`.
 * Partial versions are ranges of their own: `>1.2` means "above every 1.2.x", `<=1.2` means
 * "up to and including every 1.2.x release".
 */
function comparatorAdmits(c: Comparator, cPre: readonly string[], v: Version): boolean {
  const spelled = compareSpelled(c, v);
  const full = c.patch !== undefined;
  // A partial comparator has no pre-release, so `pre >= 0` means "v is a release" there.
  const pre = comparePrerelease(v.pre, cPre);
  switch (c.op) {
    case '=':
    case '*':
      return spelled === 0 && pre === 0;
    case '>':
      return spelled > 0 || (spelled === 0 && full && pre > 0);
    case '>=':
      return spelled > 0 || (spelled === 0 && (full ? pre >= 0 : pre === 0));
    case '<':
      return spelled < 0 || (spelled === 0 && full && pre < 0);
    case '<=':
      return spelled < 0 || (spelled === 0 && (full ? pre <= 0 : pre === 0));
    case '~':
      return (
        sameMajorMinor(c, v) &&
        (c.patch === undefined ? pre >= 0 : v.patch > c.patch || (v.patch === c.patch && pre >= 0))
      );
    case '^':
      return caretAdmits(c, v, pre);
  }
}

function sameMajorMinor(c: Comparator, v: Version): boolean {
  return v.major === c.major && (c.minor === undefined || v.minor === c.minor);
}

/** `^` keeps the left-most non-zero number fixed and allows anything at or above `c` after it. */
function caretAdmits(c: Comparator, v: Version, pre: number): boolean {
  if (v.major !== c.major) return false;
  if (c.minor === undefined) return true;
  if (c.patch === undefined) return c.major > 0 ? v.minor >= c.minor : v.minor === c.minor;
  if (c.major > 0) return atOrAbove(Math.sign(v.minor - c.minor) || Math.sign(v.patch - c.patch), pre);
  if (c.minor > 0) return v.minor === c.minor && atOrAbove(Math.sign(v.patch - c.patch), pre);
  return v.minor === 0 && v.patch === c.patch && pre >= 0;
}

function atOrAbove(order: number, pre: number): boolean {
  return order > 0 || (order === 0 && pre >= 0);
}

function displayComparator(c: Comparator): string {
  let s = c.op === '*' ? '' : c.op;
  s += c.major;
  if (c.minor === undefined) return c.op === '*' ? `${s}.*` : s;
  s += `.${c.minor}`;
  if (c.patch === undefined) return c.op === '*' ? `${s}.*` : s;
  s += `.${c.patch}`;
  return c.pre ? `${s}-${c.pre}` : s;
}

const MAX_COMPARATORS = 32;

/** Rust semver's requirement grammar, failing where and with the words Cargo would. */
function parseComparators(input: string): Comparator[] {
  const cur = new Cursor(input, (reason) => new RequirementParseError(input, reason));
  cur.skipSpaces();
  const star = wildcardAt(cur.rest);
  if (star) {
    cur.pos++;
    cur.skipSpaces();
    if (cur.done) return [];
    if (cur.rest.startsWith(','))
      throw cur.fail(`wildcard req (${star}) must be the only comparator in the version req`);
    throw cur.fail('unexpected character after wildcard in version req');
  }
  const out: Comparator[] = [];
  for (;;) {
    const start = cur.pos;
    let parsed: [Comparator, string];
    try {
      parsed = parseComparator(cur);
    } catch (err) {
      // `1.0, *` is rejected as a misplaced wildcard rather than as a bad major version.
      const ch = wildcardAt(input.slice(start));
      if (ch && /^ *(,|$)/.test(input.slice(start + 1))) {
        throw cur.fail(`wildcard req (${ch}) must be the only comparator in the version req`);
      }
      throw err;
    }
    const [cmp, last] = parsed;
    out.push(cmp);
    if (cur.done) return out;
    if (!cur.eat(',')) throw cur.fail(`expected comma after ${last}, found ${quoteChar(cur.peekChar())}`);
    if (out.length === MAX_COMPARATORS) throw cur.fail('excessive number of version comparators');
    cur.skipSpaces();
  }
}

function wildcardAt(text: string): string | undefined {
  const ch = text[0];
  return ch === '*' || ch === 'x' || ch === 'X' ? ch : undefined;
}

/** One comparator, and the name of the last part read (for "expected comma after ..."). */
function parseComparator(cur: Cursor): [Comparator, string] {
  const opMatch = /^(>=|<=|=|>|<|~|\^)?/.exec(cur.rest)!;
  let op: Op = (opMatch[1] as Op | undefined) ?? '^';
  const defaultOp = opMatch[1] === undefined;
  cur.pos += opMatch[0].length;
  cur.skipSpaces();

  let last = 'major version number';
  const major = cur.number(last);
  let minor: number | undefined;
  let patch: number | undefined;
  let minorWild = false;
  if (cur.eat('.')) {
    last = 'minor version number';
    if (wildcardAt(cur.rest)) {
      cur.pos++;
      minorWild = true;
      if (defaultOp) op = '*';
    } else {
      minor = cur.number(last);
    }
  }
  if (cur.eat('.')) {
    last = 'patch version number';
    if (wildcardAt(cur.rest)) {
      cur.pos++;
      if (defaultOp) op = '*';
    } else if (minorWild) {
      throw cur.fail('unexpected character after wildcard in version req');
    } else {
      patch = cur.number(last);
    }
  }
  let pre = '';
  if (patch !== undefined && cur.eat('-')) {
    last = 'pre-release identifier';
    pre = cur.identifiers(last).join('.');
  }
  if (patch !== undefined && cur.eat('+')) {
    // Build metadata is allowed and ignored, as Cargo does.
    last = 'build metadata';
    cur.identifiers(last);
  }
  cur.skipSpaces();
  // With an explicit operator a wildcard just shortens the version: `>=1.*` is `>=1`.
  const cmp: Comparator = { op, major, pre };
  if (minor !== undefined) cmp.minor = minor;
  if (patch !== undefined) cmp.patch = patch;
  return [cmp, last];
}
