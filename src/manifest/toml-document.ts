import { parse, TomlError, type TomlTable } from 'smol-toml';
import { parseTOML, type AST } from 'toml-eslint-parser';
import { UserError, type Location } from '../errors.js';
import { NotUtf8Error, readUtf8File } from '../fsutil/read-text.js';

/** A key path into a TOML document; numbers index arrays (`[[bin]]`, list elements). */
export type KeyPath = readonly (string | number)[];

export interface TomlReadOptions {
  /** Integers as `bigint`, so that a float (`number`) can be told from an integer: cargo's configuration rejects floats. */
  integersAsBigInt?: boolean;
}

/**
 * One parsed TOML file. smol-toml gives the values but no positions, so a second parse with
 * toml-eslint-parser maps every key path to the line that defines it; errors and dependency
 * origins can then cite `file:line` the way a user would look for it.
 */
export class TomlDocument {
  private lines: Map<string, number> | undefined;

  private constructor(
    readonly file: string,
    readonly text: string,
    readonly root: TomlTable,
  ) {}

  static read(file: string, options?: TomlReadOptions): TomlDocument {
    let text: string;
    try {
      text = readUtf8File(file);
    } catch (err) {
      if (err instanceof NotUtf8Error) throw new UserError(err.message, { file, line: err.line });
      const reason = (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'No such file or directory' : String(err);
      throw new UserError(`failed to read \`${file}\`: ${reason}`, { file });
    }
    return TomlDocument.fromText(file, text, options);
  }

  static fromText(file: string, text: string, options?: TomlReadOptions): TomlDocument {
    try {
      return new TomlDocument(file, text, parse(text, { integersAsBigInt: options?.integersAsBigInt ?? false }));
    } catch (err) {
      if (err instanceof TomlError) {
        const reason = err.message.split('\n')[0]!.replace(/^Invalid TOML document: /, '');
        throw new UserError(`invalid TOML: ${reason} (column ${err.column})`, { file, line: err.line });
      }
      throw err;
    }
  }

  /** The line defining `path`, or the line of its nearest defined ancestor. */
  lineOf(path: KeyPath): number | undefined {
    const lines = (this.lines ??= indexLines(this.text));
    for (let n = path.length; n > 0; n--) {
      const line = lines.get(pathKey(path.slice(0, n)));
      if (line !== undefined) return line;
    }
    return undefined;
  }

  /** A location for an error or origin: the line when known, the key path always. */
  locate(path: KeyPath): Location & { keyPath: string } {
    return { file: this.file, line: this.lineOf(path), keyPath: formatKeyPath(path) };
  }

  error(message: string, path: KeyPath, notes: readonly string[] = []): UserError {
    return new UserError(message, this.locate(path), notes);
  }
}

/** `target.'cfg(unix)'.dependencies.libc`: TOML's own spelling, quoting keys that need it. */
export function formatKeyPath(path: KeyPath): string {
  return path
    .map((k) => (typeof k === 'number' ? String(k) : /^[A-Za-z0-9_-]+$/.test(k) ? k : `'${k}'`))
    .join('.');
}

function pathKey(path: KeyPath): string {
  return JSON.stringify(path);
}

function indexLines(text: string): Map<string, number> {
  const lines = new Map<string, number>();
  const note = (path: KeyPath, line: number): void => {
    const key = pathKey(path);
    // The first definition wins: a later `[a.b]` header must not move where `a` was defined.
    if (!lines.has(key)) lines.set(key, line);
  };
  const visitValue = (path: KeyPath, value: AST.TOMLContentNode): void => {
    if (value.type === 'TOMLInlineTable') {
      for (const kv of value.body) visitKeyValue(path, kv);
    } else if (value.type === 'TOMLArray') {
      value.elements.forEach((el, i) => {
        note([...path, i], el.loc.start.line);
        visitValue([...path, i], el);
      });
    }
  };
  const visitKeyValue = (base: KeyPath, kv: AST.TOMLKeyValue): void => {
    const keys = kv.key.keys.map((k) => (k.type === 'TOMLBare' ? k.name : k.value));
    for (let i = 1; i <= keys.length; i++) note([...base, ...keys.slice(0, i)], kv.loc.start.line);
    visitValue([...base, ...keys], kv.value);
  };
  let program: AST.TOMLProgram;
  try {
    // Cargo 1.95 reads TOML 1.1 (newlines and trailing commas in inline tables).
    program = parseTOML(text, { tomlVersion: 'latest' });
  } catch {
    // smol-toml accepted the document; should the position parser not, errors fall back to key paths.
    return lines;
  }
  for (const item of program.body[0].body) {
    if (item.type === 'TOMLKeyValue') {
      visitKeyValue([], item);
    } else {
      const key = item.resolvedKey;
      for (let i = 1; i <= key.length; i++) note(key.slice(0, i), item.loc.start.line);
      for (const kv of item.body) visitKeyValue(key, kv);
    }
  }
  return lines;
}
