import * as vscode from 'vscode';
import { terminalFromInfo } from '../../core/fenceKinds';
import type { NoteCommand, NoteSection } from '../../core/model';
import { formatMinutes, stripEstimate } from '../../core/timeEstimates';
import { inertLabel, inertTooltip } from '../../core/inertText';
import { distinguishingNames } from '../../core/noteNames';
import { resultKeyOf, resultKeys } from '../../core/resultKeys';
import type { CommandStatus, RunLedger } from '../shared/runLedger';
import { openLocation } from '../shared/commands';
import type { CommandNodeShape, NoteNodeShape } from '../shared/treeNodes';
import { describeStatus } from '../shared/runLedger';
import type { CourseProgress, NoteProgress, SectionProgress } from '../../core/labProgress';
import { courseProgress } from '../../core/labProgress';
import { progressOfNote } from '../shared/labProgress';
import type { WorkspaceNote, WorkspaceNotes } from '../workspaceNotes';

/** A node of the notes tree: workspace folder → note → sections → commands. */
export type NotesTreeNode =
  | { readonly kind: 'folder'; readonly folder: vscode.WorkspaceFolder }
  | ({ readonly kind: 'note'; readonly note: WorkspaceNote } & NoteNodeShape)
  | { readonly kind: 'section'; readonly note: WorkspaceNote; readonly section: NoteSection }
  | ({ readonly kind: 'command'; readonly note: WorkspaceNote; readonly command: NoteCommand } & CommandNodeShape);

/** How often at most the view is told of results (see refreshSoon). */
const RESULTS_REFRESH_MS = 100;

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

