import * as path from 'node:path';
import * as vscode from 'vscode';
import { labReport } from '../../core/labReport';
import { nextStep } from '../../core/labProgress';
import type { NextStep } from '../../core/labProgress';
import { stripEstimate } from '../../core/timeEstimates';
import { CommandIds } from '../../platform/commandIds';
import type { Config } from '../../platform/config';
import { guarded } from '../../platform/errors';
import type { Log } from '../../platform/log';
import { resolveInside, writeInside } from '../../platform/safeFile';
import { runEnvironment } from '../../runner/engineProvider';
import { ledgerLookups } from '../shared/labProgress';
import type { RunLedger } from '../shared/runLedger';
import type { RunLog } from '../shared/runLog';
import { noteUriOf } from '../shared/noteUri';
import type { WorkspaceNote, WorkspaceNotes } from '../workspaceNotes';
import type { ToolVersions } from './toolVersions';
import { readToolVersions, VERSIONS_NOT_READ } from './toolVersions';

/** How an export ended (what exportReport returns, for callers and tests). */
export type ExportOutcome =
  | { readonly status: 'written'; readonly path: string }
  | { readonly status: 'cancelled' }
  | { readonly status: 'refused'; readonly reason: string };

/** What the export asks the user; the command asks with dialogs, tests answer themselves. */
export interface ExportQuestions {
  /** Where to write (default: `<note>-report.md` beside the note); undefined: the user cancelled. */
  readonly pick: (defaultUri: vscode.Uri) => Thenable<vscode.Uri | undefined>;
  /** Replace the existing file? */
  readonly confirmReplace: (shown: string) => Thenable<boolean>;
}

export interface ProgressFeature {
  /** The next step not done across the notes in the Notes view's order, undefined when all are done. */
  next(): { readonly note: WorkspaceNote; readonly step: NextStep } | undefined;
  /** Opens the note of the next step with the cursor on it; says so when everything is done. */
  continueLab(): Promise<NextStep | undefined>;
  /** Writes the lab report of the note at `uri` (see ExportQuestions). */
  exportReport(uri: vscode.Uri, questions?: ExportQuestions): Promise<ExportOutcome>;
  /** The report's text for the note (the versions read as the export reads them). */
  reportText(note: WorkspaceNote): Promise<string>;
  readonly disposable: vscode.Disposable;
}

const dialogs: ExportQuestions = {
  pick: (defaultUri) => vscode.window.showSaveDialog({ defaultUri, filters: { Markdown: ['md'] }, title: 'Export Lab Report', saveLabel: 'Export' }),
  confirmReplace: async (shown) => (await vscode.window.showWarningMessage(`${shown} exists. Replace it with the new report?`, { modal: true }, 'Replace')) === 'Replace',
};

/** Notes in the order the Notes view shows them: by workspace folder, then as the index lists them. */
function notesInViewOrder(notes: WorkspaceNotes): WorkspaceNote[] {
  const folders = vscode.workspace.workspaceFolders ?? [];
  const rank = (note: WorkspaceNote): number => {
    const index = folders.findIndex((folder) => folder.uri.toString() === note.folder?.uri.toString());
    return index < 0 ? folders.length : index;
  };
  return notes
    .all()
    .map((note, order) => ({ note, order }))
    .sort((a, b) => rank(a.note) - rank(b.note) || a.order - b.order)
    .map(({ note }) => note);
}

