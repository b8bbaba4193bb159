import { existsSync, realpathSync } from 'node:fs';
import path from 'node:path';
import { UserError } from '../errors.js';
import { TomlDocument } from '../manifest/toml-document.js';
import { type ConfigTable, type ConfigValue, configError, type Definition, fromToml, mergeInto } from './value.js';

/**
 * Cargo's configuration files as cargo 1.95 finds and merges them (`GlobalContext::walk_tree`,
 * `load_values_from`, `load_includes`): `.cargo/config.toml` (or the legacy `.cargo/config`) in
 * the working directory and each directory above it, deepest first, then `$CARGO_HOME`'s unless
 * the walk already passed it. A deeper file's value wins; arrays are joined.
 */
export interface ConfigFiles {
  /** Every key of every file, merged. */
  root: ConfigTable;
  /** The files read, in the order cargo reads them (deepest first, includes before their file). */
  files: string[];
  warnings: string[];
}

export function loadConfigFiles(cwd: string, home: string): ConfigFiles {
  const warnings: string[] = [];
  const files: string[] = [];
  const root: ConfigTable = { type: 'table', entries: new Map(), def: { kind: 'builtin' }, keyPath: [] };
  for (const file of discoverConfigFiles(cwd, home, warnings)) {
    const value = loadFile(file, new Set(), files);
    mergeInto(root, value, false);
  }
  return { root, files, warnings };
}

/** The files `walk_tree` visits, in its order. */
export function discoverConfigFiles(cwd: string, home: string, warnings: string[] = []): string[] {
  const found: string[] = [];
  const seen = new Set<string>();
  for (let dir = path.resolve(cwd); ; ) {
    const configDir = path.join(dir, '.cargo');
    const file = configFileIn(configDir, warnings);
    if (file) found.push(file);
    seen.add(canonical(configDir));
    const parent = path.dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  if (!seen.has(canonical(home)) && !seen.has(home)) {
    const file = configFileIn(home, warnings);
    if (file) found.push(file);
  }
  return found;
}

/**
 * `get_file_path`: the legacy `config` wins when both exist (with a warning, unless one is a
 * link to the other), and is deprecated when alone.
 */
function configFileIn(dir: string, warnings: string[]): string | undefined {
  const legacy = path.join(dir, 'config');
  const current = path.join(dir, 'config.toml');
  if (existsSync(legacy)) {
    if (existsSync(current)) {
      if (canonical(legacy) !== canonical(current))
        warnings.push(`both \`${legacy}\` and \`${current}\` exist. Using \`${legacy}\``);
    } else {
      warnings.push(
        `\`${legacy}\` is deprecated in favor of \`config.toml\`\n  = help: if you need to support cargo 1.38 or earlier, you can symlink \`config\` to \`config.toml\``,
      );
    }
    return legacy;
  }
  return existsSync(current) ? current : undefined;
}

function canonical(p: string): string {
  // Most directories have no `.cargo`: asking first spares realpath's exception.
  if (!existsSync(p)) return p;
  try {
    return realpathSync(p);
  } catch {
    return p;
  }
}

/** `_load_file` with includes: the included files first, left to right, then the file itself. */
function loadFile(file: string, seen: Set<string>, files: string[]): ConfigValue {
  if (seen.has(file)) throw new UserError(`config \`include\` cycle detected with path \`${file}\``, { file });
  seen.add(file);
  const doc = TomlDocument.read(file, { integersAsBigInt: true });
  const def: Definition = { kind: 'file', file, doc };
  const value = fromToml(doc.root, def, []) as ConfigTable;
  const includes = includePaths(value);
  value.entries.delete('include');
  if (includes.length === 0) {
    files.push(file);
    return value;
  }
  let merged: ConfigValue = { type: 'table', entries: new Map(), def, keyPath: [] };
  for (const include of includes) {
    const target = path.resolve(path.dirname(file), include.path);
    if (include.optional && !existsSync(target)) continue;
    if (!existsSync(target)) {
      throw configError(
        `failed to load config include \`${include.path}\` from \`${file}\`: No such file or directory`,
        def,
        include.keyPath,
      );
    }
    merged = mergeInto(merged, loadFile(target, seen, files), true);
  }
  files.push(file);
  return mergeInto(merged, value, true);
}

interface Include {
  path: string;
  optional: boolean;
  keyPath: (string | number)[];
}

/** `include_paths`: a list of paths (or `{ path, optional }` tables) ending in `.toml`. */
function includePaths(value: ConfigTable): Include[] {
  const include = value.entries.get('include');
  if (include === undefined) return [];
  const where = describeFile(include.def);
  if (include.type !== 'array') {
    throw configError(
      `expected a list of strings or a list of tables, but found ${include.type} at \`include\` in \`${where}\``,
      include.def,
      ['include'],
    );
  }
  const out = include.items.map((item, i): Include => {
    const keyPath = ['include', i];
    if (item.type === 'string') return { path: item.value, optional: false, keyPath };
    if (item.type !== 'table') {
      throw configError(
        `expected a string or table, but found ${item.type} at \`include[${i}]\` in ${where}`,
        item.def,
        keyPath,
      );
    }
    const p = item.entries.get('path');
    if (p === undefined)
      throw configError(`missing field \`path\` at \`include[${i}]\` in \`${where}\``, item.def, keyPath);
    if (p.type !== 'string') {
      throw configError(`expected a string, but found ${p.type} at \`include[${i}].path\` in \`${where}\``, item.def, [
        ...keyPath,
        'path',
      ]);
    }
    const optional = item.entries.get('optional');
    if (optional !== undefined && optional.type !== 'boolean') {
      throw configError(
        `expected a boolean, but found ${optional.type} at \`include[${i}].optional\` in \`${where}\``,
        item.def,
        [...keyPath, 'optional'],
      );
    }
    return { path: p.value, optional: optional?.value === true, keyPath };
  });
  for (const inc of out) {
    const fail = (what: string) =>
      configError(
        `expected a config include path ${what}, but found \`${inc.path}\` from \`${where}\``,
        include.def,
        inc.keyPath,
      );
    if (path.extname(inc.path) !== '.toml') throw fail('ending with `.toml`');
    if (/[*?[]/.test(inc.path)) throw fail('without glob patterns');
    if (/[{}]/.test(inc.path)) throw fail('without template braces');
  }
  return out;
}

function describeFile(def: Definition): string {
  return def.kind === 'file' ? def.file : 'default';
}
