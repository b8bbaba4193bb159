/**
 * Test-only oracle: a line-by-line port of Rust semver's `src/eval.rs` (matches_req and friends)
 * and of the `Ord` impls in `src/impls.rs`, kept deliberately close to the Rust so that a reader
 * can check it against the original. It works on plain data, never on the classes under test.
 */
export type RsOp = 'Exact' | 'Greater' | 'GreaterEq' | 'Less' | 'LessEq' | 'Tilde' | 'Caret' | 'Wildcard';

export interface RsComparator {
  op: RsOp;
  major: number;
  minor: number | null;
  patch: number | null;
  /** "" is Prerelease::EMPTY. */
  pre: string;
}

export interface RsVersion {
  major: number;
  minor: number;
  patch: number;
  pre: string;
  build: string;
}

type Ordering = -1 | 0 | 1;

function ordCmp(a: number, b: number): Ordering {
  return a < b ? -1 : a > b ? 1 : 0;
}

function strCmp(a: string, b: string): Ordering {
  return a < b ? -1 : a > b ? 1 : 0;
}

const isAsciiDigits = (s: string) => [...s].every((c) => c >= '0' && c <= '9');

/** impl Ord for Prerelease */
export function cmpPrerelease(self: string, rhs: string): Ordering {
  if (self === rhs) return 0;
  if (self === '') return 1;
  if (rhs === '') return -1;
  const lhsIt = self.split('.');
  const rhsIt = rhs.split('.');
  let j = 0;
  for (const lhs of lhsIt) {
    if (j >= rhsIt.length) return 1;
    const r = rhsIt[j++]!;
    const ld = isAsciiDigits(lhs);
    const rd = isAsciiDigits(r);
    let ordering: Ordering;
    if (ld && rd) ordering = ordCmp(lhs.length, r.length) || strCmp(lhs, r);
    else if (ld && !rd) return -1;
    else if (!ld && rd) return 1;
    else ordering = strCmp(lhs, r);
    if (ordering !== 0) return ordering;
  }
  return j >= rhsIt.length ? 0 : -1;
}

/** impl Ord for BuildMetadata */
export function cmpBuild(self: string, rhs: string): Ordering {
  if (self === rhs) return 0;
  const lhsIt = self.split('.');
  const rhsIt = rhs.split('.');
  let j = 0;
  for (const lhs of lhsIt) {
    if (j >= rhsIt.length) return 1;
    const r = rhsIt[j++]!;
    const ld = isAsciiDigits(lhs);
    const rd = isAsciiDigits(r);
    let ordering: Ordering;
    if (ld && rd) {
      const lhval = lhs.replace(/^0+/, '');
      const rhval = r.replace(/^0+/, '');
      ordering = ordCmp(lhval.length, rhval.length) || strCmp(lhval, rhval) || ordCmp(lhs.length, r.length);
    } else if (ld && !rd) return -1;
    else if (!ld && rd) return 1;
    else ordering = strCmp(lhs, r);
    if (ordering !== 0) return ordering;
  }
  return j >= rhsIt.length ? 0 : -1;
}

/** #[derive(Ord)] on Version: fields in declaration order. */
export function cmpVersion(a: RsVersion, b: RsVersion): Ordering {
  return (
    ordCmp(a.major, b.major) ||
    ordCmp(a.minor, b.minor) ||
    ordCmp(a.patch, b.patch) ||
    cmpPrerelease(a.pre, b.pre) ||
    cmpBuild(a.build, b.build)
  );
}

export function matchesReq(req: readonly RsComparator[], ver: RsVersion): boolean {
  for (const cmp of req) {
    if (!matchesImpl(cmp, ver)) return false;
  }
  if (ver.pre === '') return true;
  for (const cmp of req) {
    if (preIsCompatible(cmp, ver)) return true;
  }
  return false;
}

