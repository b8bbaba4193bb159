import semver from 'semver';

/**
 * A package version with Cargo's rules: strict SemVer 2.0 (no `v` prefix, no leading zeros),
 * ordered like Rust's `semver::Version` (build metadata breaks ties, so the order is total).
 */
export class Version {
  private constructor(private readonly sv: semver.SemVer) {}

  static parse(text: string): Version {
    const trimmed = text.trim();
    // node-semver is lenient about a leading `v` or `=`; Cargo is not.
    if (!/^\d/.test(trimmed)) throw new VersionParseError(text, 'expected a version number such as `1.2.3`');
    let sv: semver.SemVer;
    try {
      sv = new semver.SemVer(trimmed, { loose: false });
    } catch {
      throw new VersionParseError(text, 'not a valid SemVer version (expected `MAJOR.MINOR.PATCH`, e.g. `1.2.3`)');
    }
    return new Version(sv);
  }

  static tryParse(text: string): Version | undefined {
    try {
      return Version.parse(text);
    } catch {
      return undefined;
    }
  }

  get major(): number {
    return this.sv.major;
  }
  get minor(): number {
    return this.sv.minor;
  }
  get patch(): number {
    return this.sv.patch;
  }
  get pre(): readonly (string | number)[] {
    return this.sv.prerelease;
  }
  get build(): readonly string[] {
    return this.sv.build;
  }
  get isPrerelease(): boolean {
    return this.sv.prerelease.length > 0;
  }
  /** The node-semver object, for matching against ranges. */
  get semver(): semver.SemVer {
    return this.sv;
  }

  /** Total order: precedence first, then build metadata, as Rust's semver crate sorts. */
  compare(other: Version): number {
    return semver.compareBuild(this.sv, other.sv);
  }

  equals(other: Version): boolean {
    return this.compare(other) === 0;
  }

  toString(): string {
    return this.sv.build.length ? `${this.sv.version}+${this.sv.build.join('.')}` : this.sv.version;
  }

  /**
   * The semver-compatible line Cargo allows one version of: `1` for 1.x.y, `0.20` for 0.20.x,
   * `0.0.3` for 0.0.3. Pre-release tags do not split a line (1.0.0-alpha is in line `1`).
   */
  get line(): string {
    if (this.major > 0) return `${this.major}`;
    if (this.minor > 0) return `0.${this.minor}`;
    return `0.0.${this.patch}`;
  }

  /** The line written the way people say it: `1.x`, `0.20.x`, `0.0.3`. */
  get lineLabel(): string {
    if (this.major > 0) return `${this.major}.x`;
    if (this.minor > 0) return `0.${this.minor}.x`;
    return `0.0.${this.patch}`;
  }
}

export class VersionParseError extends Error {
  constructor(
    readonly text: string,
    readonly reason: string,
  ) {
    super(`invalid version \`${text}\`: ${reason}`);
    this.name = 'VersionParseError';
  }
}

export function compareVersions(a: Version, b: Version): number {
  return a.compare(b);
}
