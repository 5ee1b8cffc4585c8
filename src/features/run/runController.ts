import * as path from 'node:path';
import * as vscode from 'vscode';
import type { NoteCommand } from '../../core/model';
import { resultKeyOf } from '../../core/resultKeys';
import { executePlan } from '../../runner/commandRunner';
import type { EngineProvider } from '../../runner/engineProvider';
import { planRun } from '../../runner/runPlan';
import type { RunPlan } from '../../runner/runPlan';
import type { RunHandle, RunIo, RunResult } from '../../runner/runTypes';
import type { Config } from '../../platform/config';
import type { Log } from '../../platform/log';
import type { CommandRef } from '../shared/commandRef';
import { findBlock, findCommand, parseRef, refOf } from '../shared/commandRef';
import type { RunLedger } from '../shared/runLedger';
import type { WorkspaceNotes } from '../workspaceNotes';
import type { CreatedObjects } from './cleanup';
import type { NoteTerminal, NoteTerminals } from './noteTerminals';
import { askBeforeRun } from './runQuestions';
import { runInVsCodeTerminal } from './vscodeTerminalRun';

/** A command of a note, found again in the note's current text. */
interface Located {
  readonly uri: vscode.Uri;
  readonly document: vscode.TextDocument;
  readonly command: NoteCommand;
  /** Where its result goes (core/resultKeys): this copy of the command, not every copy of its text. */
  readonly key: string;
}

/**
 * The story of a run: locate the command in the note (refusing anything else, and everything in
 * Restricted Mode), ask what it needs, plan it once (runner/runPlan), execute the plan in the note's
 * terminal or a VS Code terminal, and record it in the ledger.
 */
export class RunController implements vscode.Disposable {
  constructor(
    private readonly notes: WorkspaceNotes,
    private readonly ledger: RunLedger,
    private readonly terminals: NoteTerminals,
    private readonly engines: EngineProvider,
    private readonly created: CreatedObjects,
    private readonly config: Config,
    private readonly log: Log,
    private readonly memento: vscode.Memento,
    /** The environment runs get (configured tool folders first on PATH). */
    private readonly environment: () => NodeJS.ProcessEnv,
  ) {}

  /** Runs the command a reference points at. Refuses anything but a reference to a current command. */
  async run(value: unknown): Promise<RunResult | undefined> {
    const located = await this.locate(value);
    return located && this.runCommand(located);
  }

  /** Runs every command of a fenced block in order, stopping at the first failure. */
  async runAll(value: unknown): Promise<RunResult | undefined> {
    const located = await this.locate(value);
    if (!located) {
      return undefined;
    }
    let last: RunResult | undefined;
    for (const command of findBlock(this.notes.forDocument(located.document), refOf(located.uri, located.command))) {
      last = await this.runCommand({ ...located, command, key: this.keyOf(located.document, command) });
      if (!last || last.status !== 'ok') {
        break;
      }
    }
    return last;
  }

  /** Cancels the running command a reference points at. */
  async cancel(value: unknown): Promise<void> {
    const located = await this.locate(value, { quiet: true });
    if (located) {
      this.ledger.cancel(located.uri, located.key);
    }
  }

  /** Shows the terminal a command runs (or last ran) in. */
  async reveal(value: unknown): Promise<void> {
    const located = await this.locate(value, { quiet: true });
    if (located) {
      const terminal = this.ledger.runningEntry(located.uri, located.key)?.terminal ?? this.terminals.get(this.terminalName(located))?.terminal;
      terminal?.show(true);
    }
  }

  /** A command (by its result key, see core/resultKeys) is running now. */
  isRunning(uri: vscode.Uri, key: string): boolean {
    return this.ledger.isRunning(uri, key);
  }

  /** The note terminal of that name, if it is open (for tests). */
  terminal(name: string): NoteTerminal | undefined {
    return this.terminals.get(name);
  }

