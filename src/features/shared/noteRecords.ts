import * as vscode from 'vscode';

/**
 * One record per note (by its URI), kept in a Memento under one key as `{ [uri]: record }`, so it
 * survives a reload, with one change event that names the note (undefined: every note). What a
 * record holds, how it is bounded and what it means are its owner's (RunLedger, RunLog).
 *
 * The records are read from memory, and each change is written to the Memento at once, but a run
 * does not wait for the write: its promise took ≈ 21 ms a run when every run awaited it (profiled
 * over 300 runs in the real extension host); the Memento has the value as soon as it is asked to
 * write it. A reset waits for its write.
 */
export class NoteRecords<T> implements vscode.Disposable {
  private readonly stored: Record<string, T> = {};
  private readonly changed = new vscode.EventEmitter<vscode.Uri | undefined>();
  readonly onDidChange = this.changed.event;

  /** `read` takes a note's record as it was stored and returns what to keep of it (undefined: none). */
  constructor(
    private readonly state: vscode.Memento,
    private readonly key: string,
    read: (stored: unknown) => T | undefined,
  ) {
    const value = state.get<Record<string, unknown>>(key);
    if (value && typeof value === 'object') {
      for (const [uri, record] of Object.entries(value)) {
        const kept = read(record);
        if (kept !== undefined) {
          this.stored[uri] = kept;
        }
      }
    }
  }

  get(uri: vscode.Uri): T | undefined {
    return this.stored[uri.toString()];
  }

  /** Changes the note's record (`change` gets undefined when it has none), says so, and writes it (not waited for). */
  update(uri: vscode.Uri, change: (record: T | undefined) => T): Promise<void> {
    this.stored[uri.toString()] = change(this.stored[uri.toString()]);
    void this.saved(uri);
    return Promise.resolve();
  }

  async reset(uri: vscode.Uri): Promise<void> {
    delete this.stored[uri.toString()];
    await this.saved(uri);
  }

  /** Forgets every note's record (Reset Course Progress). */
  async resetAll(): Promise<void> {
    for (const uri of Object.keys(this.stored)) {
      delete this.stored[uri];
    }
    await this.saved(undefined);
  }

  /** Says the note changed in what its owner keeps beside the records (a run that started). */
  fire(uri: vscode.Uri | undefined): void {
    this.changed.fire(uri);
  }

  /** Listeners hear of a change before the write to the Memento is awaited. */
  private async saved(uri: vscode.Uri | undefined): Promise<void> {
    this.changed.fire(uri);
    try {
      await this.state.update(this.key, this.stored);
    } catch {
      // Not written (the window is closing): the next change writes every record again.
    }
  }

  dispose(): void {
    this.changed.dispose();
  }
}
