import { type InheritableFields, InheritError } from '../manifest/inheritance.js';
import { type Manifest, readManifest } from '../manifest/manifest.js';
import type { RegistryIndexes } from '../manifest/registries.js';
import { TomlDocument } from '../manifest/toml-document.js';
import { readWorkspaceConfig, type WorkspaceConfig } from '../manifest/workspace-config.js';
import { findWorkspaceRoot } from './discover.js';

/**
 * Reads each Cargo.toml once. Root discovery only needs an ancestor's `[workspace]` section, so
 * that is available without reading the whole manifest (cargo reads it whole, which differs only
 * in which errors an unrelated ancestor can raise).
 */
export class ManifestLoader {
  private readonly docs = new Map<string, TomlDocument>();
  private readonly configs = new Map<string, WorkspaceConfig>();
  private readonly manifests = new Map<string, Manifest>();

  /** `registries`: where `registry = "name"` points (cargo's configuration). */
  constructor(private readonly registries: RegistryIndexes) {}

  doc(manifestPath: string): TomlDocument {
    let doc = this.docs.get(manifestPath);
    if (!doc) {
      doc = TomlDocument.read(manifestPath);
      this.docs.set(manifestPath, doc);
    }
    return doc;
  }

  workspaceConfig(manifestPath: string): WorkspaceConfig {
    let config = this.configs.get(manifestPath);
    if (!config) {
      config = readWorkspaceConfig(this.doc(manifestPath));
      this.configs.set(manifestPath, config);
    }
    return config;
  }

  load(manifestPath: string): Manifest {
    let manifest = this.manifests.get(manifestPath);
    if (!manifest) {
      manifest = readManifest(this.doc(manifestPath), {
        inheritable: () => this.inheritableFor(manifestPath),
        registries: this.registries,
      });
      this.manifests.set(manifestPath, manifest);
    }
    return manifest;
  }

  // cargo's `load_inheritable_fields` (cargo 1.95, src/workspace/parser/mod.rs): the root
  // `package.workspace` points at, else the one found by walking up.
  private inheritableFor(manifestPath: string): InheritableFields {
    const root = findWorkspaceRoot(this, manifestPath);
    if (!root) throw new InheritError('failed to find a workspace root');
    const config = this.workspaceConfig(root);
    if (config.kind !== 'root') throw new InheritError(`root of a workspace inferred but wasn't a root: ${root}`);
    return config.root.inheritable;
  }
}
