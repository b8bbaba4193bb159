/**
 * Something cargo would print as `warning:` while reading a manifest. Kept rather than printed:
 * several (an unused key next to `workspace = true`, an ignored `default-features = false`) mean
 * the manifest does not say what its author thinks it says.
 */
export interface ManifestWarning {
  file: string;
  line?: number;
  message: string;
}
