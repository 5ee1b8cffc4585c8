import * as vscode from 'vscode';
import { normalizeForDiff } from '../../core/outputMatch';

const SCHEME = 'course-notes-output';
/** Diffs kept (the newest), so a long lab cannot grow memory without bound. */
const KEEP = 50;

/**
 * What a `≠ differs from the note` lens opens: VS Code's diff editor with the output the note
 * prints on the left and this run's output on the right, both read-only documents of ours (the
 * run's output with its colours and terminal codes taken out).
 */
export class OutputDiffs implements vscode.Disposable {
  private readonly texts = new Map<string, string>();
  private readonly entries = new Map<string, { readonly expected: string; readonly actual: string; readonly title: string }>();
  private readonly provider: vscode.Disposable;
  private next = 1;

  constructor() {
    this.provider = vscode.workspace.registerTextDocumentContentProvider(SCHEME, {
      provideTextDocumentContent: (uri) => this.texts.get(uri.path) ?? '',
    });
  }

  /** Keeps the note's text and a run's output for the command (or step) under `key` of the note. */
  remember(note: vscode.Uri, key: string, expected: string, actual: string, title: string): void {
    const id = `${note.toString()}\u0000${key}`;
    this.entries.delete(id);
    this.entries.set(id, { expected, actual: normalizeForDiff(actual), title });
    while (this.entries.size > KEEP) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) {
        break;
      }
      this.entries.delete(oldest);
    }
  }

  has(note: vscode.Uri, key: string): boolean {
    return this.entries.has(`${note.toString()}\u0000${key}`);
  }

  /** Opens the diff editor for the last run of that command; false when there is none to show. */
  async show(note: vscode.Uri, key: string): Promise<boolean> {
    const entry = this.entries.get(`${note.toString()}\u0000${key}`);
    if (!entry) {
      return false;
    }
    const n = this.next++;
    const left = vscode.Uri.from({ scheme: SCHEME, path: `/${n}/the note` });
    const right = vscode.Uri.from({ scheme: SCHEME, path: `/${n}/this run` });
    this.texts.clear();
    this.texts.set(left.path, entry.expected.endsWith('\n') ? entry.expected : `${entry.expected}\n`);
    this.texts.set(right.path, entry.actual.endsWith('\n') ? entry.actual : `${entry.actual}\n`);
    await vscode.commands.executeCommand('vscode.diff', left, right, `The note ↔ this run: ${entry.title}`, { preview: true });
    return true;
  }

  dispose(): void {
    this.provider.dispose();
    this.texts.clear();
    this.entries.clear();
  }
}
