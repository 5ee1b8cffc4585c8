import * as vscode from 'vscode';
import type { DockerEngine } from '../../runner/dockerEngine';
import { CommandIds } from '../../platform/commandIds';
import type { Config } from '../../platform/config';
import { guarded } from '../../platform/errors';
import type { Log } from '../../platform/log';
import type { NoteFindings } from '../noteFindings';
import type { WorkspaceNotes } from '../workspaceNotes';
import { cleanUpNote, CreatedObjects } from './cleanup';
import { commandAt, refOf } from '../shared/commandRef';
import { RunCodeLensProvider } from './runCodeLensProvider';
import { NoteTerminals } from './noteTerminals';
import { RunController } from './runController';
import { RunLedger } from '../shared/runLedger';
import type { RunLog } from '../shared/runLog';
import { noteUriOf } from '../shared/noteUri';
import { EngineProvider, runEnvironment } from '../../runner/engineProvider';
import { TargetStatusBar } from './targetStatusBar';
import { OutputDiffs } from './outputDiffs';
import { isLabLink } from '../../core/publishedPorts';

/**
 * Opens a link a run offered, in the Simple Browser beside the note (the system browser where there
 * is none). Only `http://localhost:PORT`: a link is never anything a note wrote.
 */
async function openLabLink(url: unknown): Promise<void> {
  if (!isLabLink(url)) {
    void vscode.window.showErrorMessage('Course Notes opens only the http://localhost links its runs offer.');
    return;
  }
  const uri = vscode.Uri.parse(url);
  try {
    await vscode.commands.executeCommand('simpleBrowser.api.open', uri, { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true });
  } catch {
    await vscode.env.openExternal(uri);
  }
}

export interface RunFeature {
  readonly controller: RunController;
  /** The ledger of runs (what runs, how each command last ended). */
  readonly results: RunLedger;
  readonly created: CreatedObjects;
  readonly lenses: RunCodeLensProvider;
  readonly disposable: vscode.Disposable;
}

/** Run lenses, the run commands, the note terminals, the target status bar and note cleanup. */
export function registerRun(context: vscode.ExtensionContext, notes: WorkspaceNotes, config: Config, log: Log, findings?: NoteFindings, runLog?: RunLog): RunFeature {
  // Built first and handed to everyone who needs them, in the order they depend on each other.
  const environment = (): NodeJS.ProcessEnv => runEnvironment([config.dockerPath(), config.kubectlPath()]);
  const engines = new EngineProvider(environment);
  const engine = (): Promise<DockerEngine> => engines.current();
  const ledger = new RunLedger(context.workspaceState);
  const terminals = new NoteTerminals(() => config.terminalPerNote(), log);
  const created = new CreatedObjects(context.workspaceState, engine, log);
  const diffs = new OutputDiffs();
  const run = new RunController(notes, ledger, terminals, engines, created, config, log, context.workspaceState, environment, diffs, runLog);
  const lenses = new RunCodeLensProvider(notes, ledger, findings);
  const statusBar = new TargetStatusBar(engine, config, log);

  const disposable = vscode.Disposable.from(
    diffs,
    ledger,
    created,
    run,
    terminals,
    lenses,
    statusBar,
    vscode.languages.registerCodeLensProvider({ language: 'markdown' }, lenses),
    vscode.commands.registerCommand(CommandIds.run, guarded(log, 'run the command', async (ref: unknown) => {
      await run.run(ref);
      void statusBar.refresh();
    })),
    vscode.commands.registerCommand(CommandIds.runAll, guarded(log, 'run the block', async (ref: unknown) => {
      await run.runAll(ref);
      void statusBar.refresh();
    })),
    vscode.commands.registerCommand(CommandIds.runFromTree, guarded(log, 'run the command', (node: unknown) => run.run(node))),
    vscode.commands.registerCommand(CommandIds.cancel, guarded(log, 'stop the command', (ref: unknown) => run.cancel(ref))),
    vscode.commands.registerCommand(CommandIds.revealTerminal, guarded(log, 'show the terminal', (ref: unknown) => run.reveal(ref))),
    vscode.commands.registerCommand(CommandIds.runAtCursor, guarded(log, 'run the command under the cursor', async () => {
      const editor = vscode.window.activeTextEditor;
      if (!editor || editor.document.languageId !== 'markdown') {
        void vscode.window.showInformationMessage('Put the cursor on a docker or kubectl command in a note to run it.');
        return;
      }
      const command = commandAt(notes.forDocument(editor.document), editor.selection.active);
      if (!command) {
        void vscode.window.showInformationMessage('There is no docker, docker compose or kubectl command under the cursor.');
        return;
      }
      await run.run(refOf(editor.document.uri, command));
    })),
    vscode.commands.registerCommand(CommandIds.resetProgress, guarded(log, 'reset the progress', async (value: unknown) => {
      const uri = noteUriOf(value);
      if (uri) {
        await ledger.reset(uri);
        await runLog?.reset(uri);
      }
    })),
    vscode.commands.registerCommand(CommandIds.cleanUpNote, guarded(log, 'clean up the note', async (value: unknown) => {
      const uri = noteUriOf(value);
      if (!uri) {
        void vscode.window.showInformationMessage('Open a note, or pick one in the Notes view, to clean up what its commands created.');
        return;
      }
      if (!vscode.workspace.isTrusted) {
        void vscode.window.showWarningMessage('Course Notes changes nothing on the engine in Restricted Mode.');
        return;
      }
      await cleanUpNote(uri, created, (host) => (host ? engines.forEnvironment({ ...environment(), DOCKER_HOST: host, DOCKER_CONTEXT: '' }) : engines.current()));
      void statusBar.refresh();
    })),
    vscode.commands.registerCommand(CommandIds.check, guarded(log, 'run the check', (ref: unknown) => run.check(ref))),
    vscode.commands.registerCommand(CommandIds.showDifference, guarded(log, 'compare with the note', (ref: unknown) => run.showDifference(ref))),
    vscode.commands.registerCommand(CommandIds.openLink, guarded(log, 'open the link', (url: unknown) => openLabLink(url))),
    vscode.commands.registerCommand(CommandIds.restartSession, guarded(log, 'restart the session', (value: unknown) => run.restartSession(value))),
    vscode.commands.registerCommand(CommandIds.switchTarget, guarded(log, 'switch the target', () => statusBar.switchTarget())),
  );
  return { controller: run, results: ledger, created, lenses, disposable };
}