  private async runCommand(located: Located): Promise<RunResult | undefined> {
    const { uri, key } = located;
    const running = this.ledger.runningEntry(uri, key);
    if (running) {
      running.terminal.show(true);
      return undefined;
    }
    const answered = await askBeforeRun(uri, located.command, {
      memento: this.memento,
      engine: () => this.engines.current(),
      kubectl: () => this.config.kubectlPath(),
      confirmDestructive: this.config.confirmDestructive(),
    });
    if (!answered) {
      return undefined;
    }
    const env = this.environment();
    const plan = planRun(answered.text, answered.kind, { env });
    this.log.info(`Run via ${plan.route} (${plan.reason}): ${plan.text}`);
    const cwd = uri.scheme === 'file' ? path.dirname(uri.fsPath) : undefined;
    if (plan.route === 'vscode-terminal') {
      const started = runInVsCodeTerminal(plan, { cwd, env });
      if (!this.ledger.start(uri, key, started)) {
        return undefined;
      }
      const ended = await started.done;
      await this.ledger.finish(uri, key, ended);
      return ended.status === 'sent' ? undefined : ended;
    }
    const { pty, terminal } = this.terminals.open(this.terminalName(located));
    // A session that reads the keyboard gets it, so what the student types goes to the session and
    // never into the note; any other run shows its terminal and leaves the focus where it was.
    terminal.show(plan.route !== 'engine-session');
    await this.created.begin(uri);
    const job = pty.run({ title: plan.text, start: (io) => this.execute(plan, io, cwd, env) });
    this.ledger.start(uri, key, { cancel: job.cancel, terminal });
    try {
      const result = await job.result;
      // One change: no longer running, and this result, so the lens never shows Stop beside it.
      await this.ledger.finish(uri, key, result);
      this.log.info(`${result.status} (exit ${result.exitCode ?? '-'}, ${result.durationMs} ms): ${plan.text}`);
      return result;
    } finally {
      this.ledger.abandon(uri, key);
      this.created.end(uri);
    }
  }

  private execute(plan: Exclude<RunPlan, { route: 'vscode-terminal' }>, io: RunIo, cwd: string | undefined, env: NodeJS.ProcessEnv): RunHandle {
    let pullReport: ((line: string) => void) | undefined;
    return executePlan(plan, io, {
      cwd,
      env,
      engine: () => this.engines.current(),
      kubectl: this.config.kubectlPath(),
      pullProgress: (image, line) => {
        this.log.info(`pull ${image}: ${line}`);
        pullReport?.(line);
      },
      pulling: (image, pulled) => {
        void vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Pulling ${image}` }, async (progress) => {
          pullReport = (line) => progress.report({ message: line.slice(0, 80) });
          await pulled;
          pullReport = undefined;
        });
      },
    });
  }

  /** The command a reference points at, read again from the note; `quiet` for Stop and reveal, which ask nothing. */
  private async locate(value: unknown, options: { quiet?: boolean } = {}): Promise<Located | undefined> {
    if (!vscode.workspace.isTrusted && !options.quiet) {
      // Refuse at once; the offer to manage trust stays on screen without holding the caller.
      void vscode.window
        .showWarningMessage('Course Notes runs nothing in Restricted Mode. Trust this workspace to run the commands of its notes.', 'Manage Workspace Trust')
        .then((choice) => (choice ? vscode.commands.executeCommand('workbench.trust.manage') : undefined));
      return undefined;
    }
    const ref: CommandRef | undefined = parseRef(value);
    if (!ref) {
      this.log.warn(`Refused a run request that is not a reference to a command of a note: ${safeDescribe(value)}`);
      if (!options.quiet) {
        void vscode.window.showErrorMessage('Course Notes runs only commands written in a note, chosen from its Run lens, the Notes view or the cursor.');
      }
      return undefined;
    }
    const uri = vscode.Uri.parse(ref.uri, true);
    const document = await vscode.workspace.openTextDocument(uri);
    const command = findCommand(this.notes.forDocument(document), ref);
    if (!command) {
      if (!options.quiet) {
        void vscode.window.showWarningMessage(`The note changed: there is no command at line ${ref.line} any more. Run it again from its lens.`);
      }
      return undefined;
    }
    return { uri, document, command, key: this.keyOf(document, command) };
  }

  private keyOf(document: vscode.TextDocument, command: NoteCommand): string {
    return resultKeyOf(this.notes.forDocument(document).commands, command);
  }

  private terminalName(located: Located): string {
    return this.terminals.nameFor(located.uri, this.notes.forDocument(located.document), located.command);
  }

  dispose(): void {
    this.ledger.cancelAll();
  }
}

function safeDescribe(value: unknown): string {
  try {
    return JSON.stringify(value)?.slice(0, 200) ?? String(value);
  } catch {
    return typeof value;
  }
}
