import { describe, expect, it } from 'vitest';
import { parsePlatform, platformText } from '../../src/cargo/platform.js';

const canonical = (s: string) => platformText(parsePlatform(s));

describe('target platform keys', () => {
  it('keeps target triples as written', () => {
    expect(canonical('x86_64-unknown-linux-gnu')).toBe('x86_64-unknown-linux-gnu');
  });

  it('spells cfg expressions the way cargo prints them', () => {
    expect(canonical('cfg(target_os="linux")')).toBe('cfg(target_os = "linux")');
    expect(canonical('cfg(all(unix,not(target_os = "macos")))')).toBe('cfg(all(unix, not(target_os = "macos")))');
    expect(canonical('cfg(any())')).toBe('cfg(any())');
    expect(canonical('cfg(r#async)')).toBe('cfg(r#async)');
    expect(canonical('cfg(true)')).toBe('cfg(true)');
  });

  it('rejects what cargo-platform rejects, with its reasons', () => {
    expect(() => parsePlatform('cfg(unix')).toThrow(/invalid target specifier: unexpected `\(` character/);
    expect(() => parsePlatform('cfg(all(unix,)')).toThrow();
    expect(() => parsePlatform('cfg(target_os = linux)')).toThrow('expected a string, found an identifier');
    expect(() => parsePlatform('cfg(unix windows)')).toThrow('unexpected content `windows` found after cfg expression');
    expect(() => parsePlatform('cfg(foo = "bar)')).toThrow('unterminated string in cfg');
    expect(() => parsePlatform('windows(x)')).toThrow('cfg expressions must start with `cfg(`');
    expect(() => parsePlatform('x86 64')).toThrow('unexpected character   in target name');
  });
});
