import * as vscode from 'vscode';
import { noteUriOfNode } from './treeNodes';

/**
 * The note a note command means (Clean Up, Reset Progress, Export Lab Report…): a URI given, a note
 * picked in the Notes view, else the Markdown file in the active editor.
 */
export function noteUriOf(value: unknown): vscode.Uri | undefined {
  if (value instanceof vscode.Uri) {
    return value;
  }
  const fromTree = noteUriOfNode(value);
  if (fromTree) {
    return fromTree;
  }
  const editor = vscode.window.activeTextEditor;
  return editor?.document.languageId === 'markdown' ? editor.document.uri : undefined;
}
