import type { NoteModel, ParseOptions } from './model';
import { parseNote } from './noteParser';

/**
 * Parsed notes keyed by file, re-parsed only when the version changes (a document version, or a
 * file's mtime and size for notes that are not open).
 */
export class NoteCache {
  private readonly entries = new Map<string, { readonly version: string; readonly model: NoteModel }>();

  constructor(private options: ParseOptions = {}) {}

  /** Changing what counts as a command invalidates every parsed note. */
  setOptions(options: ParseOptions): void {
    this.options = options;
    this.entries.clear();
  }

  /** The note's model for `version`; `read` is called only when the note must be parsed again. */
  get(file: string, version: string, read: () => string): NoteModel {
    const entry = this.entries.get(file);
    if (entry && entry.version === version) {
      return entry.model;
    }
    const model = parseNote(file, read(), this.options);
    this.entries.set(file, { version, model });
    return model;
  }

  /** The cached model, whatever its version, without parsing. */
  peek(file: string): NoteModel | undefined {
    return this.entries.get(file)?.model;
  }

  /** Stores a model made elsewhere (e.g. a "skipped" note whose text was never read). */
  set(file: string, version: string, model: NoteModel): void {
    this.entries.set(file, { version, model });
  }

  delete(file: string): void {
    this.entries.delete(file);
  }

  get size(): number {
    return this.entries.size;
  }
}
