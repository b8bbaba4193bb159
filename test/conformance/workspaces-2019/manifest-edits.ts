import type { WorkspaceFixture } from './fixtures.js';

/**
 * The what-if edits `explain` suggests (`--bump`, `--remove`, `--features`, `--[no-]default-features`),
 * applied to a fixture's manifest text, so real cargo can check a suggested fix. Only the forms
 * the fixtures use are handled (one dependency per line, a string or an inline table with
 * `version`, JSON-style feature lists); anything else returns a reason instead of a guess, and
 * the caller counts the suggestion as unchecked rather than checking something else.
 */
export function applyEditFlags(
  f: WorkspaceFixture,
  flags: readonly string[],
): { files: Record<string, string> } | { unsupported: string } {
  const files = { ...f.files };
  for (const flag of flags) {
    const m =
      /^(--bump|--remove|--features|--no-default-features|--default-features) (?:([^:=\s]+):)?([^=\s]+)(?:=(.+))?$/.exec(
        flag,
      );
    if (!m) return { unsupported: `edit \`${flag}\`` };
    const [, kind, member, dep, value] = m as unknown as [
      string,
      string,
      string | undefined,
      string,
      string | undefined,
    ];
    const targets = Object.keys(files).filter(
      (p) => p.endsWith('Cargo.toml') && (member ? packageName(files[p]!) === member : true),
    );
    if (member && targets.length !== 1) return { unsupported: `member \`${member}\` in ${flag}` };
    let touched = 0;
    for (const path of targets) {
      const text = files[path]!;
      const r =
        kind === '--bump'
          ? bump(text, dep, value!)
          : kind === '--remove'
            ? remove(text, dep)
            : kind === '--features'
              ? editInline(text, dep, (t) => withFeatures(t, value!))
              : editInline(text, dep, (t) => withDefaultFeatures(t, kind === '--default-features'));
      if ('unsupported' in r) return { unsupported: `${flag} in ${path}: ${r.unsupported}` };
      touched += r.count;
      files[path] = r.text;
    }
    if (touched === 0) return { unsupported: `${flag}: no dependency line found` };
  }
  return { files };
}

function packageName(manifest: string): string | undefined {
  const pkg = /^\[package\]\s*\n([\s\S]*?)(?=^\[|(?![\s\S]))/m.exec(manifest)?.[1] ?? '';
  return /^name\s*=\s*"([^"]+)"/m.exec(pkg)?.[1];
}

interface DepLine {
  index: number;
  key: string;
  value: string;
}

/** Lines of dependency tables that name `dep` by key or by `package = "dep"`. */
function depLines(lines: string[], dep: string): DepLine[] | { unsupported: string } {
  const out: DepLine[] = [];
  let inDeps = false;
  for (const [index, line] of lines.entries()) {
    const header = /^\s*\[([^\]]+)\]\s*$/.exec(line);
    if (header) {
      const name = header[1]!.trim();
      if (/(^|\.)(dependencies|dev-dependencies|build-dependencies)\.\S/.test(name) && name.endsWith(`.${dep}`)) {
        return { unsupported: `table form [${name}]` };
      }
      inDeps = /(^|\.)(dependencies|dev-dependencies|build-dependencies)$/.test(name) && !name.startsWith('workspace.');
      continue;
    }
    if (!inDeps) continue;
    const kv = /^\s*([A-Za-z0-9_-]+)(\.workspace)?\s*=\s*(.*)$/.exec(line);
    if (!kv) continue;
    const [, key, dotted, value] = kv as unknown as [string, string, string | undefined, string];
    const pkg = /\bpackage\s*=\s*"([^"]+)"/.exec(value)?.[1];
    if (key !== dep && pkg !== dep) continue;
    if (dotted || /\bworkspace\s*=\s*true/.test(value))
      return { unsupported: 'inherited from [workspace.dependencies]' };
    out.push({ index, key, value });
  }
  return out;
}

function bump(text: string, dep: string, req: string): { text: string; count: number } | { unsupported: string } {
  const lines = text.split('\n');
  const found = depLines(lines, dep);
  if (!Array.isArray(found)) return found;
  let count = 0;
  for (const d of found) {
    // --bump changes registry requirements only; a path dependency keeps its path.
    if (/\bpath\s*=/.test(d.value)) continue;
    if (/^"/.test(d.value)) lines[d.index] = `${d.key} = ${JSON.stringify(req)}`;
    else if (/\bversion\s*=\s*"[^"]*"/.test(d.value)) {
      lines[d.index] = `${d.key} = ${d.value.replace(/\bversion\s*=\s*"[^"]*"/, `version = ${JSON.stringify(req)}`)}`;
    } else return { unsupported: `no version in \`${d.value}\`` };
    count++;
  }
  return { text: lines.join('\n'), count };
}

/** Rewrites the inline table of every line naming `dep` (a bare requirement becomes `{ version = ... }`). */
function editInline(
  text: string,
  dep: string,
  f: (table: string) => string,
): { text: string; count: number } | { unsupported: string } {
  const lines = text.split('\n');
  const found = depLines(lines, dep);
  if (!Array.isArray(found)) return found;
  for (const d of found) {
    const table = /^"/.test(d.value) ? `{ version = ${d.value.trim()} }` : d.value.trim();
    if (!/^\{.*\}$/.test(table)) return { unsupported: `not an inline table: \`${d.value}\`` };
    lines[d.index] = `${d.key} = ${f(table)}`;
  }
  return { text: lines.join('\n'), count: found.length };
}

/** `+a,-b`: features turned on and off, as the what-if `--features` flag spells them. */
function withFeatures(table: string, spec: string): string {
  const current = /\bfeatures\s*=\s*(\[[^\]]*\])/.exec(table);
  let features = current ? (JSON.parse(current[1]!) as string[]) : [];
  for (const part of spec.split(',')) {
    const name = part.replace(/^[+-]/, '');
    features = features.filter((x) => x !== name);
    if (!part.startsWith('-')) features.push(name);
  }
  const list = `features = ${JSON.stringify(features)}`;
  return current ? table.replace(current[0], list) : table.replace(/\s*\}$/, `, ${list} }`);
}

function withDefaultFeatures(table: string, on: boolean): string {
  const setting = `default-features = ${on}`;
  return /\bdefault-features\s*=\s*\w+/.test(table)
    ? table.replace(/\bdefault-features\s*=\s*\w+/, setting)
    : table.replace(/\s*\}$/, `, ${setting} }`);
}

function remove(text: string, dep: string): { text: string; count: number } | { unsupported: string } {
  const lines = text.split('\n');
  const found = depLines(lines, dep);
  if (!Array.isArray(found)) return found;
  if (found.some((d) => new RegExp(`"(dep:)?${escapeRegExp(d.key)}(/[^"]*)?"`).test(featuresTable(text)))) {
    return { unsupported: 'a [features] entry names it' };
  }
  const drop = new Set(found.map((d) => d.index));
  return { text: lines.filter((_, i) => !drop.has(i)).join('\n'), count: found.length };
}

function featuresTable(text: string): string {
  return /^\[features\]\s*\n([\s\S]*?)(?=^\[|(?![\s\S]))/m.exec(text)?.[1] ?? '';
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
