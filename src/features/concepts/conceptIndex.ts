import * as vscode from 'vscode';
import type { CliReference } from '../../core/cliReference';
import { addNoteDefinitions } from '../../core/noteConcepts';
import type { NoteModel } from '../../core/model';
import type { GlossaryEntry } from '../../core/termIndex';
import { TermIndex } from '../../core/termIndex';
import type { Config } from '../../platform/config';
import type { Log } from '../../platform/log';
import type { ExtensionData } from '../extensionData';
import type { WorkspaceNotes } from '../workspaceNotes';

/**
 * The concepts of the workspace: the notes' own definitions (and extra glossary files from the
 * settings) above the built-in glossary. Rebuilt on demand after notes change, never per hover.
 */
export class ConceptIndex implements vscode.Disposable {
  private index: TermIndex | undefined;
  private readonly changed = new vscode.EventEmitter<void>();
  private readonly subscriptions: vscode.Disposable[];
  readonly onDidChange = this.changed.event;

  constructor(
    private readonly notes: WorkspaceNotes,
    private readonly data: ExtensionData,
    private readonly config: Config,
    private readonly log: Log,
  ) {
    this.subscriptions = [
      notes.onDidChange(() => {
        this.index = undefined;
        this.changed.fire();
      }),
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (event.affectsConfiguration('courseNotes.glossaryFiles')) {
          this.index = undefined;
          this.changed.fire();
        }
      }),
    ];
  }

  /** The index, built when first needed after a change. */
  async get(): Promise<TermIndex> {
    if (this.index) {
      return this.index;
    }
    const index = new TermIndex();
    for (const note of this.notes.all()) {
      addNoteDefinitions(index, note.uri.toString(), note.model);
    }
    for (const model of await this.glossaryFiles()) {
      addNoteDefinitions(index, model.file, model);
    }
    index.addGlossary(await this.builtinGlossary());
    this.index = index;
    return index;
  }


  private async glossaryFiles(): Promise<NoteModel[]> {
    const models: NoteModel[] = [];
    for (const folder of vscode.workspace.workspaceFolders ?? []) {
      for (const path of this.config.glossaryFiles(folder)) {
        const uri = vscode.Uri.joinPath(folder.uri, path);
        if (this.notes.get(uri)) {
          continue; // already a note: its definitions are in
        }
        try {
          const document = await vscode.workspace.openTextDocument(uri);
          models.push(this.notes.forDocument(document));
        } catch (error) {
          this.log.warn(`Glossary file ${path} could not be read: ${error instanceof Error ? error.message : String(error)}`);
        }
      }
    }
    return models;
  }

  /** media/glossary.json (read once, through ExtensionData). */
  builtinGlossary(): Promise<readonly GlossaryEntry[]> {
    return this.data.builtinGlossary();
  }

  /** media/cli-reference.json, read on the first command hover (once, through ExtensionData). */
  cliReference(): Promise<CliReference> {
    return this.data.cliReference();
  }

  dispose(): void {
    vscode.Disposable.from(...this.subscriptions, this.changed).dispose();
  }
}
