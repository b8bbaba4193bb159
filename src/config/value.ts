import { TomlDate, type TomlValue } from 'smol-toml';
import { UserError } from '../errors.js';
import { formatKeyPath, type KeyPath, type TomlDocument } from '../manifest/toml-document.js';

/**
 * Cargo's configuration values (`ConfigValue` in cargo's `util/context/`): TOML values that
 * remember where they were defined, so that a merged tree can still say which file (and line)
 * a value came from, resolve a relative path against that file, and tell a deeper file's value
 * from a shallower one's.
 */
export type Definition =
  | { kind: 'file'; file: string; doc: TomlDocument }
  | { kind: 'env'; name: string }
  | { kind: 'builtin' };

interface Defined {
  def: Definition;
  /** Where the value sits in the file that defined it: for its line. */
  keyPath: KeyPath;
}

export type ConfigValue =
  | ({ type: 'string'; value: string } & Defined)
  | ({ type: 'integer'; value: bigint } & Defined)
  | ({ type: 'boolean'; value: boolean } & Defined)
  | ({ type: 'array'; items: ConfigValue[] } & Defined)
  | ({ type: 'table'; entries: Map<string, ConfigValue> } & Defined);

export type ConfigTable = Extract<ConfigValue, { type: 'table' }>;

/** As cargo prints a definition: the file's path, or the environment variable. */
export function describeDefinition(def: Definition): string {
  switch (def.kind) {
    case 'file':
      return def.file;
    case 'env':
      return `environment variable \`${def.name}\``;
    case 'builtin':
      return 'default';
  }
}

/** Cargo's `Definition::is_higher_priority`: the environment over files over built-in values. */
export function isHigherPriority(a: Definition, b: Definition): boolean {
  return rank(a) > rank(b);
}

function rank(def: Definition): number {
  return def.kind === 'env' ? 2 : def.kind === 'file' ? 1 : 0;
}

/** Cargo's `desc()`, with the article English wants. */
export function describeType(v: ConfigValue): string {
  switch (v.type) {
    case 'integer':
      return 'an integer';
    case 'array':
      return 'an array';
    default:
      return `a ${v.type}`;
  }
}

/**
 * A value for `where` in an error: the file and line that define it, or the environment
 * variable. Errors about a value always come through here, so each names its origin.
 */
export function configError(message: string, def: Definition, keyPath: KeyPath): UserError {
  if (def.kind === 'file') return def.doc.error(message, keyPath);
  if (def.kind === 'env') return new UserError(`error in ${describeDefinition(def)}: ${message}`);
  return new UserError(message);
}

/**
 * An error whose cargo message says where the value was defined (`(defined in …)`): for a file,
 * the error's location says it, with the line; for a variable, the message does.
 */
export function definedInError(
  message: (where: string | undefined) => string,
  def: Definition,
  keyPath: KeyPath,
): UserError {
  if (def.kind === 'file') return def.doc.error(message(undefined), keyPath);
  return new UserError(message(describeDefinition(def)));
}

/** `ConfigValue::from_toml`: cargo's configuration has no floats and no dates. */
export function fromToml(value: TomlValue, def: Definition, keyPath: KeyPath): ConfigValue {
  if (typeof value === 'string') return { type: 'string', value, def, keyPath };
  if (typeof value === 'boolean') return { type: 'boolean', value, def, keyPath };
  if (typeof value === 'bigint') return { type: 'integer', value, def, keyPath };
  const unsupported = (type: string): never => {
    throw configError(
      `failed to parse config at \`${formatKeyPath(keyPath)}\`: unsupported TOML configuration type \`${type}\``,
      def,
      keyPath,
    );
  };
  if (typeof value === 'number') return unsupported('float');
  if (value instanceof TomlDate || value instanceof Date) return unsupported('datetime');
  if (Array.isArray(value)) {
    return { type: 'array', items: value.map((v, i) => fromToml(v, def, [...keyPath, i])), def, keyPath };
  }
  if (typeof value === 'object' && value !== null) {
    const entries = new Map<string, ConfigValue>();
    for (const [k, v] of Object.entries(value)) entries.set(k, fromToml(v as TomlValue, def, [...keyPath, k]));
    return { type: 'table', entries, def, keyPath };
  }
  return unsupported(typeof value);
}

/**
 * `ConfigValue::merge`: tables merge key by key; arrays are joined, the higher-precedence items
 * last; other values are replaced when `from` has a higher priority (or `force`, for `include`
 * files, where later wins). A table or array meeting anything else is an error.
 */
export function mergeInto(into: ConfigValue, from: ConfigValue, force: boolean): ConfigValue {
  if (into.type === 'table' && from.type === 'table') {
    for (const [key, value] of from.entries) {
      const old = into.entries.get(key);
      into.entries.set(key, old === undefined ? value : mergeInto(old, value, force));
    }
    return into;
  }
  if (into.type === 'array' && from.type === 'array') {
    // Cargo keeps every list mergeable that this tool reads (program paths are the exceptions).
    into.items = force ? [...into.items, ...from.items] : [...from.items, ...into.items];
    // A stable sort by priority: environment values after files' (cargo sorts by definition).
    into.items.sort((a, b) => rank(a.def) - rank(b.def));
    return into;
  }
  const container = (v: ConfigValue) => v.type === 'table' || v.type === 'array';
  if (container(into) || container(from)) {
    const expected = into.type === 'array' ? 'array' : into.type === 'table' ? 'table' : into.type;
    const found = from.type;
    throw configError(
      `failed to merge config value from \`${describeDefinition(from.def)}\` into \`${describeDefinition(into.def)}\`: expected ${expected}, but found ${found}`,
      from.def,
      from.keyPath,
    );
  }
  return force || isHigherPriority(from.def, into.def) ? from : into;
}
