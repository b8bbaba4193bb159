import { existsSync } from 'node:fs';
import { relative } from 'node:path';
import { type CrateRef, cratesIo, sourceKey } from '../cargo/source-id.js';
import type { Summary } from '../cargo/summary.js';
import { CargoConfig } from '../config/config.js';
import { offlineSetting } from '../config/net.js';
import { registryOpener } from '../config/open-registry.js';
import { nearbyCrateNames } from '../edits/crate-names.js';
import type { Edit, EditFlag } from '../edits/index.js';
import { applyEdits, parseEditFlag } from '../edits/index.js';
import { UserError } from '../errors.js';
import { NotUtf8Error, readUtf8File } from '../fsutil/read-text.js';
import { type UnusableLine, unusableWords } from '../index/index-file.js';
import { RegistrySet } from '../index/registry-set.js';
import type { FetchProgress } from '../index/snapshot.js';
import type { Lockfile } from '../lockfile/model.js';
import { parseLockfile } from '../lockfile/parse.js';
import { MapUniverse } from '../resolve/registry.js';
import { didYouMean } from '../text/spelling.js';
import { visible } from '../text/visible.js';
import type { Workspace } from '../workspace/index.js';
import { loadWorkspace } from '../workspace/index.js';
import { gitPackages } from './git.js';

/**
 * Everything a command reads before it resolves: the workspace's manifests, the what-if
 * edits, the existing Cargo.lock, and the index. An index on this machine is read as the
 * resolver asks; a sparse index online is fetched as the resolver asks too, by the runs that
 * `settle` drives (see fetching.ts), starting here with the crates the members name.
 */
export interface InputOptions {
  path: string;
  registry?: string;
  offline: boolean;
  ignoreLock: boolean;
  edits: readonly EditFlag[];
  /** Cargo's configuration; by default read as cargo would from the working directory. */
  config?: CargoConfig;
  /** Told how fetching goes, from the first request on. */
  progress?: FetchProgress;
  /** Told at once of problems that do not stop the run (the index cache cannot be written). */
  warn?: (message: string) => void;
}

export interface Input {
  config: CargoConfig;
  /** `--offline`, or the configuration's `net.offline`. */
  offline: boolean;
  workspace: Workspace;
  /** The members as the manifests say, before edits. */
  baseMembers: Summary[];
  edits: Edit[];
  /** The registries' indexes, by source and crate name (crates.io when no source is given). */
  registry: RegistrySet;
  /** Path, git and patch packages. */
  fixed: Summary[];
  patches: Map<string, Summary[]>;
  lockfile?: { path: string; text: string; lock: Lockfile };
  warnings: string[];
}

export async function loadInput(options: InputOptions): Promise<Input> {
  const config = options.config ?? CargoConfig.load();
  const offline = options.offline || offlineSetting(config);
  const workspace = loadWorkspace(options.path, { registries: config });
  const edits = options.edits.map((e) => parseEditFlag(e.flag, e.value));
  const baseMembers = workspace.members.map((m) => m.summary);
  // Applying the edits now validates them (unknown member, unknown dependency) before any I/O.
  const edited = applyEdits(baseMembers, edits);
  const warnings: string[] = [
    ...config.warnings,
    ...workspace.warnings.map((w) => `${relative(process.cwd(), w.file) || w.file}: ${w.message}`),
  ];

  let lockfile: Input['lockfile'];
  if (!options.ignoreLock && existsSync(workspace.lockfilePath)) {
    const text = readLockfileText(workspace.lockfilePath);
    lockfile = { path: workspace.lockfilePath, text, lock: parseLockfile(text, workspace.lockfilePath) };
  }

  const pathSummaries = [...workspace.members, ...workspace.pathPackages].map((p) => p.summary);
  const git = gitPackages([...edited.members, ...pathSummaries], lockfile?.lock);
  warnings.push(...git.warnings);
  const fixed = [...pathSummaries, ...git.packages];

  const patches = new Map<string, Summary[]>();
  const fixedByKey = new Map(fixed.map((s) => [`${s.name} ${sourceKey(s.source)}`, s]));
  for (const p of workspace.patches) {
    const target = fixedByKey.get(`${p.dependency.name} ${sourceKey(p.dependency.source)}`);
    if (!target) continue;
    const key = sourceKey(p.source);
    patches.set(key, [...(patches.get(key) ?? []), target]);
  }

  const registry = new RegistrySet(
    registryOpener(config, { registryFlag: options.registry, offline, warn: options.warn }),
    options.warn,
  );
  registry.progress = options.progress;
  // Every registry the workspace names is opened here, so one that cannot be read is reported
  // before resolving; one reached only through an index entry opens when first asked for.
  for (const s of [...edited.members, ...fixed, ...[...patches.values()].flat()]) {
    for (const d of s.dependencies) if (d.source.kind === 'registry') registry.snapshot(d.source);
  }
  // What the members depend on is what Cargo's search asks for first (it activates them with
  // every feature) and what must exist; what edits add or pin must exist too.
  const first: CrateRef[] = namedByEdits(edits).map((name) => ({ name, source: cratesIo }));
  for (const m of edited.members) for (const d of m.dependencies) if (d.source.kind === 'registry') first.push(d);
  await registry.fetch(first);
  checkKnownCrates(edited.members, registry, workspace.rootManifestPath);
  return { config, offline, workspace, baseMembers, edits, registry, fixed, patches, lockfile, warnings };
}

