import * as vscode from 'vscode';
import type { NoteBlock, NoteCheck, NoteCommand, NoteModel } from '../../core/model';
import { blockResultKey, checkResultKey, resultKeyOf } from '../../core/resultKeys';
import type { Log } from '../../platform/log';
import type { CommandRef } from '../shared/commandRef';
import { findCommand, findSteps, parseRef } from '../shared/commandRef';
import type { WorkspaceNotes } from '../workspaceNotes';

/** A command of a note, found again in the note's current text. */
export interface Located {
  readonly uri: vscode.Uri;
  readonly document: vscode.TextDocument;
  readonly command: NoteCommand;
  /** Where its result goes (core/resultKeys): this copy of the command, not every copy of its text. */
  readonly key: string;
}

/**
 * The command a run request points at, read again from the note: nothing runs in Restricted Mode,
 * and nothing but a `{uri, line, column}` reference to a command the note has now (a command string
 * above all) is accepted. `quiet` for Stop and reveal, which ask nothing and say nothing.
 */
export async function locateCommand(value: unknown, notes: WorkspaceNotes, log: Log, options: { readonly quiet?: boolean } = {}): Promise<Located | undefined> {
  const found = await locateRef(value, log, options);
  if (!found) {
    return undefined;
  }
  const { ref, uri, document } = found;
  const command = findCommand(notes.forDocument(document), ref);
  if (!command) {
    if (!options.quiet) {
      void vscode.window.showWarningMessage(`The note changed: there is no command at line ${ref.line} any more. Run it again from its lens.`);
    }
    return undefined;
  }
  return { uri, document, command, key: keyOf(notes, document, command) };
}

/** A block of steps of a note, found again in the note's current text. */
export interface LocatedBlock {
  readonly uri: vscode.Uri;
  readonly document: vscode.TextDocument;
  readonly model: NoteModel;
  readonly block: NoteBlock;
  /** Where the block's own result goes: its first step's text (and copy number) behind a block mark. */
  readonly key: string;
}

/** The block of steps a Run block request points at (its first step), with the same refusals as locateCommand. */
export async function locateBlock(value: unknown, notes: WorkspaceNotes, log: Log, options: { readonly quiet?: boolean } = {}): Promise<LocatedBlock | undefined> {
  const found = await locateRef(value, log, options);
  if (!found) {
    return undefined;
  }
  const model = notes.forDocument(found.document);
  const block = findSteps(model, found.ref);
  if (!block) {
    if (!options.quiet) {
      void vscode.window.showWarningMessage(`The note changed: there is no block starting at line ${found.ref.line} any more. Run it again from its lens.`);
    }
    return undefined;
  }
  return { uri: found.uri, document: found.document, model, block, key: blockKey(model, block) };
}

/** The result key of a block: `\u0001block` and the key its first step would have among the blocks' first steps. */
export function blockKey(model: NoteModel, block: NoteBlock): string {
  return blockResultKey(model.blocks, block);
}

/** An author's check of a note, found again in the note's current text. */
export interface LocatedCheck {
  readonly uri: vscode.Uri;
  readonly document: vscode.TextDocument;
  readonly model: NoteModel;
  readonly check: NoteCheck;
  readonly key: string;
}

/** The check a Check lens points at (its first line, column 1), with the same refusals as locateCommand. */
export async function locateCheck(value: unknown, notes: WorkspaceNotes, log: Log, options: { readonly quiet?: boolean } = {}): Promise<LocatedCheck | undefined> {
  const found = await locateRef(value, log, options);
  if (!found) {
    return undefined;
  }
  const model = notes.forDocument(found.document);
  const check = found.ref.column === 1 ? model.checks.find((each) => each.line === found.ref.line) : undefined;
  if (!check) {
    if (!options.quiet) {
      void vscode.window.showWarningMessage(`The note changed: there is no check at line ${found.ref.line} any more.`);
    }
    return undefined;
  }
  return { uri: found.uri, document: found.document, model, check, key: checkResultKey(model.checks, check) };
}

/** The trust check and the reference, shared by commands and blocks. */
async function locateRef(value: unknown, log: Log, options: { readonly quiet?: boolean }): Promise<{ ref: CommandRef; uri: vscode.Uri; document: vscode.TextDocument } | undefined> {
  if (!vscode.workspace.isTrusted && !options.quiet) {
    // Refuse at once; the offer to manage trust stays on screen without holding the caller.
    void vscode.window
      .showWarningMessage('Course Notes runs nothing in Restricted Mode. Trust this workspace to run the commands of its notes.', 'Manage Workspace Trust')
      .then((choice) => (choice ? vscode.commands.executeCommand('workbench.trust.manage') : undefined));
    return undefined;
  }
  const ref = parseRef(value);
  if (!ref) {
    log.warn(`Refused a run request that is not a reference to a command of a note: ${safeDescribe(value)}`);
    if (!options.quiet) {
      void vscode.window.showErrorMessage('Course Notes runs only commands written in a note, chosen from its Run lens, the Notes view or the cursor.');
    }
    return undefined;
  }
  const uri = vscode.Uri.parse(ref.uri, true);
  const document = await vscode.workspace.openTextDocument(uri);
  return { ref, uri, document };
}

/** The result key of a command of the document, as its model has it now. */
export function keyOf(notes: WorkspaceNotes, document: vscode.TextDocument, command: NoteCommand): string {
  return resultKeyOf(notes.forDocument(document).commands, command);
}

function safeDescribe(value: unknown): string {
  try {
    return JSON.stringify(value)?.slice(0, 200) ?? String(value);
  } catch {
    return typeof value;
  }
}
