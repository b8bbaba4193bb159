import { describe, expect, it } from 'vitest';
import { parseCfgExpr, parsePlatform, PlatformParseError } from '../../src/index/platform.js';

describe('dependency targets (cargo-platform syntax)', () => {
  it('reads target names and cfg expressions', () => {
    expect(parsePlatform('x86_64-pc-windows-gnu')).toEqual({ kind: 'name', name: 'x86_64-pc-windows-gnu' });
    expect(parsePlatform('cfg(windows)')).toEqual({ kind: 'cfg', expr: { kind: 'name', name: 'windows' } });
    expect(parseCfgExpr('all(unix, not(target_os = "macos"), any(),)')).toEqual({
      kind: 'all',
      exprs: [
        { kind: 'name', name: 'unix' },
        { kind: 'not', expr: { kind: 'key', name: 'target_os', value: 'macos' } },
        { kind: 'any', exprs: [] },
      ],
    });
    expect(parseCfgExpr('r#true')).toEqual({ kind: 'true' });
    expect(parseCfgExpr('  feature  =  "a b(" ')).toEqual({ kind: 'key', name: 'feature', value: 'a b(' });
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
