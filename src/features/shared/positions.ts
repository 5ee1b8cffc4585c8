import * as vscode from 'vscode';

/**
 * The one conversion between the notes model's positions (1-based lines and columns, as editors
 * show them) and VS Code's (0-based).
 */

/** A 1-based line:column range of the model. */
export interface NoteRange {
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
}

/** Where a model range starts, as a VS Code position. */
export function startOf(at: Pick<NoteRange, 'line' | 'column'>): vscode.Position {
  return new vscode.Position(at.line - 1, at.column - 1);
}

/** A model range as a VS Code range. */
export function rangeOf(at: NoteRange): vscode.Range {
  return new vscode.Range(at.line - 1, at.column - 1, at.endLine - 1, at.endColumn - 1);
}

/** An empty range where a model range starts (a lens's place). */
export function pointAt(at: Pick<NoteRange, 'line' | 'column'>): vscode.Range {
  const start = startOf(at);
  return new vscode.Range(start, start);
}

/** A VS Code position as the model's 1-based line and column. */
export function lineColumnOf(position: vscode.Position): { readonly line: number; readonly column: number } {
  return { line: position.line + 1, column: position.character + 1 };
}
