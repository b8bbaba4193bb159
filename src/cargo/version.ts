import { shortened } from '../text/visible.js';
/**
 * A package version with Cargo's rules: the grammar and total order of Rust's `semver::Version`.
 * node-semver is not used here because it disagrees with Rust in ways that reach lockfiles and
 * resolution: it trims and accepts `v`, caps versions at 256 characters, and treats build
 * metadata `+01` and `+1` as equal where Rust orders them.
 */
export class Version {
  /** toString, kept: versions are keys and labels in the resolver's and the index's loops. */
  #text: string | undefined;

  private constructor(
    readonly major: number,
    readonly minor: number,
    readonly patch: number,
    /** Pre-release identifiers (`alpha`, `1`); empty for a release. */
    readonly pre: readonly string[],
    /** Build metadata identifiers; they never affect matching, only the final tie-break. */
    readonly build: readonly string[],
    text?: string,
  ) {
    this.#text = text;
  }

  static parse(text: string): Version {
    // An index lists tens of thousands of plain `x.y.z` versions; at most 15 digits is a safe
    // integer, and without leading zeros the text is what toString would print.
    const plain = Version.parsePlain(text);
    if (plain) return plain;
    if (text === '') throw new VersionParseError(text, 'empty string, expected a semver version');
    const cur = new Cursor(text, (reason) => new VersionParseError(text, reason));
    const major = cur.number('major version number');
    cur.dot('major version number');
    const minor = cur.number('minor version number');
    cur.dot('minor version number');
    const patch = cur.number('patch version number');
    let last = 'patch version number';
    let pre: string[] = [];
    let build: string[] = [];
    if (cur.eat('-')) {
      last = 'pre-release identifier';
      pre = cur.identifiers(last);
    }
    if (cur.eat('+')) {
      last = 'build metadata';
      build = cur.identifiers(last);
    }
    if (!cur.done) throw cur.fail(`unexpected character ${quoteChar(cur.peekChar())} after ${last}`);
    return new Version(major, minor, patch, pre, build);
  }

  /**
   * `x.y.z` with at most 15 digits each (a safe integer) and no leading zeros, so that the text
   * is what toString prints; anything else is left to the full grammar. Read by char code: an
   * index lists tens of thousands of versions, and a regular expression's match array and
   * substrings would all be garbage.
   */
  private static parsePlain(text: string): Version | undefined {
    const n = text.length;
    let major = 0;
    let minor = 0;
    let patch = 0;
    let part = 0;
    let start = 0;
    let value = 0;
    for (let i = 0; i <= n; i++) {
      const c = i < n ? text.charCodeAt(i) : 0x2e;
      if (c === 0x2e) {
        const len = i - start;
        if (len === 0 || len > 15 || (len > 1 && text.charCodeAt(start) === 0x30)) return undefined;
        if (part === 0) major = value;
        else if (part === 1) minor = value;
        else if (part === 2) patch = value;
        else return undefined;
        part++;
        value = 0;
        start = i + 1;
        continue;
      }
      if (c < 0x30 || c > 0x39) return undefined;
      value = value * 10 + (c - 0x30);
    }
    return part === 3 ? new Version(major, minor, patch, NONE, NONE, text) : undefined;
  }

  static tryParse(text: string): Version | undefined {
    try {
      return Version.parse(text);
    } catch {
      return undefined;
    }
  }

  get isPrerelease(): boolean {
    return this.pre.length > 0;
  }

  /** Total order: precedence first, then build metadata, as Rust's semver crate sorts. */
  compare(other: Version): number {
    return this.comparePrecedence(other) || compareBuild(this.build, other.build);
  }

  /** SemVer precedence: build metadata ignored, so `1.0.0+a` and `1.0.0+b` tie. */
  comparePrecedence(other: Version): number {
    return (
      Math.sign(this.major - other.major) ||
      Math.sign(this.minor - other.minor) ||
      Math.sign(this.patch - other.patch) ||
      comparePrerelease(this.pre, other.pre)
    );
  }

  equals(other: Version): boolean {
    return this.compare(other) === 0;
  }

  toString(): string {
    if (this.#text === undefined) {
      let s = `${this.major}.${this.minor}.${this.patch}`;
      if (this.pre.length) s += `-${this.pre.join('.')}`;
      if (this.build.length) s += `+${this.build.join('.')}`;
      this.#text = s;
    }
    return this.#text;
  }

  /**
   * The semver-compatible line Cargo allows one version of: `1` for 1.x.y, `0.20` for 0.20.x,
   * `0.0.3` for 0.0.3. Pre-release tags do not split a line (1.0.0-alpha is in line `1`).
   */
  get line(): string {
    if (this.major > 0) return `${this.major}`;
    if (this.minor > 0) return `0.${this.minor}`;
    return `0.0.${this.patch}`;
  }

  /** The line written the way people say it: `1.x`, `0.20.x`, `0.0.3`. */
  get lineLabel(): string {
    if (this.major > 0) return `${this.major}.x`;
    if (this.minor > 0) return `0.${this.minor}.x`;
    return `0.0.${this.patch}`;
  }
}

/** Shared by every release: a closure lists thousands of versions and each would have two. */
const NONE: readonly string[] = Object.freeze([]);

export class VersionParseError extends Error {
  constructor(
    readonly text: string,
    readonly reason: string,
  ) {
    super(`invalid version \`${shortened(text)}\`: ${reason}`);
    this.name = 'VersionParseError';
  }
}

