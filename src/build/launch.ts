/** What the build (bundle.ts), the launcher and the bundle agree on. */

/** Set by the build for the launcher to write its code cache once the run is over. */
export const WRITE_CODE_CACHE = 'CARGO_WHATIF_WRITE_CODE_CACHE';

/**
 * `Symbol.for` this names the launcher's importer of the `tui` bundle: the main bundle runs through
 * `vm.Script`, where Node 20 cannot `import()` without --experimental-vm-modules.
 */
export const IMPORT_TUI = 'cargo-whatif.import-tui';
