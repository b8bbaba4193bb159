/**
 * What-if edits: changes to the workspace's dependencies that are resolved as if they had been
 * made in the manifests, without touching a file (unless `--write`). They apply in order, and
 * each prints as the command-line flag that reproduces it, so a session in the TUI, a check in
 * whatif.toml and a command line are three spellings of the same list.
 */
export type Edit =
  /** Set DEP's requirement in MEMBER, or in every member that depends on DEP. */
  | { kind: 'bump'; member?: string; dep: string; req: string }
  /** Allow only this exact version of CRATE anywhere in the graph. */
  | { kind: 'pin'; crate: string; version: string }
  /** Add a normal dependency to MEMBER. */
  | { kind: 'add'; member: string; dep: string; req: string }
  /** Remove every dependency named DEP from MEMBER. */
  | { kind: 'remove'; member: string; dep: string }
  /** Turn features of DEP on and off, in MEMBER or in every member that depends on DEP. */
  | { kind: 'features'; member?: string; dep: string; enable: string[]; disable: string[] }
  /** Turn DEP's default features on or off, in MEMBER or in every member that depends on DEP. */
  | { kind: 'default-features'; member?: string; dep: string; enabled: boolean }
  /**
   * Move DEP into `[workspace.dependencies]` and make every member inherit it
   * (`dep = { workspace = true, ... }`): they then share one requirement, REQ when given.
   */
  | { kind: 'unify-workspace'; dep: string; req?: string }
  /**
   * Coordinated upgrade: every member moves DEP to REQ (default: DEP's newest line), and each
   * member's other dependencies that require an older DEP move to their newest line that
   * accepts it.
   */
  | { kind: 'upgrade'; dep: string; req?: string };

export type EditKind = Edit['kind'];

/** The command-line flag of every edit kind. */
export type EditFlagName =
  | '--bump'
  | '--pin'
  | '--add'
  | '--remove'
  | '--features'
  | '--no-default-features'
  | '--default-features'
  | '--unify-workspace'
  | '--upgrade';

/** An edit as the command line gives it, not yet parsed: the flag and its value. */
export interface EditFlag {
  flag: EditFlagName;
  value: string;
}

/** Each flag with the shape of its value, for help and error messages. */
export const EDIT_FLAG_FORMS: Readonly<Record<EditFlagName, string>> = {
  '--bump': '[MEMBER:]DEP=REQ',
  '--pin': 'CRATE=VERSION',
  '--add': 'MEMBER:DEP=REQ',
  '--remove': 'MEMBER:DEP',
  '--features': '[MEMBER:]DEP=+FEATURE,-FEATURE,...',
  '--no-default-features': '[MEMBER:]DEP',
  '--default-features': '[MEMBER:]DEP',
  '--unify-workspace': 'DEP[=REQ]',
  '--upgrade': 'DEP[=REQ]',
};

export const EDIT_FLAG_NAMES = Object.keys(EDIT_FLAG_FORMS) as EditFlagName[];

export function isEditFlagName(flag: string): flag is EditFlagName {
  return Object.hasOwn(EDIT_FLAG_FORMS, flag);
}

/** The flag and value that reproduce `e` on the command line, e.g. `--bump arrow_storage:pyo3=0.22`. */
export function editFlag(e: Edit): string {
  const { flag, value } = editFlagParts(e);
  return `${flag} ${value}`;
}

export function editFlagParts(e: Edit): { flag: EditFlagName; value: string } {
  const scoped = (member: string | undefined, dep: string) => `${member ? member + ':' : ''}${dep}`;
  switch (e.kind) {
    case 'bump':
      return { flag: '--bump', value: `${scoped(e.member, e.dep)}=${e.req}` };
    case 'pin':
      return { flag: '--pin', value: `${e.crate}=${e.version}` };
    case 'add':
      return { flag: '--add', value: `${e.member}:${e.dep}=${e.req}` };
    case 'remove':
      return { flag: '--remove', value: `${e.member}:${e.dep}` };
    case 'features': {
      const toggles = [...e.enable.map((f) => `+${f}`), ...e.disable.map((f) => `-${f}`)];
      return { flag: '--features', value: `${scoped(e.member, e.dep)}=${toggles.join(',')}` };
    }
    case 'default-features':
      return { flag: e.enabled ? '--default-features' : '--no-default-features', value: scoped(e.member, e.dep) };
    case 'unify-workspace':
      return { flag: '--unify-workspace', value: e.req === undefined ? e.dep : `${e.dep}=${e.req}` };
    case 'upgrade':
      return { flag: '--upgrade', value: e.req === undefined ? e.dep : `${e.dep}=${e.req}` };
  }
}

/** A shell-safe rendering of a flag value (requirements such as `>=1, <2` need quoting). */
export function shellWord(s: string): string {
  if (/^[A-Za-z0-9_.,:=+\-^~@/]+$/.test(s)) return s;
  // A control character (a name from a hostile index, say) is spelt out in ANSI-C quoting
  // (bash, zsh, ksh), so the command both runs as printed and puts nothing raw on the terminal.
  if (/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}]/u.test(s)) return `$'${[...s].map(ansiC).join('')}'`;
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

function ansiC(ch: string): string {
  if (ch === "'" || ch === '\\') return `\\${ch}`;
  if (!/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}]/u.test(ch)) return ch;
  const cp = ch.codePointAt(0)!;
  return cp < 0x80
    ? `\\x${cp.toString(16).padStart(2, '0')}`
    : cp <= 0xffff
      ? `\\u${cp.toString(16).padStart(4, '0')}`
      : `\\U${cp.toString(16).padStart(8, '0')}`;
}

/** The whole list as command-line arguments, quoted for a POSIX shell. */
export function editsCommandLine(edits: readonly Edit[]): string {
  return edits
    .map(editFlagParts)
    .map(({ flag, value }) => `${flag} ${shellWord(value)}`)
    .join(' ');
}
