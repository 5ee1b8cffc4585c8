import * as vscode from 'vscode';
import type { ConceptsFeature } from './features/concepts/registerConcepts';
import { registerConcepts } from './features/concepts/registerConcepts';
import { registerDiagnostics } from './features/diagnostics/registerDiagnostics';
import { registerFileBlocks } from './features/fileBlocks/registerFileBlocks';
import { registerNavigation } from './features/navigation';
import { registerNewNote } from './features/newNote';
import { ExtensionData } from './features/extensionData';
import { NoteFindings } from './features/noteFindings';
import type { RunFeature } from './features/run/registerRun';
import { registerRun } from './features/run/registerRun';
import type { NotesTreeProvider } from './features/notesTree/notesTreeProvider';
import { registerNotesTree } from './features/notesTree/registerNotesTree';
import { WorkspaceNotes } from './features/workspaceNotes';
import type { ProgressFeature } from './features/progress/registerProgress';
import { registerProgress } from './features/progress/registerProgress';
import { RunLog } from './features/shared/runLog';
import type { NotesTreeNode } from './features/notesTree/notesTreeProvider';
import { CommandIds } from './platform/commandIds';
import { Config } from './platform/config';
import { createLog } from './platform/log';

/** What `activate` returns: used by the extension-host tests, stable enough for other extensions. */
export interface CourseNotesApi {
  /** Resolves when the first scan of the workspace is done. */
  readonly ready: () => Promise<void>;
  readonly notes: WorkspaceNotes;
  readonly tree: NotesTreeProvider;
  /** The Notes view itself (its description shows the course's progress). */
  readonly notesView: vscode.TreeView<NotesTreeNode>;
  /** What ran from each note, for the lab report (recorded by the run feature). */
  readonly runLog: RunLog;
  /** Continue Lab, Reset Course Progress, Export Lab Report. */
  readonly progress: ProgressFeature;
  /** The workspace state the ledger and the run log persist in (tests read what survives a reload). */
  readonly workspaceState: vscode.Memento;
  readonly run: RunFeature;
  readonly concepts: ConceptsFeature;
  /** The findings (diagnostics) of open notes. */
  readonly findings: NoteFindings;
  /** How long `activate` took, in milliseconds (reported by the benchmarks). */
  readonly activationMs: number;
}

export function activate(context: vscode.ExtensionContext): CourseNotesApi {
  const started = performance.now();
  const log = createLog();
  const config = new Config();
  const notes = new WorkspaceNotes(config, log);
  const data = new ExtensionData(context.extensionUri, log);
  const findings = new NoteFindings(notes, data);
  // Made before the run feature, which records into it (the lead wires it into registerRun).
  const runLog = new RunLog(context.workspaceState);
  const run = registerRun(context, notes, config, log, findings, runLog);
  const tree = registerNotesTree(notes, run.results, log);
  const progress = registerProgress(notes, run.results, runLog, config, log);
  const concepts = registerConcepts(notes, data, config, log);
  context.subscriptions.push(
    run.disposable,
    concepts.disposable,
    registerDiagnostics(notes, findings),
    // A file block is saved where the note's session is now (`cd demo` first: into demo), else in the note's folder.
    registerFileBlocks(context, notes, log, (uri) => run.controller.sessionCwd(uri)),
    findings,
    log,
    notes,
    tree.disposable,
    runLog,
    progress.disposable,
    registerNavigation(log),
    registerNewNote(log),
    vscode.commands.registerCommand(CommandIds.showLog, () => log.show()),
    vscode.commands.registerCommand(CommandIds.openSettings, () =>
      vscode.commands.executeCommand('workbench.action.openSettings', `@ext:${context.extension.id}`),
    ),
  );
  void notes.ready(); // don't wait: the tree fills in when the scan is done
  const activationMs = performance.now() - started;
  log.info(`Activated in ${activationMs.toFixed(1)} ms`);
  return { ready: () => notes.ready(), notes, tree: tree.provider, notesView: tree.view, runLog, progress, workspaceState: context.workspaceState, run, concepts, findings, activationMs };
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
