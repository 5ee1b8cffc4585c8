import * as vscode from 'vscode';

/** The scheme of the read-only documents holding a block's text, the right side of the diff. */
export const FILE_BLOCK_SCHEME = 'course-notes-file';

/**
 * Serves the text a file block would write, for the diff shown before an existing file is replaced.
 * Each preview lives while its question is open; the document is read-only (a content provider's).
 */
export class FileBlockPreviews implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly texts = new Map<string, string>();
  private next = 0;
  private readonly registration = vscode.workspace.registerTextDocumentContentProvider(FILE_BLOCK_SCHEME, this);

  /** A document with `content`, named like the file (`/app/main.go`) so it is highlighted as one. */
  show(relative: string, content: string): vscode.Uri {
    const uri = vscode.Uri.from({ scheme: FILE_BLOCK_SCHEME, path: `/${relative}`, query: String(++this.next) });
    this.texts.set(uri.toString(), content);
    return uri;
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.texts.get(uri.toString()) ?? '';
  }

  /** Forgets a preview and closes the diff tabs that show it. */
  async close(uri: vscode.Uri): Promise<void> {
    this.texts.delete(uri.toString());
    const tabs = vscode.window.tabGroups.all
      .flatMap((group) => group.tabs)
      .filter((tab) => tab.input instanceof vscode.TabInputTextDiff && tab.input.modified.toString() === uri.toString());
    if (tabs.length > 0) {
      await vscode.window.tabGroups.close(tabs).then(undefined, () => undefined);
    }
  }

  dispose(): void {
    this.registration.dispose();
    this.texts.clear();
  }
}
