import * as vscode from 'vscode';
import type { CommandKind } from '../../core/commandKinds';
import { classifyCommand, isIncomplete } from '../../core/commandKinds';
import type { NoteCommand } from '../../core/model';
import type { PlaceholderDeps } from './placeholders';
import { askPlaceholders } from './placeholders';

/** The command line a run will use, after every question was answered. */
export interface AnsweredCommand {
  readonly text: string;
  readonly kind: CommandKind;
}

/**
 * Asks what a run must know before it starts, in order: values for the command's placeholders, the
 * rest of an incomplete command (`docker run`), and a confirmation for a command that removes
 * things. Undefined when the student cancelled any of them: then nothing runs.
 */
export async function askBeforeRun(uri: vscode.Uri, command: NoteCommand, deps: PlaceholderDeps & { readonly confirmDestructive: boolean }): Promise<AnsweredCommand | undefined> {
  let text = command.text;
  if (command.placeholders.length > 0) {
    const filled = await askPlaceholders(uri, command, deps);
    if (filled === undefined) {
      return undefined;
    }
    text = filled;
  }
  let kind = classifyCommand(text);
  if (isIncomplete(kind)) {
    const completed = await vscode.window.showInputBox({
      title: 'Complete the command',
      prompt: `The note names "${text}" without arguments. Complete it to run it.`,
      value: `${text} `,
      valueSelection: [text.length + 1, text.length + 1],
      ignoreFocusOut: true,
    });
    if (!completed?.trim() || completed.trim() === text) {
      return undefined;
    }
    text = completed.trim();
    kind = classifyCommand(text);
  }
  if (kind.destructive && deps.confirmDestructive) {
    const choice = await vscode.window.showWarningMessage(
      'Run a command that removes things?',
      { modal: true, detail: `${text}\n\nTurn this question off with the courseNotes.confirmDestructive setting.` },
      'Run',
    );
    if (choice !== 'Run') {
      return undefined;
    }
  }
  return { text, kind };
}
