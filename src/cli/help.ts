import type { CommandName } from '../commands/options.js';
import { KEY_HELP } from '../tui/keys.js';

const common = (command: CommandName) => `Options:
  PATH                         a directory with a Cargo.toml, or a Cargo.toml (default: .)
  --manifest-path PATH         the same, as every cargo subcommand takes it
  --registry DIR|sparse+URL    the crates.io index to use (default: what cargo's configuration
                               makes of crates.io: source replacement, else its sparse index)
  --offline                    never touch the network (an index directory, or cargo's cache);
                               resolves as cargo --offline does, in one search (also [net] offline)
  --ignore-lock                ignore Cargo.lock: newest versions first, like cargo generate-lockfile
  --minimal-versions           oldest matching versions first (cargo -Z minimal-versions)
${command === 'tui' ? '' : '  --json                       one JSON document on stdout\n'}
What-if edits (repeatable, applied in order; ${command === 'lock' ? 'files are untouched unless --write' : 'no file is changed'}):
  --bump [MEMBER:]DEP=REQ      set DEP's requirement (in MEMBER, or every member that has DEP)
  --pin CRATE=VERSION          allow only that version of CRATE
  --add MEMBER:DEP=REQ         add a dependency to MEMBER
  --remove MEMBER:DEP          remove a dependency from MEMBER
  --features [MEMBER:]DEP=+F,-G
                               turn DEP's features F on and G off (in MEMBER, or every member)
  --no-default-features [MEMBER:]DEP
                               turn DEP's default features off
  --default-features [MEMBER:]DEP
                               turn DEP's default features back on
  --unify-workspace DEP[=REQ]  move DEP into [workspace.dependencies]; every member inherits
                               it (\`DEP = { workspace = true, ... }\`) and shares REQ
  --upgrade DEP[=REQ]          coordinated upgrade: every member to DEP's newest line (or REQ),
                               and the members' dependencies that need an older DEP to their
                               newest line that accepts it
`;

const TEXT: Record<CommandName, string> = {
  resolve: `Usage: cargo-whatif resolve [PATH] [options]

Resolves the workspace as cargo would and prints the chosen packages; with what-if edits,
also what changes against the existing Cargo.lock (or a resolve without the edits).
Exit codes: 0 resolved, 1 unresolvable (the conflicts are printed), 2 bad input.
`,
  lock: `Usage: cargo-whatif lock [PATH] [options] [--stdout] [--write]

Resolves the workspace and writes Cargo.lock in cargo's own format (version 4).
  --stdout   print the lockfile instead of writing it
  --write    with what-if edits: apply them to the Cargo.toml files (changing only the edited
             values; comments and layout stay) and write the matching Cargo.lock. Without
             --write, edits change no file.
With edits, the changes against the existing Cargo.lock (or a resolve without the edits) are
printed: packages added, removed, upgraded and downgraded.
Exit codes: 0 resolved, 1 unresolvable, 2 bad input.
`,
  explain: `Usage: cargo-whatif explain [PATH] [options]

Explains why the workspace does not resolve: every independent conflict, minimal, as a
derivation from the members' requirements, with fixes that were checked by resolving again.
Exit codes: 0 it resolves (nothing to explain), 1 unresolvable, 2 bad input.
`,
  check: `Usage: cargo-whatif check [PATH] [options]

Scripted what-if for CI. With expectations on the command line, checks the workspace plus
the command line's edits; with none, runs the checks of whatif.toml in the workspace root.
  --expect resolvable|conflict   what the (edited) workspace must do
  --unify CRATE                  exactly one version of CRATE in the graph (repeatable)
  --forbid CRATE[@REQ]           CRATE (matching REQ) must not be in the graph (repeatable)
  --max-duplicates N             at most N crates with more than one version
  --check NAME                   run only this check of whatif.toml
Graph policies (--unify, --forbid, --max-duplicates) fail when the workspace does not resolve,
unless the check expects a conflict. Edits on the command line apply before each check's own.

whatif.toml:
  [[check]]
  name = "pyo3 0.22 everywhere"                        # required, unique
  edits = ["--upgrade pyo3=0.22"]                      # what-if flags, applied in order
  expect = "conflict"                                  # resolvable | conflict
  unify = ["pyo3"]                                     # optional policies, as the flags
  forbid = ["pyo3-asyncio", "numpy@<0.21"]
  max-duplicates = 1
Exit codes: 0 every expectation holds, 1 one fails, 2 bad input (also a malformed whatif.toml).
`,
  upgrades: `Usage: cargo-whatif upgrades [PATH] [options]

The upgrade plan: for each registry dependency of each member that is behind the newest release
(pre-releases and yanked versions aside), the move to its newest line (every 0.x minor counts as
a major move), or within its line to the newest release, everywhere the workspace uses it; then
whether that move alone resolves, and when it does not, what blocks it (from the minimal
conflicts) and the smallest set of co-moves (other dependencies moved to lines that exist) that
resolves with it, checked by resolving. Each move comes with the what-if flags that make it,
for resolve, check or lock --write; the command printed under a move writes it
(lock --write). Moves that resolve alone are printed first, as they are decided; --json
prints the whole plan at the end. What-if edits on the command line are made first: the plan
starts from them.
Exit codes: 0 the plan was computed (whatever it says), 2 bad input.
`,
  tui: `Usage: cargo-whatif tui [PATH] [options]

Interactive what-if session: bump, pin, add or remove dependencies and see the re-solve,
the lockfile diff and the conflicts live. What-if flags on the command line are the first
edits (undoable). Nothing is written unless W is pressed and confirmed; on quit it prints the
command that reproduces the edits.

Keys:
${KEY_HELP.map(([keys, what]) => `  ${keys.padEnd(11)}${what}`).join('\n')}

Exit codes: 0 on quit; 2 bad input, or when stdin or stdout is not a terminal (scripts and CI:
use resolve, explain or check with the same flags) or --json is given.
`,
};

export function commandHelp(command: CommandName): string {
  return TEXT[command] + '\n' + common(command);
}
