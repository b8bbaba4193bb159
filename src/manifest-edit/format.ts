import type { Path } from './document.js';

/**
 * TOML spellings for the values an edit writes: strings, booleans, string arrays, and inline
 * tables of those, in the layout `cargo add` uses (`{ version = "1", features = ["a"] }`).
 */
export type TomlScalar = string | boolean;
export type TomlWritable = TomlScalar | readonly string[] | { readonly [key: string]: TomlWritable | undefined };

const ESCAPES: Record<string, string> = {
  '"': '\\"',
  '\\': '\\\\',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
  '\b': '\\b',
  '\f': '\\f',
};

export function basicString(s: string): string {
  let out = '"';
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    if (ESCAPES[ch]) out += ESCAPES[ch];
    else if (cp < 0x20 || cp === 0x7f) out += `\\u${cp.toString(16).padStart(4, '0')}`;
    else out += ch;
  }
  return out + '"';
}

/** A string in the style of the one it replaces, so `'0.20'` becomes `'0.22'`, not `"0.22"`. */
export function stringLike(s: string, style: 'basic' | 'literal' = 'basic'): string {
  if (style === 'literal' && !/['\n\r]/.test(s) && ![...s].some((ch) => ch.codePointAt(0)! < 0x20 && ch !== '\t'))
    return `'${s}'`;
  return basicString(s);
}

export function tomlKey(k: string): string {
  return /^[A-Za-z0-9_-]+$/.test(k) ? k : basicString(k);
}

export function tomlPath(path: Path): string {
  return path.map((k) => tomlKey(String(k))).join('.');
}

export function tomlValue(v: TomlWritable): string {
  if (typeof v === 'string') return basicString(v);
  if (typeof v === 'boolean') return String(v);
  if (isStringArray(v)) return `[${v.map(basicString).join(', ')}]`;
  const entries = Object.entries(v).filter((e): e is [string, TomlWritable] => e[1] !== undefined);
  if (entries.length === 0) return '{}';
  return `{ ${entries.map(([k, x]) => `${tomlKey(k)} = ${tomlValue(x)}`).join(', ')} }`;
}

function isStringArray(v: TomlWritable): v is readonly string[] {
  return Array.isArray(v);
}
