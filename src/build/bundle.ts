/**
 * `npm run build` after tsc: bundles the CLI into one CommonJS file with esbuild, writes the
 * launcher that package.json's `bin` names, and fills the launcher's code cache by running the
 * CLI once on the bundled seed scenario (see launcher.ts).
 *
 * One CommonJS file, not ES modules: only a script compiled through `vm.Script` can use a code
 * cache on Node 20. logic-solver stays outside, loaded when a workspace first needs the SAT
 * engine, and so does undici, loaded on the first request to a sparse index. The `tui` command is an ES module bundle of its own, `tui.mjs`, imported when it runs:
 * ink has top-level `await`, which `require` cannot load.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { build, type PluginBuild } from 'esbuild';
import { IMPORT_TUI, WRITE_CODE_CACHE } from './launch.js';

const ROOT = join(import.meta.dirname, '..', '..', '..');
const OUT = join(ROOT, 'dist', 'bundle');
const EXTERNAL = ['ink', 'react', 'logic-solver', 'undici'];
/** What every bundle here is: for Node 20, dependencies inlined unless external. */
const NODE20 = { bundle: true, platform: 'node', target: 'node20', logLevel: 'warning' } as const;

/**
 * fdir looks picomatch up at load time through `createRequire`, which esbuild cannot follow: the
 * bundle then resolved and compiled node_modules/picomatch on every start (8 ms of a 120 ms
 * `check`, outside the code cache) for fdir's own `glob()`, which tinyglobby never calls. Given
 * a plain `require`, it gets the copy already bundled for tinyglobby.
 */
const FDIR_PICOMATCH_BUNDLED = {
  name: 'fdir-picomatch-bundled',
  setup(b: PluginBuild) {
    b.onLoad({ filter: /[\\/]fdir[\\/]dist[\\/]index\.mjs$/ }, async (args) => {
      const text = await readFile(args.path, 'utf8');
      const lookup = /__require\.resolve\("picomatch"\);\s*pm = __require\("picomatch"\);/;
      // A newer fdir that finds picomatch some other way is bundled as it is.
      return { contents: text.replace(lookup, 'pm = require("picomatch");'), loader: 'js' };
    });
  },
};

async function main(): Promise<void> {
  rmSync(OUT, { recursive: true, force: true });
  mkdirSync(OUT, { recursive: true });
  // `.js` files under dist/bundle are CommonJS, whatever the package says.
  writeFileSync(join(OUT, 'package.json'), '{ "type": "commonjs" }\n');

  const app = await build({
    ...NODE20,
    entryPoints: [join(ROOT, 'dist', 'src', 'cli', 'bin.js')],
    format: 'cjs',
    // Without comments and spaces the bundle is half the size: read, scanned and matched to its
    // code cache at every start. Names stay, for profiles; the source map has the rest.
    minifyWhitespace: true,
    minifySyntax: true,
    external: EXTERNAL,
    // import.meta means nothing in CommonJS; the bundle's own file stands in for every module's.
    define: { 'import.meta.url': '__bundleUrl' },
    plugins: [
      FDIR_PICOMATCH_BUNDLED,
      {
        name: 'tui-apart',
        setup(b) {
          b.onResolve({ filter: /\/commands\/tui\.js$/ }, () => ({ path: 'tui', namespace: 'tui-apart' }));
          b.onLoad({ filter: /.*/, namespace: 'tui-apart' }, () => ({
            contents: `export const tuiCommand = async (options) => (await globalThis[Symbol.for(${JSON.stringify(IMPORT_TUI)})]()).tuiCommand(options);`,
            loader: 'js',
          }));
        },
      },
    ],
    banner: { js: 'var __bundleUrl = require("node:url").pathToFileURL(__filename).href;' },
    sourcemap: 'external',
    write: false,
    outdir: OUT,
  });
  const code = app.outputFiles.find((f) => f.path.endsWith('.js'))!;
  const map = app.outputFiles.find((f) => f.path.endsWith('.js.map'))!;
  // The launcher runs the bundle as a function body, where bin.ts's `#!` line cannot stand; an
  // empty line keeps the source map's line numbers.
  const text = code.text.replace(/^#!.*/, '');
  const name = `app-${createHash('sha256').update(text).digest('hex').slice(0, 12)}.js`;
  writeFileSync(join(OUT, name), `${text}//# sourceMappingURL=${name}.map\n`);
  writeFileSync(join(OUT, `${name}.map`), map.contents);

  await build({
    ...NODE20,
    entryPoints: [join(ROOT, 'dist', 'src', 'commands', 'tui.js')],
    format: 'esm',
    external: EXTERNAL,
    sourcemap: true,
    outfile: join(OUT, 'tui.mjs'),
  });

  // The upgrade plan's thread (tui/solver-thread.ts), loaded by tui.mjs from beside it.
  await build({
    ...NODE20,
    entryPoints: [join(ROOT, 'dist', 'src', 'tui', 'solver-worker.js')],
    format: 'esm',
    external: EXTERNAL,
    sourcemap: true,
    outfile: join(OUT, 'solver-worker.mjs'),
  });

  await build({
    ...NODE20,
    entryPoints: [join(ROOT, 'dist', 'src', 'build', 'launcher.js')],
    format: 'cjs',
    define: {
      CARGO_WHATIF_APP: JSON.stringify(name),
      // Decoding 600 KB as UTF-8 costs several milliseconds, and makes a two-byte string of it.
      // biome-ignore lint/suspicious/noControlCharactersInRegex: the range is all of ASCII, control characters included
      CARGO_WHATIF_APP_ENCODING: JSON.stringify(/^[\x00-\x7f]*$/.test(text) ? 'latin1' : 'utf8'),
    },
    banner: { js: '#!/usr/bin/env node' },
    outfile: join(OUT, 'cargo-whatif.js'),
  });
  chmodSync(join(OUT, 'cargo-whatif.js'), 0o755);

  const seed = spawnSync(
    process.execPath,
    [
      join(OUT, 'cargo-whatif.js'),
      'explain',
      join(ROOT, 'fixtures', 'ai_os_diffusion'),
      '--registry',
      join(ROOT, 'fixtures', 'registry'),
      '--offline',
    ],
    { env: { ...process.env, [WRITE_CODE_CACHE]: '1' }, encoding: 'utf8' },
  );
  // The seed does not resolve: exit 1 is the expected answer. Anything else leaves no cache, which
  // costs start-up time and nothing else.
  if (seed.status !== 1)
    console.warn(`warning: no code cache written (the seed run exited ${seed.status}): ${seed.stderr}`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
