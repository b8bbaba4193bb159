/**
 * Where a crate lives in a crates.io-style index (cargo's `make_dep_path`; cargo 1.95,
 * crates/cargo-util/src/registry.rs). The path is always built from the lowercased name, so lookup
 * is case-insensitive: `Inflector` and `inflector` read the same file. `-` and `_` are NOT folded:
 * `serde-json` and `serde_json` are different files. Cargo only tries the `-`/`_` permutation to
 * suggest a name after a lookup came back empty, never to resolve, and it then requires the
 * summary's name to equal the requested one exactly, so a case-only difference finds the file but
 * matches no candidate.
 */
export function indexPath(name: string): string {
  const n = name.toLowerCase();
  // Cargo slices by bytes; crate names are ASCII, so code units are bytes here.
  switch (n.length) {
    case 1:
      return `1/${n}`;
    case 2:
      return `2/${n}`;
    case 3:
      return `3/${n[0]}/${n}`;
    default:
      return `${n.slice(0, 2)}/${n.slice(2, 4)}/${n}`;
  }
}

/**
 * Whether `name` can have a file in an index at all. A dependency's name in an index line is not
 * checked by cargo, and one holding `/`, `\\`, a NUL or a leading `.` would make its path leave
 * the index (`../../etc/passwd`) or be no path; no registry can hold such a crate, so it is
 * looked up nowhere and read as absent.
 */
export function hasIndexPath(name: string): boolean {
  return name !== '' && !/[/\\\0]/.test(name) && !name.startsWith('.');
}
