/** Set by the build (bundle.ts) for the launcher to write its code cache once the run is over. */
export const WRITE_CODE_CACHE = 'CARGO_WHATIF_WRITE_CODE_CACHE';
