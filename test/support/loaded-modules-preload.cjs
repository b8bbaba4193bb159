// Preloaded with `node --require` by tests that ask which modules a run of the CLI loaded: at
// exit it writes the files in require's cache (every CommonJS module loaded, logic-solver's
// MiniSat among them when the SAT engine was used) to the file WHATIF_LOADED_MODULES names.
const { writeFileSync } = require('node:fs');

const out = process.env.WHATIF_LOADED_MODULES;
if (out) {
  process.on('exit', () => {
    writeFileSync(out, JSON.stringify(Object.keys(require.cache)));
  });
}
