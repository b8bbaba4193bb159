/**
 * Text for a terminal, from strings that came from files we do not control: a manifest, an index
 * line, a lockfile, a server's answer. A name holding `\u{1b}[2J` must not clear the user's
 * screen, a `\r` must not overwrite what was printed, and a right-to-left override must not
 * reorder a line; so such characters are shown escaped, the way Rust's `Debug` shows them
 * (`"\u{1b}"`, `\n`, `\t`, `\r`, `\0`), which is how cargo's own messages quote odd names.
 *
 * Escaped: the C0 and C1 control characters and DEL, format characters (bidirectional
 * overrides and isolates, zero-width characters, the byte-order mark, soft hyphen), the line and
 * paragraph separators, and lone surrogates (which would reach the terminal as U+FFFD, hiding
 * what the file held). A backslash is left as it is, so that paths read as they are.
 *
 * JSON output does not come through here: it stays exact, with such characters as JSON escapes.
 */

const UNSAFE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}]/u;
const UNSAFE_ALL = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}]/gu;
const UNSAFE_BUT_NEWLINE_ALL = /[^\n\P{Cc}]|[\p{Cf}\p{Zl}\p{Zp}\p{Cs}]/gu;

const SHORT: Readonly<Record<string, string>> = { '\n': '\\n', '\r': '\\r', '\t': '\\t', '\0': '\\0' };

function escapeChar(ch: string): string {
  return SHORT[ch] ?? `\\u{${ch.codePointAt(0)!.toString(16)}}`;
}

/** A value (a name, a requirement, a path) with every character a terminal would act on escaped, newlines included. */
export function visible(value: string): string {
  return UNSAFE.test(value) ? value.replace(UNSAFE_ALL, escapeChar) : value;
}

/** Whole lines of output: each line's text made visible, the newlines between them kept. */
export function terminalText(text: string): string {
  return UNSAFE.test(text) ? text.replace(UNSAFE_BUT_NEWLINE_ALL, escapeChar) : text;
}

/**
 * JSON text with the characters JSON.stringify leaves as they are but a terminal acts on (C1
 * controls, format characters, separators) written as `\uXXXX` escapes: the same document, so
 * a script parses exactly what the file held, and nothing reaches a terminal raw.
 */
export function terminalJson(json: string): string {
  // JSON.stringify has escaped C0 controls and lone surrogates inside strings already; the
  // newlines left are the layout's.
  return UNSAFE.test(json) ? json.replace(UNSAFE_BUT_NEWLINE_ALL, jsonEscape) : json;
}

function jsonEscape(ch: string): string {
  let out = '';
  // An astral character (a tag character, say) is escaped as its surrogate pair, as JSON spells it.
  for (let i = 0; i < ch.length; i++) out += `\\u${ch.charCodeAt(i).toString(16).padStart(4, '0')}`;
  return out;
}

/**
 * A quoted input cut to a readable length: a 100 kB requirement in a hostile index line is
 * reported by its start and end and its length, not printed whole.
 */
export function shortened(text: string, max = 200): string {
  if (text.length <= max) return text;
  return `${text.slice(0, max - 60)}…${text.slice(-40)} (${text.length} characters)`;
}