export function compareVersions(a: Version, b: Version): number {
  return a.compare(b);
}

const DIGITS = /^[0-9]+$/;

function compareAscii(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * SemVer pre-release precedence, with the empty list (a release) above every pre-release.
 * Numeric identifiers compare by length first so that arbitrarily long ones order correctly
 * (the grammar forbids leading zeros, so length then text is numeric order).
 */
export function comparePrerelease(a: readonly string[], b: readonly string[]): number {
  if (a.length === 0) return b.length === 0 ? 0 : 1;
  if (b.length === 0) return -1;
  for (let i = 0; i < a.length; i++) {
    if (i >= b.length) return 1;
    const x = a[i]!;
    const y = b[i]!;
    const xn = DIGITS.test(x);
    const yn = DIGITS.test(y);
    if (xn !== yn) return xn ? -1 : 1;
    const order = xn ? Math.sign(x.length - y.length) || compareAscii(x, y) : compareAscii(x, y);
    if (order) return order;
  }
  return a.length < b.length ? -1 : 0;
}

/**
 * Build metadata order, only a tie-break: numeric identifiers may have leading zeros here, and
 * Rust orders `0 < 00 < 1 < 01 < 001 < 2`, so value first, then the longer spelling after.
 */
function compareBuild(a: readonly string[], b: readonly string[]): number {
  for (let i = 0; i < a.length; i++) {
    if (i >= b.length) return 1;
    const x = a[i]!;
    const y = b[i]!;
    const xn = DIGITS.test(x);
    const yn = DIGITS.test(y);
    if (xn !== yn) return xn ? -1 : 1;
    let order: number;
    if (xn) {
      const xv = x.replace(/^0+/, '');
      const yv = y.replace(/^0+/, '');
      order = Math.sign(xv.length - yv.length) || compareAscii(xv, yv) || Math.sign(x.length - y.length);
    } else {
      order = compareAscii(x, y);
    }
    if (order) return order;
  }
  return a.length < b.length ? -1 : 0;
}

/** A character the way Rust's `{:?}` prints it, so our messages read like Cargo's. */
export function quoteChar(ch: string): string {
  const escapes: Record<string, string> = {
    '\0': '\\0',
    '\t': '\\t',
    '\n': '\\n',
    '\r': '\\r',
    "'": "\\'",
    '\\': '\\\\',
  };
  const e = escapes[ch];
  if (e) return `'${e}'`;
  const cp = ch.codePointAt(0)!;
  if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0)) return `'\\u{${cp.toString(16)}}'`;
  return `'${ch}'`;
}

/**
 * The lexer shared by version and requirement parsing: the pieces of Rust semver's grammar
 * (numbers without leading zeros, dot-separated identifiers), each failing with semver's wording.
 */
export class Cursor {
  pos = 0;

  constructor(
    readonly text: string,
    private readonly error: (reason: string) => Error,
  ) {}

  get done(): boolean {
    return this.pos >= this.text.length;
  }

  get rest(): string {
    return this.text.slice(this.pos);
  }

  fail(reason: string): Error {
    return this.error(reason);
  }

  peekChar(): string {
    return String.fromCodePoint(this.text.codePointAt(this.pos)!);
  }

  eat(s: string): boolean {
    if (!this.text.startsWith(s, this.pos)) return false;
    this.pos += s.length;
    return true;
  }

  skipSpaces(): void {
    while (this.text[this.pos] === ' ') this.pos++;
  }

  number(what: string): number {
    const m = /^[0-9]+/.exec(this.rest);
    if (!m) {
      if (this.done) throw this.fail(`unexpected end of input while parsing ${what}`);
      throw this.fail(`unexpected character ${quoteChar(this.peekChar())} while parsing ${what}`);
    }
    const digits = m[0];
    if (digits.length > 1 && digits.startsWith('0')) throw this.fail(`invalid leading zero in ${what}`);
    const value = Number(digits);
    if (!Number.isSafeInteger(value)) {
      throw this.fail(
        // u64::MAX has 20 digits: a longer number is past it without a BigInt, whose parse costs
        // quadratic time in the digits (a second for a megabyte of them).
        digits.length > 20 || BigInt(digits) > 0xffff_ffff_ffff_ffffn
          ? `value of ${what} exceeds u64::MAX`
          : `value of ${what} exceeds ${Number.MAX_SAFE_INTEGER}, the largest cargo-whatif supports`,
      );
    }
    this.pos += digits.length;
    return value;
  }

  dot(after: string): void {
    if (this.eat('.')) return;
    if (this.done) throw this.fail(`unexpected end of input while parsing ${after}`);
    throw this.fail(`unexpected character ${quoteChar(this.peekChar())} after ${after}`);
  }

  /** Dot-separated `[0-9A-Za-z-]+` identifiers; `what` is `pre-release identifier` or `build metadata`. */
  identifiers(what: string): string[] {
    const m = /^[0-9A-Za-z-]*(?:\.[0-9A-Za-z-]*)*/.exec(this.rest)!;
    const ids = m[0].split('.');
    // Checked segment by segment, so the first bad segment decides the message, as in Rust.
    for (const id of ids) {
      if (id === '') throw this.fail(`empty identifier segment in ${what}`);
      if (what === 'pre-release identifier' && id.length > 1 && id.startsWith('0') && DIGITS.test(id)) {
        throw this.fail(`invalid leading zero in ${what}`);
      }
    }
    this.pos += m[0].length;
    return ids;
  }
}
