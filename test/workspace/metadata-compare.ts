import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { expect } from 'vitest';
import { lockfileSource } from '../../src/cargo/source-id.js';
import { type Dependency, featureValueText } from '../../src/cargo/summary.js';
import type { Workspace, WorkspacePackage } from '../../src/workspace/index.js';

/**
 * The model against real cargo: `cargo metadata --no-deps` reads manifests without touching the
 * network, and lists members in `Workspace::members()` order with each package's dependencies in
 * the order cargo stores them.
 */
export const cargoVersion = spawnSync('cargo', ['--version'], { encoding: 'utf8' });
export const haveCargo = cargoVersion.status === 0;

export interface MetaDep {
  name: string;
  rename: string | null;
  req: string;
  kind: 'dev' | 'build' | null;
  target: string | null;
  optional: boolean;
  uses_default_features: boolean;
  features: string[];
  source: string | null;
  path?: string;
}

export interface MetaPackage {
  name: string;
  version: string;
  id: string;
  manifest_path: string;
  edition: string;
  rust_version: string | null;
  links: string | null;
  features: Record<string, string[]>;
  dependencies: MetaDep[];
}

export interface Metadata {
  packages: MetaPackage[];
  workspace_members: string[];
  workspace_default_members: string[];
  workspace_root: string;
}

export function cargoMetadata(manifest: string): { ok: true; meta: Metadata } | { ok: false; stderr: string } {
  // Cargo looks for `.cargo/config.toml` from its working directory, so run it where a user would.
  const r = spawnSync(
    'cargo',
    ['metadata', '--no-deps', '--format-version', '1', '--offline', '--manifest-path', manifest],
    {
      cwd: path.dirname(manifest),
      encoding: 'utf8',
    },
  );
  return r.status === 0 ? { ok: true, meta: JSON.parse(r.stdout) as Metadata } : { ok: false, stderr: r.stderr };
}

const KIND = { normal: null, dev: 'dev', build: 'build' } as const;

function ourDep(d: Dependency): MetaDep {
  const out: MetaDep = {
    name: d.name,
    rename: d.nameInToml === d.name ? null : d.nameInToml,
    req: d.req.toString(),
    kind: KIND[d.kind],
    target: d.target,
    optional: d.optional,
    uses_default_features: d.defaultFeatures,
    features: [...d.features],
    source: lockfileSource(d.source) ?? null,
  };
  if (d.source.kind === 'path') out.path = d.source.url;
  return out;
}

function theirDep(d: MetaDep): MetaDep {
  const { name, req, kind, target, optional, uses_default_features, features, source, path: p } = d;
  // `x = { package = "x" }` is a "rename" to cargo, to nobody else: the model only keeps real ones.
  const rename = d.rename === name ? null : d.rename;
  return {
    name,
    rename,
    req,
    kind,
    target,
    optional,
    uses_default_features,
    features,
    source,
    ...(p ? { path: p } : {}),
  };
}

function ourPackage(p: WorkspacePackage) {
  return {
    name: p.summary.name,
    version: p.summary.version.toString(),
    manifest_path: p.manifestPath,
    edition: p.edition,
    rust_version: p.summary.rustVersion,
    links: p.summary.links,
    features: Object.fromEntries([...p.summary.features].map(([k, v]) => [k, v.map(featureValueText)])),
    dependencies: p.summary.dependencies.map(ourDep),
  };
}

function theirPackage(p: MetaPackage) {
  return {
    name: p.name,
    version: p.version,
    manifest_path: p.manifest_path,
    edition: p.edition,
    rust_version: p.rust_version,
    links: p.links,
    features: p.features,
    dependencies: p.dependencies.map(theirDep),
  };
}

/** Members, their order, default members and every member's package data must be cargo's. */
export function expectSameAsCargo(ours: Workspace, meta: Metadata): void {
  const byId = new Map(meta.packages.map((p) => [p.id, p]));
  expect(ours.rootDir).toBe(meta.workspace_root);
  expect(ours.members.map((m) => m.manifestPath)).toEqual(
    meta.workspace_members.map((id) => byId.get(id)!.manifest_path),
  );
  expect(ours.defaultMembers).toEqual(meta.workspace_default_members.map((id) => byId.get(id)!.name));
  expect(ours.members.map(ourPackage)).toEqual(meta.workspace_members.map((id) => theirPackage(byId.get(id)!)));
}
