import { resolve } from 'node:path';
import type { Edit } from '../edits/edit.js';
import { editsCommandLine, shellWord } from '../edits/edit.js';

/**
 * How the user ran cargo-whatif, so that every command we print (a verified fix, the TUI's
 * session) runs exactly as printed, from any directory: the workspace and an index directory
 * as absolute paths, the options that change the answer, and then the edits.
 */
export interface Invocation {
  /** The command a printed suggestion runs: `resolve`, or `lock` (then with --write). */
  command: 'resolve' | 'lock';
  path: string;
  registry?: string;
  offline: boolean;
  ignoreLock: boolean;
  minimalVersions: boolean;
}

export function invocationOf(o: {
  command: string;
  path: string;
  registry?: string;
  offline: boolean;
  ignoreLock: boolean;
  minimalVersions: boolean;
}): Invocation {
  return {
    command: o.command === 'lock' ? 'lock' : 'resolve',
    path: o.path,
    registry: o.registry,
    offline: o.offline,
    ignoreLock: o.ignoreLock,
    minimalVersions: o.minimalVersions,
  };
}

/** PATH and the options, without the command or the edits. */
export function invocationArgs(inv: Invocation): string {
  const isUrl = (r: string) => /^[a-z+]+:\/\//i.test(r) || r.startsWith('sparse+');
  return [
    shellWord(resolve(inv.path)),
    ...(inv.registry ? ['--registry', shellWord(isUrl(inv.registry) ? inv.registry : resolve(inv.registry))] : []),
    ...(inv.offline ? ['--offline'] : []),
    ...(inv.ignoreLock ? ['--ignore-lock'] : []),
    ...(inv.minimalVersions ? ['--minimal-versions'] : []),
  ].join(' ');
}

/** `cargo-whatif resolve /abs/ws --registry /abs/index --bump ...`; under `lock`, it writes (`--write`). */
export function commandLine(inv: Invocation, edits: readonly Edit[]): string {
  const write = inv.command === 'lock' && edits.length > 0 ? ['--write'] : [];
  return ['cargo-whatif', inv.command, invocationArgs(inv), editsCommandLine(edits), ...write]
    .filter(Boolean)
    .join(' ');
}
