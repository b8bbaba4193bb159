import { parseArgs } from 'node:util';
import type { CommandName, CommandOptions } from '../commands/options.js';
import type { EditFlag } from '../edits/edit.js';
import { isEditFlagName } from '../edits/edit.js';
import { UserError } from '../errors.js';
import { didYouMean } from '../text/spelling.js';

const OPTIONS = {
  'manifest-path': { type: 'string' },
  registry: { type: 'string' },
  offline: { type: 'boolean', default: false },
  'ignore-lock': { type: 'boolean', default: false },
  'minimal-versions': { type: 'boolean', default: false },
  json: { type: 'boolean', default: false },
  bump: { type: 'string', multiple: true },
  pin: { type: 'string', multiple: true },
  add: { type: 'string', multiple: true },
  remove: { type: 'string', multiple: true },
  features: { type: 'string', multiple: true },
  'no-default-features': { type: 'string', multiple: true },
  'default-features': { type: 'string', multiple: true },
  'unify-workspace': { type: 'string', multiple: true },
  upgrade: { type: 'string', multiple: true },
  write: { type: 'boolean', default: false },
  stdout: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
  expect: { type: 'string' },
  unify: { type: 'string', multiple: true },
  forbid: { type: 'string', multiple: true },
  'max-duplicates': { type: 'string' },
  check: { type: 'string' },
} as const;
const OPTION_NAMES = Object.keys(OPTIONS);

/** Options only some commands take: given to another, they would be silently ignored. */
const OWNERS: Partial<Record<keyof typeof OPTIONS, readonly CommandName[]>> = {
  stdout: ['lock'],
  expect: ['check'],
  unify: ['check'],
  forbid: ['check'],
  'max-duplicates': ['check'],
  check: ['check'],
};

/** The command line of ../shared/CONTRACT.md, parsed once into typed options. */
export function parseCommandLine(command: CommandName, argv: string[]): CommandOptions {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: OPTIONS,
      tokens: true,
    });
  } catch (err) {
    const message = (err as Error).message.replace(/\. To specify.*$/s, '');
    const unknown = /^Unknown option '(-[^']*)'/.exec(message)?.[1];
    const hint = unknown
      ? didYouMean(
          unknown,
          [...OPTION_NAMES].map((o) => `--${o}`),
        )
      : '';
    throw new UserError(`${message}${hint}\n\nRun \`cargo-whatif ${command} --help\` for usage.`);
  }
  const { values, positionals, tokens } = parsed;
  if (positionals.length > 1) {
    throw new UserError(`unexpected argument \`${positionals[1]}\` (${command} takes one PATH)`);
  }
  const manifestPath = values['manifest-path'];
  if (manifestPath !== undefined && positionals.length > 0) {
    throw new UserError(
      `give the workspace once: PATH (\`${positionals[0]}\`) or --manifest-path (\`${manifestPath}\`)`,
    );
  }
  // parseArgs groups repeated flags by name; the edits must keep their command-line order.
  const edits: EditFlag[] = [];
  for (const t of tokens ?? []) {
    const flag = `--${t.kind === 'option' ? t.name : ''}`;
    if (t.kind === 'option' && isEditFlagName(flag) && t.value !== undefined) edits.push({ flag, value: t.value });
  }
  const expect = values.expect;
  if (expect !== undefined && expect !== 'resolvable' && expect !== 'conflict') {
    throw new UserError(`--expect takes \`resolvable\` or \`conflict\`, not \`${expect}\``);
  }
  let maxDuplicates: number | undefined;
  if (values['max-duplicates'] !== undefined) {
    maxDuplicates = Number(values['max-duplicates']);
    if (!/^\d+$/.test(values['max-duplicates'].trim())) {
      throw new UserError(`--max-duplicates takes a whole number, not \`${values['max-duplicates']}\``);
    }
  }
  for (const t of tokens ?? []) {
    if (t.kind !== 'option') continue;
    const owners = OWNERS[t.name as keyof typeof OPTIONS];
    if (owners && !owners.includes(command)) {
      throw new UserError(
        `--${t.name} belongs to ${owners.map((c) => `\`${c}\``).join(', ')}, not \`${command}\`\n\nRun \`cargo-whatif ${command} --help\` for usage.`,
      );
    }
  }
  // A silently ignored --write would leave the user believing the manifests were changed.
  if (values.write && command !== 'lock') {
    throw new UserError(
      `--write belongs to \`lock\`, which writes the edited manifests and Cargo.lock together (\`cargo-whatif lock --write ...\`)`,
    );
  }
  if (values.write && values.stdout)
    throw new UserError('--write and --stdout cannot be combined: --stdout prints instead of writing');
  // --json promises one JSON document on stdout, which Cargo.lock's text is not.
  if (values.json && values.stdout)
    throw new UserError('--json and --stdout cannot be combined: --stdout prints Cargo.lock, --json one JSON document');
  return {
    command,
    path: manifestPath ?? positionals[0] ?? '.',
    registry: values.registry,
    offline: values.offline ?? false,
    ignoreLock: values['ignore-lock'] ?? false,
    minimalVersions: values['minimal-versions'] ?? false,
    json: values.json ?? false,
    edits,
    write: values.write ?? false,
    stdout: values.stdout ?? false,
    help: values.help ?? false,
    check: {
      expect,
      unify: values.unify ?? [],
      forbid: values.forbid ?? [],
      maxDuplicates,
      name: values.check,
    },
  };
}
