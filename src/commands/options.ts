import type { SessionOptions } from '../session/options.js';

/** The command line of ../shared/CONTRACT.md as the commands receive it, parsed by cli/args.ts. */
export type CommandName = 'resolve' | 'lock' | 'explain' | 'check' | 'tui' | 'upgrades';

export interface CommandOptions extends SessionOptions {
  command: CommandName;
  json: boolean;
  write: boolean;
  stdout: boolean;
  help: boolean;
  check: {
    expect?: 'resolvable' | 'conflict';
    unify: string[];
    forbid: string[];
    maxDuplicates?: number;
    name?: string;
  };
}
