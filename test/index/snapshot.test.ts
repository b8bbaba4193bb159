import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cratesIo } from '../../src/cargo/source-id.js';
import { directoryIndex } from '../../src/index/directory-source.js';
import { IndexSnapshot } from '../../src/index/snapshot.js';
import { sparseIndex } from '../../src/index/sparse-source.js';
import { type IndexServer, startIndexServer } from '../support/index-server.js';
import { tempDir } from '../support/temp.js';
import { type IndexLine, indexFiles, writeIndex } from '../support/write-index.js';

const registry: IndexLine[] = [
  {
    name: 'app-lib',
    vers: '1.0.0',
    deps: [
      { name: 'serde', req: '1' },
      { name: 'cc', req: '1', kind: 'build' },
    ],
  },
  {
    name: 'app-lib',
    vers: '2.0.0',
    deps: [
      { name: 'tokio', req: '1', optional: true },
      { name: 'criterion', req: '0.3', kind: 'dev' },
    ],
  },
  { name: 'serde', vers: '1.0.0', deps: [{ name: 'serde_derive', req: '=1.0.0', optional: true }] },
  { name: 'serde_derive', vers: '1.0.0', deps: [{ name: 'syn', req: '1' }] },
  {
    name: 'syn',
    vers: '1.0.0',
    deps: [
      { name: 'proc-macro2', req: '1' },
      { name: 'ghost', req: '1' },
    ],
  },
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

describe('the index snapshot', () => {
  it('reads a local index one crate at a time, when first asked, each file once', () => {
    const read: string[] = [];
    const local = directoryIndex(dir.path, cratesIo);
    const loadFileSync = local.loadFileSync!;
    const snapshot = new IndexSnapshot({
      ...local,
      loadFileSync: (n) => {
        read.push(n);
        return loadFileSync(n);
      },
    });
    expect(snapshot.has('serde')).toBe(true);
    expect(read).toEqual([]);
    expect(snapshot.get('serde').map((s) => s.version.toString())).toEqual(['1.0.0']);
    expect(snapshot.get('serde')).toBe(snapshot.get('serde'));
    expect(snapshot.get('ghost')).toEqual([]);
    expect(read).toEqual(['serde', 'ghost']);
    expect([...snapshot.loaded.keys()]).toEqual(['serde', 'ghost']);
  });

  it('answers "none yet" for a crate of a sparse index it has not fetched, and notes it as wanted', async () => {
    const snapshot = new IndexSnapshot(sparseIndex(server.url, cratesIo));
    const before = server.requests.length;
    expect(snapshot.fetches).toBe(true);
    expect(snapshot.isPending('serde')).toBe(true);
    const wanted = snapshot.watchWanted();
    expect(snapshot.get('serde')).toEqual([]);
    expect(snapshot.lists('syn')).toBe(false);
    expect(server.requests.length).toBe(before);
    expect(snapshot.unwatchWanted(wanted)).toEqual(['serde', 'syn']);
    // Nothing it reaches is fetched with it: only what is asked for.
    await snapshot.fetch(['serde', 'ghost']);
    expect(server.requests.slice(before)).toEqual(['se/rd/serde', 'gh/os/ghost']);
    expect(snapshot.isPending('serde')).toBe(false);
    expect(snapshot.get('serde').map((s) => s.version.toString())).toEqual(['1.0.0']);
    expect(snapshot.get('ghost')).toEqual([]);
    expect(snapshot.isPending('ghost')).toBe(false);
    expect(snapshot.isPending('serde_derive')).toBe(true);
    const again = snapshot.watchWanted();
    snapshot.get('serde');
    snapshot.get('serde_derive');
    expect(snapshot.unwatchWanted(again)).toEqual(['serde_derive']);
  });

  it('asks for a crate once however often and however concurrently it is fetched', async () => {
    const snapshot = new IndexSnapshot(sparseIndex(server.url, cratesIo));
    const before = server.requests.length;
    await Promise.all([snapshot.fetch(['syn', 'cc']), snapshot.fetch(['syn']), snapshot.fetch(['cc', 'syn'])]);
    await snapshot.fetch(['syn']);
    expect([...server.requests.slice(before)].sort()).toEqual(['2/cc', '3/s/syn']);
  });

  it('reports progress: fetched so far, and requests not answered yet', async () => {
    const snapshot = new IndexSnapshot(sparseIndex(server.url, cratesIo));
    const seen: [number, number][] = [];
    snapshot.progress = { update: (c, p) => seen.push([c, p]) };
    await snapshot.fetch(['syn', 'cc', 'tokio']);
    expect(seen[0]).toEqual([0, 3]);
    expect(seen.at(-1)).toEqual([3, 0]);
    expect(seen.every(([c, p]) => c + p === 3)).toBe(true);
  });
});
