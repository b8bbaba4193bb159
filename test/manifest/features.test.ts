import { describe, expect, it } from 'vitest';
import { featureValueText } from '../../src/cargo/summary.js';
import { readPackageText, userError } from './helpers.js';

const pkg = (deps: string, features: string) =>
  `[package]\nname = "f"\nedition = "2021"\n\n[dependencies]\n${deps}\n\n[features]\n${features}\n`;

const featuresOf = (toml: string) =>
  Object.fromEntries([...readPackageText(toml).summary.features].map(([k, v]) => [k, v.map(featureValueText)]));

describe('[features]', () => {
  it('adds an implicit feature per optional dependency not named with dep:', () => {
    expect(
      featuresOf(
        pkg('a = { version = "1", optional = true }\nb = { version = "1", optional = true }', 'with-b = ["dep:b"]'),
      ),
    ).toEqual({
      a: ['dep:a'],
      'with-b': ['dep:b'],
    });
  });

  it('accepts weak and strong dependency features', () => {
    expect(featuresOf(pkg('a = { version = "1", optional = true }\nc = "1"', 'x = ["a?/std", "c/std"]'))).toEqual({
      a: ['dep:a'],
      x: ['a?/std', 'c/std'],
    });
  });

  it.each([
    ['x = ["nope"]', '', 'feature `x` includes `nope` which is neither a dependency nor another feature'],
    ['x = ["c"]', 'c = "1"', 'feature `x` includes `c`, but `c` is not an optional dependency'],
    ['x = ["dep:c"]', 'c = "1"', 'feature `x` includes `dep:c`, but `c` is not an optional dependency'],
    ['x = ["dep:zz"]', '', 'feature `x` includes `dep:zz`, but `zz` is not listed as a dependency'],
    ['x = ["zz/std"]', '', 'feature `x` includes `zz/std`, but `zz` is not a dependency'],
    ['x = ["c?/std"]', 'c = "1"', 'feature `x` includes `c?/std` with a `?`, but `c` is not an optional dependency'],
    [
      'x = ["dep:a/std"]',
      'a = { version = "1", optional = true }',
      'feature `x` includes `dep:a/std` with both `dep:` and `/`',
    ],
    [
      'x = ["dep:a"]\ny = ["a"]',
      'a = { version = "1", optional = true }',
      'feature `y` includes `a`, but `a` is an optional dependency without an implicit feature',
    ],
    ['a = []', 'a = { version = "1", optional = true }', 'optional dependency `a` is not included in any feature'],
    ['"dep:x" = []', '', 'feature named `dep:x` is not allowed to start with `dep:`'],
  ])('rejects %s', (features, deps, message) => {
    const err = userError(() => readPackageText(pkg(deps, features)));
    expect(err.message).toContain(message);
    expect(err.location?.line).toBeGreaterThanOrEqual(8);
  });
});
