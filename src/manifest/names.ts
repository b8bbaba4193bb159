import { visible } from '../text/visible.js';

/**
 * Cargo's name rules (cargo 1.95, crates/cargo-util-schemas/src/restricted_names.rs): a name it
 * rejects we reject, with the same reason, so a typo is reported where it is made rather than as a
 * failed lookup.
 */
const XID_START = /^[\p{XID_Start}_]$/u;
const XID_CONTINUE = /^[\p{XID_Continue}]$/u;

/** The reason `name` is not a valid package name, or undefined when it is. */
export function invalidPackageName(name: string): string | undefined {
  for (const part of name.split('::')) {
    const reason = invalidName(part, 'package name');
    if (reason) return reason;
  }
  return undefined;
}

export function invalidRegistryName(name: string): string | undefined {
  return invalidName(name, 'registry name');
}

function invalidName(name: string, what: string): string | undefined {
  if (name === '') return `${what} cannot be empty`;
  const chars = [...name];
  const first = chars[0]!;
  const bad = (ch: string, reason: string) =>
    `invalid character \`${visible(ch)}\` in ${what}: \`${visible(name)}\`, ${reason}`;
  if (/^[0-9]$/.test(first)) return bad(first, 'the name cannot start with a digit');
  if (!XID_START.test(first)) {
    return bad(first, 'the first character must be a Unicode XID start character (most letters or `_`)');
  }
  for (const ch of chars.slice(1)) {
    if (!(XID_CONTINUE.test(ch) || ch === '-')) {
      return bad(ch, 'characters must be Unicode XID characters (numbers, `-`, `_`, or most letters)');
    }
  }
  return undefined;
}

export function invalidFeatureName(name: string): string | undefined {
  const what = 'feature name';
  if (name === '') return `${what} cannot be empty`;
  if (name.startsWith('dep:')) return `feature named \`${visible(name)}\` is not allowed to start with \`dep:\``;
  const bad = (ch: string, reason: string) =>
    `invalid character \`${visible(ch)}\` in ${what}: \`${visible(name)}\`, ${reason}`;
  if (name.includes('/')) return bad('/', 'feature name is not allowed to contain slashes');
  const chars = [...name];
  const first = chars[0]!;
  if (!(XID_START.test(first) || /^[0-9]$/.test(first))) {
    return bad(
      first,
      'the first character must be a Unicode XID start character or digit (most letters or `_` or `0` to `9`)',
    );
  }
  for (const ch of chars.slice(1)) {
    if (!(XID_CONTINUE.test(ch) || ch === '-' || ch === '+' || ch === '.')) {
      return bad(
        ch,
        "characters must be Unicode XID characters, '-', `+`, or `.` (numbers, `+`, `-`, `_`, `.`, or most letters)",
      );
    }
  }
  return undefined;
}
