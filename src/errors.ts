/**
 * Errors a user can act on. Anything thrown as a UserError is printed as one `error:` line
 * (plus optional notes) with exit code 2; anything else is a bug in cargo-whatif.
 */
export interface Location {
  /** The file the problem is in (a Cargo.toml, a Cargo.lock, an index file or URL). */
  file: string;
  /** 1-based line, where the format gives one. */
  line?: number;
  /** A TOML key path such as `dependencies.pyo3.version`, where no line is known. */
  keyPath?: string;
}

// `tui` runs from a bundle of its own, with its own copy of this class (src/build/bundle.ts).
const USER_ERROR = Symbol.for('cargo-whatif.UserError');

export class UserError extends Error {
  readonly [USER_ERROR] = true;
  readonly location?: Location;
  readonly notes: readonly string[];

  constructor(message: string, location?: Location, notes: readonly string[] = []) {
    super(message);
    this.name = 'UserError';
    this.location = location;
    this.notes = notes;
  }

  /** `file:line: message` (or `file (key.path): message`), the form every `error:` line uses. */
  describe(): string {
    const loc = this.location;
    if (!loc) return this.message;
    const where =
      loc.line !== undefined ? `${loc.file}:${loc.line}` : loc.keyPath ? `${loc.file} (${loc.keyPath})` : loc.file;
    return `${where}: ${this.message}`;
  }
}

export function isUserError(err: unknown): err is UserError {
  return (
    err instanceof UserError ||
    (typeof err === 'object' && err !== null && (err as { [USER_ERROR]?: unknown })[USER_ERROR] === true)
  );
}

/**
 * A bug in cargo-whatif: a state the code never reaches unless it is wrong, whatever the input.
 * The command line prints it as an internal error (exit 3), never as the user's mistake.
 */
export class InternalError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InternalError';
  }
}
