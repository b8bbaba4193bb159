/**
 * TOML strings and keys spelled the way cargo's `toml` crate spells them, so that a lockfile we
 * write matches cargo's byte for byte even for odd `[metadata]` entries. The style rules were
 * read off cargo 1.95's own output (see test/lockfile/toml-string.test.ts): the first style that
 * needs no escaping of quotes or backslashes wins, in the order basic, literal, multi-line basic,
 * multi-line literal; otherwise escaped basic (multi-line when there is a newline).
 */
interface Metrics {
  /** Characters only a basic string's escapes can carry (controls other than tab and newline). */
  control: boolean;
  backslash: boolean;
  newline: boolean;
  longestDoubleQuotes: number;
  longestSingleQuotes: number;
}

/** No quote, backslash or control character: every line of a lockfile but odd metadata. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what TOML must escape
const PLAIN = /^[^"\\\u0000-\u001f\u007f]*$/;

function measure(s: string): Metrics {
  const m: Metrics = {
    control: false,
    backslash: false,
    newline: false,
    longestDoubleQuotes: 0,
    longestSingleQuotes: 0,
  };
  let dq = 0;
  let sq = 0;
  for (const ch of s) {
    dq = ch === '"' ? dq + 1 : 0;
    sq = ch === "'" ? sq + 1 : 0;
    m.longestDoubleQuotes = Math.max(m.longestDoubleQuotes, dq);
    m.longestSingleQuotes = Math.max(m.longestSingleQuotes, sq);
    if (ch === '\\') m.backslash = true;
    else if (ch === '\n') m.newline = true;
    else if (ch !== '\t' && isControl(ch)) m.control = true;
  }
  return m;
}

function isControl(ch: string): boolean {
  const cp = ch.codePointAt(0)!;
  return cp < 0x20 || cp === 0x7f;
}

const SHORT_ESCAPES: Record<string, string> = {
  '\b': '\\b',
  '\t': '\\t',
  '\n': '\\n',
  '\f': '\\f',
  '\r': '\\r',
  '"': '\\"',
  '\\': '\\\\',
};

function escapeControl(ch: string): string {
  return SHORT_ESCAPES[ch] ?? `\\u${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
}

function basic(s: string): string {
  let out = '"';
  for (const ch of s) out += ch === '"' || ch === '\\' || isControl(ch) ? escapeControl(ch) : ch;
  return out + '"';
}

function multilineBasic(s: string): string {
  let out = '"""';
  if (s.includes('\n')) out += '\n';
  let quotes = 0;
  for (const ch of s) {
    if (ch === '"') {
      // Only every third quote in a row needs escaping to keep `"""` from closing the string.
      if (quotes === 2) {
        out += '\\"';
        quotes = 0;
      } else {
        out += ch;
        quotes++;
      }
      continue;
    }
    quotes = 0;
    out += ch === '\n' ? ch : ch === '\\' || isControl(ch) ? escapeControl(ch) : ch;
  }
  return out + '"""';
}

function multilineLiteral(s: string): string {
  return `'''${s.includes('\n') ? '\n' : ''}${s}'''`;
}

export function tomlString(s: string): string {
  // Names, versions, checksums and sources: nothing to escape, so the basic style as it is.
  if (PLAIN.test(s)) return `"${s}"`;
  const m = measure(s);
  if (!m.control && !m.backslash && !m.newline && m.longestDoubleQuotes === 0) return basic(s);
  if (!m.control && !m.newline && m.longestSingleQuotes === 0) return `'${s}'`;
  if (!m.control && !m.backslash && m.longestDoubleQuotes <= 2) return multilineBasic(s);
  if (!m.control && m.longestSingleQuotes <= 2) return multilineLiteral(s);
  return m.newline ? multilineBasic(s) : basic(s);
}

/** A table key: bare when it can be, else the first single-line string style that fits. */
export function tomlKey(key: string): string {
  if (/^[A-Za-z0-9_-]+$/.test(key)) return key;
  const m = measure(key);
  if (!m.control && !m.backslash && !m.newline && m.longestDoubleQuotes === 0) return basic(key);
  if (!m.control && !m.newline && m.longestSingleQuotes === 0) return `'${key}'`;
  return basic(key);
}
