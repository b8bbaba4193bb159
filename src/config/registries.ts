import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { CargoConfig } from './config.js';

/**
 * `GlobalContext::get_registry_index`: `registries.<name>.index` (or
 * `CARGO_REGISTRIES_<NAME>_INDEX`), which must be an absolute URL; a `file:` URL may be relative,
 * to the directory holding the `.cargo` directory that defined it.
 */
export function registryIndex(config: CargoConfig, name: string): string | undefined {
  const setting = config.string(['registries', name, 'index']);
  if (setting === undefined) return undefined;
  const fail = (reason: string) =>
    config.errorDefinedIn((where) => `invalid index URL for registry \`${name}\`${where ? ` defined in ${where}` : ''}: ${reason}`, setting);
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
