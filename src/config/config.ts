import path from 'node:path';
import type { UserError } from '../errors.js';
import type { RegistryIndexes } from '../manifest/registries.js';
import { formatKeyPath, type KeyPath } from '../manifest/toml-document.js';
import { loadConfigFiles } from './files.js';
import { cargoHome } from './home.js';
import { registryIndex } from './registries.js';
import {
  type ConfigTable,
  type ConfigValue,
  configError,
  type Definition,
  definedInError,
  describeType,
  isHigherPriority,
} from './value.js';

export interface LoadConfigOptions {
  /** Where cargo would run: its configuration is looked up from here upwards. */
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** `$CARGO_HOME`; by default from `env`, as cargo finds it. */
  home?: string;
}

/** A value and where it was defined. */
export interface Setting<T> {
  value: T;
  def: Definition;
  /** The key path where it was defined (in its file), for the error line. */
  keyPath: KeyPath;
}

type IntegerType = 'u32' | 'u64';
const INTEGER_MAX: Record<IntegerType, bigint> = { u32: 0xffff_ffffn, u64: 0xffff_ffff_ffff_ffffn };

/**
 * Cargo's configuration as cargo 1.95 reads it (`GlobalContext`): the merged files, and for each
 * key the `CARGO_*` environment variable that overrides them (`CARGO_NET_RETRY` for `net.retry`:
 * uppercase, dots and dashes as underscores). Values are checked when read, with cargo's
 * messages, each naming the file and line (or the variable) that defined the bad value.
 */
export class CargoConfig implements RegistryIndexes {
  private constructor(
    readonly cwd: string,
    readonly home: string,
    readonly env: NodeJS.ProcessEnv,
    private readonly root: ConfigTable,
    /** The files read, deepest first. */
    readonly files: readonly string[],
    readonly warnings: readonly string[],
  ) {}

  static load(options: LoadConfigOptions = {}): CargoConfig {
    const cwd = path.resolve(options.cwd ?? process.cwd());
    const env = options.env ?? process.env;
    const home = options.home ?? cargoHome(env, cwd);
    const { root, files, warnings } = loadConfigFiles(cwd, home);
    return new CargoConfig(cwd, home, env, root, files, warnings);
  }

  /** `registries.<name>.index`, as manifests ask for it (see registries.ts). */
  registryIndex(name: string): string | undefined {
    return registryIndex(this, name);
  }

  /** The environment variable that overrides `key`. */
  static envName(key: readonly string[]): string {
    return ['CARGO', ...key.map((k) => k.replace(/-/g, '_').toUpperCase())].join('_');
  }

  /** `get_cv`: the merged files' value, without the environment. */
  fileValue(key: readonly string[]): ConfigValue | undefined {
    let value: ConfigValue = this.root;
    for (let i = 0; i < key.length; i++) {
      if (value.type !== 'table') {
        throw configError(
          `expected table for configuration key \`${formatKeyPath(key.slice(0, i))}\`, but found ${value.type} in ${describeDef(value.def)}`,
          value.def,
          value.keyPath,
        );
      }
      const next = value.entries.get(key[i]!);
      if (next === undefined) return undefined;
      value = next;
    }
    return value;
  }

  /** The keys of a table in the files (sorted; the environment cannot add any). */
  tableKeys(key: readonly string[]): string[] {
    const table = this.fileValue(key);
    if (table === undefined) return [];
    if (table.type !== 'table') throw this.expected(key, 'a table', table);
    return [...table.entries.keys()].sort();
  }

  /**
   * `fromEnv: false` for the keys cargo reads only from files, whatever its documentation's
   * general rule says: `source.*` (checked with cargo 1.95).
   */
  string(key: readonly string[], { fromEnv = true } = {}): Setting<string> | undefined {
    const env = fromEnv ? this.envSetting(key, (text) => text) : undefined;
    const file = this.fileValue(key);
    if (file !== undefined && file.type !== 'string') throw this.expected(key, 'a string', file);
    return pick(file, env);
  }

