import { parse, TomlError, type TomlTable } from 'smol-toml';
import { type AST, parseTOML } from 'toml-eslint-parser';
import { type Location, UserError } from '../errors.js';
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
    const prefixes: string[] = [];
    let key = '';
    for (const k of path) prefixes.push((key = childKey(key, k)));
    for (let n = prefixes.length - 1; n >= 0; n--) {
      const line = lines.get(prefixes[n]!);
      if (line !== undefined) return line;
    }
    return undefined;
  }

  /**
   * A location for an error or origin: the line when known, the key path always. The line is
   * looked up when first read: finding it parses the file a second time (toml-eslint-parser), a
   * tenth of loading a workspace, and most runs never print where a requirement came from.
   */
  locate(path: KeyPath): Location & { keyPath: string } {
    const location = { file: this.file, line: undefined as number | undefined, keyPath: formatKeyPath(path) };
    const doc = this;
    // Redefining the property keeps its place, so the location reads and prints as before.
    Object.defineProperty(location, 'line', {
      enumerable: true,
      configurable: true,
      get(this: Location) {
        const line = doc.lineOf(path);
        Object.defineProperty(this, 'line', { value: line, enumerable: true, writable: true, configurable: true });
        return line;
      },
      set(this: Location, line: number | undefined) {
        Object.defineProperty(this, 'line', { value: line, enumerable: true, writable: true, configurable: true });
      },
    });
    return location;
  }

  error(message: string, path: KeyPath, notes: readonly string[] = []): UserError {
    return new UserError(message, this.locate(path), notes);
  }
}

/**
 * `head` with `located`'s properties after it, a line not yet looked up (TomlDocument.locate)
 * still not looked up: what `{ ...head, ...located }` gives, without reading every getter.
 */
export function withLocation<H extends object, L extends object>(head: H, located: L): H & L {
  return Object.defineProperties(head, Object.getOwnPropertyDescriptors(located)) as H & L;
}

/** `target.'cfg(unix)'.dependencies.libc`: TOML's own spelling, quoting keys that need it. */
export function formatKeyPath(path: KeyPath): string {
  return path.map((k) => (typeof k === 'number' ? String(k) : /^[A-Za-z0-9_-]+$/.test(k) ? k : `'${k}'`)).join('.');
}

/**
 * A key path as one string, extended a key at a time: each key JSON-quoted (so it holds no raw
 * NUL) after a NUL. Built incrementally while indexing and looking up, so a path n keys deep
 * costs n, not n² (a hostile `[a.a.a...]` header 100,000 keys deep).
 */
function childKey(parent: string, k: string | number): string {
  return `${parent}\u0000${JSON.stringify(k)}`;
}

function indexLines(text: string): Map<string, number> {
  const lines = new Map<string, number>();
  const note = (key: string, line: number): void => {
    // The first definition wins: a later `[a.b]` header must not move where `a` was defined.
    if (!lines.has(key)) lines.set(key, line);
  };
  const visitValue = (key: string, value: AST.TOMLContentNode): void => {
    if (value.type === 'TOMLInlineTable') {
      for (const kv of value.body) visitKeyValue(key, kv);
    } else if (value.type === 'TOMLArray') {
      value.elements.forEach((el, i) => {
        const child = childKey(key, i);
        note(child, el.loc.start.line);
        visitValue(child, el);
      });
    }
  };
  const visitKeyValue = (base: string, kv: AST.TOMLKeyValue): void => {
    let key = base;
    for (const k of kv.key.keys) {
      key = childKey(key, k.type === 'TOMLBare' ? k.name : k.value);
      note(key, kv.loc.start.line);
    }
    visitValue(key, kv.value);
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
      visitKeyValue('', item);
    } else {
      let key = '';
      for (const k of item.resolvedKey) {
        key = childKey(key, k);
        note(key, item.loc.start.line);
      }
      for (const kv of item.body) visitKeyValue(key, kv);
    }
  }
  return lines;
}
