import { statSync } from 'node:fs';
import path from 'node:path';
import { describeSource, isCratesIo, type SourceId } from '../cargo/source-id.js';
import { UserError } from '../errors.js';
import { directoryIndex } from '../index/directory-source.js';
import type { HttpSettings } from '../index/http-settings.js';
import { type OpenIndexOptions, openIndex, openSparseIndex } from '../index/open.js';
import type { OpenedRegistry } from '../index/registry-set.js';
import type { IndexSource } from '../index/source.js';
import type { CargoConfig } from './config.js';
import { type NetworkSettings, networkSettings } from './net.js';
import { type LocatedRegistry, SourceMap } from './sources.js';
import { vendoredIndex } from './vendored-source.js';

export interface OpenRegistriesOptions {
  /** `--registry DIR|sparse+URL`: stands in for crates.io, over any configuration. */
  registryFlag?: string;
  /** `--offline`, or cargo's `net.offline` / `CARGO_NET_OFFLINE`. */
  offline: boolean;
  /** Told of what does not stop the run but should be known (the index cache cannot be written). */
  warn?: (message: string) => void;
}

/**
 * How the registry a dependency names is opened: crates.io is `--registry` when given, else
 * whatever cargo's configuration makes of it (source replacement), as is every `[registries]`
 * registry. The decision is cargo's (`SourceMap.locate`); reading each kind of location is ours:
 * a sparse index (online, or from cargo's cache offline), a local registry's `index/`, a
 * directory of vendored crates. A git index cannot be read without fetching it: that is an error
 * when, and only when, a dependency needs it.
 */
export function registryOpener(
  config: CargoConfig,
  options: OpenRegistriesOptions,
): (source: SourceId) => OpenedRegistry {
  let sources: SourceMap | undefined;
  let network: NetworkSettings | undefined;
  // Read (and checked) only when some registry is fetched, as cargo reads them only online.
  // This is where cargo's `[http]` and `[net]` reach the sparse index.
  const http = (): HttpSettings | undefined => {
    if (options.offline) return undefined;
    network ??= networkSettings(config);
    return {
      proxy: network.proxy,
      timeoutMs: network.timeoutSeconds * 1000,
      retries: network.retry,
      cainfo: network.cainfo,
    };
  };
  const sparseOptions = () => ({ offline: options.offline, cargoHome: config.home, http: http(), warn: options.warn });
  return (source) => {
    if (isCratesIo(source) && options.registryFlag !== undefined) {
      const index = openIndex({ registry: options.registryFlag, ...sparseOptions() });
      return { index, wholeAtOnce: false };
    }
    // Like cargo, every `[source]` table is checked when the first registry is opened.
    sources ??= new SourceMap(config);
    const located = sources.locate(source);
    const index = openLocated(located, config, sparseOptions);
    const kind = located.location.kind;
    return {
      index: located.description === undefined ? index : { ...index, description: located.description },
      wholeAtOnce: kind === 'directory' || kind === 'local-registry',
    };
  };
}

function openLocated(
  located: LocatedRegistry,
  config: CargoConfig,
  sparseOptions: () => Omit<OpenIndexOptions, 'registry'>,
): IndexSource {
  const { source, location } = located;
  switch (location.kind) {
    case 'sparse':
      return openSparseIndex(location.url, source, sparseOptions());
    case 'local-registry': {
      // `LocalRegistry::block_until_ready`'s checks.
      if (!isDirectory(location.dir)) throw new UserError(`local registry path is not a directory: ${location.dir}`);
      const index = path.join(location.dir, 'index');
      if (!isDirectory(index)) throw new UserError(`local registry index path is not a directory: ${index}`);
      return directoryIndex(index, source);
    }
    case 'directory':
      return vendoredIndex(location.dir, source, config, located.description ?? `directory source \`${location.dir}\``);
    case 'git-index':
    case 'git':
      throw gitIndexError(located);
  }
}

function gitIndexError(located: LocatedRegistry): UserError {
  const url = (located.location as { url: string }).url;
  const what = located.replacedWith
    ? `source \`${located.replacedWith.name}\` (replacing ${isCratesIo(located.source) ? 'crates.io' : describeSource(located.source)}, configured in ${located.replacedWith.definedIn}) is a git index (${url})`
    : isCratesIo(located.source)
      ? `crates.io is configured to be read from its git index (${url})`
      : `registry \`${describeSource(located.source)}\` is a git index`;
  return new UserError(`${what}, which cargo-whatif cannot fetch`, undefined, [
    'cargo-whatif reads sparse indexes (`sparse+https://...`), local registries and `directory` sources',
    isCratesIo(located.source)
      ? 'for crates.io, drop `registries.crates-io.protocol = "git"`, or pass a checkout of the index as --registry DIR'
      : 'if the registry also serves its index over the sparse protocol, configure that URL',
  ]);
}

function isDirectory(p: string): boolean {
  return statSync(p, { throwIfNoEntry: false })?.isDirectory() ?? false;
}
