#!/usr/bin/env node
import { terminalText } from '../text/visible.js';
import { main } from './main.js';

// `cargo-whatif resolve | head`: a reader that stops early is not an error.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw err;
  });
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    // main() turns every expected failure into an exit code; reaching here is a bug in cargo-whatif.
    const message = err instanceof Error ? err.message : String(err);
    process.stderr.write(`error: internal error in cargo-whatif: ${terminalText(message)}\n`);
    process.exitCode = 3;
  },
);
