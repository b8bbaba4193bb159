import { describe, expect, it } from 'vitest';
import { readPackageText, readText, userError } from './helpers.js';

const header = '[package]\nname = "e"\nversion = "0.1.0"\nedition = "2021"\n';

describe('manifest errors', () => {
  it.each([
    ['[dependencies]\nx = 1\n', 6, 'invalid type: integer `1`, expected a version string like "0.9.8"'],
    ['[dependencies]\nx = true\n', 6, 'invalid type: boolean `true`'],
    [
      '[dependencies]\nx = { features = ["a"] }\n',
      6,
      'dependency (x) specified without providing a local path, Git repository, version, or workspace dependency to use',
    ],
    ['[dependencies]\nx = { version = "1", features = "std" }\n', 6, 'invalid type: string "std", expected a sequence'],
    [
      '[dependencies]\nx = { version = "1", features = ["a/b"] }\n',
      6,
      'feature `a/b` in dependency `x` is not allowed to contain slashes',
    ],
    [
      '[dependencies]\nx = { version = "1", features = ["dep:y"] }\n',
      6,
      'is not allowed to use explicit `dep:` syntax',
    ],
    [
      '[dependencies]\nx = { git = "https://e.com/x", branch = "a", tag = "b" }\n',
      6,
      'Only one of `branch`, `tag` or `rev` is allowed.',
    ],
    ['[dependencies]\nx = { git = "not a url" }\n', 6, 'invalid url `not a url`'],
    [
      '[dependencies]\nx = { version = "1", registry = "nowhere-configured" }\n',
      6,
      'registry index was not found in any configuration: `nowhere-configured`',
    ],
    ['[dependencies]\nx = { version = "1", artifact = "bin" }\n', 6, '`artifact = …` requires `-Z bindeps` (x)'],
    ['[dependencies]\nx = { version = "1", base = "workspace", path = "x" }\n', 6, 'feature `path-bases` is required'],
    [
      '[dependencies]\nx = { workspace = true }\n',
      6,
      "error inheriting `x` from workspace root manifest's `workspace.dependencies.x`: failed to find a workspace root",
    ],
    [
      '[target.\'cfg(unix)\'.dependencies]\nx = { path = "a" }\n[dependencies]\nx = "1"\n',
      6,
      "Dependency 'x' has different source paths depending on the build target",
    ],
    ['[patch.crates]\nx = { path = "x" }\n', 5, 'For crates.io, use [patch.crates-io] (with a dash)'],
    ['[replace]\n"x" = { path = "x" }\n', 6, 'replacements must specify a version to replace, but `x` does not'],
    ['[replace]\n"x:1.0.0" = { version = "1", path = "x" }\n', 6, 'replacements cannot specify a version requirement'],
    [
      '[replace]\n"x:1.0.0" = { path = "x" }\n[patch.crates-io]\ny = "1"\n',
      5,
      'cannot specify both [replace] and [patch]',
    ],
    ['[dependencies]\n"serde json" = "1"\n', 6, 'invalid character ` ` in package name: `serde json`'],
    [
      '[dependencies]\njson = { package = "serde.json", version = "1" }\n',
      6,
      'invalid character `.` in package name: `serde.json`',
    ],
    [
      '[lints]\nworkspace = true\n',
      5,
      "error inheriting `lints` from workspace root manifest's `workspace.lints`: failed to find a workspace root",
    ],
    [
      '[lints]\nworkspace = true\n[lints.rust]\nunsafe_code = "forbid"\n',
      5,
      'cannot override `workspace.lints` in `lints`',
    ],
  ])('%s', (body, line, message) => {
    const err = userError(() => readPackageText(header + body));
    expect(err.message).toContain(message);
    expect(err.location?.line).toBe(line);
  });

  it.each([
    ['[package]\nversion = "1.0.0"\n', 'missing field `package.name`'],
    ['[package]\nname = "1up"\n', 'invalid character `1` in package name: `1up`, the name cannot start with a digit'],
    ['[package]\nname = "a"\nversion = "1.0"\n', 'invalid version `1.0`'],
    ['[package]\nname = "a"\nedition = "2027"\n', 'this version of Cargo is older than the `2027` edition'],
    ['[package]\nname = "a"\nedition = 2021\n', 'invalid type: integer `2021`, expected a string or workspace'],
    [
      '[package]\nname = "a"\nedition = "2021"\nrust-version = "1.50"\n',
      'rust-version 1.50 is incompatible with the version (1.56.0) required by the specified edition (2021)',
    ],
    [
      '[package]\nname = "a"\nresolver = "4"\n',
      '`resolver` setting `4` is not valid, valid options are "1", "2" or "3"',
    ],
    [
      '[package]\nname = "a"\nresolver = "2"\n[workspace]\nresolver = "2"\n',
      'cannot specify `resolver` field in both `[workspace]` and `[package]`',
    ],
    ['[package]\nname = "a"\npublish = true\n', '`package.publish` requires `package.version` be specified'],
    [
      '[package]\nname = "a"\nlinks = "z"\n',
      'package specifies that it links to `z` but does not have a custom build script',
    ],
    [
      '[package]\nname = "a"\nworkspace = ".."\n[workspace]\n',
      'cannot configure both `package.workspace` and `[workspace]`',
    ],
    ['[project]\nname = "a"\nedition = "2024"\n', '`[project]` is not supported as of the 2024 Edition'],
    ['cargo-features = ["path-bases"]\n[package]\nname = "a"\n', 'requires a nightly version of Cargo'],
    [
      '[workspace]\n[dependencies]\nx = "1"\n',
      'this virtual manifest specifies a `dependencies` section, which is not allowed',
    ],
    ['[dependencies]\nx = "1"\n', 'manifest is missing either a `[package]` or a `[workspace]`'],
    [
      '[workspace]\n[workspace.dependencies]\nx = { version = "1", optional = true }\n',
      'x is optional, but workspace dependencies cannot be optional',
    ],
  ])('%s', (toml, message) => {
    expect(userError(() => readText(toml)).message).toContain(message);
  });

  it('refuses a package with no target at all', () => {
    expect(userError(() => readText('[package]\nname = "a"\n', {})).message).toContain(
      'no targets specified in the manifest',
    );
  });
});
