import type { CommandName } from './args.js';

const COMMON = `Options:
  PATH                         a directory with a Cargo.toml, or a Cargo.toml (default: .)
  --registry DIR|sparse+URL    the crates.io index to use (default: crates.io's sparse index)
  --offline                    never touch the network (an index directory, or cargo's cache)
  --ignore-lock                ignore Cargo.lock: newest versions first, like cargo generate-lockfile
  --minimal-versions           oldest matching versions first (cargo -Z minimal-versions)
  --json                       one JSON document on stdout

What-if edits (repeatable, applied in order; files are untouched unless --write):
  --bump [MEMBER:]DEP=REQ      set DEP's requirement (in MEMBER, or every member that has DEP)
  --pin CRATE=VERSION          allow only that version of CRATE
  --add MEMBER:DEP=REQ         add a dependency to MEMBER
  --remove MEMBER:DEP          remove a dependency from MEMBER
`;

const TEXT: Record<CommandName, string> = {
  resolve: `Usage: cargo-whatif resolve [PATH] [options]

Resolves the workspace as cargo would and prints the chosen packages.
Exit codes: 0 resolved, 1 unresolvable (the conflicts are printed), 2 bad input.
`,
  lock: `Usage: cargo-whatif lock [PATH] [options] [--stdout] [--write]

Resolves the workspace and writes Cargo.lock in cargo's own format (version 4).
  --stdout   print the lockfile instead of writing it
  --write    with what-if edits: write the edited result (otherwise nothing is written)
Exit codes: 0 resolved, 1 unresolvable, 2 bad input.
`,
  explain: `Usage: cargo-whatif explain [PATH] [options]

Explains why the workspace does not resolve: every independent conflict, minimal, as a
derivation from the members' requirements, with fixes that were checked by resolving again.
Exit codes: 0 it resolves (nothing to explain), 1 unresolvable, 2 bad input.
`,
  check: `Usage: cargo-whatif check [PATH] [options]

Scripted what-if for CI. With no expectations, runs the named checks of whatif.toml.
  --expect resolvable|conflict   what the (edited) workspace must do
  --unify CRATE                  exactly one version of CRATE in the graph
  --forbid CRATE[@REQ]           CRATE (matching REQ) must not be in the graph
  --max-duplicates N             at most N crates with more than one version
  --check NAME                   run only this check of whatif.toml
Exit codes: 0 every expectation holds, 1 one fails, 2 bad input.
`,
  tui: `Usage: cargo-whatif tui [PATH] [options]

Interactive what-if session: bump, pin, add or remove dependencies and see the re-solve,
the lockfile diff and the conflicts live. Exit code 0 on quit.
`,
};

export function commandHelp(command: CommandName): string {
  return TEXT[command] + '\n' + COMMON;
}
