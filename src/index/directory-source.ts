import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SourceId } from '../cargo/source-id.js';
import { UserError } from '../errors.js';
import { parseIndexBytes } from './index-file.js';
import { indexPath } from './layout.js';
import { type IndexSource, memoizedLocalSource } from './source.js';

/** An index checked out on disk: `1/a`, `2/ab`, `3/a/abc`, `ab/cd/abcd…`. */
export function directoryIndex(dir: string, source: SourceId): IndexSource {
  return memoizedLocalSource(source, dir, (name) => {
    const file = join(dir, indexPath(name));
    let data: Buffer;
    try {
      // Index files are small and parsing them, the real work, runs on this thread anyway; a
      // closure reads hundreds of them, and fs/promises' open/stat/read/close round trips
      // through the thread pool cost about twice what reading them synchronously does.
      data = readFileSync(file);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
      throw new UserError(`cannot read index file: ${(err as Error).message}`, { file });
    }
    return parseIndexBytes(data, { source, file });
  });
}
