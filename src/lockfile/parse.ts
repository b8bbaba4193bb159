import { parse as parseToml, TomlError } from 'smol-toml';
import { Version, VersionParseError } from '../cargo/version.js';
import { type Location, UserError } from '../errors.js';
import { LineFinder } from './lines.js';
import type { LockedDependency, LockedPackage, Lockfile, LockfileVersion } from './model.js';
import { LockIndex } from './references.js';
import { parseLockSource } from './source.js';

/**
 * Reads Cargo.lock in any format cargo 1.95 reads (v1 with `[root]` and `[metadata]` checksums
 * through v4), applying cargo's own rules for telling v1 from v2, which share no marker.
 * Throws UserError naming the file and line for anything cargo would refuse.
 */
export function parseLockfile(text: string, file: string): Lockfile {
  let doc: Record<string, unknown>;
  try {
    doc = parseToml(text) as Record<string, unknown>;
  } catch (err) {
    if (err instanceof TomlError) {
      const reason = err.message.replace(/^Invalid TOML document: /, '').split('\n')[0];
      throw new UserError(`invalid TOML in lock file: ${reason}`, { file, line: err.line });
    }
    throw err;
  }
  return new Reader(text, file, doc).read();
}

type Table = Record<string, unknown>;

const isTable = (v: unknown): v is Table =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Date);

class Reader {
  private readonly lines: LineFinder;
  /** Where each entry starts, for errors found after all entries are read. */
  private readonly entryLines = new Map<LockedPackage, { line: number | undefined; path: string }>();

  constructor(
    private readonly text: string,
    private readonly file: string,
    private readonly doc: Table,
  ) {
    this.lines = new LineFinder(text);
  }

  private fail(message: string, line: number | undefined, keyPath: string): never {
    const loc: Location = line !== undefined ? { file: this.file, line } : { file: this.file, keyPath };
    throw new UserError(message, loc);
  }

  read(): Lockfile {
    let version = this.declaredVersion();
    const packages = this.entries('package');
    if (this.doc.root !== undefined) {
      if (!isTable(this.doc.root)) this.fail('`root` must be a table', this.lines.table('root'), 'root');
      packages.unshift(this.entry(this.doc.root, 'root', this.lines.table('root')));
    }
    this.rejectDuplicates(packages);
    // A checksum on an entry is something v1 never wrote.
    if (packages.some((p) => p.checksum !== undefined)) version = Math.max(version, 2) as LockfileVersion;

    const index = new LockIndex(packages);
    for (const p of packages) {
      for (const ref of [...p.dependencies, ...(p.replace ? [p.replace] : [])]) {
        if (index.lookup(ref).implicit) version = Math.max(version, 2) as LockfileVersion;
      }
    }

    const metadata = this.metadata();
    const checksumKeys = Object.keys(metadata).filter((k) => k.startsWith('checksum '));
    for (const key of checksumKeys) {
      const ref = this.reference(
        key.slice('checksum '.length),
        this.lines.within(this.lines.table('metadata'), key),
        `metadata.${key}`,
      );
      const target = index.find(ref);
      if (target) {
        const value = metadata[key]!;
        if (value === '<none>') delete target.checksum;
        else target.checksum = value;
      }
      delete metadata[key];
    }
    // Checksums in [metadata] of a v2+ file mean a bad merge; cargo drops them all and
    // computes them afresh.
    if (checksumKeys.length && version >= 2) for (const p of packages) delete p.checksum;

    // A v2 file of a single package and no dependencies looks like v1 but for the trailing
    // newline: v1 always ended in a blank line.
    if (version === 1 && packages.length === 1 && this.text.endsWith('\n') && !this.text.endsWith('\n\n')) version = 2;

    return { version, packages, unusedPatches: this.unusedPatches(), metadata };
  }

