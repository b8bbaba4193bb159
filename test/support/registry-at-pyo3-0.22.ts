import { cp, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { indexPath } from '../../src/index/layout.js';

/**
 * The bundled crates.io slice (fixtures/registry) as it stood while pyo3 0.22 was the newest
 * line: the releases of the pyo3 family, numpy and pyo3-async-runtimes past 0.22 left out (they
 * came from November 2024 on, with pyo3 0.23). On it the seed's question is the one its report
 * asked: can arrow_storage follow arrow_quant_v2 to pyo3 0.22? Written into `dir`; returns it.
 */
const CAPPED = [
  'pyo3',
  'pyo3-ffi',
  'pyo3-macros',
  'pyo3-macros-backend',
  'pyo3-build-config',
  'numpy',
  'pyo3-async-runtimes',
];

export async function registryAtPyo3_022(source: string, dir: string): Promise<string> {
  await cp(source, dir, { recursive: true });
  for (const name of CAPPED) {
    const file = join(dir, indexPath(name));
    const lines = (await readFile(file, 'utf8')).split('\n').filter((l) => l.trim() !== '');
    const kept = lines.filter((l) => {
      const [major, minor] = (JSON.parse(l) as { vers: string }).vers.split('.').map(Number);
      return major! > 0 || minor! <= 22;
    });
    await writeFile(file, kept.map((l) => `${l}\n`).join(''));
  }
  return dir;
}
