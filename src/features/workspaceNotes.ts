import picomatch from 'picomatch';
import * as vscode from 'vscode';
import { mapLimit } from '../core/mapLimit';
import type { NoteModel } from '../core/model';
import { tooLargeReason } from '../core/model';
import { NoteCache } from '../core/noteCache';
import { skippedNote } from '../core/noteParser';
import { TimeSlicer } from '../core/timeSlicer';
import { Config } from '../platform/config';
import { ContextKeys } from '../platform/commandIds';
import type { Log } from '../platform/log';

/** A note of the workspace and its parsed model. */
export interface WorkspaceNote {
  readonly uri: vscode.Uri;
  readonly folder: vscode.WorkspaceFolder | undefined;
  /** Path relative to its workspace folder, with `/` separators. */
  readonly relativePath: string;
  readonly model: NoteModel;
}

/**
 * The include/exclude patterns of a workspace folder, compiled on first use: the scan gives them to
 * findFiles, and only file events need them here (compiling both cold costs ~9 ms, which activation
 * does not have to pay).
 */
class FolderRules {
  private matches: ((path: string) => boolean) | undefined;

  constructor(
    private readonly include: readonly string[],
    private readonly exclude: readonly string[],
  ) {}

  /** Whether a path relative to the folder is a note. */
  test(relative: string): boolean {
    if (!this.matches) {
      const include = picomatch([...this.include], { dot: true });
      const exclude = this.exclude.length > 0 ? picomatch([...this.exclude], { dot: true }) : () => false;
      this.matches = (path) => include(path) && !exclude(path);
    }
    return this.matches(relative);
  }
}

const READ_CONCURRENCY = 8;
const EDIT_DEBOUNCE_MS = 250;
/** Notes in path order, `lab-2` before `lab-10` (one collator: localeCompare with options makes one a call). */
const PATH_ORDER = new Intl.Collator('en', { numeric: true });

/**
 * The notes of the workspace: found by the include/exclude settings, parsed once per version
 * (document version for open notes, mtime and size for the rest) and kept current as files are
 * created, edited, renamed and deleted.
 */
export class WorkspaceNotes implements vscode.Disposable {
  private readonly cache: NoteCache;
  private readonly notes = new Map<string, WorkspaceNote>();
  private readonly rules = new Map<string, FolderRules>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri | undefined>();
  private readonly disposables: vscode.Disposable[] = [this.changed];
  private readonly pendingEdits = new Map<string, NodeJS.Timeout>();
  /**
   * The latest load of each note. Loads read the file system asynchronously and may finish out of
   * order (a note rewritten or deleted while it is read): a load that is no longer the latest for its
   * note, or whose note was removed meanwhile, stores nothing, so an older text never wins and a
   * deleted note never comes back.
   */
  private readonly latestLoad = new Map<string, number>();
  private loads = 0;
  private scan: Promise<void> | undefined;
  /**
   * Every parse of a file read from disk goes through it (slices of 10 ms, then the event loop's
   * turn), so a scan of thousands of notes never blocks the extension host for long.
   */
  private readonly parser = new TimeSlicer();

  /** Fires with the note that changed, or undefined when the whole set changed. */
  readonly onDidChange = this.changed.event;

