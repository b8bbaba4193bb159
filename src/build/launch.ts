/** What the build (bundle.ts), the launcher and the bundle agree on. */

/** Set by the build for the launcher to write its code cache once the run is over. */
export const WRITE_CODE_CACHE = 'CARGO_WHATIF_WRITE_CODE_CACHE';

/**
 * `Symbol.for` this names the launcher's importer of the `tui` bundle: the main bundle runs through
 * `vm.Script`, where Node 20 cannot `import()` without --experimental-vm-modules.
 */
export const IMPORT_TUI = 'cargo-whatif.import-tui';

/**
 * V8 flags the launcher sets before it compiles the bundle, so also when the build writes the code
 * cache (V8 accepts a cache only under the flags it was made with).
 *
 * The interrupt budget is how much bytecode a function runs before V8 considers optimizing it with
 * TurboFan; the default is 67,584 bytes. A command runs for a second or less, and there TurboFan's
 * compiles (and deoptimizations) cost more than they return: with 15 times the budget only what
 * stays hot is optimized. Measured: resolves 10-15% faster (popular-20 434 -> 372 ms), the
 * conflict-ring-actix verdict 1.5 -> 1.3 s, and twelve popular-20 resolutions in one process as
 * fast as with the default (1.9 s), where turning TurboFan off altogether made them 35% slower.
 *
 * The wasm tiering budget is how much a WebAssembly function runs on Liftoff's code before V8
 * compiles it again with TurboFan, on a background thread. undici parses HTTP with llhttp, in
 * WebAssembly: its functions got hot within a run's few hundred responses, and Node waits for
 * background compiles before it exits, so every run that touched the network ended ~180 ms after
 * its output (`check --expect conflict` over a loopback index: 470 -> 280 ms with the budget out of
 * reach). logic-solver's asm.js is compiled by TurboFan at once and does not tier, so `explain`
 * takes as long as before (seed 407 / 394 ms, sqlite 484 / 459 ms, medians of 5).
 */
export const V8_FLAGS = '--interrupt-budget=1000000 --wasm-tiering-budget=2000000000';
