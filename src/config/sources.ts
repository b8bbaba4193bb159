import path from 'node:path';
import { CRATES_IO_INDEX, CRATES_IO_SPARSE, isCratesIo, type SourceId } from '../cargo/source-id.js';
import { UserError } from '../errors.js';
import type { CargoConfig, Setting } from './config.js';
import { registryIndex } from './registries.js';
import { describeDefinition } from './value.js';

/**
 * Where a registry's crates are read from, after cargo's source replacement: the kinds of
 * source a `[source.<name>]` table can define.
 */
export type RegistryLocation =
  /** A sparse index, `sparse+http(s)://…`. */
  | { kind: 'sparse'; url: string }
  /** An index served as a git repository (crates.io's `https://github.com/rust-lang/crates.io-index`, `ssh://…`). */
  | { kind: 'git-index'; url: string }
  /** `local-registry`: a directory with `index/` (crates.io's layout) and the `.crate` files. */
  | { kind: 'local-registry'; dir: string }
  /** `directory`: vendored crates, one unpacked crate (Cargo.toml, `.cargo-checksum.json`) per subdirectory. */
  | { kind: 'directory'; dir: string }
  /** `git`: a repository of packages, which can only stand in for a git dependency. */
  | { kind: 'git'; url: string; reference?: string };

/** A registry source and where its crates really come from. */
export interface LocatedRegistry {
  /** The registry as manifests and Cargo.lock name it: replacement never changes that. */
  source: SourceId;
  location: RegistryLocation;
  /** Set when `[source]` replaced it: the name of the source its crates come from. */
  replacedWith?: { name: string; definedIn: string };
  /** For messages, when replaced: where crates were looked for, as cargo says it. */
  description?: string;
}

export const CRATES_IO = 'crates-io';

interface SourceConfig {
  location: RegistryLocation;
  replaceWith?: Setting<string>;
}

/**
 * Cargo's `SourceConfigMap`: the `[source.<name>]` tables, and `load`'s walk along
 * `replace-with` from a registry to where its crates come from, with cargo's checks and
 * messages. Built once per run: like cargo, every `[source]` table is checked, used or not.
 */
export class SourceMap {
  private readonly configs = new Map<string, SourceConfig>();
  /** Location identity (cargo's SourceId equality) → the `[source]` name that defines it. */
  private readonly names = new Map<string, string>();
  /** crates.io as its dependencies name it: the sparse index unless `registries.crates-io.protocol = "git"`. */
  private readonly cratesIo: RegistryLocation;

  constructor(private readonly config: CargoConfig) {
    this.cratesIo = cratesIoLocation(config);
    this.add(CRATES_IO, { location: { kind: 'git-index', url: CRATES_IO_INDEX } });
    if (this.cratesIo.kind === 'sparse') this.add(CRATES_IO, { location: this.cratesIo });
    for (const name of config.tableKeys(['source'])) this.addConfig(name);
  }

  /** `SourceConfigMap::load`: follows `replace-with` from `source` to the source that serves it. */
  locate(source: SourceId): LocatedRegistry {
    const own = isCratesIo(source) ? this.cratesIo : registryLocation(source.url);
    const plain = (): LocatedRegistry => ({ source, location: own });
    const first = this.names.get(identity(own));
    if (first === undefined) return plain();
    let name = first;
    let configuredIn = '';
    let replacement: RegistryLocation;
    for (;;) {
      const cfg = this.configs.get(name);
      if (cfg === undefined) {
        // `replace-with` may also name a registry of `[registries]`.
        const url = this.altRegistryIndex(name);
        if (url === undefined) {
          throw new UserError(
            `could not find a configured source with the name \`${name}\` when attempting to lookup \`${first}\` (configuration in \`${configuredIn}\`)`,
          );
        }
        replacement = registryLocation(url);
        break;
      }
      if (cfg.replaceWith !== undefined) {
        name = cfg.replaceWith.value;
        configuredIn = describeDefinition(cfg.replaceWith.def);
      } else if (identity(cfg.location) === identity(own)) {
        return plain();
      } else {
        replacement = cfg.location;
        break;
      }
      if (name === first) {
        throw new UserError(
          `detected a cycle of \`replace-with\` sources, the source \`${name}\` is eventually replaced with itself (configuration in \`${configuredIn}\`)`,
        );
      }
    }
    if (replacement.kind === 'git') {
      throw new UserError(
        `cannot replace \`${first}\` with \`${name}\`, the source \`${first}\` supports checksums, but \`${name}\` does not\n\na lock file compatible with \`${first}\` cannot be generated in this situation`,
      );
    }
    const replaced = isCratesIo(source) ? `registry \`${CRATES_IO}\`` : `registry \`${source.url}\``;
    return {
      source,
      location: replacement,
      replacedWith: { name, definedIn: configuredIn },
      description: `${describeLocation(replacement, name)} (which is replacing ${replaced})`,
    };
  }

  private altRegistryIndex(name: string): string | undefined {
    if (name === CRATES_IO) return CRATES_IO_INDEX;
    try {
      return registryIndex(this.config, name);
    } catch (err) {
      // Cargo tries the name as a registry and reports only that no source has it.
      if (err instanceof UserError) return undefined;
      throw err;
    }
  }

  private add(name: string, cfg: SourceConfig): void {
    const key = identity(cfg.location);
    const old = this.names.get(key);
    this.names.set(key, name);
    // crates-io may redefine its built-in definition.
    if (old !== undefined && name !== CRATES_IO) {
      throw new UserError(
        `source \`${name}\` defines source ${displaySource(cfg.location, name)}, but that source is already defined by \`${old}\`\nnote: Sources are not allowed to be defined multiple times.`,
      );
    }
    this.configs.set(name, cfg);
  }

