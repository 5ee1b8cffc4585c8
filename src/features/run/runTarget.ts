import * as vscode from 'vscode';
import { readFrontMatter } from '../../core/frontMatter';
import type { NodeTarget } from '../../core/nodeTargets';
import { describeTarget, nodeTarget } from '../../core/nodeTargets';
import type { Config } from '../../platform/config';

/** Targets a note's front matter chose that the student allowed (note and target), in workspace state. */
const APPROVED_TARGETS_KEY = 'courseNotes.approvedTargets.v1';

/**
 * The target the terminal is bound to (setting first, then the note's front matter), undefined
 * when it is unbound, null when the binding is invalid (the user was told) or the student did not
 * allow a note's own choice.
 */
export async function targetOf(name: string, document: vscode.TextDocument, config: Config, memento: vscode.Memento): Promise<NodeTarget | undefined | null> {
  const lines = document.getText(new vscode.Range(0, 0, Math.min(document.lineCount, 500), 0)).split(/\r?\n/);
  const found = nodeTarget(name, { setting: config.nodes(), frontMatter: readFrontMatter(lines).nodes });
  if (found && 'error' in found) {
    void vscode.window.showErrorMessage(`Course Notes: ${found.error}.`);
    return null;
  }
  if (found?.source === 'front matter') {
    // A note (a file of the workspace) chose where its commands run: the student says yes once.
    const key = `${document.uri.toString()}\u0000${describeTarget(found)}`;
    const approved = memento.get<string[]>(APPROVED_TARGETS_KEY) ?? [];
    if (!approved.includes(key)) {
      const choice = await vscode.window.showWarningMessage(
        `This note runs its "${name}" commands on ${describeTarget(found).replace(/^[^→]*→ /, '')}.`,
        { modal: true, detail: "Its front matter binds the terminal to that machine. Run there? (The courseNotes.nodes setting overrides a note's bindings.)" },
        'Run There',
      );
      if (choice !== 'Run There') {
        return null;
      }
      await memento.update(APPROVED_TARGETS_KEY, [...approved, key].slice(-200));
    }
  }
  return found;
}
