import * as vscode from 'vscode';

/**
 * What the Notes view hands to the commands of its item menus (VS Code passes the tree element
 * itself): the part of its nodes other features may read, declared here so that the tree's nodes
 * and the commands that take them agree on one shape.
 */
export interface NoteNodeShape {
  readonly kind: 'note';
  readonly note: { readonly uri: vscode.Uri };
}

export interface CommandNodeShape {
  readonly kind: 'command';
  readonly note: { readonly uri: vscode.Uri };
  readonly command: { readonly line: number; readonly column: number };
}

/** The note a Notes-view node of a note stands for. */
export function noteUriOfNode(value: unknown): vscode.Uri | undefined {
  const node = value as Partial<NoteNodeShape> | undefined;
  return node?.kind === 'note' && node.note?.uri instanceof vscode.Uri ? node.note.uri : undefined;
}

/** The note and position of a Notes-view command node, unchecked (commandRef checks the numbers). */
export function commandOfNode(value: unknown): { readonly uri: vscode.Uri; readonly line: unknown; readonly column: unknown } | undefined {
  const node = value as { kind?: unknown; note?: { uri?: unknown }; command?: { line?: unknown; column?: unknown } } | undefined;
  return node?.kind === 'command' && node.note?.uri instanceof vscode.Uri && node.command ? { uri: node.note.uri, line: node.command.line, column: node.command.column } : undefined;
}