/** The data behind the Notes view. Labels and tooltips are plain strings: note text never renders as Markdown. */
export class NotesTreeProvider implements vscode.TreeDataProvider<NotesTreeNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<NotesTreeNode | undefined>();
  private readonly subscription: vscode.Disposable;
  private refreshTimer: ReturnType<typeof setTimeout> | undefined;
  private refreshAgain = false;
  /** What tells notes with the same title apart, by note URI; made once per change of the notes. */
  private names: Map<string, string> | undefined;
  /** Each note's progress by note URI, made on demand once per change of the notes or the ledger. */
  private readonly progress = new Map<string, { readonly note: NoteProgress; readonly sections: Map<number, SectionProgress> }>();
  readonly onDidChangeTreeData = this.changed.event;

  constructor(
    private readonly notes: WorkspaceNotes,
    private readonly results?: RunLedger,
  ) {
    // Items are rebuilt from the model on demand, so one refresh of the whole tree is cheap and exact.
    this.subscription = vscode.Disposable.from(
      notes.onDidChange(() => {
        this.names = undefined;
        this.progress.clear();
        this.changed.fire(undefined);
      }),
      ...(results
        ? [
            results.onDidChange((uri) => {
              // A run of one note changes that note's progress only; the view is told at most once
              // per 100 ms (each refresh re-asks VS Code for every visible row): see refreshSoon.
              if (uri) {
                this.progress.delete(uri.toString());
              } else {
                this.progress.clear();
              }
              this.refreshSoon();
            }),
          ]
        : []),
      { dispose: () => clearTimeout(this.refreshTimer) },
    );
  }

  /**
   * The view is told at once, then at most once more per RESULTS_REFRESH_MS: a quick run's start and
   * end are two refreshes at most, and 300 runs in a row are one refresh each 100 ms, not 600. (At
   * once, not after a delay: a refresh that comes while the user expands a row cancels the expand,
   * and a delayed one comes just when the user acts next.)
   */
  private refreshSoon(): void {
    if (this.refreshTimer !== undefined) {
      this.refreshAgain = true;
      return;
    }
    this.changed.fire(undefined);
    const quiet = () => {
      if (this.refreshAgain) {
        this.refreshAgain = false;
        this.changed.fire(undefined);
        this.refreshTimer = setTimeout(quiet, RESULTS_REFRESH_MS);
      } else {
        this.refreshTimer = undefined;
      }
    };
    this.refreshTimer = setTimeout(quiet, RESULTS_REFRESH_MS);
  }


  /** How far the student is through the note (steps and time done), from the ledger's last results. */
  noteProgress(note: WorkspaceNote): NoteProgress | undefined {
    return this.progressOf(note)?.note;
  }

  private progressOf(note: WorkspaceNote): { readonly note: NoteProgress; readonly sections: Map<number, SectionProgress> } | undefined {
    if (!this.results || note.model.skipped) {
      return undefined;
    }
    const id = note.uri.toString();
    let found = this.progress.get(id);
    if (!found) {
      const progress = progressOfNote(this.results, note.uri, note.model);
      found = { note: progress, sections: new Map(progress.sections.map((section) => [section.line, section])) };
      this.progress.set(id, found);
    }
    return found;
  }

  /** The course's progress: the sums over every note in the view. */
  courseProgress(): CourseProgress {
    return courseProgress(this.notes.all().flatMap((note) => this.progressOf(note)?.note ?? []));
  }

  /** What the view's title bar says of the course: time done of the time estimated, else steps done. */
  courseDescription(): string | undefined {
    const course = this.courseProgress();
    if (course.minutes > 0) {
      return `${formatMinutes(course.minutesDone)} of ${formatMinutes(course.minutes)} done`;
    }
    return course.total > 0 ? `${course.done}/${course.total} steps done` : undefined;
  }

  getChildren(node?: NotesTreeNode): NotesTreeNode[] {
    if (!node) {
      return this.roots();
    }
    switch (node.kind) {
      case 'folder':
        return this.notes
          .all()
          .filter((note) => note.folder?.uri.toString() === node.folder.uri.toString())
          .map((note) => ({ kind: 'note', note }));
      case 'note': {
        const { preambleCommands, sections } = node.note.model;
        const title = titleSection(node.note);
        return [
          ...preambleCommands.map((command): NotesTreeNode => ({ kind: 'command', note: node.note, command })),
          ...(title
            ? [
                ...title.commands.map((command): NotesTreeNode => ({ kind: 'command', note: node.note, command })),
                ...title.children.map((section): NotesTreeNode => ({ kind: 'section', note: node.note, section })),
              ]
            : sections.map((section): NotesTreeNode => ({ kind: 'section', note: node.note, section }))),
        ];
      }
      case 'section':
        // A section's own commands stand before its first sub-section in the note, so this is document order.
        return [
          ...node.section.commands.map((command): NotesTreeNode => ({ kind: 'command', note: node.note, command })),
          ...node.section.children.map((section): NotesTreeNode => ({ kind: 'section', note: node.note, section })),
        ];
      case 'command':
        return [];
    }
  }

  private roots(): NotesTreeNode[] {
    const all = this.notes.all();
    const folders = vscode.workspace.workspaceFolders ?? [];
    const withNotes = folders.filter((folder) => all.some((note) => note.folder?.uri.toString() === folder.uri.toString()));
    if (withNotes.length > 1) {
      return withNotes.map((folder) => ({ kind: 'folder', folder }));
    }
    return all.map((note) => ({ kind: 'note', note }));
  }

  getParent(node: NotesTreeNode): NotesTreeNode | undefined {
    if (node.kind === 'folder') {
      return undefined;
    }
    if (node.kind === 'note') {
      return node.note.folder && this.roots().some((root) => root.kind === 'folder') ? { kind: 'folder', folder: node.note.folder } : undefined;
    }
    const line = node.kind === 'section' ? node.section.line : node.command.line;
    const parent = findParentSection(node.note.model.sections, line, node.kind === 'section' ? node.section : undefined);
    return parent && parent !== titleSection(node.note) ? { kind: 'section', note: node.note, section: parent } : { kind: 'note', note: node.note };
  }

  getTreeItem(node: NotesTreeNode): vscode.TreeItem {
    switch (node.kind) {
      case 'folder': {
        const item = new vscode.TreeItem(node.folder.name, vscode.TreeItemCollapsibleState.Expanded);
        item.id = `folder:${node.folder.uri.toString()}`;
        item.iconPath = vscode.ThemeIcon.Folder;
        item.resourceUri = node.folder.uri;
        item.contextValue = 'folder';
        return item;
      }
      case 'note':
        return this.noteItem(node.note);
      case 'section':
        return this.sectionItem(node.note, node.section);
      case 'command':
        return this.commandItem(node.note, node.command);
    }
  }

  private noteItem(note: WorkspaceNote): vscode.TreeItem {
    const model = note.model;
    const hasChildren = model.sections.length > 0 || model.preambleCommands.length > 0;
    const item = new vscode.TreeItem(inertLabel(stripEstimate(model.title)), hasChildren ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None);
    item.id = `note:${note.uri.toString()}`;
    item.contextValue = 'note';
    item.command = openCommand(note.uri, 1);
    if (model.skipped) {
      item.iconPath = new vscode.ThemeIcon('warning');
      item.description = `skipped: ${inertLabel(model.skipped, 60)}`;
      item.tooltip = `${inertLabel(note.relativePath, 500)}\nNot parsed: ${inertTooltip(model.skipped, 500)}`;
      return item;
    }
    item.iconPath = new vscode.ThemeIcon('book');
    // The most telling fact first, as a narrow sidebar cuts the description short: what tells this
    // note from another of the same title, then its time, then its commands (run of all, when any ran).
    const distinct = this.nameOf(note);
    const total = model.commands.length;
    // Counted over the same commands as the total: per copy of a command, as results are kept (core/resultKeys).
    const done = this.results?.progress(note.uri, resultKeys(model.commands)) ?? 0;
    // Once anything of the lab is done, the time done of the time estimated and the steps done say
    // how far the student is; before that, the estimate and the commands say what the note holds.
    const progress = this.progressOf(note)?.note;
    const started = progress !== undefined && progress.total > 0 && (progress.done > 0 || progress.minutesDone > 0);
    const parts = [
      ...(distinct ? [inertLabel(distinct, 60)] : []),
      ...(started
        ? [...(model.minutes > 0 ? [`${formatMinutes(progress.minutesDone)} of ${formatMinutes(model.minutes)}`] : []), `${progress.done}/${progress.total} steps${progress.complete ? ' ✓' : ''}`]
        : [...(model.minutes > 0 ? [formatMinutes(model.minutes)] : []), done > 0 ? `${done}/${total} run` : plural(total, 'command')]),
    ];
    item.description = parts.join(' · ');
    const facts = [...(model.minutes > 0 ? [formatMinutes(model.minutes)] : []), done > 0 ? `${done} of ${plural(total, 'command')} run` : plural(total, 'command')];
    const progressLine = progress && progress.total > 0 ? `\n${progress.done} of ${plural(progress.total, 'step')} done${model.minutes > 0 ? ` · ${formatMinutes(progress.minutesDone)} of ${formatMinutes(model.minutes)} done` : ''}${progress.complete ? ' · complete' : ''}` : '';
    item.tooltip = `${inertLabel(model.title, 500)}\n${inertLabel(note.relativePath, 500)}\n${facts.join(' · ')}${progressLine}`;
    return item;
  }

  /** What tells `note` apart from notes with the same title (folder or file name), if any has it. */
  private nameOf(note: WorkspaceNote): string | undefined {
    if (!this.names) {
      const all = this.notes.all();
      const byPath = distinguishingNames(all.map((each) => ({ title: stripEstimate(each.model.title), relativePath: each.relativePath })));
      this.names = new Map();
      for (const each of all) {
        const name = byPath.get(each.relativePath);
        if (name !== undefined) {
          this.names.set(each.uri.toString(), name);
        }
      }
    }
    return this.names.get(note.uri.toString());
  }

  private sectionItem(note: WorkspaceNote, section: NoteSection): vscode.TreeItem {
    const hasChildren = section.children.length > 0 || section.commands.length > 0;
    const item = new vscode.TreeItem(inertLabel(stripEstimate(section.title)) || '(untitled section)', hasChildren ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None);
    item.id = `section:${note.uri.toString()}#${section.line}`;
    item.contextValue = 'section';
    item.iconPath = new vscode.ThemeIcon(section.level <= 2 ? 'bookmark' : 'symbol-string');
    const progress = this.progressOf(note)?.sections.get(section.line);
    const parts = [...(section.minutes > 0 ? [formatMinutes(section.minutes)] : []), ...(progress && progress.total > 0 ? [`${progress.done}/${plural(progress.total, 'step')}`] : [])];
    const description = `${parts.join(' · ')}${progress?.complete ? `${parts.length > 0 ? ' ' : ''}✓` : ''}`;
    item.description = description || undefined;
    const time = section.minutes > 0 ? ` · ${formatMinutes(section.minutes)}` : '';
    const why = !progress?.complete
      ? ''
      : progress.checks > 0 && progress.checksPassed === progress.checks
        ? ' · ✓ its check passed'
        : progress.runnable
          ? ' · ✓ every step done'
          : ' · ✓ nothing to run; read (a later step is done)';
    item.tooltip = `${inertLabel(section.title, 500)}\nLine ${section.line}${time}${progress && progress.total > 0 ? ` · ${progress.done} of ${plural(progress.total, 'step')} done` : ''}${why}`;
    item.command = openCommand(note.uri, section.line);
    return item;
  }

  private commandItem(note: WorkspaceNote, command: NoteCommand): vscode.TreeItem {
    const item = new vscode.TreeItem(inertLabel(command.text), vscode.TreeItemCollapsibleState.None);
    item.id = `command:${note.uri.toString()}#${command.line}:${command.column}`;
    item.contextValue = command.source === 'inline' ? 'command.inline' : 'command.block';
    const key = resultKeyOf(note.model.commands, command);
    const status = this.results?.get(note.uri, key);
    item.iconPath = statusIcon(status);
    // Which block a command belongs to (numbered from 1 among the note's code blocks): a block runs as one.
    const where = command.source === 'block' ? `line ${command.line} · block ${command.block + 1}` : `line ${command.line}`;
    item.description = status ? describeStatus(status) : this.results?.ranElsewhere(note.uri, key) ? `${where} · ran elsewhere in this note` : where;
    const terminal = command.source === 'block' ? terminalFromInfo(command.info) : undefined;
    const origin = command.source === 'inline' ? 'Inline' : `Code block ${command.block + 1}${terminal ? ` (terminal ${inertLabel(terminal, 60)})` : ''}`;
    item.tooltip = `${inertTooltip(command.text)}\n\n${origin} · line ${command.line}${command.placeholders.length > 0 ? ` · ${plural(command.placeholders.length, 'placeholder')}` : ''}${status ? ` · last run: ${describeStatus(status)}` : ''}`;
    item.command = openCommand(note.uri, command.line, command.column);
    return item;
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}

