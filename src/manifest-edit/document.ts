import { type AST, getStaticTOMLValue, parseTOML } from 'toml-eslint-parser';

/** A key path into a TOML document; numbers index arrays. */
export type Path = readonly (string | number)[];

/**
 * A TOML text with its syntax tree, for edits that must leave every byte they do not change
 * alone. toml-eslint-parser keeps source ranges for every key, value, header and comma; a key
 * path can be defined in several places at once (a `[a]` header, `a.b = 1` dotted keys in
 * another table, `[a.c]` sub-tables), so `locate` reports all of them and each edit picks the
 * one that fits.
 */
export class TomlText {
  readonly ast: AST.TOMLProgram;
  readonly eol: string;
  private kvs: { kv: AST.TOMLKeyValue; path: Path; container: Path }[] | undefined;

  constructor(readonly text: string) {
    // Cargo 1.95 reads TOML 1.1 (newlines and trailing commas in inline tables).
    this.ast = parseTOML(text, { tomlVersion: 'latest' });
    this.eol = /\r\n/.test(text) ? '\r\n' : '\n';
  }

  /** The whole document as plain values. */
  value(): Record<string, unknown> {
    return getStaticTOMLValue(this.ast) as Record<string, unknown>;
  }

  valueAt(path: Path): unknown {
    let v: unknown = this.value();
    for (const k of path) {
      if (v === null || typeof v !== 'object') return undefined;
      v = (v as Record<string | number, unknown>)[k];
    }
    return v;
  }

  get tables(): AST.TOMLTable[] {
    return this.ast.body[0].body.filter((n): n is AST.TOMLTable => n.type === 'TOMLTable');
  }

  /** Every key/value pair, including those inside inline tables, with its full key path. */
  keyValues(): { kv: AST.TOMLKeyValue; path: Path; container: Path }[] {
    if (this.kvs) return this.kvs;
    const out: { kv: AST.TOMLKeyValue; path: Path; container: Path }[] = [];
    const visitValue = (path: Path, node: AST.TOMLContentNode) => {
      if (node.type === 'TOMLInlineTable') for (const kv of node.body) visitKv(path, kv);
      else if (node.type === 'TOMLArray') for (const [i, el] of node.elements.entries()) visitValue([...path, i], el);
    };
    const visitKv = (container: Path, kv: AST.TOMLKeyValue) => {
      const path = [...container, ...kv.key.keys.map(keyName)];
      out.push({ kv, path, container });
      visitValue(path, kv.value);
    };
    for (const item of this.ast.body[0].body) {
      if (item.type === 'TOMLKeyValue') visitKv([], item);
      else for (const kv of item.body) visitKv(item.resolvedKey, kv);
    }
    return (this.kvs = out);
  }

  locate(path: Path): Located {
    const loc: Located = { dotted: [], subtables: [] };
    for (const { kv, path: p, container } of this.keyValues()) {
      if (samePath(p, path)) loc.value = kv;
      else if (startsWith(p, path) && container.length < path.length) loc.dotted.push({ kv, container });
    }
    for (const t of this.tables) {
      if (t.kind !== 'standard') continue;
      if (samePath(t.resolvedKey, path)) loc.header = t;
      else if (startsWith(t.resolvedKey, path)) loc.subtables.push(t);
    }
    return loc;
  }

  // --- positions -------------------------------------------------------------------------

  lineStart(pos: number): number {
    return this.text.lastIndexOf('\n', pos - 1) + 1;
  }

  /** The end of the line holding `pos`, before its line break (comments included). */
  lineEnd(pos: number): number {
    const nl = this.text.indexOf('\n', pos);
    if (nl < 0) return this.text.length;
    return nl > 0 && this.text[nl - 1] === '\r' ? nl - 1 : nl;
  }

  /** Just past the line break ending the line at `pos` (or the end of the text). */
  nextLine(pos: number): number {
    const nl = this.text.indexOf('\n', pos);
    return nl < 0 ? this.text.length : nl + 1;
  }

  indentOf(pos: number): string {
    const start = this.lineStart(pos);
    return /^[ \t]*/.exec(this.text.slice(start, pos))![0];
  }

  /** Whether only blanks precede `pos` on its line. */
  startsLine(pos: number): boolean {
    return /^[ \t]*$/.test(this.text.slice(this.lineStart(pos), pos));
  }

  /** Whether only blanks, a comma and a comment follow `pos` on its line. */
  endsLine(pos: number): boolean {
    return /^[ \t]*,?[ \t]*(#.*)?$/.test(this.text.slice(pos, this.lineEnd(pos)));
  }

  /** The comma token between `from` and `to`, if any. */
  commaBetween(from: number, to: number): AST.Token | undefined {
    return this.ast.tokens.find(
      (t) => t.type === 'Punctuator' && t.value === ',' && t.range[0] >= from && t.range[1] <= to,
    );
  }
}

/** Everything that defines one key path. */
export interface Located {
  /** `path = value`, possibly spelled with dotted keys or inside an inline table. */
  value?: AST.TOMLKeyValue;
  /** A `[path]` header. */
  header?: AST.TOMLTable;
  /** Dotted keys that define something below `path` (`path.x = 1` in an enclosing table). */
  dotted: { kv: AST.TOMLKeyValue; container: Path }[];
  /** `[path.x]` headers. */
  subtables: AST.TOMLTable[];
}

export function isDefined(loc: Located): boolean {
  return loc.value !== undefined || loc.header !== undefined || loc.dotted.length > 0 || loc.subtables.length > 0;
}

export function keyName(k: AST.TOMLBare | AST.TOMLQuoted): string {
  return k.type === 'TOMLBare' ? k.name : k.value;
}

export function samePath(a: Path, b: Path): boolean {
  return a.length === b.length && a.every((k, i) => k === b[i]);
}

export function startsWith(p: Path, prefix: Path): boolean {
  return p.length > prefix.length && prefix.every((k, i) => p[i] === k);
}
