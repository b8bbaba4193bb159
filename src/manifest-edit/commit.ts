import { existsSync, readFileSync, rmSync } from 'node:fs';
import { relative } from 'node:path';
import { isUserError, UserError } from '../errors.js';
import { writeFileAtomic } from '../fsutil/atomic-write.js';
import { sha256Hex } from '../fsutil/digest.js';
import { TomlDocument } from '../manifest/toml-document.js';

/**
 * Writes a set of files as one change: every new manifest must parse before anything is
 * written; a file that changed on disk since it was read (by content hash) stops the whole
 * write; each file is replaced atomically and read back; and when the written workspace does
 * not read as intended, or any write fails, every file written so far gets its old text back.
 */
export interface FileWrite {
  file: string;
  /** The text the change was planned from; null for a file that did not exist. */
  before: string | null;
  after: string;
  /** Manifests are TOML and are parsed before and after writing. */
  toml: boolean;
}

export function commitWrites(writes: readonly FileWrite[], check: () => string[]): void {
  for (const w of writes) if (w.toml) TomlDocument.fromText(w.file, w.after);
  for (const w of writes) {
    const now = existsSync(w.file) ? readFileSync(w.file, 'utf8') : null;
    if (hash(now) !== hash(w.before)) {
      throw new UserError(
        `${shown(w.file)} changed since cargo-whatif read it; nothing was written (run the command again)`,
        { file: w.file },
      );
    }
  }
  const done: FileWrite[] = [];
  try {
    for (const w of writes) {
      try {
        writeFileAtomic(w.file, w.after);
      } catch (err) {
        throw writeFailure(err, w.file);
      }
      done.push(w);
      const back = readFileSync(w.file, 'utf8');
      if (back !== w.after) throw new UserError(`${shown(w.file)} did not read back as written`, { file: w.file });
      if (w.toml) TomlDocument.fromText(w.file, back);
    }
    const problems = check();
    if (problems.length) {
      throw new UserError(
        `the edited manifests do not read as the what-if that was resolved:\n  ${problems.join('\n  ')}`,
        undefined,
        ['this is a bug in cargo-whatif; the files were restored'],
      );
    }
  } catch (err) {
    // Each file goes back whole or stays whole as written (both are atomic replaces); one that
    // cannot go back (the disk still full) is named, so the user knows what to look at.
    const kept: string[] = [];
    for (const w of done.reverse()) {
      try {
        if (w.before === null) rmSync(w.file, { force: true });
        else writeFileAtomic(w.file, w.before);
      } catch {
        kept.push(shown(w.file));
      }
    }
    if (isUserError(err) && kept.length > 0) {
      throw new UserError(err.message, err.location, [
        ...err.notes,
        `these files could not be restored and hold the new text: ${kept.join(', ')}`,
      ]);
    }
    throw err;
  }
}

/**
 * A file that could not be written (a full disk, a read-only file system, no permission) is the
 * user's machine, not a bug: an error naming the file, in cargo's words ("failed to write");
 * commitWrites then gives the files already written their old text back.
 */
export function writeFailure(err: unknown, file: string): Error {
  if (isUserError(err) || !(err instanceof Error) || !('code' in err)) return err as Error;
  return new UserError(`failed to write: ${err.message}`, { file });
}

function hash(text: string | null): string {
  return text === null ? 'absent' : sha256Hex(text);
}

function shown(file: string): string {
  return relative(process.cwd(), file) || file;
}
