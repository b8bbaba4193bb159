import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cratesIo } from '../../src/cargo/source-id.js';
import { UserError } from '../../src/errors.js';
import { directoryIndex } from '../../src/index/directory-source.js';
import { openIndex } from '../../src/index/open.js';
import { tempDir } from '../support/temp.js';
import { writeIndex } from '../support/write-index.js';

let dir: { path: string; remove(): Promise<void> };

beforeAll(async () => {
  dir = await tempDir();
  await writeIndex(dir.path, [
    { name: 'a', vers: '0.1.0' },
    { name: 'cc', vers: '1.0.0' },
    { name: 'cc', vers: '1.0.1' },
    { name: 'syn', vers: '1.0.0', deps: [{ name: 'quote', req: '1' }] },
    { name: 'serde', vers: '1.0.0' },
    { name: 'Inflector', vers: '0.11.4' },
    { name: 'foo-bar', vers: '1.0.0' },
  ]);
});
afterAll(() => dir.remove());

describe('an index directory', () => {
  it('finds 1-, 2-, 3- and 4+-letter crates at their layout paths, all versions in file order', async () => {
    const index = directoryIndex(dir.path, cratesIo);
    expect((await index.load('a'))!.map((s) => s.version.toString())).toEqual(['0.1.0']);
    expect((await index.load('cc'))!.map((s) => s.version.toString())).toEqual(['1.0.0', '1.0.1']);
    expect((await index.load('syn'))![0]!.dependencies[0]!.name).toBe('quote');
    expect((await index.load('serde'))![0]!.origin).toEqual({
      kind: 'index',
      file: join(dir.path, 'se/rd/serde'),
      line: 1,
    });
    expect(await readFile(join(dir.path, '3/s/syn'), 'utf8')).toMatch(/"name":"syn"/);
  });

  it('looks names up case-insensitively, returning the real name; `-` and `_` stay distinct', async () => {
    const index = directoryIndex(dir.path, cratesIo);
    for (const asked of ['Inflector', 'inflector', 'INFLECTOR']) {
      expect((await index.load(asked))!.map((s) => s.name)).toEqual(['Inflector']);
    }
    expect(await index.load('SeRdE')).toHaveLength(1);
    expect(await index.load('foo-bar')).toHaveLength(1);
    expect(await index.load('foo_bar')).toBeUndefined();
    expect(await index.load('nope')).toBeUndefined();
  });

  it('reads each file once', async () => {
    const index = directoryIndex(dir.path, cratesIo);
    const first = await index.load('serde');
    expect(await index.load('Serde')).toBe(first);
  });

  it('needs no config.json; a missing directory is a UserError', async () => {
    const bare = await tempDir();
    try {
      await writeIndex(bare.path, [{ name: 'log', vers: '0.4.8' }]);
      await rm(join(bare.path, 'config.json'));
      expect(await openIndex({ registry: bare.path, offline: true }).load('log')).toHaveLength(1);
    } finally {
      await bare.remove();
    }
    expect(() => openIndex({ registry: join(dir.path, 'missing'), offline: false })).toThrow(UserError);
    expect(() => openIndex({ registry: 'https://example.com/index/', offline: false })).toThrow(/only sparse indexes/);
  });

  it('stands in for crates.io', async () => {
    const index = openIndex({ registry: dir.path, offline: false });
    expect(index.source).toEqual(cratesIo);
    expect((await index.load('syn'))![0]!.dependencies[0]!.source).toEqual(cratesIo);
  });
});
