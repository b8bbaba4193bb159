import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { UserError } from '../errors.js';
import type { KeyPath } from '../manifest/toml-document.js';
import type { Definition } from './value.js';

/** What reading `registries.<name>.index` needs of the configuration (CargoConfig has it). */
export interface RegistrySettings {
  string(key: readonly string[]): { value: string; def: Definition; keyPath: KeyPath } | undefined;
  /** The directory holding the `.cargo` directory that defined a value. */
  rootOf(def: Definition): string;
  errorDefinedIn(
    message: (where: string | undefined) => string,
    setting: { def: Definition; keyPath: KeyPath },
  ): UserError;
}

/**
 * `GlobalContext::get_registry_index`: `registries.<name>.index` (or
 * `CARGO_REGISTRIES_<NAME>_INDEX`), which must be an absolute URL; a `file:` URL may be relative,
 * to the directory holding the `.cargo` directory that defined it.
 */
export function registryIndex(config: RegistrySettings, name: string): string | undefined {
  const setting = config.string(['registries', name, 'index']);
  if (setting === undefined) return undefined;
  const fail = (reason: string) =>
    config.errorDefinedIn(
      (where) => `invalid index URL for registry \`${name}\`${where ? ` defined in ${where}` : ''}: ${reason}`,
      setting,
    );
  try {
    new URL(setting.value);
  } catch {
    throw fail(`invalid url \`${setting.value}\`: relative URL without a base`);
  }
  const base = pathToFileURL(path.join(config.rootOf(setting.def), 'truncated-by-url_with_base'));
  const url = new URL(setting.value, base);
  if (url.password) throw fail('registry URLs may not contain passwords');
  return url.href;
}
