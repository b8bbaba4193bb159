/**
 * The `cargo-whatif` executable: loads the bundled CLI with V8's code cache, which `npm run build`
 * wrote by running the bundle once on the seed scenario. Compiling the bundle's functions is a
 * tenth of a typical run, and Node 20 has no compile cache of its own (`module.enableCompileCache`
 * came in Node 22).
 *
 * The bundle and its cache are named after a hash of the bundle, so a cache never meets a bundle
 * it was not made from. V8 rejects a cache made by another V8 version or with other flags (say
 * `--cpu-prof`), and the bundle is then compiled as usual: the cache only ever saves time.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { Script } from 'node:vm';
import { IMPORT_TUI, V8_FLAGS, WRITE_CODE_CACHE } from './launch.js';

/** The bundle's file name, and how to decode it (latin1 when it is ASCII), set by bundle.ts. */
declare const CARGO_WHATIF_APP: string;
declare const CARGO_WHATIF_APP_ENCODING: BufferEncoding;

// Before the bundle compiles: the cache was made under these flags. A budget given to node
// (`node --interrupt-budget=N`, NODE_OPTIONS) is left as it is.
if (![...process.execArgv, process.env.NODE_OPTIONS ?? ''].some((a) => a.includes('--interrupt-budget')))
  setFlagsFromString(V8_FLAGS);

const file = join(__dirname, CARGO_WHATIF_APP);
const cacheFile = file.replace(/\.js$/, '.cache');
const writing = process.env[WRITE_CODE_CACHE] === '1';
let cachedData: Buffer | undefined;
if (!writing) {
  try {
    cachedData = readFileSync(cacheFile);
  } catch {
    // No cache: compile as usual.
  }
}
// The same wrapper Node gives a CommonJS module, so the bundle runs as if `require`d.
const script = new Script(
  `(function (exports, require, module, __filename, __dirname) {${readFileSync(file, CARGO_WHATIF_APP_ENCODING)}\n})`,
  {
    filename: file,
    cachedData,
  },
);
// After the run, the cache holds every function the run compiled, not just the top level.
if (writing) process.once('exit', () => writeFileSync(cacheFile, script.createCachedData()));
// `tui` is an ES module bundle (ink cannot be `require`d), imported from here, where `import()` works.
// React (a dependency left outside the bundle) reads NODE_ENV when first imported, and anything
// but `production` gives its development build: about twice the time per frame (8 against 16 ms
// on the seed, measured here), owner stacks and checks that only help while writing components.
// The NODE_ENV in a user's shell is about their own projects, so it is not asked.
(globalThis as Record<symbol, unknown>)[Symbol.for(IMPORT_TUI)] = () => {
  process.env.NODE_ENV = 'production';
  // ink reads CI (or CONTINUOUS_INTEGRATION) to mean "no terminal" and then draws only the last
  // frame, on exit: a blank screen for the whole session. `tui` runs only where stdin and stdout
  // are terminals, so a CI variable left in a shell, or a CI job driving a terminal (tmux, as the
  // real-terminal test does), is not asked either.
  if (process.stdin.isTTY && process.stdout.isTTY) {
    delete process.env.CI;
    delete process.env.CONTINUOUS_INTEGRATION;
  }
  return import(pathToFileURL(join(dirname(file), 'tui.mjs')).href);
};
const module = { exports: {} };
(script.runInThisContext() as (...args: unknown[]) => void).call(
  module.exports,
  module.exports,
  createRequire(file),
  module,
  file,
  dirname(file),
);
