import * as vscode from 'vscode';
import type { CliReference } from '../core/cliReference';
import type { Finding } from '../core/findings';
import { noteFindings } from '../core/noteChecks';
import { splitLines } from '../core/markdownEngine';
import type { Log } from '../platform/log';
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
    private readonly extensionUri: vscode.Uri,
    private readonly log: Log,
  ) {
    this.subscriptions = [this.changed, vscode.workspace.onDidCloseTextDocument((document) => this.cache.delete(document.uri.toString()))];
  }

  /** media/cli-reference.json, read once. Until it is read, notes have no findings. */
  load(): Promise<CliReference> {
    this.loading ??= (async () => {
      try {
        const bytes = await vscode.workspace.fs.readFile(vscode.Uri.joinPath(this.extensionUri, 'media', 'cli-reference.json'));
        this.reference = JSON.parse(new TextDecoder().decode(bytes)) as CliReference;
      } catch (error) {
        this.log.error('Could not read media/cli-reference.json: commands are not checked', error);
        this.reference = {};
      }
      this.cache.clear();
      this.changed.fire();
      return this.reference;
    })();
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
