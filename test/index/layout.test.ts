import { describe, expect, it } from 'vitest';
import { indexPath } from '../../src/index/layout.js';

describe('index layout', () => {
  it('puts crates where crates.io does, lowercased', () => {
    expect(indexPath('a')).toBe('1/a');
    expect(indexPath('ab')).toBe('2/ab');
    expect(indexPath('abc')).toBe('3/a/abc');
    expect(indexPath('serde')).toBe('se/rd/serde');
    expect(indexPath('Inflector')).toBe('in/fl/inflector');
    expect(indexPath('AbC')).toBe('3/a/abc');
    expect(indexPath('foo-bar')).toBe('fo/o-/foo-bar');
    expect(indexPath('foo_bar')).toBe('fo/o_/foo_bar');
  });
});
