import type * as vscode from 'vscode';
import { CommandIds } from '../../platform/commandIds';
import type { CommandRef } from './commandRef';

/**
 * The commands features hand to VS Code (lenses, tree items, hover links), each built with its
 * arguments in one place: a command's argument list is never assembled by hand at a call site.
 */

/** Opens a note at a 1-based line and column (a URI or its string, as the handler accepts both). */
export const openLocation = {
  id: CommandIds.openLocation,
  command(title: string, uri: vscode.Uri | string, line: number, column = 1): vscode.Command {
    return { command: CommandIds.openLocation, title, arguments: [uri, line, column] };
  },
  /** The same as a `command:` link for trusted hover Markdown (enable `openLocation.id` only). */
  link(uri: string, line: number, column: number): string {
    return `command:${CommandIds.openLocation}?${encodeURIComponent(JSON.stringify([uri, line, column]))}`;
  },
} as const;

/** A command of a note by reference: the run path reads the command again from the note. */
function byRef(id: string) {
  return (ref: CommandRef, title: string, tooltip: string): vscode.Command => ({ command: id, title, tooltip, arguments: [ref] });
}

export const runCommand = byRef(CommandIds.run);
export const runBlock = byRef(CommandIds.runAll);
export const stopCommand = byRef(CommandIds.cancel);
export const revealTerminal = byRef(CommandIds.revealTerminal);
export const showDifference = byRef(CommandIds.showDifference);
export const runCheck = byRef(CommandIds.check);

/** Opens a link a run offered (`http://localhost:PORT`; the handler accepts nothing else). */
export function openLink(url: string): vscode.Command {
  return { command: CommandIds.openLink, title: `$(link-external) Open ${url}`, tooltip: `Open ${url} in the Simple Browser (what the run published)`, arguments: [url] };
}
