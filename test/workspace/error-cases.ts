/** [fixture dir, manifest cargo is pointed at, file blamed, line, message fragment] */
export const ERROR_CASES: [string, string, string, number | undefined, string][] = [
  ['malformed-toml', 'Cargo.toml', 'Cargo.toml', 8, 'invalid TOML'],
  ['bad-version-req', 'Cargo.toml', 'Cargo.toml', 8, "failed to parse the version requirement `0.2x` for dependency `serde`: expected comma after minor version number, found 'x'"],
  ['missing-member', 'Cargo.toml', 'Cargo.toml', 5, 'failed to load manifest for workspace member'],
  ['missing-inherited', 'Cargo.toml', 'api/Cargo.toml', 8, "error inheriting `tokio` from workspace root manifest's `workspace.dependencies.tokio`: `dependency.tokio` was not found in `workspace.dependencies`"],
  ['missing-package-field', 'Cargo.toml', 'lib/Cargo.toml', 5, '`workspace.package.license` was not defined'],
  ['path-without-manifest', 'Cargo.toml', 'Cargo.toml', 7, 'failed to load manifest for dependency `helper`: failed to read'],
  ['workspace-false', 'Cargo.toml', 'Cargo.toml', 7, '`workspace` cannot be false'],
  ['bad-cfg', 'Cargo.toml', 'Cargo.toml', 6, 'failed to parse `target_os = linux` as a cfg expression: expected a string, found an identifier'],
  ['unknown-feature', 'Cargo.toml', 'Cargo.toml', 11, 'feature `fast` includes `simd` which is neither a dependency nor another feature'],
  ['optional-dev-dependency', 'Cargo.toml', 'Cargo.toml', 7, 'dev-dependencies are not allowed to be optional: `criterion`'],
  ['underscore-2024', 'Cargo.toml', 'Cargo.toml', 7, '`default_features` is unsupported as of the 2024 edition'],
  ['default-features-2024', 'Cargo.toml', 'member/Cargo.toml', 7, "`default-features = false` cannot override workspace's `default-features`"],
  ['not-a-member', 'forgotten/Cargo.toml', 'forgotten/Cargo.toml', undefined, "current package believes it's in a workspace when it's not"],
  ['git-and-path', 'Cargo.toml', 'Cargo.toml', 7, 'dependency (tokio) specification is ambiguous. Only one of `git` or `path` is allowed.'],
  ['branch-without-git', 'Cargo.toml', 'Cargo.toml', 7, 'key `branch` is ignored for dependency (serde).'],
];

