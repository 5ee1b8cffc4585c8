import * as vscode from 'vscode';
import { inertIconLabel } from '../../core/inertText';
import { resultKeys } from '../../core/resultKeys';
import type { NoteCommand } from '../../core/model';
import { errorAt } from '../../core/noteChecks';
import { isLabLink } from '../../core/publishedPorts';
import type { NoteFindings } from '../noteFindings';
import type { WorkspaceNotes } from '../workspaceNotes';
import { refOf } from '../shared/commandRef';
import { openLink, revealTerminal, runBlock, runCommand, stopCommand } from '../shared/commands';
import { pointAt } from '../shared/positions';
import type { RunLedger } from '../shared/runLedger';
import { describeStatus } from '../shared/runLedger';

/** How long after a run starts or ends the lenses refresh a second time (see refreshForRun). */
const AFTER_FOCUS_MOVED_MS = 400;

const INLINE_LABEL = 32;

/** A command as a lens title shows it: one line, no control characters, `$(…)` icon syntax escaped. */
export function shortText(text: string): string {
  return inertIconLabel(text.split('\n')[0], INLINE_LABEL);
}

/**
 * `▶ Run` above every command, `▶ Run all (N)` on blocks with several, and the last result
 * (`✓ 0 · 1.2s`). In Restricted Mode, a single lens offering to manage trust instead.
 */
export class RunCodeLensProvider implements vscode.CodeLensProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  private readonly subscriptions: vscode.Disposable[];
  /** Lenses per document, kept while neither the document version nor any result changed. */
  private readonly cache = new Map<string, { readonly version: number; readonly stamp: number; readonly lenses: vscode.CodeLens[] }>();
  private stamp = 0;
  private again: ReturnType<typeof setTimeout> | undefined;
  readonly onDidChangeCodeLenses = this.changed.event;

  constructor(
    private readonly notes: WorkspaceNotes,
    /** What runs and how each command last ended, by result key (core/resultKeys). */
    private readonly ledger: RunLedger,
    /** The notes' findings: a lens on a command with an error says so (and still runs it). */
    private readonly findings?: Pick<NoteFindings, 'forDocument' | 'onDidChange'>,
  ) {
    this.subscriptions = [
      ledger.onDidChange(() => this.refreshForRun()),
      ...(findings ? [findings.onDidChange(() => this.refresh())] : []),
      vscode.workspace.onDidGrantWorkspaceTrust(() => this.refresh()),
      vscode.workspace.onDidCloseTextDocument((document) => this.cache.delete(document.uri.toString())),
    ];
  }

  provideCodeLenses(document: vscode.TextDocument, token: vscode.CancellationToken): vscode.CodeLens[] {
    if (token.isCancellationRequested) {
      return [];
    }
    const key = document.uri.toString();
    const cached = this.cache.get(key);
    if (cached && cached.version === document.version && cached.stamp === this.stamp) {
      return cached.lenses;
    }
    const lenses = this.build(document);
    this.cache.set(key, { version: document.version, stamp: this.stamp, lenses });
    return lenses;
  }

  private build(document: vscode.TextDocument): vscode.CodeLens[] {
    const model = this.notes.forDocument(document);
    if (model.commands.length === 0) {
      return [];
    }
    if (!vscode.workspace.isTrusted) {
      const first = model.commands[0];
      return [
        new vscode.CodeLens(pointAt(first), {
          title: '$(shield) Trust this workspace to run its commands',
          command: 'workbench.trust.manage',
          tooltip: `Restricted Mode: Course Notes runs nothing. ${model.commands.length} command${model.commands.length === 1 ? '' : 's'} in this note.`,
        }),
      ];
    }
    const lenses: vscode.CodeLens[] = [];
    const findings = this.findings?.forDocument(document) ?? [];
    const blocks = new Map<number, NoteCommand[]>();
    for (const command of model.commands) {
      if (command.source === 'block') {
        const block = blocks.get(command.block);
        if (block) {
          block.push(command);
        } else {
          blocks.set(command.block, [command]);
        }
      }
    }
    const keys = resultKeys(model.commands);
    for (const [index, command] of model.commands.entries()) {
      const range = pointAt(command);
      const ref = refOf(document.uri, command);
      const running = this.ledger.isRunning(document.uri, keys[index]);
      const label = command.source === 'inline' ? ` ${shortText(command.text)}` : '';
      // The reference can lag the user's CLI: the lens warns, and still runs the command.
      const error = findings.length > 0 ? errorAt(findings, command) : undefined;
      const flagged = error ? ` (${error.code.replace(/-/g, ' ')})` : '';
      lenses.push(
        new vscode.CodeLens(range, running
          ? stopCommand(ref, `■ Stop${label}`, 'Stop this command (its whole process tree)')
          : runCommand(ref, `▶ Run${label}${flagged}`, error ? `${error.message}. Run anyway: ${command.text}` : `Run: ${command.text}`)),
      );
      const block = blocks.get(command.block);
      if (command.source === 'block' && block && block.length > 1 && block[0] === command) {
        lenses.push(
          new vscode.CodeLens(range, runBlock(ref, `▶ Run all (${block.length})`, 'Run the commands of this block in order, stopping at the first failure')),
        );
      }
      const status = this.ledger.get(document.uri, keys[index]);
      if (status) {
        lenses.push(
          new vscode.CodeLens(
            range,
            revealTerminal(
              ref,
              describeStatus(status),
              status.status === 'running' ? 'Show its terminal' : `Last run ${new Date(status.finishedAt).toLocaleString()}${'message' in status && status.message ? `: ${status.message}` : ''}; click to show its terminal`,
            ),
          ),
        );
        for (const link of 'links' in status && status.links ? status.links.filter(isLabLink) : []) {
          lenses.push(new vscode.CodeLens(range, openLink(link)));
        }
      }
    }
    return lenses;
  }

  /** Results or trust changed: every document's lenses are built again when next asked for. */
  private refresh(): void {
    this.stamp++;
    this.changed.fire();
  }

  /**
   * A run started or ended: refresh now, and once more a moment later. A run that takes the
   * keyboard moves the focus to its terminal, and VS Code drops a lens update it had scheduled when
   * its editor loses the focus (CodeLensContribution cancels on blur); the second refresh comes
   * after the focus has moved, so the lens shows Stop while the session runs.
   */
  private refreshForRun(): void {
    this.refresh();
    clearTimeout(this.again);
    this.again = setTimeout(() => this.refresh(), AFTER_FOCUS_MOVED_MS);
  }

  dispose(): void {
    clearTimeout(this.again);
    vscode.Disposable.from(...this.subscriptions, this.changed).dispose();
  }
}

