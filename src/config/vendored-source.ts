import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { SourceId } from '../cargo/source-id.js';
import { packageIdText, type Summary } from '../cargo/summary.js';
import { compareVersions } from '../cargo/version.js';
import { UserError } from '../errors.js';
import type { ParsedIndexFile } from '../index/index-file.js';
import { type IndexSource, memoizedLocalSource } from '../index/source.js';
import { InheritError } from '../manifest/inheritance.js';
import { readManifest } from '../manifest/manifest.js';
import type { RegistryIndexes } from '../manifest/registries.js';
import { TomlDocument } from '../manifest/toml-document.js';

/**
 * A `directory` source, as `cargo vendor` writes one: each subdirectory an unpacked crate with
 * its (normalized) Cargo.toml and a `.cargo-checksum.json`. Cargo's `DirectorySource` reads every
 * subdirectory at once, skipping hidden ones and those without a Cargo.toml, and builds each
 * summary from the manifest, with the `package` checksum of `.cargo-checksum.json` (the one
 * Cargo.lock records). Summaries carry `source`, the registry the directory stands in for.
 */
export function vendoredIndex(
  dir: string,
  source: SourceId,
  registries: RegistryIndexes,
  description: string,
): IndexSource {
  let crates: Map<string, Summary[]> | undefined;
  return memoizedLocalSource(source, description, (name) => {
    crates ??= readVendored(dir, source, registries);
    const summaries = crates.get(name);
    return summaries === undefined ? undefined : vendoredFile(summaries);
  });
}

function readVendored(dir: string, source: SourceId, registries: RegistryIndexes): Map<string, Summary[]> {
  let entries: string[];
  try {
    entries = readdirSync(dir).sort();
  } catch (err) {
    throw new UserError(`failed to read root of directory source: ${dir}: ${(err as Error).message}`);
  }
  const crates = new Map<string, Summary[]>();
  for (const entry of entries) {
    if (entry.startsWith('.')) continue;
    const crateDir = path.join(dir, entry);
    const manifestPath = path.join(crateDir, 'Cargo.toml');
    if (!existsSync(manifestPath)) continue;
    const summary = vendoredSummary(crateDir, manifestPath, source, registries);
    const key = summary.name.toLowerCase();
    const versions = crates.get(key) ?? [];
    // One package per name and version, the last read winning, as in cargo's map of packages.
    const same = versions.findIndex((s) => s.name === summary.name && s.version.equals(summary.version));
    if (same >= 0) versions.splice(same, 1);
    versions.push(summary);
    crates.set(key, versions);
  }
  for (const versions of crates.values()) versions.sort((a, b) => compareVersions(a.version, b.version));
  return crates;
}

function vendoredSummary(
  crateDir: string,
  manifestPath: string,
  source: SourceId,
  registries: RegistryIndexes,
): Summary {
  const manifest = readManifest(TomlDocument.read(manifestPath), {
    inheritable: () => {
      throw new InheritError('a vendored package cannot inherit from a workspace');
    },
    registries,
  });
  if (manifest.kind !== 'package') {
    throw new UserError('a directory source holds packages, but this manifest has no `[package]`', {
      file: manifestPath,
    });
  }
  const summary = manifest.summary;
  const checksumFile = path.join(crateDir, '.cargo-checksum.json');
  let text: string;
  try {
    text = readFileSync(checksumFile, 'utf8');
  } catch (err) {
    throw new UserError(
      `failed to load checksum \`.cargo-checksum.json\` of ${packageIdText(summary)}: ${(err as Error).message}`,
      {
        file: checksumFile,
      },
    );
  }
  const checksum = packageChecksum(text);
  if (checksum === false)
    throw new UserError(`failed to decode \`.cargo-checksum.json\` of ${packageIdText(summary)}`, {
      file: checksumFile,
    });
  return { ...summary, source, checksum };
}

/** `.cargo-checksum.json`'s `package` (null when absent); false when the file is not what cargo expects. */
function packageChecksum(text: string): string | null | false {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return false;
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return false;
  const { files, package: pkg } = json as { files?: unknown; package?: unknown };
  if (typeof files !== 'object' || files === null || Array.isArray(files)) return false;
  if (Object.values(files).some((v) => typeof v !== 'string')) return false;
  if (pkg === undefined || pkg === null) return null;
  return typeof pkg === 'string' ? pkg : false;
}

function vendoredFile(summaries: Summary[]): ParsedIndexFile {
  return {
    summaries,
    skipped: [],
    matching: (accept) => summaries.filter((s) => accept(s.version)),
    lists: (name) => summaries.some((s) => s.name === name),
    versionCount: summaries.length,
    // A vendored crate's summary comes from its Cargo.toml, whose problems are errors.
    onUnusable: () => {},
    unusable: () => [],
  };
}