/** Continue Lab, Reset Course Progress and Export Lab Report. */
export function registerProgress(notes: WorkspaceNotes, ledger: RunLedger, runLog: RunLog, config: Config, log: Log): ProgressFeature {
  const next = (): { note: WorkspaceNote; step: NextStep } | undefined => {
    const ordered = notesInViewOrder(notes);
    const lookups = ordered.map((note) => ({ model: note.model, ...ledgerLookups(ledger, note.uri) }));
    // Where the student left off first: the note they ran something in last, while it has a step
    // not done; then the course in the tree's order.
    const latest = ordered
      .map((note, index) => ({ index, at: runLog.entries(note.uri).reduce((last, entry) => Math.max(last, entry.startedAt), 0) }))
      .filter((candidate) => candidate.at > 0)
      .sort((a, b) => b.at - a.at)[0];
    if (latest) {
      const here = nextStep([lookups[latest.index]]);
      if (here) {
        return { note: ordered[latest.index], step: { ...here, index: latest.index } };
      }
    }
    const step = nextStep(lookups);
    return step && { note: ordered[step.index], step };
  };

  const continueLab = async (): Promise<NextStep | undefined> => {
    if (notes.all().length === 0) {
      void vscode.window.showInformationMessage('There are no notes in this workspace yet.');
      return undefined;
    }
    const found = next();
    if (!found) {
      void vscode.window.showInformationMessage('Every step of the course is done. Course Notes: Reset Course Progress starts it again.');
      return undefined;
    }
    const position = new vscode.Position(found.step.line - 1, found.step.column - 1);
    const editor = await vscode.window.showTextDocument(found.note.uri, { selection: new vscode.Range(position, position), preview: false });
    editor.revealRange(new vscode.Range(position, position), vscode.TextEditorRevealType.InCenter);
    return found.step;
  };

  const versions = async (): Promise<ToolVersions> => {
    if (!vscode.workspace.isTrusted) {
      return VERSIONS_NOT_READ;
    }
    return readToolVersions(config.dockerPath(), config.kubectlPath(), runEnvironment([config.dockerPath(), config.kubectlPath()]));
  };

  const reportText = async (note: WorkspaceNote): Promise<string> => {
    const entries = runLog.entries(note.uri);
    const targets = new Map<string, { terminal: string; target?: string }>();
    for (const entry of entries) {
      targets.set(`${entry.terminal}\u0000${entry.target ?? ''}`, { terminal: entry.terminal, target: entry.target });
    }
    return labReport({ title: stripEstimate(note.model.title), file: note.relativePath, date: new Date(), versions: await versions(), targets: [...targets.values()], entries });
  };

  const exportReport = async (uri: vscode.Uri, questions: ExportQuestions = dialogs): Promise<ExportOutcome> => {
    const note = notes.get(uri);
    if (!note) {
      return { status: 'refused', reason: 'that file is not a note of this workspace' };
    }
    const base = path.posix.basename(uri.path).replace(/\.(md|markdown)$/i, '');
    const picked = await questions.pick(vscode.Uri.joinPath(uri, '..', `${base}-report.md`));
    if (!picked) {
      return { status: 'cancelled' };
    }
    const folder = picked.scheme === 'file' ? vscode.workspace.getWorkspaceFolder(picked) : undefined;
    if (!folder || folder.uri.scheme !== 'file') {
      return { status: 'refused', reason: `Course Notes writes a lab report only inside a workspace folder, not to ${picked.scheme === 'file' ? picked.fsPath : picked.toString()}` };
    }
    const relative = path.relative(folder.uri.fsPath, picked.fsPath).split(path.sep).join('/');
    const where = await resolveInside(folder.uri.fsPath, relative);
    if (!where.ok) {
      return { status: 'refused', reason: where.reason };
    }
    if (where.exists && !(await questions.confirmReplace(relative))) {
      return { status: 'cancelled' };
    }
    const text = await reportText(note);
    const written = await writeInside(folder.uri.fsPath, relative, text);
    if (!written.ok) {
      return { status: 'refused', reason: written.reason };
    }
    log.info(`Lab report of ${note.relativePath} written to ${written.path} (${runLog.entries(uri).length} runs, ${text.length} characters)`);
    return { status: 'written', path: written.path };
  };

  const disposable = vscode.Disposable.from(
    vscode.commands.registerCommand(CommandIds.continueLab, guarded(log, 'continue the lab', () => continueLab())),
    vscode.commands.registerCommand(
      CommandIds.resetCourseProgress,
      guarded(log, 'reset the course progress', async () => {
        const count = notes.all().length;
        const answer = await vscode.window.showWarningMessage(
          `Reset the progress of the whole course (${count} note${count === 1 ? '' : 's'})?`,
          { modal: true, detail: 'Every result, ✓ and step done is forgotten, and so is the log of runs the lab reports are made from.' },
          'Reset',
        );
        if (answer === 'Reset') {
          await ledger.resetAll();
          await runLog.resetAll();
        }
      }),
    ),
    vscode.commands.registerCommand(
      CommandIds.exportLabReport,
      guarded(log, 'export the lab report', async (value: unknown) => {
        const uri = noteUriOf(value);
        if (!uri || !notes.get(uri)) {
          void vscode.window.showInformationMessage('Open a note, or pick one in the Notes view, to export the report of its runs.');
          return;
        }
        const outcome = await exportReport(uri);
        if (outcome.status === 'refused') {
          void vscode.window.showErrorMessage(`Course Notes did not write the report: ${outcome.reason}.`);
        } else if (outcome.status === 'written') {
          const open = await vscode.window.showInformationMessage(`Lab report written to ${vscode.workspace.asRelativePath(outcome.path)}.`, 'Open');
          if (open === 'Open') {
            await vscode.window.showTextDocument(vscode.Uri.file(outcome.path));
          }
        }
      }),
    ),
  );
  return { next, continueLab, exportReport, reportText, disposable };
}
