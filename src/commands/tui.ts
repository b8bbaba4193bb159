import type { CommonOptions } from '../cli/args.js';
import { UserError } from '../errors.js';

export async function tuiCommand(options: CommonOptions): Promise<number> {
  void options;
  throw new UserError('`tui` is not implemented yet');
}
