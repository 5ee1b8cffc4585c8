import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { FileBlock } from '../../core/fileBlocks';
import { checkFileName, findFileBlocks } from '../../core/fileBlocks';
import { inertLabel } from '../../core/inertText';
import type { Log } from '../../platform/log';
import { resolveInside, writeInside } from '../../platform/safeFile';
import type { WorkspaceNotes } from '../workspaceNotes';
import type { FileBlockRef } from './fileBlockRef';
import { hashOf, locateFileBlock, parseFileBlockRef } from './fileBlockRef';
import type { FileBlockPreviews } from './fileBlockPreviews';

/**
 * The folder a note's block is saved in, as the session has it (its cwd); undefined for the
 * default, the note's own folder.
 */
export type CwdFor = (uri: vscode.Uri, block: number) => string | undefined;

/** How a save ended (what the command returns, for callers and tests). */
export type SaveOutcome =
  | { readonly status: 'saved'; readonly path: string; readonly created: boolean }
  | { readonly status: 'unchanged'; readonly path: string }
  | { readonly status: 'cancelled'; readonly path: string }
  | { readonly status: 'refused'; readonly reason: string };

/** An existing file larger than this is not shown as a diff (the question still names it). */
const MAX_DIFF_BYTES = 5 * 1024 * 1024;

/** The files saved in this session, by note and block hash: the lens says `✓ Saved as NAME`. */
export class SavedFiles implements vscode.Disposable {
  private readonly saved = new Map<string, string>();
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;

  private static key(uri: string, hash: string): string {
    return `${uri}#${hash}`;
  }

  /** Where the block was last saved, if it was in this session. */
  get(uri: vscode.Uri, block: FileBlock): string | undefined {
    return this.saved.get(SavedFiles.key(uri.toString(), hashOf(block)));
  }

  mark(ref: FileBlockRef, file: string): void {
    this.saved.set(SavedFiles.key(ref.uri, ref.hash), file);
    this.changed.fire();
  }

  dispose(): void {
    this.changed.dispose();
  }
}

/** The note's own folder: the default when the session gives none (a note on disk only). */
export function noteFolder(uri: vscode.Uri): string | undefined {
  return uri.scheme === 'file' ? path.dirname(uri.fsPath) : undefined;
}

function isInside(root: string, candidate: string): boolean {
  const relative = path.relative(root, candidate);
  return relative === '' || (relative !== '..' && !relative.startsWith(`..${path.sep}`) && !path.isAbsolute(relative));
}

async function realpathOrUndefined(file: string): Promise<string | undefined> {
  try {
    return await fs.realpath(file);
  } catch {
    return undefined;
  }
}

/**
 * Whether `folder` is one the user chose: inside a workspace folder, or inside the note's own
 * folder (the user opened the note). A session that has `cd`-ed elsewhere (`cd ~`, `cd /etc`)
 * gets nothing written there.
 */
