import { existsSync, readFileSync } from 'node:fs';
import type { CommandName, CommandOptions } from '../commands/options.js';
import { InternalError, isUserError } from '../errors.js';
import { errorJson } from '../report/json.js';
import { didYouMean } from '../text/spelling.js';
import { terminalJson, terminalText } from '../text/visible.js';
import { parseCommandLine } from './args.js';
import { commandHelp } from './help.js';

// Each command is loaded when it runs: `tui` brings ink, React and a layout engine, which
// `--version` or `resolve` should not pay for.
async function run(options: CommandOptions): Promise<number> {
  switch (options.command) {
    case 'resolve':
    case 'lock':
      return (await import('../commands/resolve.js')).resolveCommand(options);
    case 'explain':
      return (await import('../commands/explain.js')).explainCommand(options);
    case 'check':
      return (await import('../commands/check.js')).checkCommand(options);
    case 'tui':
      return (await import('../commands/tui.js')).tuiCommand(options);
    case 'upgrades':
      return (await import('../commands/upgrades.js')).upgradesCommand(options);
  }
}

const COMMANDS: Record<string, string> = {
  resolve: 'resolve the workspace (plus what-if edits) and print the chosen packages',
  lock: "resolve and write Cargo.lock in cargo's own format (--stdout prints it)",
  explain: 'explain why the workspace does not resolve, with fixes verified by solving again',
  check: 'scripted what-if for CI: --expect resolvable|conflict, --unify CRATE, ...',
  tui: 'interactive what-if session',
  upgrades: 'the upgrade plan: which dependencies can move to their newest line, what blocks the rest',
};

/** The version in our package.json, found upwards from this file: it runs from tsc's output and from the bundle. */
export function version(): string {
  for (let dir = new URL('./', import.meta.url); ; dir = new URL('../', dir)) {
    const file = new URL('package.json', dir);
    if (existsSync(file)) {
      const pkg = JSON.parse(readFileSync(file, 'utf8')) as { name?: string; version: string };
      if (pkg.name === 'cargo-whatif') return pkg.version;
    }
    if (dir.pathname === '/') throw new InternalError('package.json of cargo-whatif not found');
  }
}

export function usage(): string {
  const lines = [
    `cargo-whatif ${version()}`,
    'What happens to your Cargo workspace if you bump a dependency? Resolves like cargo, explains conflicts.',
    '',
    'Usage: cargo-whatif <command> [PATH] [options]',
    '',
    'Commands:',
    ...Object.entries(COMMANDS).map(([name, text]) => `  ${name.padEnd(9)}${text}`),
    '',
    'Run `cargo-whatif <command> --help` for its options.',
  ];
  return lines.join('\n') + '\n';
}

export async function main(argv: string[]): Promise<number> {
  // As a cargo subcommand (`cargo whatif ...`), cargo passes `whatif` first.
  const args = argv[0] === 'whatif' ? argv.slice(1) : argv;
  if (args.length === 0 || args[0] === '--help' || args[0] === '-h' || args[0] === 'help') {
    // `cargo-whatif help explain`, as `cargo help build`.
    const topic = args[0] === 'help' ? args[1] : undefined;
    process.stdout.write(topic !== undefined && topic in COMMANDS ? commandHelp(topic as CommandName) : usage());
    return 0;
  }
  if (args[0] === '--version' || args[0] === '-V') {
    process.stdout.write(`cargo-whatif ${version()}\n`);
    return 0;
  }
  let json = args.includes('--json');
  try {
    const command = args[0]!;
    if (!(command in COMMANDS)) {
      process.stderr.write(
        `error: ${terminalText(`unknown command \`${command}\`${didYouMean(command, Object.keys(COMMANDS))}`)}\n\n${usage()}`,
      );
      return 2;
    }
    const options = parseCommandLine(command as CommandName, args.slice(1));
    json = options.json;
    if (options.help) {
      process.stdout.write(commandHelp(options.command));
      return 0;
    }
    return await run(options);
  } catch (err) {
    if (isUserError(err)) {
      process.stderr.write(`error: ${terminalText(err.describe())}\n`);
      for (const note of err.notes) process.stderr.write(`note: ${terminalText(note)}\n`);
      if (json) process.stdout.write(terminalJson(JSON.stringify(errorJson(err.describe()))) + '\n');
      return 2;
    }
    throw err;
  }
}