/** Cargo.lock's text; one that cannot be read (a directory, no permission) is bad input, as for cargo. */
function readLockfileText(file: string): string {
  try {
    return readUtf8File(file);
  } catch (err) {
    if (err instanceof NotUtf8Error) throw new UserError(err.message, { file, line: err.line });
    throw new UserError(`failed to read the lock file: ${(err as Error).message}`, { file });
  }
}

/**
 * A member that names a crate the registry has never heard of has a typo or the wrong
 * registry: that is bad input, reported at its manifest line, not a resolution conflict.
 */
export function checkKnownCrates(members: readonly Summary[], registry: RegistrySet, fallbackFile: string): void {
  for (const m of members) {
    for (const d of m.dependencies) {
      if (d.source.kind !== 'registry' || registry.lists(d.name, d.source)) continue;
      const where = registry.describe(d.source);
      const sameLetters = registry.get(d.name, d.source)[0]?.name;
      const hint = sameLetters ? [`perhaps you meant: ${sameLetters}`] : [];
      const o = d.origin;
      const location =
        o?.kind === 'manifest'
          ? { file: o.file, line: o.line, keyPath: o.keyPath }
          : o?.kind === 'edit'
            ? undefined
            : { file: fallbackFile };
      const what = o?.kind === 'edit' ? `${o.text}: ` : '';
      // The crate is there, but cargo can use none of its lines: say which and why, not "no crate".
      const unusable = registry.unusable(d.name, d.source).filter((u) => u.name === d.name || u.name === '');
      if (unusable.length > 0) {
        throw new UserError(
          `${what}no version of \`${visible(d.name)}\` in ${where} can be used (required by ${m.name}): cargo leaves out every line of its index file`,
          location,
          unusableNotes(unusable),
        );
      }
      throw new UserError(
        `${what}no crate named \`${visible(d.name)}\` in ${where} (required by ${m.name})`,
        location,
        hint,
      );
    }
  }
}

/** The notes naming unusable index lines, the first few of them, in cargo's words. */
export function unusableNotes(lines: readonly UnusableLine[], most = 5): string[] {
  const notes = lines.slice(0, most).map((u) => `${u.file}:${u.line}: ${unusableWords(u)}`);
  if (lines.length > most) notes.push(`and ${lines.length - most} more unusable lines`);
  return notes;
}

/**
 * A policy (`--unify`, `--forbid`, whatif.toml's) about a crate that exists nowhere holds
 * trivially ("numpyy is not in the graph"): a typo that passes CI. Such names are bad input.
 */
export function checkPolicyCrates(
  input: Input,
  crates: readonly string[],
  location?: { file: string; line?: number },
): void {
  const own = new Set([...input.workspace.members, ...input.workspace.pathPackages].map((p) => p.summary.name));
  for (const crate of crates) {
    if (own.has(crate) || input.registry.lists(crate)) continue;
    const hint = didYouMean(crate, [...own, ...nearbyCrateNames(input.baseMembers, (n) => input.registry.get(n))]);
    throw new UserError(
      `no crate named \`${crate}\` in ${input.registry.describe()} or the workspace${hint}`,
      location,
    );
  }
}

/** Crates edits name that the members may not depend on yet: what `--add` adds and `--pin` pins. */
export function namedByEdits(edits: readonly Edit[]): string[] {
  return edits.flatMap((e) => (e.kind === 'add' ? [e.dep] : e.kind === 'pin' ? [e.crate] : []));
}

/** The universe of packages for one resolution of this input. */
export function universeOf(input: Input): MapUniverse {
  return new MapUniverse(input.registry, input.fixed);
}

/** Fetches crates that new edits mention and the snapshot lacks (a what-if `--add` or `--pin`, from crates.io); what they reach is fetched as resolution asks. */
export function extendRegistry(input: Input, names: Iterable<string>): Promise<void> {
  return input.registry.fetch([...names].map((name) => ({ name, source: cratesIo })));
}
