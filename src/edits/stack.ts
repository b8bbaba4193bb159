import type { Edit } from './edit.js';
import { editsCommandLine, shellWord } from './edit.js';

/**
 * The edits of a what-if session, with undo and redo. Immutable: every change returns a new
 * stack, so a UI can keep it as state and compare by identity.
 */
export class EditStack {
  private constructor(
    /** Applied edits, oldest first. */
    readonly edits: readonly Edit[],
    /** Undone edits, most recently undone last. */
    private readonly undone: readonly Edit[],
  ) {}

  static of(edits: readonly Edit[] = []): EditStack {
    return new EditStack([...edits], []);
  }

  /** A new edit; whatever was undone can no longer be redone, as in any editor. */
  push(e: Edit): EditStack {
    return new EditStack([...this.edits, e], []);
  }

  get canUndo(): boolean {
    return this.edits.length > 0;
  }

  get canRedo(): boolean {
    return this.undone.length > 0;
  }

  undo(): EditStack {
    if (!this.canUndo) return this;
    return new EditStack(this.edits.slice(0, -1), [...this.undone, this.edits.at(-1)!]);
  }

  redo(): EditStack {
    if (!this.canRedo) return this;
    return new EditStack([...this.edits, this.undone.at(-1)!], this.undone.slice(0, -1));
  }

  /** The edit `redo()` would bring back. */
  get next(): Edit | undefined {
    return this.undone.at(-1);
  }

  /** The command that reproduces this state, e.g. `cargo-whatif resolve --bump pyo3=0.22`. */
  commandLine(command = 'resolve', path?: string): string {
    const flags = editsCommandLine(this.edits);
    return ['cargo-whatif', command, ...(path ? [shellWord(path)] : []), ...(flags ? [flags] : [])].join(' ');
  }
}
