import * as vscode from 'vscode';
import { CommandIds } from '../platform/commandIds';
import { guarded } from '../platform/errors';
import type { Log } from '../platform/log';

const TEMPLATE = (title: string) => `# ${title}

## Getting started (10min)

Check that Docker answers with \`docker version\`, then run your first container:

\`\`\`bash
docker run --rm hello-world
\`\`\`
`;

/** A file name from a title: "Docker Swarm Lab" → "docker-swarm-lab.md". */
export function fileNameFor(title: string): string {
  const slug = title
    .normalize('NFKD')
    .replace(/[^\w\s-]/g, '')
    .trim()
    .toLowerCase()
    .replace(/[\s_]+/g, '-')
    .replace(/-+/g, '-');
  return `${slug || 'note'}.md`;
}

/** `courseNotes.newNote`: asks for a title and creates a note from a short template; never overwrites. */
export function registerNewNote(log: Log): vscode.Disposable {
  return vscode.commands.registerCommand(
    CommandIds.newNote,
    guarded(log, 'create the note', async () => {
      const folders = vscode.workspace.workspaceFolders ?? [];
      if (folders.length === 0) {
        const choice = await vscode.window.showInformationMessage('Open a folder first: notes are the Markdown files of a workspace folder.', 'Open Folder');
        if (choice) {
          await vscode.commands.executeCommand('workbench.action.files.openFolder');
        }
        return;
      }
      const folder = folders.length === 1 ? folders[0] : await vscode.window.showWorkspaceFolderPick({ placeHolder: 'Folder for the new note' });
      if (!folder) {
        return;
      }
      const title = await vscode.window.showInputBox({
        prompt: 'Title of the new note',
        placeHolder: 'Docker Swarm Lab',
        validateInput: (value) => (value.trim() === '' ? 'Give the note a title' : undefined),
      });
      if (!title) {
        return;
      }
      const uri = vscode.Uri.joinPath(folder.uri, fileNameFor(title));
      try {
        await vscode.workspace.fs.stat(uri);
        void vscode.window.showWarningMessage(`${vscode.workspace.asRelativePath(uri)} already exists; it was left as it is.`);
        await vscode.window.showTextDocument(uri);
        return;
      } catch {
        // Does not exist yet: create it below.
      }
      await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(TEMPLATE(title.trim())));
      await vscode.window.showTextDocument(uri);
    }),
  );
}