function matchesImpl(cmp: RsComparator, ver: RsVersion): boolean {
  switch (cmp.op) {
    case 'Exact':
    case 'Wildcard':
      return matchesExact(cmp, ver);
    case 'Greater':
      return matchesGreater(cmp, ver);
    case 'GreaterEq':
      return matchesExact(cmp, ver) || matchesGreater(cmp, ver);
    case 'Less':
      return matchesLess(cmp, ver);
    case 'LessEq':
      return matchesExact(cmp, ver) || matchesLess(cmp, ver);
    case 'Tilde':
      return matchesTilde(cmp, ver);
    case 'Caret':
      return matchesCaret(cmp, ver);
  }
}

function matchesExact(cmp: RsComparator, ver: RsVersion): boolean {
  if (ver.major !== cmp.major) return false;
  if (cmp.minor !== null) {
    if (ver.minor !== cmp.minor) return false;
  }
  if (cmp.patch !== null) {
    if (ver.patch !== cmp.patch) return false;
  }
  return ver.pre === cmp.pre;
}

function matchesGreater(cmp: RsComparator, ver: RsVersion): boolean {
  if (ver.major !== cmp.major) return ver.major > cmp.major;
  if (cmp.minor === null) return false;
  if (ver.minor !== cmp.minor) return ver.minor > cmp.minor;
  if (cmp.patch === null) return false;
  if (ver.patch !== cmp.patch) return ver.patch > cmp.patch;
  return cmpPrerelease(ver.pre, cmp.pre) > 0;
}

function matchesLess(cmp: RsComparator, ver: RsVersion): boolean {
  if (ver.major !== cmp.major) return ver.major < cmp.major;
  if (cmp.minor === null) return false;
  if (ver.minor !== cmp.minor) return ver.minor < cmp.minor;
  if (cmp.patch === null) return false;
  if (ver.patch !== cmp.patch) return ver.patch < cmp.patch;
  return cmpPrerelease(ver.pre, cmp.pre) < 0;
}

function matchesTilde(cmp: RsComparator, ver: RsVersion): boolean {
  if (ver.major !== cmp.major) return false;
  if (cmp.minor !== null) {
    if (ver.minor !== cmp.minor) return false;
  }
  if (cmp.patch !== null) {
    if (ver.patch !== cmp.patch) return ver.patch > cmp.patch;
  }
  return cmpPrerelease(ver.pre, cmp.pre) >= 0;
}

function matchesCaret(cmp: RsComparator, ver: RsVersion): boolean {
  if (ver.major !== cmp.major) return false;
  const minor = cmp.minor;
  if (minor === null) return true;
  const patch = cmp.patch;
  if (patch === null) {
    if (cmp.major > 0) return ver.minor >= minor;
    else return ver.minor === minor;
  }
  if (cmp.major > 0) {
    if (ver.minor !== minor) return ver.minor > minor;
    else if (ver.patch !== patch) return ver.patch > patch;
  } else if (minor > 0) {
    if (ver.minor !== minor) return false;
    else if (ver.patch !== patch) return ver.patch > patch;
  } else if (ver.minor !== minor || ver.patch !== patch) {
    return false;
  }
  return cmpPrerelease(ver.pre, cmp.pre) >= 0;
}

function preIsCompatible(cmp: RsComparator, ver: RsVersion): boolean {
  return cmp.major === ver.major && cmp.minor === ver.minor && cmp.patch === ver.patch && cmp.pre !== '';
}

/** Port of `impl Display for Comparator` / `VersionReq` in `src/display.rs`. */
export function displayReq(req: readonly RsComparator[]): string {
  if (req.length === 0) return '*';
  return req.map(displayComparator).join(', ');
}

const OP_TEXT: Record<RsOp, string> = {
  Exact: '=',
  Greater: '>',
  GreaterEq: '>=',
  Less: '<',
  LessEq: '<=',
  Tilde: '~',
  Caret: '^',
  Wildcard: '',
};

function displayComparator(c: RsComparator): string {
  let out = OP_TEXT[c.op] + c.major;
  if (c.minor !== null) {
    out += `.${c.minor}`;
    if (c.patch !== null) {
      out += `.${c.patch}`;
      if (c.pre !== '') out += `-${c.pre}`;
    } else if (c.op === 'Wildcard') {
      out += '.*';
    }
  } else if (c.op === 'Wildcard') {
    out += '.*';
  }
  return out;
}