/**
 * A note's lone H1 that is its title: the note's row stands for it, so its sections show directly
 * under the note instead of under a second row with the same name.
 */
export function titleSection(note: WorkspaceNote): NoteSection | undefined {
  const { sections, title } = note.model;
  const [only] = sections;
  return sections.length === 1 && only.level === 1 && only.title === title ? only : undefined;
}

function statusIcon(status: CommandStatus | undefined): vscode.ThemeIcon {
  switch (status?.status) {
    case undefined:
      return new vscode.ThemeIcon('terminal');
    case 'running':
      return new vscode.ThemeIcon('loading~spin');
    case 'ok':
      return new vscode.ThemeIcon('pass', new vscode.ThemeColor('testing.iconPassed'));
    case 'failed':
    case 'error':
      return new vscode.ThemeIcon('error', new vscode.ThemeColor('testing.iconFailed'));
    case 'cancelled':
      return new vscode.ThemeIcon('circle-slash');
    case 'sent':
      return new vscode.ThemeIcon('terminal-view-icon');
  }
}

function openCommand(uri: vscode.Uri, line: number, column = 1): vscode.Command {
  return openLocation.command('Open in Editor', uri, line, column);
}

/** The deepest section that holds `line`, other than `self`. */
function findParentSection(sections: readonly NoteSection[], line: number, self: NoteSection | undefined): NoteSection | undefined {
  for (const section of sections) {
    if (section !== self && section.line <= line && line <= section.endLine) {
      return findParentSection(section.children, line, self) ?? section;
    }
  }
  return undefined;
}
