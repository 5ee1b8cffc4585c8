import * as vscode from 'vscode';
import { CommandIds } from '../platform/commandIds';
import { guarded } from '../platform/errors';
import type { Log } from '../platform/log';

function positiveInteger(value: unknown, fallback: number): number {
  return typeof value === 'number' && Number.isInteger(value) && value > 0 ? value : fallback;
}

/** Opens a note at a 1-based line and column, the line shown near the top of the editor. */
export async function openLocation(uri: vscode.Uri, line: number, column = 1): Promise<vscode.TextEditor> {
  const document = await vscode.workspace.openTextDocument(uri);
  const lineIndex = Math.min(line - 1, Math.max(document.lineCount - 1, 0));
  const position = new vscode.Position(lineIndex, Math.min(column - 1, document.lineAt(lineIndex).text.length));
  const editor = await vscode.window.showTextDocument(document, { selection: new vscode.Range(position, position), preview: true });
  editor.revealRange(new vscode.Range(position, position), vscode.TextEditorRevealType.AtTop);
  return editor;
}

/** `courseNotes.openLocation(uri, line, column)`: only a URI and numbers are accepted. */
export function registerNavigation(log: Log): vscode.Disposable {
  return vscode.commands.registerCommand(
    CommandIds.openLocation,
    guarded(log, 'open the note', async (uri: unknown, line: unknown, column: unknown) => {
      const target = uri instanceof vscode.Uri ? uri : typeof uri === 'string' ? vscode.Uri.parse(uri, true) : undefined;
      if (!target) {
        throw new Error('no note was given');
      }
      await openLocation(target, positiveInteger(line, 1), positiveInteger(column, 1));
    }),
  );
}
