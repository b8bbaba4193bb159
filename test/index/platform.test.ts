import { describe, expect, it } from 'vitest';
import {
  cfgExprText,
  PlatformParseError,
  parseCfgExpr,
  parsePlatform,
  platformText,
} from '../../src/cargo/platform.js';

describe('dependency targets (cargo-platform syntax)', () => {
  it('reads target names and cfg expressions', () => {
    expect(parsePlatform('x86_64-pc-windows-gnu')).toEqual({ kind: 'name', name: 'x86_64-pc-windows-gnu' });
    expect(platformText(parsePlatform('cfg(windows)'))).toBe('cfg(windows)');
    expect(cfgExprText(parseCfgExpr('all(unix, not(target_os = "macos"), any(),)'))).toBe(
      'all(unix, not(target_os = "macos"), any())',
    );
    expect(cfgExprText(parseCfgExpr('r#true'))).toBe('true');
    expect(cfgExprText(parseCfgExpr('  feature  =  "a b(" '))).toBe('feature = "a b("');
  });

  it('rejects what cargo rejects, including the broken targets in the 2019 crates.io index', () => {
    for (const bad of [
      'cfg(target_arch = "wasm32"',
      'not(any(cfg(windows),cfg(macos)))',
      'and(cfg(unix), not(target_os = "linux"))',
      'cfg()',
      'cfg(unix windows)',
      'cfg(unix,)',
      'cfg(not(unix, windows))',
      'cfg(target_os = linux)',
      'cfg(target_os = "linux)',
      'cfg(\tunix)',
      'cfg(ünix)',
      'x86 64',
    ]) {
      expect(() => parsePlatform(bad), bad).toThrow(PlatformParseError);
    }
  });
});
