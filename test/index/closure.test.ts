import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cratesIo } from '../../src/cargo/source-id.js';
import { closure } from '../../src/index/closure.js';
import { directoryIndex } from '../../src/index/directory-source.js';
import { sparseIndex } from '../../src/index/sparse-source.js';
import { IndexSnapshot } from '../../src/index/snapshot.js';
import { startIndexServer, type IndexServer } from '../support/index-server.js';
import { tempDir } from '../support/temp.js';
import { indexFiles, writeIndex, type IndexLine } from '../support/write-index.js';

const registry: IndexLine[] = [
  { name: 'app-lib', vers: '1.0.0', deps: [{ name: 'serde', req: '1' }, { name: 'cc', req: '1', kind: 'build' }] },
  { name: 'app-lib', vers: '2.0.0', deps: [{ name: 'tokio', req: '1', optional: true }, { name: 'criterion', req: '0.3', kind: 'dev' }] },
  { name: 'serde', vers: '1.0.0', deps: [{ name: 'serde_derive', req: '=1.0.0', optional: true }] },
  { name: 'serde_derive', vers: '1.0.0', deps: [{ name: 'syn', req: '1' }] },
  { name: 'syn', vers: '1.0.0', deps: [{ name: 'proc-macro2', req: '1' }, { name: 'ghost', req: '1' }] },
  { name: 'proc-macro2', vers: '1.0.0' },
  { name: 'tokio', vers: '1.0.0', deps: [{ name: 'winapi', req: '0.3', target: 'cfg(windows)' }] },
  { name: 'winapi', vers: '0.3.8', deps: [{ name: 'private', req: '1', registry: 'https://example.com/other-index' }] },
  { name: 'cc', vers: '1.0.0' },
  { name: 'criterion', vers: '0.3.0' },
];

let server: IndexServer;
let dir: { path: string; remove(): Promise<void> };
beforeAll(async () => {
  server = await startIndexServer({ files: indexFiles(registry) });
  dir = await tempDir();
  await writeIndex(dir.path, registry);
});
afterAll(async () => {
  await server.close();
  await dir.remove();
});

const reachable = ['app-lib', 'cc', 'ghost', 'proc-macro2', 'serde', 'serde_derive', 'syn', 'tokio', 'winapi'];

describe('the registry closure', () => {
  it('follows normal, build, optional and target deps of every version, not dev deps or other registries', async () => {
    const snapshot = await closure(directoryIndex(dir.path, cratesIo), ['app-lib']);
    expect([...snapshot.keys()]).toEqual(reachable);
    expect(snapshot.get('ghost')).toEqual([]);
    expect(snapshot.get('app-lib')!.map((s) => s.version.toString())).toEqual(['1.0.0', '2.0.0']);
  });

  it('asks a sparse index for exactly the reachable files, each once', async () => {
    const before = server.requests.length;
    const snapshot = await closure(sparseIndex(server.url, cratesIo), ['app-lib', 'serde']);
    expect([...snapshot.keys()]).toEqual(reachable);
    const asked = server.requests.slice(before);
    expect(asked).toHaveLength(reachable.length);
    expect(new Set(asked).size).toBe(reachable.length);
    expect(asked).not.toContain('cr/it/criterion');
  });

  it('passes index failures on', async () => {
    const dead = sparseIndex('sparse+http://127.0.0.1:1/', cratesIo);
    await expect(closure(dead, ['serde'])).rejects.toThrow(/failed to fetch http:\/\/127\.0\.0\.1:1\/se\/rd\/serde/);
  });
});

describe('the index snapshot', () => {
  it('reads a local index one crate at a time, when first asked, each file once', () => {
    const read: string[] = [];
    const local = directoryIndex(dir.path, cratesIo);
    const loadFileSync = local.loadFileSync!;
    const snapshot = new IndexSnapshot({ ...local, loadFileSync: (n) => (read.push(n), loadFileSync(n)) });
    expect(snapshot.has('serde')).toBe(true);
    expect(read).toEqual([]);
    expect(snapshot.get('serde').map((s) => s.version.toString())).toEqual(['1.0.0']);
    expect(snapshot.get('serde')).toBe(snapshot.get('serde'));
    expect(snapshot.get('ghost')).toEqual([]);
    expect(read).toEqual(['serde', 'ghost']);
    expect([...snapshot.loaded.keys()]).toEqual(['serde', 'ghost']);
  });

  it('fetches the closure of a sparse index up front; what it has not fetched is unknown', async () => {
    const snapshot = new IndexSnapshot(sparseIndex(server.url, cratesIo));
    expect(snapshot.has('serde')).toBe(false);
    await snapshot.prefetch(['serde']);
    expect([...snapshot.loaded.keys()]).toEqual(['proc-macro2', 'ghost', 'serde', 'serde_derive', 'syn'].sort());
    expect(snapshot.get('syn').map((s) => s.version.toString())).toEqual(['1.0.0']);
    expect(snapshot.has('tokio')).toBe(false);
    expect(snapshot.get('tokio')).toEqual([]);
  });
});
