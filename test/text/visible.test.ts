import { describe, expect, it } from 'vitest';
import { terminalJson, terminalText, visible } from '../../src/text/visible.js';

describe('text made visible for a terminal', () => {
  it("escapes what a terminal acts on as Rust's Debug does, and leaves the rest alone", () => {
    expect(visible('serde')).toBe('serde');
    expect(visible('b\u001b[31mar')).toBe('b\\u{1b}[31mar');
    expect(visible('a\nb\rc\td\0e')).toBe('a\\nb\\rc\\td\\0e');
    expect(visible('x\u007f\u009b\u0085')).toBe('x\\u{7f}\\u{9b}\\u{85}');
    // Bidirectional overrides, zero-width characters, the BOM, separators, tag characters.
    expect(visible('a\u202eb\u2066c\u200bd\ufeffe\u2028f\u{e0041}')).toBe(
      'a\\u{202e}b\\u{2066}c\\u{200b}d\\u{feff}e\\u{2028}f\\u{e0041}',
    );
    // A lone surrogate would reach the terminal as U+FFFD, hiding what was there.
    expect(visible('a\ud800b')).toBe('a\\u{d800}b');
    // Letters of every script, emoji and backslashes are text.
    expect(visible('café \u{1F600} 中文 C:\\path')).toBe('café \u{1F600} 中文 C:\\path');
  });

  it('keeps the newlines between lines of output, and escapes the rest', () => {
    expect(terminalText('error: `\u001b]0;pwned\u0007`\nnote: \r\u009b2J\n')).toBe(
      'error: `\\u{1b}]0;pwned\\u{7}`\nnote: \\r\\u{9b}2J\n',
    );
    expect(terminalText(terminalText('a\u001bb\n'))).toBe('a\\u{1b}b\n');
  });

  it('keeps JSON the same document, with what JSON.stringify leaves raw escaped', () => {
    const value = { name: 'b\u001b[31mar\u009b\u202e\u{e0041}\n', list: ['\ud800'] };
    const text = terminalJson(JSON.stringify(value, null, 2));
    expect(JSON.parse(text)).toEqual(value);
    expect(text).not.toMatch(/[\u0080-\u009f\u202e]/);
    expect(text).not.toMatch(/[\u{e0000}-\u{e007f}]/u);
    expect(text.split('\n')).toHaveLength(JSON.stringify(value, null, 2).split('\n').length);
  });
});
