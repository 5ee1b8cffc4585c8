import * as vscode from 'vscode';
import { inertIconLabel } from '../../core/inertText';
import { checkResultKey, resultKeys } from '../../core/resultKeys';
import type { NoteModel } from '../../core/model';
import { errorAt } from '../../core/noteChecks';
import { isLabLink } from '../../core/publishedPorts';
import type { NoteFindings } from '../noteFindings';
import type { WorkspaceNotes } from '../workspaceNotes';
import { blockRefOf, refOf } from '../shared/commandRef';
import { blockKey } from './locateCommand';
import { openLink, revealTerminal, runBlock, runCheck, runCommand, showDifference, stopCommand } from '../shared/commands';
import { pointAt } from '../shared/positions';
import type { CommandStatus, RunLedger } from '../shared/runLedger';
import { describeStatus, formatDuration } from '../shared/runLedger';

/** How long after a run starts or ends the lenses refresh a second time (see refreshForRun). */
const AFTER_FOCUS_MOVED_MS = 400;

const INLINE_LABEL = 32;

/** A command as a lens title shows it: one line, no control characters, `$(…)` icon syntax escaped. */
export function shortText(text: string): string {
  return inertIconLabel(text.split('\n')[0], INLINE_LABEL);
}

/**
 * `▶ Run` above every command, `▶ Run block (N)` on blocks of several steps, `$(pass) Check` on checks, and the last result
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
    if (model.commands.length === 0 && model.blocks.length === 0 && model.checks.length === 0) {
      return [];
    }
    if (!vscode.workspace.isTrusted) {
      const first = model.commands[0] ?? model.blocks.find((block) => block.steps.length > 0)?.steps[0];
      const range = first ? pointAt(first) : new vscode.Range((model.checks[0]?.line ?? 1) - 1, 0, (model.checks[0]?.line ?? 1) - 1, 0);
      return [
        new vscode.CodeLens(range, {
          title: '$(shield) Trust this workspace to run its commands',
          command: 'workbench.trust.manage',
          tooltip: `Restricted Mode: Course Notes runs nothing. ${model.commands.length} command${model.commands.length === 1 ? '' : 's'} in this note.`,
        }),
      ];
    }
    const lenses: vscode.CodeLens[] = [];
    const findings = this.findings?.forDocument(document) ?? [];
    this.blockLenses(document, model, lenses);
    this.checkLenses(document, model, lenses);
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
        const match = 'match' in status ? status.match : undefined;
        if (match) {
          lenses.push(
            new vscode.CodeLens(range, match.matches
              ? revealTerminal(ref, '✓ matches the note', 'Its output is what the note shows (IDs, names, times, sizes and widths aside)')
              : showDifference(ref, '≠ differs from the note', `${match.reason ?? 'Its output is not what the note shows'}. Click to compare them side by side.`)),
          );
        }
        for (const link of 'links' in status && status.links ? status.links.filter(isLabLink) : []) {
          lenses.push(new vscode.CodeLens(range, openLink(link)));
        }
      }
    }
    return lenses;
  }

  /**
   * `▶ Run block (N)` on the first step of every block with several steps, and `▶ Run` on a block
   * whose one step is not a command (`cd demo`, `export NAME=x`), with the block's last result.
   */
  private blockLenses(document: vscode.TextDocument, model: NoteModel, lenses: vscode.CodeLens[]): void {
    for (const block of model.blocks) {
      if (block.check || block.steps.length === 0 || (block.steps.length === 1 && block.steps[0].command >= 0)) {
        continue;
      }
      const first = block.steps[0];
      const range = pointAt(first);
      const ref = blockRefOf(document.uri, block);
      const key = blockKey(model, block);
      if (this.ledger.isRunning(document.uri, key)) {
        lenses.push(new vscode.CodeLens(range, stopCommand(ref, '■ Stop block', 'Stop the step running (the session stays)')));
        continue;
      }
      const several = block.steps.length > 1;
      lenses.push(
        new vscode.CodeLens(range, runBlock(ref, several ? `▶ Run block (${block.steps.length})` : '▶ Run', several ? `Run the ${block.steps.length} steps of this block in order in the note's session, stopping at the first failure` : `Run in the note's session: ${first.text}`)),
      );
      const status = this.ledger.get(document.uri, key);
      if (status && status.status !== 'running') {
        lenses.push(new vscode.CodeLens(range, revealTerminal(ref, describeBlockStatus(status, block.steps.length), 'Click to show its terminal')));
        for (const link of 'links' in status && status.links ? status.links.filter(isLabLink) : []) {
          lenses.push(new vscode.CodeLens(range, openLink(link)));
        }
      }
    }
  }

  /** `$(pass) Check` on each author's check, and how it last went (its hint when it failed). */
  private checkLenses(document: vscode.TextDocument, model: NoteModel, lenses: vscode.CodeLens[]): void {
    for (const check of model.checks) {
      const range = new vscode.Range(check.line - 1, 0, check.line - 1, 0);
      const ref = { uri: document.uri.toString(), line: check.line, column: 1 };
      const key = checkResultKey(model.checks, check);
      if (this.ledger.isRunning(document.uri, key)) {
        lenses.push(new vscode.CodeLens(range, stopCommand(ref, '■ Stop check', 'Stop the check')));
        continue;
      }
      lenses.push(new vscode.CodeLens(range, runCheck(ref, '$(pass) Check', `Run the author's check in the note's session: ${check.text.split('\n')[0]}`)));
      const status = this.ledger.get(document.uri, key);
      if (status && status.status !== 'running' && status.status !== 'sent') {
        const title = status.status === 'ok' ? '✓ check passed' : status.status === 'cancelled' ? '■ check stopped' : `✗ check failed${'message' in status && status.message ? `: ${inertIconLabel(status.message, 60)}` : ''}`;
        lenses.push(new vscode.CodeLens(range, revealTerminal(ref, title, 'message' in status && status.message ? status.message : 'Click to show its terminal')));
      }
    }
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


/** A block's last result: `✓ 5 steps · 3.2s`, `✗ step 3 of 5 · exit 1`. */
export function describeBlockStatus(status: CommandStatus, steps: number): string {
  if (status.status === 'running' || status.status === 'sent' || steps <= 1) {
    return describeStatus(status);
  }
  const done = status.steps?.length ?? 0;
  const differing = status.steps?.filter((step) => step.match && !step.match.matches).map((step) => step.step) ?? [];
  switch (status.status) {
    case 'ok':
      return `✓ ${steps} steps · ${formatDuration(status.durationMs)}${differing.length > 0 ? ` · ≠ step ${differing.join(', ')} differs from the note` : ''}`;
    case 'failed':
      return `✗ step ${done} of ${steps} · exit ${status.exitCode ?? '?'}`;
    case 'cancelled':
      return `■ cancelled at step ${Math.max(done, 1)} of ${steps}`;
    case 'error':
      return status.sessionEnded ? `✗ the session ended at step ${Math.max(done, 1)} of ${steps}` : '✗ could not run';
  }
}
