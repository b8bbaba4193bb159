/**
 * The key of a `[target.<platform>]` table, parsed as cargo-platform does: a target triple or a
 * `cfg(...)` expression. Cargo prints a platform in a canonical spelling (`cfg(target_os = "linux")`
 * however it was written), and that spelling is what `Dependency.target` carries, so two tables
 * that differ only in spacing name the same platform.
 */
export type Cfg =
  | { kind: 'name'; name: string; raw: boolean }
  | { kind: 'key-pair'; name: string; raw: boolean; value: string };

export type CfgExpr =
  | { kind: 'not'; expr: CfgExpr }
  | { kind: 'all'; exprs: CfgExpr[] }
  | { kind: 'any'; exprs: CfgExpr[] }
  | { kind: 'value'; cfg: Cfg }
  | { kind: 'true' }
  | { kind: 'false' };

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

const platforms = new Map<string, Platform>();

/** Parsed once per text: index entries repeat the same few targets thousands of times. */
export function parsePlatform(text: string): Platform {
  let p = platforms.get(text);
  if (!p) {
    p = parsePlatformUncached(text);
    platforms.set(text, p);
  }
  return p;
}

function parsePlatformUncached(text: string): Platform {
  if (text.startsWith('cfg(') && text.endsWith(')')) {
    return { kind: 'cfg', expr: parseCfgExpr(text.slice(4, -1)) };
  }
  const bad = [...text].find((c) => !(/^[\p{L}\p{N}]$/u.test(c) || c === '_' || c === '-' || c === '.'));
  if (bad !== undefined) {
    const reason = text.includes('(')
      ? 'unexpected `(` character, cfg expressions must start with `cfg(`'
      : `unexpected character ${bad} in target name`;
    throw new PlatformParseError(text, `invalid target specifier: ${reason}`);
  }
  return { kind: 'name', name: text };
}

export function platformText(p: Platform): string {
  return p.kind === 'name' ? p.name : `cfg(${cfgExprText(p.expr)})`;
}

export function cfgExprText(e: CfgExpr): string {
  switch (e.kind) {
    case 'not':
      return `not(${cfgExprText(e.expr)})`;
    case 'all':
      return `all(${e.exprs.map(cfgExprText).join(', ')})`;
    case 'any':
      return `any(${e.exprs.map(cfgExprText).join(', ')})`;
    case 'value': {
      const name = `${e.cfg.raw ? 'r#' : ''}${e.cfg.name}`;
      return e.cfg.kind === 'name' ? name : `${name} = "${e.cfg.value}"`;
    }
    case 'true':
    case 'false':
      return e.kind;
  }
}

type Token = { t: '(' | ')' | ',' | '=' } | { t: 'ident'; raw: boolean; name: string } | { t: 'string'; value: string };

const CLASS: Record<Token['t'], string> = {
  '(': '`(`',
  ')': '`)`',
  ',': '`,`',
  '=': '`=`',
  ident: 'an identifier',
  string: 'a string',
};

const identStart = (c: string | undefined): boolean => c !== undefined && /^[A-Za-z_]$/.test(c);
const identRest = (c: string | undefined): boolean => c !== undefined && /^[A-Za-z0-9_]$/.test(c);

// Lazy like cargo's tokenizer: a bad character after a complete expression is reported as
// trailing content, not as a bad character.
class Tokenizer {
  private readonly chars: string[];
  pos = 0;

  constructor(readonly orig: string) {
    this.chars = [...orig];
  }

  fail(reason: string): never {
    throw new PlatformParseError(this.orig, reason);
  }

  peek(): Token | undefined {
    const saved = this.pos;
    try {
      return this.next();
    } finally {
      this.pos = saved;
    }
  }

  /** What is left after skipping spaces, or undefined at the end. */
  rest(): string | undefined {
    let i = this.pos;
    while (this.chars[i] === ' ') i++;
    return i < this.chars.length ? this.chars.slice(i).join('') : undefined;
  }

  next(): Token | undefined {
    const chars = this.chars;
    while (chars[this.pos] === ' ') this.pos++;
    const c = chars[this.pos];
    if (c === undefined) return undefined;
    if (c === '(' || c === ')' || c === ',' || c === '=') {
      this.pos++;
      return { t: c };
    }
    if (c === '"') {
      const end = chars.indexOf('"', this.pos + 1);
      if (end < 0) this.fail('unterminated string in cfg');
      const value = chars.slice(this.pos + 1, end).join('');
      this.pos = end + 1;
      return { t: 'string', value };
    }
    if (identStart(c)) {
      let raw = false;
      if (c === 'r' && chars[this.pos + 1] === '#') {
        const after = chars[this.pos + 2];
        if (after === undefined) this.fail('expected identifier, but cfg expression ended');
        if (!identStart(after)) this.fail(unexpectedChar(after));
        raw = true;
        this.pos += 2;
      }
      const start = this.pos;
      while (identRest(chars[this.pos])) this.pos++;
      return { t: 'ident', raw, name: chars.slice(start, this.pos).join('') };
    }
    return this.fail(unexpectedChar(c));
  }
}

function unexpectedChar(c: string): string {
  return `unexpected character \`${c}\` in cfg, expected parens, a comma, an identifier, or a string`;
}

export function parseCfgExpr(orig: string): CfgExpr {
  const tz: Tokenizer = new Tokenizer(orig);
  const accept = (t: Token['t']): boolean => {
    if (tz.peek()?.t !== t) return false;
    tz.next();
    return true;
  };
  const eat = (t: Token['t']): void => {
    const tok = tz.next();
    if (!tok) tz.fail(`expected ${CLASS[t]}, but cfg expression ended`);
    if (tok.t !== t) tz.fail(`expected ${CLASS[t]}, found ${CLASS[tok.t]}`);
  };
  const cfg = (): Cfg => {
    const tok = tz.next();
    if (!tok) return tz.fail('expected identifier, but cfg expression ended');
    if (tok.t !== 'ident') return tz.fail(`expected identifier, found ${CLASS[tok.t]}`);
    if (!accept('=')) return { kind: 'name', name: tok.name, raw: tok.raw };
    const val = tz.next();
    if (!val) return tz.fail('expected a string, but cfg expression ended');
    if (val.t !== 'string') return tz.fail(`expected a string, found ${CLASS[val.t]}`);
    return { kind: 'key-pair', name: tok.name, raw: tok.raw, value: val.value };
  };
  const expr = (): CfgExpr => {
    const tok = tz.peek();
    if (!tok) return tz.fail('expected start of a cfg expression, but cfg expression ended');
    if (tok.t === 'ident' && !tok.raw && (tok.name === 'all' || tok.name === 'any')) {
      tz.next();
      const exprs: CfgExpr[] = [];
      eat('(');
      while (!accept(')')) {
        exprs.push(expr());
        if (!accept(',')) {
          eat(')');
          break;
        }
      }
      return tok.name === 'all' ? { kind: 'all', exprs } : { kind: 'any', exprs };
    }
    if (tok.t === 'ident' && !tok.raw && tok.name === 'not') {
      tz.next();
      eat('(');
      const inner = expr();
      eat(')');
      return { kind: 'not', expr: inner };
    }
    const c = cfg();
    if (c.kind === 'name' && (c.name === 'true' || c.name === 'false')) return { kind: c.name };
    return { kind: 'value', cfg: c };
  };
  const e = expr();
  const rest = tz.rest();
  if (rest !== undefined) tz.fail(`unexpected content \`${rest}\` found after cfg expression`);
  return e;
}