  /** `add_config`: exactly one location per table (crates-io's defaults to crates.io itself). */
  private addConfig(name: string): void {
    const { config } = this;
    const key = ['source', name];
    const table = config.fileValue(key);
    if (table !== undefined && table.type !== 'table') {
      throw config.error(`\`source.${name}\` expected a table, but found ${table.type}`, table);
    }
    const str = (field: string) => config.string([...key, field], { fromEnv: false });
    const dir = (field: string) => config.path([...key, field], { fromEnv: false });
    const locations: RegistryLocation[] = [];
    const registry = str('registry');
    if (registry !== undefined) locations.push(registryLocation(this.url(registry, `source.${name}.registry`)));
    const localRegistry = dir('local-registry');
    if (localRegistry !== undefined) locations.push({ kind: 'local-registry', dir: localRegistry.value });
    const directory = dir('directory');
    if (directory !== undefined) locations.push({ kind: 'directory', dir: directory.value });
    const git = str('git');
    if (git !== undefined) {
      const ref = (['branch', 'tag', 'rev'] as const).map((k) => [k, str(k)] as const).find(([, v]) => v !== undefined);
      locations.push({
        kind: 'git',
        url: this.url(git, `source.${name}.git`),
        reference: ref ? `${ref[0]}=${ref[1]!.value}` : undefined,
      });
    } else {
      for (const field of ['branch', 'tag', 'rev']) {
        const set = str(field);
        if (set !== undefined) {
          throw config.errorDefinedIn(
            (where) =>
              `source definition \`source.${name}\` specifies \`${field}\`, but that requires a \`git\` key to be specified${where ? ` (in ${where})` : ''}`,
            set,
          );
        }
      }
    }
    if (name === CRATES_IO && locations.length === 0) locations.push(this.cratesIo);
    const where = table ?? { def: { kind: 'builtin' as const }, keyPath: key };
    if (locations.length === 0) {
      throw config.error(
        `no source location specified for \`source.${name}\`, need \`registry\`, \`local-registry\`, \`directory\`, or \`git\` defined`,
        where,
      );
    }
    if (locations.length > 1)
      throw config.error(`more than one source location specified for \`source.${name}\``, where);
    this.add(name, { location: locations[0]!, replaceWith: str('replace-with') });
  }

  private url(setting: Setting<string>, key: string): string {
    try {
      return new URL(setting.value).href;
    } catch {
      throw this.config.errorDefinedIn(
        (where) =>
          `configuration key \`${key}\` specified an invalid URL${where ? ` (in ${where})` : ''}: invalid url \`${setting.value}\`: relative URL without a base`,
        setting,
      );
    }
  }
}

/** `crates_io_maybe_sparse_http`, with its checks of `registries.crates-io.protocol` and `registry.index`. */
function cratesIoLocation(config: CargoConfig): RegistryLocation {
  const protocol = config.string(['registries', CRATES_IO, 'protocol']);
  if (protocol !== undefined && protocol.value !== 'sparse' && protocol.value !== 'git') {
    throw config.errorDefinedIn(
      (where) => `unsupported registry protocol \`${protocol.value}\`${where ? ` (defined in ${where})` : ''}`,
      protocol,
    );
  }
  if (protocol?.value === 'git') return { kind: 'git-index', url: CRATES_IO_INDEX };
  const index = config.string(['registry', 'index']);
  if (index !== undefined) {
    throw config.error(
      'the `registry.index` config value is no longer supported\nUse `[source]` replacement to alter the default index for crates.io.',
      index,
    );
  }
  return { kind: 'sparse', url: CRATES_IO_SPARSE };
}

/** A registry URL as a location: `sparse+` for the sparse protocol, git otherwise. */
export function registryLocation(url: string): RegistryLocation {
  return url.startsWith('sparse+') ? { kind: 'sparse', url } : { kind: 'git-index', url };
}

/**
 * Cargo's SourceId equality: the kind and the canonical URL (no trailing slash; GitHub's
 * case-insensitive paths lowercased, without `.git`).
 */
function identity(location: RegistryLocation): string {
  switch (location.kind) {
    case 'sparse':
    case 'git-index':
      return `${location.kind} ${canonicalUrl(location.url)}`;
    case 'git':
      return `git ${canonicalUrl(location.url)} ${location.reference ?? ''}`;
    case 'local-registry':
    case 'directory':
      return `${location.kind} ${path.resolve(location.dir)}`;
  }
}

function canonicalUrl(url: string): string {
  let out = url.replace(/\/+$/, '');
  if (/^(sparse\+)?https?:\/\/github\.com\//i.test(out)) out = out.toLowerCase().replace(/\.git$/, '');
  return out;
}

/** Cargo's `Display` for a SourceId, as its duplicate-source error prints it. */
function displaySource(location: RegistryLocation, name: string): string {
  switch (location.kind) {
    case 'sparse':
    case 'git-index':
      return `registry \`${name}\``;
    case 'local-registry':
      return `registry \`${location.dir}\``;
    case 'directory':
      return `dir ${location.dir}`;
    case 'git':
      return location.url;
  }
}

function describeLocation(location: RegistryLocation, name?: string): string {
  const named = name ? ` \`${name}\`` : '';
  switch (location.kind) {
    case 'sparse':
      return `registry${named} (${location.url})`;
    case 'git-index':
      return `git index${named} (${location.url})`;
    case 'local-registry':
      return `local registry \`${location.dir}\``;
    case 'directory':
      return `directory source \`${location.dir}\``;
    case 'git':
      return location.url;
  }
}