  private declaredVersion(): LockfileVersion {
    const v = this.doc.version;
    if (v === undefined) return 1;
    const line = this.lines.within(1, 'version');
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 0)
      this.fail('`version` must be a non-negative integer', line, 'version');
    if (v === 3 || v === 4) return v;
    if (v === 5) this.fail('lock file version `5` requires `-Znext-lockfile-bump`', line, 'version');
    this.fail(
      `lock file version \`${v}\` was found, but this version of Cargo does not understand this lock file, perhaps Cargo needs to be updated?`,
      line,
      'version',
    );
  }

  private entries(key: 'package'): LockedPackage[] {
    const list = this.doc[key];
    if (list === undefined) return [];
    if (!Array.isArray(list)) this.fail(`\`${key}\` must be an array of tables`, this.lines.table(key), key);
    return list.map((e, i) => {
      const line = this.lines.table(key, i);
      if (!isTable(e)) this.fail(`\`${key}\` must be an array of tables`, line, `${key}[${i}]`);
      return this.entry(e, `${key}[${i}]`, line);
    });
  }

  private unusedPatches(): LockedPackage[] {
    const patch = this.doc.patch;
    if (patch === undefined) return [];
    if (!isTable(patch) || !Array.isArray(patch.unused))
      this.fail('`patch` must hold an array of tables `unused`', this.lines.table('patch'), 'patch');
    return patch.unused.map((e, i) => {
      const line = this.lines.table('patch.unused', i);
      if (!isTable(e)) this.fail('`patch.unused` must be an array of tables', line, `patch.unused[${i}]`);
      return this.entry(e, `patch.unused[${i}]`, line);
    });
  }

  private entry(t: Table, path: string, line: number | undefined): LockedPackage {
    const str = (key: string, required: boolean): string | undefined => {
      const v = t[key];
      if (v === undefined) {
        if (required) this.fail(`missing field \`${key}\``, line, path);
        return undefined;
      }
      if (typeof v !== 'string')
        this.fail(`\`${key}\` must be a string`, this.lines.within(line, key), `${path}.${key}`);
      return v;
    };
    const name = str('name', true)!;
    const version = str('version', true)!;
    try {
      Version.parse(version);
    } catch (err) {
      if (!(err instanceof VersionParseError)) throw err;
      this.fail(
        `package \`${name}\` has an invalid version: ${err.reason}`,
        this.lines.within(line, 'version'),
        `${path}.version`,
      );
    }
    const pkg: LockedPackage = { name, version, dependencies: [] };
    this.entryLines.set(pkg, { line, path });
    const source = str('source', false);
    if (source !== undefined) {
      const parsed = parseLockSource(source);
      if (typeof parsed === 'string')
        this.fail(`package \`${name}\`: ${parsed}`, this.lines.within(line, 'source'), `${path}.source`);
      pkg.source = source;
    }
    const checksum = str('checksum', false);
    if (checksum !== undefined) pkg.checksum = checksum;
    const deps = t.dependencies;
    if (deps !== undefined) {
      const depsLine = this.lines.within(line, 'dependencies');
      if (!Array.isArray(deps))
        this.fail('`dependencies` must be an array of strings', depsLine, `${path}.dependencies`);
      pkg.dependencies = deps.map((d, i) => {
        const where = `${path}.dependencies[${i}]`;
        if (typeof d !== 'string') this.fail('`dependencies` must be an array of strings', depsLine, where);
        return this.reference(d, this.lines.within(depsLine, JSON.stringify(d)), where);
      });
    }
    const replace = str('replace', false);
    if (replace !== undefined)
      pkg.replace = this.reference(replace, this.lines.within(line, 'replace'), `${path}.replace`);
    return pkg;
  }

  /** `name`, `name version` or `name version (source)`, as cargo's TomlLockfilePackageId reads it. */
  private reference(text: string, line: number | undefined, path: string): LockedDependency {
    const [name, version, ...rest] = text.split(' ');
    const ref: LockedDependency = { name: name! };
    if (version !== undefined) ref.version = version;
    if (rest.length) {
      const source = rest.join(' ');
      if (!source.startsWith('(') || !source.endsWith(')')) {
        this.fail(
          `invalid package reference \`${text}\`: expected \`name\`, \`name version\` or \`name version (source)\``,
          line,
          path,
        );
      }
      const inner = source.slice(1, -1);
      const parsed = parseLockSource(inner);
      if (typeof parsed === 'string') this.fail(`invalid package reference \`${text}\`: ${parsed}`, line, path);
      ref.source = inner;
    }
    return ref;
  }

  private rejectDuplicates(packages: readonly LockedPackage[]): void {
    const seen = new Set<string>();
    for (const p of packages) {
      const key = `${p.name} ${p.version} ${p.source ?? ''}`;
      if (seen.has(key)) {
        const at = this.entryLines.get(p)!;
        this.fail(`package \`${p.name}\` is specified twice in the lockfile`, at.line, at.path);
      }
      seen.add(key);
    }
  }

  private metadata(): Record<string, string> {
    const m = this.doc.metadata;
    if (m === undefined) return {};
    const line = this.lines.table('metadata');
    if (!isTable(m)) this.fail('`metadata` must be a table of strings', line, 'metadata');
    const out: Record<string, string> = {};
    for (const [k, v] of Object.entries(m)) {
      if (typeof v !== 'string')
        this.fail(
          `\`metadata\` values must be strings, and \`${k}\` is not`,
          this.lines.within(line, k),
          `metadata.${k}`,
        );
      out[k] = v;
    }
    return out;
  }
}
