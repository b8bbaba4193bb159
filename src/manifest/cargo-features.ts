import type { TomlDocument } from './toml-document.js';
import { optionalStringArray } from './toml-values.js';
import type { ManifestWarning } from './warnings.js';

/**
 * `cargo-features = [...]` as stable cargo 1.95 treats it: stabilized names only warn, anything
 * unstable needs nightly, so a manifest that opts into one is refused here as cargo refuses it.
 */
const STABILIZED: Record<string, string> = {
  'test-dummy-stable': '1.0',
  'alternative-registries': '1.34',
  edition: '1.31',
  'rename-dependency': '1.31',
  'profile-overrides': '1.41',
  'default-run': '1.37',
  'named-profiles': '1.57',
  resolver: '1.51',
  strip: '1.58',
  'rust-version': '1.56',
  edition2021: '1.56',
  'workspace-inheritance': '1.64',
  edition2024: '1.85',
};

const REMOVED: Record<string, string> = { 'publish-lockfile': '1.37' };

const UNSTABLE = new Set([
  'test-dummy-unstable',
  'metabuild',
  'public-dependency',
  'per-package-target',
  'codegen-backend',
  'different-binary-name',
  'profile-rustflags',
  'trim-paths',
  'open-namespaces',
  'path-bases',
  'unstable-editions',
  'multiple-build-scripts',
  'panic-immediate-abort',
]);

export function checkCargoFeatures(doc: TomlDocument, warn: (w: ManifestWarning) => void): void {
  const features = optionalStringArray(doc, doc.root, [], 'cargo-features') ?? [];
  features.forEach((name, i) => {
    const at = ['cargo-features', i];
    const stable = STABILIZED[name];
    if (stable !== undefined) {
      warn({
        file: doc.file,
        line: doc.lineOf(at),
        message: `the cargo feature \`${name}\` has been stabilized in the ${stable} release and is no longer necessary to be listed in the manifest`,
      });
    } else if (REMOVED[name] !== undefined) {
      throw doc.error(`the cargo feature \`${name}\` has been removed in the ${REMOVED[name]} release`, at);
    } else if (UNSTABLE.has(name)) {
      throw doc.error(
        `the cargo feature \`${name}\` requires a nightly version of Cargo, but this is the \`stable\` channel`,
        at,
      );
    } else {
      throw doc.error(`unknown cargo feature \`${name}\``, at);
    }
  });
}
