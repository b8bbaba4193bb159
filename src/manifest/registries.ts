/**
 * Where `registry = "name"` points: cargo's `registries.<name>.index`. That lives in cargo's
 * configuration, which src/config/ reads (from the working directory upwards, then
 * `$CARGO_HOME`, with `CARGO_REGISTRIES_<NAME>_INDEX` over both); manifests ask through this so
 * that every manifest of a run sees the same configuration, read once.
 */
export interface RegistryIndexes {
  /**
   * The index URL of registry `name` (absolute, a relative `file:` one resolved as cargo does),
   * or undefined when no configuration defines it. Throws a UserError naming where an invalid
   * one is defined.
   */
  registryIndex(name: string): string | undefined;
}

/** For reading a manifest with no cargo configuration at all. */
export const noRegistries: RegistryIndexes = { registryIndex: () => undefined };
