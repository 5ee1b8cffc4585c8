import * as path from 'node:path';
import * as vscode from 'vscode';
import type { FileBlock } from '../../core/fileBlocks';
import { checkFileName, findFileBlocks } from '../../core/fileBlocks';
import { inertIconLabel, inertTooltip } from '../../core/inertText';
import { CommandIds } from '../../platform/commandIds';
import type { WorkspaceNotes } from '../workspaceNotes';
import { refOfBlock } from './fileBlockRef';
import type { CwdFor, SavedFiles } from './fileBlockSaver';
import { noteFolder } from './fileBlockSaver';

const NAME_LABEL = 48;

/**
 * `$(save) Save as NAME` on the opening fence of each block the note asks the reader to save,
 * `✓ Saved as NAME` once saved in this session, and `$(warning) Can't save as NAME` for a name
 * that is refused (the click says why). Nothing in Restricted Mode: nothing is saved there.
 */
export class FileBlockLenses implements vscode.CodeLensProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  private readonly subscriptions: vscode.Disposable[];
  /** File blocks per document version: finding them parses the note once more. */
  private readonly cache = new Map<string, { readonly version: number; readonly blocks: readonly FileBlock[] }>();
  readonly onDidChangeCodeLenses = this.changed.event;

  constructor(
    private readonly notes: WorkspaceNotes,
    private readonly saved: SavedFiles,
    private readonly cwdFor: CwdFor,
  ) {
    this.subscriptions = [
      saved.onDidChange(() => this.changed.fire()),
      vscode.workspace.onDidGrantWorkspaceTrust(() => this.changed.fire()),
      vscode.workspace.onDidCloseTextDocument((document) => this.cache.delete(document.uri.toString())),
    ];
  }

  /** The file blocks of a document as it is now. */
  blocksOf(document: vscode.TextDocument): readonly FileBlock[] {
    const key = document.uri.toString();
    const cached = this.cache.get(key);
    if (cached && cached.version === document.version) {
      return cached.blocks;
    }
    const model = this.notes.forDocument(document);
    // No code block, no file block; a note the model skipped (too large, binary) has none either.
    const blocks = model.skipped || model.codeBlocks.length === 0 ? [] : findFileBlocks(document.getText());
    this.cache.set(key, { version: document.version, blocks });
    return blocks;
  }

  provideCodeLenses(document: vscode.TextDocument, token: vscode.CancellationToken): vscode.CodeLens[] {
    if (token.isCancellationRequested || !vscode.workspace.isTrusted) {
      return [];
    }
    try {
      return this.blocksOf(document).map((block) => this.lensOf(document.uri, block));
    } catch {
      return []; // a provider never throws into VS Code
    }
  }

  private lensOf(uri: vscode.Uri, block: FileBlock): vscode.CodeLens {
    const range = new vscode.Range(block.line - 1, 0, block.line - 1, 0);
    const ref = refOfBlock(uri, block);
    const label = inertIconLabel(block.name, NAME_LABEL);
    const check = checkFileName(block.name);
    const command = (title: string, tooltip: string): vscode.Command => ({ command: CommandIds.saveFileBlock, title, tooltip: inertTooltip(tooltip), arguments: [ref] });
    if (!check.ok) {
      return new vscode.CodeLens(range, command(`$(warning) Can't save as ${label}`, `Course Notes will not save this block as "${block.name}": ${check.reason}.`));
    }
    const saved = this.saved.get(uri, block);
    if (saved) {
      return new vscode.CodeLens(range, command(`✓ Saved as ${label}`, `Saved as ${saved}. Click to save it again (an edited file is shown as a diff first).`));
    }
    const folder = this.cwdFor(uri, block.block) ?? noteFolder(uri);
    const where = folder ? path.join(folder, check.relative) : check.relative;
    return new vscode.CodeLens(range, command(`$(save) Save as ${label}`, `Save this block as ${where} (an existing file is shown as a diff and replaced only if you say so)`));
  }

  dispose(): void {
    vscode.Disposable.from(...this.subscriptions, this.changed).dispose();
  }
}
