#!/usr/bin/env node
import { main } from './main.js';

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    // main() turns every expected failure into an exit code; reaching here is a bug in cargo-whatif.
    const message = err instanceof Error ? err.message : String(err);
    process.stderr.write(`error: internal error in cargo-whatif: ${message}\n`);
    process.exitCode = 3;
  },
);
