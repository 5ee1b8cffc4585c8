import * as vscode from 'vscode';
import { CommandIds, ViewIds } from '../../platform/commandIds';
import type { Log } from '../../platform/log';
import { guarded } from '../../platform/errors';
import type { RunLedger } from '../shared/runLedger';
import type { WorkspaceNotes } from '../workspaceNotes';
import type { NotesTreeNode } from './notesTreeProvider';
import { NotesTreeProvider } from './notesTreeProvider';

/** The Notes view: its provider, the refresh action, and the built-in collapse-all action. */
export function registerNotesTree(notes: WorkspaceNotes, ledger: RunLedger, log: Log): { provider: NotesTreeProvider; view: vscode.TreeView<NotesTreeNode>; disposable: vscode.Disposable } {
  const provider = new NotesTreeProvider(notes, ledger);
  const view = vscode.window.createTreeView(ViewIds.notes, { treeDataProvider: provider, showCollapseAll: true });
  // The course's progress in the view's title bar: time done of the time the notes estimate.
  const describe = (): void => {
    view.description = provider.courseDescription();
  };
  describe();
  const disposable = vscode.Disposable.from(
    provider.onDidChangeTreeData(describe),
    provider,
    view,
    vscode.commands.registerCommand(
      CommandIds.refresh,
      guarded(log, 'refresh the notes', () => notes.rescan()),
    ),
  );
  return { provider, view, disposable };
}