  constructor(
    private readonly config: Config,
    private readonly log: Log,
  ) {
    // Open notes are parsed from their text: the same size limit as for files (maxNoteSizeKB).
    this.cache = new NoteCache({ programs: config.programs(), maxLength: config.maxNoteBytes() });
    const watcher = vscode.workspace.createFileSystemWatcher('**/*.{md,markdown,MD,Markdown}');
    this.disposables.push(
      watcher,
      watcher.onDidCreate((uri) => void this.refreshFile(uri)),
      watcher.onDidChange((uri) => void this.refreshFile(uri)),
      watcher.onDidDelete((uri) => this.removeFile(uri)),
      vscode.workspace.onDidChangeTextDocument((event) => this.scheduleEdit(event.document)),
      vscode.workspace.onDidCloseTextDocument((document) => {
        // A note closed without saving goes back to what is on disk.
        if (this.notes.has(document.uri.toString())) {
          void this.refreshFile(document.uri);
        }
      }),
      vscode.workspace.onDidChangeWorkspaceFolders(() => void this.rescan()),
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (Config.affects(event)) {
          this.cache.setOptions({ programs: config.programs(), maxLength: config.maxNoteBytes() });
          void this.rescan();
        }
      }),
    );
  }

  /** Resolves once the first scan of the workspace is done. */
  ready(): Promise<void> {
    this.scan ??= this.rescan();
    return this.scan;
  }

  /** All notes, by workspace folder then path in natural order (`2-…` before `10-…`). */
  all(): WorkspaceNote[] {
    const folderIndex = (note: WorkspaceNote) => note.folder?.index ?? Number.MAX_SAFE_INTEGER;
    return [...this.notes.values()].sort((a, b) => folderIndex(a) - folderIndex(b) || PATH_ORDER.compare(a.relativePath, b.relativePath));
  }

  get(uri: vscode.Uri): WorkspaceNote | undefined {
    return this.notes.get(uri.toString());
  }

  /** The model of an open document, parsed from its current text (cached by version). */
  forDocument(document: vscode.TextDocument): NoteModel {
    const key = document.uri.toString();
    return this.cache.get(key, `doc:${document.version}`, () => document.getText());
  }

  /** Finds every note again (settings or folders changed, or the user asked). */
  rescan(): Promise<void> {
    const scan = this.doRescan().catch((error) => this.log.error('Scanning the workspace for notes failed', error));
    this.scan = scan;
    return scan;
  }

  private async doRescan(): Promise<void> {
    const started = Date.now();
    this.rules.clear();
    const found: vscode.Uri[] = [];
    for (const folder of vscode.workspace.workspaceFolders ?? []) {
      const include = this.config.include(folder);
      const exclude = this.config.exclude(folder);
      this.rules.set(folder.uri.toString(), new FolderRules(include, exclude));
      const uris = await vscode.workspace.findFiles(
        new vscode.RelativePattern(folder, braces(include)),
        exclude.length > 0 ? braces(exclude) : null,
      );
      found.push(...uris);
    }
    const keep = new Set(found.map((uri) => uri.toString()));
    for (const key of [...this.notes.keys()]) {
      if (!keep.has(key)) {
        this.notes.delete(key);
        this.cache.delete(key);
        this.latestLoad.delete(key);
      }
    }
    await mapLimit(found, READ_CONCURRENCY, (uri) => this.load(uri));
    this.log.info(`Found ${this.notes.size} notes in ${Date.now() - started} ms`);
    await this.publish(undefined);
  }

  private async publish(uri: vscode.Uri | undefined): Promise<void> {
    await vscode.commands.executeCommand('setContext', ContextKeys.hasNotes, this.notes.size > 0);
    await vscode.commands.executeCommand('setContext', ContextKeys.ready, true);
    this.changed.fire(uri);
  }

  /** Whether a file is a note by the include/exclude settings of its workspace folder. */
  isNote(uri: vscode.Uri): boolean {
    const folder = vscode.workspace.getWorkspaceFolder(uri);
    if (!folder) {
      return false;
    }
    const rules = this.rules.get(folder.uri.toString());
    if (!rules) {
      return false;
    }
    const relative = relativePath(folder, uri);
    return rules.test(relative);
  }

  private async refreshFile(uri: vscode.Uri): Promise<void> {
    await this.ready();
    if (!this.isNote(uri)) {
      return;
    }
    await this.load(uri);
    await this.publish(uri);
  }

  private removeFile(uri: vscode.Uri): void {
    const key = uri.toString();
    const removed = this.notes.delete(key);
    this.cache.delete(key);
    this.latestLoad.delete(key);
    if (removed) {
      void this.publish(uri);
    }
  }

  private scheduleEdit(document: vscode.TextDocument): void {
    const key = document.uri.toString();
    if (!this.notes.has(key)) {
      return;
    }
    clearTimeout(this.pendingEdits.get(key));
    this.pendingEdits.set(
      key,
      setTimeout(() => {
        this.pendingEdits.delete(key);
        if (document.isClosed) {
          return;
        }
        this.store(document.uri, this.forDocument(document));
        void this.publish(document.uri);
      }, EDIT_DEBOUNCE_MS),
    );
  }

  /** Parses one note: from its open document when there is one, else from the file system. */
  private async load(uri: vscode.Uri): Promise<void> {
    const key = uri.toString();
    const load = ++this.loads;
    this.latestLoad.set(key, load);
    const superseded = () => this.latestLoad.get(key) !== load;
    const open = vscode.workspace.textDocuments.find((document) => document.uri.toString() === key);
    if (open) {
      this.store(uri, this.forDocument(open));
      return;
    }
    try {
      const stat = await vscode.workspace.fs.stat(uri);
      if (superseded()) {
        return;
      }
      if ((stat.type & vscode.FileType.File) === 0) {
        this.removeFile(uri);
        return;
      }
      const version = `fs:${stat.mtime}:${stat.size}`;
      const maxBytes = this.config.maxNoteBytes();
      if (stat.size > maxBytes) {
        const model = skippedNote(key, tooLargeReason(stat.size, maxBytes, 'see the courseNotes.maxNoteSizeKB setting'));
        this.cache.set(key, version, model);
        this.store(uri, model);
        return;
      }
      const bytes = await vscode.workspace.fs.readFile(uri);
      if (superseded()) {
        return;
      }
      // Checked again when the parse's turn comes: the note may have been deleted or rewritten meanwhile.
      const model = await this.parser.run(() => (superseded() ? undefined : this.cache.get(key, version, () => new TextDecoder('utf-8').decode(bytes))));
      if (model && !superseded()) {
        this.store(uri, model);
      }
    } catch (error) {
      if (superseded()) {
        return;
      }
      if (error instanceof vscode.FileSystemError && error.code === 'FileNotFound') {
        this.removeFile(uri);
        return;
      }
      this.log.warn(`Could not read ${uri.fsPath}: ${error instanceof Error ? error.message : String(error)}`);
      this.store(uri, skippedNote(key, `could not be read (${error instanceof Error ? error.message : String(error)})`));
    }
  }

  private store(uri: vscode.Uri, model: NoteModel): void {
    const folder = vscode.workspace.getWorkspaceFolder(uri);
    this.notes.set(uri.toString(), {
      uri,
      folder,
      relativePath: folder ? relativePath(folder, uri) : uri.path,
      model,
    });
  }

  dispose(): void {
    for (const timer of this.pendingEdits.values()) {
      clearTimeout(timer);
    }
    this.pendingEdits.clear();
    vscode.Disposable.from(...this.disposables).dispose();
  }
}

function relativePath(folder: vscode.WorkspaceFolder, uri: vscode.Uri): string {
  const base = folder.uri.path.endsWith('/') ? folder.uri.path : `${folder.uri.path}/`;
  return uri.path.startsWith(base) ? uri.path.slice(base.length) : uri.path;
}

function braces(patterns: readonly string[]): string {
  return patterns.length === 1 ? patterns[0] : `{${patterns.join(',')}}`;
}