  boolean(key: readonly string[]): Setting<boolean> | undefined {
    const env = this.envSetting(key, (text) => {
      if (text === 'true' || text === 'false') return text === 'true';
      throw 'provided string was not `true` or `false`';
    });
    const file = this.fileValue(key);
    if (file !== undefined && file.type !== 'boolean') throw this.expected(key, 'true/false', file);
    return pick(file, env);
  }

  integer(key: readonly string[], type: IntegerType): Setting<number> | undefined {
    const env = this.envSetting(key, parseI64);
    const file = this.fileValue(key);
    if (file !== undefined && file.type !== 'integer') throw this.expected(key, 'an integer', file);
    const setting = pick(file, env);
    if (setting === undefined) return undefined;
    if (setting.value < 0n || setting.value > INTEGER_MAX[type]) {
      throw configError(
        `could not load config key \`${formatKeyPath(key)}\`: invalid value: integer \`${setting.value}\`, expected ${type}`,
        setting.def,
        setting.keyPath,
      );
    }
    return { ...setting, value: Number(setting.value) };
  }

  /**
   * A path (`ConfigRelativePath`): relative to the directory holding the `.cargo` directory of
   * the file that set it (so `$CARGO_HOME/config.toml`'s are relative to `$CARGO_HOME/..`), or to
   * the working directory when set in the environment.
   */
  path(key: readonly string[], options: { fromEnv?: boolean } = {}): Setting<string> | undefined {
    const setting = this.string(key, options);
    if (setting === undefined) return undefined;
    return { ...setting, value: path.resolve(this.rootOf(setting.def), setting.value) };
  }

  /** `Definition::root`: what a relative path or `file:` URL defined there is relative to. */
  rootOf(def: Definition): string {
    return def.kind === 'file' ? path.dirname(path.dirname(def.file)) : this.cwd;
  }

  error(message: string, setting: { def: Definition; keyPath: KeyPath }): UserError {
    return configError(message, setting.def, setting.keyPath);
  }

  /** See `definedInError`: `message` gets where the value was defined, unless a file location says it. */
  errorDefinedIn(
    message: (where: string | undefined) => string,
    setting: { def: Definition; keyPath: KeyPath },
  ): UserError {
    return definedInError(message, setting.def, setting.keyPath);
  }

  private envSetting<T>(key: readonly string[], parse: (text: string) => T): Setting<T> | undefined {
    const name = CargoConfig.envName(key);
    const text = this.env[name];
    if (text === undefined) return undefined;
    const def: Definition = { kind: 'env', name };
    try {
      return { value: parse(text), def, keyPath: key };
    } catch (reason) {
      if (typeof reason !== 'string') throw reason;
      throw configError(reason, def, key);
    }
  }

  private expected(key: readonly string[], what: string, found: ConfigValue): UserError {
    return configError(
      `\`${formatKeyPath(key)}\` expected ${what}, but found ${describeType(found)}`,
      found.def,
      found.keyPath,
    );
  }
}

function describeDef(def: Definition): string {
  return def.kind === 'file' ? def.file : def.kind === 'env' ? `environment variable \`${def.name}\`` : 'default';
}

/** A file's value or the environment's, whichever cargo takes (the environment, over files). */
function pick<T>(file: ConfigValue | undefined, env: Setting<T> | undefined): Setting<T> | undefined {
  if (file === undefined) return env;
  const fromFile = { value: (file as { value: unknown }).value as T, def: file.def, keyPath: file.keyPath };
  if (env === undefined) return fromFile;
  return isHigherPriority(file.def, env.def) ? fromFile : env;
}

/** Rust's `i64::from_str`, messages included. */
function parseI64(text: string): bigint {
  if (text === '') throw 'cannot parse integer from empty string';
  if (!/^[+-]?[0-9]+$/.test(text) || text === '+' || text === '-') throw 'invalid digit found in string';
  const n = BigInt(text);
  if (n > 0x7fff_ffff_ffff_ffffn) throw 'number too large to fit in target type';
  if (n < -0x8000_0000_0000_0000n) throw 'number too small to fit in target type';
  return n;
}
