import path from 'node:path';

/**
 * Path arithmetic the way cargo does it: lexical, never touching the file system, so a symlinked
 * member is identified by the path it was reached through, exactly as cargo keys it.
 */

/** cargo_util::paths::normalize_path: resolve `.` and `..` lexically. */
export function normalizePath(p: string): string {
  return path.resolve(p);
}

/** Rust's `Path::starts_with`: whole components, with `.` components and trailing slashes ignored. */
export function pathStartsWith(p: string, prefix: string): boolean {
  const a = components(p);
  const b = components(prefix);
  if (b.length > a.length) return false;
  return b.every((c, i) => a[i] === c);
}

function components(p: string): string[] {
  const absolute = p.startsWith('/');
  const parts = p.split('/').filter((c, i) => c !== '' && !(c === '.' && i > 0));
  return absolute ? ['/', ...parts] : parts;
}

/** The directories above `dir`, nearest first, `dir` itself excluded. */
export function* ancestorsOf(dir: string): Generator<string> {
  let current = path.resolve(dir);
  for (;;) {
    const parent = path.dirname(current);
    if (parent === current) return;
    yield parent;
    current = parent;
  }
}

/** Rust's `Path::join`: no normalization, and an absolute `rel` replaces `base`. */
export function rawJoin(base: string, rel: string): string {
  if (rel.startsWith('/')) return rel;
  return base.endsWith('/') ? base + rel : `${base}/${rel}`;
}
