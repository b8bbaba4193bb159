/**
 * The `target` of a dependency as cargo-platform parses it: either a target name such as
 * `x86_64-pc-windows-gnu` or `cfg(<expr>)`. The index stores the text; cargo refuses an entry
 * whose target does not parse (the 2019 crates.io index has a few, e.g. `cfg(target_arch =
 * "wasm32"` without its `)`), so the grammar has to be exactly cargo's to skip exactly those.
 */
export type CfgExpr =
  | { kind: 'not'; expr: CfgExpr }
  | { kind: 'all' | 'any'; exprs: CfgExpr[] }
  | { kind: 'name'; name: string }
  | { kind: 'key'; name: string; value: string }
  | { kind: 'true' | 'false' };

export type Platform = { kind: 'name'; name: string } | { kind: 'cfg'; expr: CfgExpr };

export class PlatformParseError extends Error {
  constructor(
    readonly text: string,
    readonly reason: string,
  ) {
    super(`failed to parse \`${text}\` as a cfg expression: ${reason}`);
    this.name = 'PlatformParseError';
  }
}

export function parsePlatform(text: string): Platform {
  if (text.startsWith('cfg(') && text.endsWith(')')) {
    return { kind: 'cfg', expr: parseCfgExpr(text.slice(4, -1)) };
  }
  for (const ch of text) {
    if (!/^[\p{Alphabetic}\p{Nd}_.-]$/u.test(ch)) {
      const reason = text.includes('(')
        ? 'unexpected `(` character, cfg expressions must start with `cfg(`'
        : `unexpected character ${ch} in target name`;
      throw new PlatformParseError(text, reason);
    }
  }
  return { kind: 'name', name: text };
}

type Token =
  | { t: '(' | ')' | ',' | '=' }
  | { t: 'ident'; raw: boolean; name: string }
  | { t: 'string'; value: string };

// Only ASCII identifiers and only the space character as whitespace, as cargo-platform has it.
const identStart = (ch: string | undefined) => ch !== undefined && /^[A-Za-z_]$/.test(ch);
const identRest = (ch: string | undefined) => ch !== undefined && /^[A-Za-z_0-9]$/.test(ch);

function tokenize(input: string): Token[] {
  const fail = (reason: string): never => {
    throw new PlatformParseError(input, reason);
  };
  const chars = [...input];
  const out: Token[] = [];
  let i = 0;
  while (i < chars.length) {
    const ch = chars[i]!;
    if (ch === ' ') {
      i++;
    } else if (ch === '(' || ch === ')' || ch === ',' || ch === '=') {
      out.push({ t: ch });
      i++;
    } else if (ch === '"') {
      const end = chars.indexOf('"', i + 1);
      if (end < 0) fail('unterminated string in cfg');
      out.push({ t: 'string', value: chars.slice(i + 1, end).join('') });
      i = end + 1;
    } else if (identStart(ch)) {
      let raw = false;
      let start = i;
      if (ch === 'r' && chars[i + 1] === '#') {
        if (i + 2 >= chars.length) fail('expected identifier, but cfg expression ended');
        if (!identStart(chars[i + 2])) fail(`unexpected character \`${chars[i + 2]}\` in cfg`);
        raw = true;
        start = i + 2;
      }
      i = start + 1;
      while (identRest(chars[i])) i++;
      out.push({ t: 'ident', raw, name: chars.slice(start, i).join('') });
    } else {
      fail(`unexpected character \`${ch}\` in cfg, expected parens, a comma, an identifier, or a string`);
    }
  }
  return out;
}

function describe(tok: Token): string {
  return tok.t === 'ident' ? 'an identifier' : tok.t === 'string' ? 'a string' : `\`${tok.t}\``;
}

export function parseCfgExpr(input: string): CfgExpr {
  const tokens = tokenize(input);
  let pos = 0;
  const fail = (reason: string): never => {
    throw new PlatformParseError(input, reason);
  };
  const peek = (): Token | undefined => tokens[pos];
  const tryEat = (t: Token['t']): boolean => {
    if (peek()?.t !== t) return false;
    pos++;
    return true;
  };
  const eat = (t: Token['t']): void => {
    const tok = tokens[pos++];
    if (!tok) fail(`expected \`${t}\`, but cfg expression ended`);
    if (tok!.t !== t) fail(`expected \`${t}\`, found ${describe(tok!)}`);
  };

  const cfg = (): CfgExpr => {
    const tok = tokens[pos++];
    if (!tok) return fail('expected identifier, but cfg expression ended');
    if (tok.t !== 'ident') return fail(`expected identifier, found ${describe(tok)}`);
    if (tryEat('=')) {
      const val = tokens[pos++];
      if (!val) return fail('expected a string, but cfg expression ended');
      if (val.t !== 'string') return fail(`expected a string, found ${describe(val)}`);
      return { kind: 'key', name: tok.name, value: val.value };
    }
    return { kind: 'name', name: tok.name };
  };

  const expr = (): CfgExpr => {
    const tok = peek();
    if (!tok) return fail('expected start of a cfg expression, but cfg expression ended');
    if (tok.t === 'ident' && !tok.raw && (tok.name === 'all' || tok.name === 'any')) {
      pos++;
      const exprs: CfgExpr[] = [];
      eat('(');
      while (!tryEat(')')) {
        exprs.push(expr());
        if (!tryEat(',')) {
          eat(')');
          break;
        }
      }
      return { kind: tok.name, exprs };
    }
    if (tok.t === 'ident' && !tok.raw && tok.name === 'not') {
      pos++;
      eat('(');
      const inner = expr();
      eat(')');
      return { kind: 'not', expr: inner };
    }
    const value = cfg();
    // cargo compares the identifier's name, so `r#true` is `true` too.
    if (value.kind === 'name' && (value.name === 'true' || value.name === 'false')) return { kind: value.name };
    return value;
  };

  const result = expr();
  if (pos < tokens.length) fail('unexpected content after cfg expression');
  return result;
}
