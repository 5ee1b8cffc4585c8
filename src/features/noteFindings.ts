import * as vscode from 'vscode';
import type { CliReference } from '../core/cliReference';
import type { Finding } from '../core/findings';
import { noteFindings } from '../core/noteChecks';
import { splitLines } from '../core/markdownEngine';
import type { ExtensionData } from './extensionData';
import type { WorkspaceNotes } from './workspaceNotes';

/**
 * The findings of open notes (commands checked against the CLI reference), one answer per document
 * version: the diagnostics and the Run lenses read the same one. Shared by features, so it lives
 * beside WorkspaceNotes rather than in a feature folder.
 */
export class NoteFindings implements vscode.Disposable {
  private reference: CliReference | undefined;
  private loading: Promise<CliReference> | undefined;
  private readonly cache = new Map<string, { readonly version: number; readonly findings: readonly Finding[] }>();
  private readonly changed = new vscode.EventEmitter<void>();
  private readonly subscriptions: vscode.Disposable[];
  /** Fires when every answer may have changed (the reference was loaded). */
  readonly onDidChange = this.changed.event;

  constructor(
    private readonly notes: WorkspaceNotes,
    private readonly data: ExtensionData,
  ) {
    this.subscriptions = [this.changed, vscode.workspace.onDidCloseTextDocument((document) => this.cache.delete(document.uri.toString()))];
  }

  /** Loads the CLI reference (once, through ExtensionData). Until it is loaded, notes have no findings. */
  load(): Promise<CliReference> {
    this.loading ??= this.data.cliReference().then((reference) => {
      this.reference = reference;
      this.cache.clear();
      this.changed.fire();
      return reference;
    });
    return this.loading;
  }

  /** The findings of an open note for its current version (none until the reference is loaded). */
  forDocument(document: vscode.TextDocument): readonly Finding[] {
    if (!this.reference) {
      void this.load(); // don't wait: onDidChange fires when it is there
      return [];
    }
    const key = document.uri.toString();
    const cached = this.cache.get(key);
    if (cached && cached.version === document.version) {
      return cached.findings;
    }
    const findings = noteFindings(this.notes.forDocument(document), splitLines(document.getText()), this.reference);
    this.cache.set(key, { version: document.version, findings });
    return findings;
  }

  dispose(): void {
    vscode.Disposable.from(...this.subscriptions).dispose();
  }
}
