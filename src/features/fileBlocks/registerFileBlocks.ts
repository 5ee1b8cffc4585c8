import * as vscode from 'vscode';
import { CommandIds } from '../../platform/commandIds';
import { reportError } from '../../platform/errors';
import type { Log } from '../../platform/log';
import type { WorkspaceNotes } from '../workspaceNotes';
import { FileBlockLenses } from './fileBlockLenses';
import { FileBlockPreviews } from './fileBlockPreviews';
import type { CwdFor, SaveOutcome } from './fileBlockSaver';
import { FileBlockSaver, SavedFiles } from './fileBlockSaver';

export type { CwdFor, SaveOutcome } from './fileBlockSaver';

/**
 * `Save as NAME` lenses on the blocks a note asks the reader to save, and the command that saves
 * one (`courseNotes.saveFileBlock`, which returns how it ended). `cwdFor` gives the folder a block
 * is saved in (the session's cwd); undefined means the note's own folder.
 */
export function registerFileBlocks(_context: vscode.ExtensionContext, notes: WorkspaceNotes, log: Log, cwdFor: CwdFor = () => undefined): vscode.Disposable {
  const saved = new SavedFiles();
  const previews = new FileBlockPreviews();
  const lenses = new FileBlockLenses(notes, saved, cwdFor);
  const saver = new FileBlockSaver(notes, log, cwdFor, saved, previews);
  return vscode.Disposable.from(
    saved,
    previews,
    lenses,
    vscode.languages.registerCodeLensProvider({ language: 'markdown' }, lenses),
    vscode.commands.registerCommand(CommandIds.saveFileBlock, async (ref: unknown): Promise<SaveOutcome> => {
      try {
        return await saver.save(ref);
      } catch (error) {
        void reportError(log, 'Course Notes could not save the file', error);
        return { status: 'refused', reason: error instanceof Error ? error.message : String(error) };
      }
    }),
  );
}