export async function isChosenFolder(folder: string, note: vscode.Uri): Promise<boolean> {
  const real = await realpathOrUndefined(folder);
  if (!real) {
    return false;
  }
  const roots = [
    ...(vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file').map((f) => f.uri.fsPath),
    ...(noteFolder(note) ? [noteFolder(note) as string] : []),
  ];
  for (const root of roots) {
    const realRoot = await realpathOrUndefined(root);
    if (realRoot && isInside(realRoot, real)) {
      return true;
    }
  }
  return false;
}

/** The name as a message shows it: one line, no control characters. */
function shown(name: string): string {
  return inertLabel(name, 80);
}

/**
 * Saves a file block: reads the block again from the note (the reference carries only a note, an
 * index and a hash), checks the name and the folder, shows an existing file that differs as a diff
 * and replaces it only when the user says so.
 */
export class FileBlockSaver {
  constructor(
    private readonly notes: WorkspaceNotes,
    private readonly log: Log,
    private readonly cwdFor: CwdFor,
    private readonly saved: SavedFiles,
    private readonly previews: FileBlockPreviews,
  ) {}

  async save(value: unknown): Promise<SaveOutcome> {
    if (!vscode.workspace.isTrusted) {
      void vscode.window
        .showWarningMessage('Course Notes saves no file in Restricted Mode. Trust this workspace to save the files its notes show.', 'Manage Workspace Trust')
        .then((choice) => (choice ? vscode.commands.executeCommand('workbench.trust.manage') : undefined));
      return { status: 'refused', reason: 'Restricted Mode' };
    }
    const ref = parseFileBlockRef(value);
    if (!ref) {
      this.log.warn('Refused a save request that is not a reference to a file block of a note');
      return this.refuse('Course Notes saves only the blocks of a note, from their Save as lens.');
    }
    let uri: vscode.Uri;
    let document: vscode.TextDocument;
    try {
      uri = vscode.Uri.parse(ref.uri, true);
      document = await vscode.workspace.openTextDocument(uri);
    } catch {
      return this.refuse('Course Notes could not open the note of that block.');
    }
    if (document.languageId !== 'markdown' || this.notes.forDocument(document).skipped) {
      return this.refuse('Course Notes saves only the blocks of a Markdown note it reads.');
    }
    const block = locateFileBlock(findFileBlocks(document.getText()), ref);
    if (!block) {
      return this.refuse('The note changed: that block is not there any more, or its text changed. Save it again from its lens.');
    }
    const name = checkFileName(block.name);
    if (!name.ok) {
      this.log.warn(`Refused to save a block as ${JSON.stringify(block.name)}: ${name.reason}`);
      return this.refuse(`Course Notes did not save the block as "${shown(block.name)}": ${name.reason}.`);
    }
    const folder = this.cwdFor(uri, block.block) ?? noteFolder(uri);
    if (!folder) {
      return this.refuse('Save the note to a folder first: its blocks are saved beside it.');
    }
    if (!(await realpathOrUndefined(folder))) {
      return this.refuse(`Course Notes did not save ${shown(name.relative)}: the folder ${folder} does not exist.`);
    }
    if (!(await isChosenFolder(folder, uri))) {
      return this.refuse(`Course Notes did not save ${shown(name.relative)}: ${folder} is outside the workspace and the note's folder.`);
    }
    const resolved = await resolveInside(folder, name.relative);
    if (!resolved.ok) {
      this.log.warn(`Refused to save a block as ${JSON.stringify(block.name)} in ${folder}: ${resolved.reason}`);
      return this.refuse(`Course Notes did not save ${shown(name.relative)}: ${resolved.reason}.`);
    }
    if (resolved.exists) {
      const answer = await this.confirmReplace(resolved.path, name.relative, block);
      if (answer !== 'replace') {
        if (answer === 'unchanged') {
          this.saved.mark(ref, resolved.path);
          void vscode.window.showInformationMessage(`${shown(name.relative)} in ${folder} is already up to date.`);
          return { status: 'unchanged', path: resolved.path };
        }
        return { status: 'cancelled', path: resolved.path };
      }
    }
    const written = await writeInside(folder, name.relative, block.content);
    if (!written.ok) {
      this.log.warn(`Could not save ${name.relative} in ${folder}: ${written.reason}`);
      return this.refuse(`Course Notes did not save ${shown(name.relative)}: ${written.reason}.`);
    }
    this.saved.mark(ref, written.path);
    this.log.info(`Saved ${name.relative} in ${folder} from ${uri.toString()} (block ${block.block})`);
    void vscode.window.showInformationMessage(`Saved ${shown(name.relative)} in ${folder}`);
    return { status: 'saved', path: written.path, created: written.created };
  }

  /** An existing file: same text → unchanged; else the diff, and a modal question. */
  private async confirmReplace(file: string, relative: string, block: FileBlock): Promise<'replace' | 'unchanged' | 'cancelled'> {
    const size = (await fs.stat(file)).size;
    const diffable = size <= MAX_DIFF_BYTES;
    if (diffable && (await fs.readFile(file, 'utf8')) === block.content) {
      return 'unchanged';
    }
    const preview = diffable ? this.previews.show(relative, block.content) : undefined;
    try {
      if (preview) {
        await vscode.commands.executeCommand('vscode.diff', vscode.Uri.file(file), preview, `${shown(relative)}: on disk ↔ in the note`, { preview: true });
      }
      const choice = await vscode.window.showWarningMessage(
        `Replace ${shown(relative)}?`,
        {
          modal: true,
          detail: diffable
            ? `${file} exists and differs from the block in the note (the diff shows both). Replace it with the note's text?`
            : `${file} exists (${Math.round(size / 1024)} KB). Replace it with the note's text?`,
        },
        'Replace',
      );
      return choice === 'Replace' ? 'replace' : 'cancelled';
    } finally {
      if (preview) {
        await this.previews.close(preview);
      }
    }
  }

  private refuse(message: string): SaveOutcome {
    void vscode.window.showWarningMessage(message);
    return { status: 'refused', reason: message };
  }
}
