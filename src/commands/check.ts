import type { CommonOptions } from '../cli/args.js';
import { UserError } from '../errors.js';

export async function checkCommand(options: CommonOptions): Promise<number> {
  void options;
  throw new UserError('`check` is not implemented yet');
}
