import * as vscode from 'vscode';
import type { CourseNotesApi } from '../../src/extension';

export const EXTENSION_ID = 'course-notes.course-notes';

/** Activates the extension under test and waits for its first scan. */
export async function activateExtension(): Promise<CourseNotesApi> {
  const extension = vscode.extensions.getExtension<CourseNotesApi>(EXTENSION_ID);
  if (!extension) {
    throw new Error(`${EXTENSION_ID} is not installed in this extension host`);
  }
  const api = await extension.activate();
  await api.ready();
  return api;
}

/** Polls `condition` until it holds or `timeoutMs` passes; fails with `what` on time-out. */
export async function waitFor<T>(what: string, condition: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await condition();
    if (value) {
      return value;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

export function workspaceFolder(): vscode.WorkspaceFolder {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) {
    throw new Error('the tests need a workspace folder (test/fixtures/workspace)');
  }
  return folder;
}

/** A label of a tree item as text. */
export function labelOf(item: vscode.TreeItem): string {
  const label = item.label;
  return typeof label === 'string' ? label : label?.label ?? '';
}
