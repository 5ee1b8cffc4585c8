import * as path from 'node:path';
import type * as vscode from 'vscode';
import { executePlan } from '../../runner/commandRunner';
import type { EngineProvider } from '../../runner/engineProvider';
import { planRun } from '../../runner/runPlan';
import type { RunPlan } from '../../runner/runPlan';
import type { RunHandle, RunIo, RunResult } from '../../runner/runTypes';
import type { Config } from '../../platform/config';
import type { Log } from '../../platform/log';
import { findBlock, refOf } from '../shared/commandRef';
import type { RunLedger } from '../shared/runLedger';
import type { WorkspaceNotes } from '../workspaceNotes';
import type { CreatedObjects } from './cleanup';
import type { Located } from './locateCommand';
import { keyOf, locateCommand } from './locateCommand';
import type { NoteTerminal, NoteTerminals } from './noteTerminals';
import { pullProgressReporter } from './pullProgress';
import { askBeforeRun } from './runQuestions';
import { runInVsCodeTerminal } from './vscodeTerminalRun';

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
      last = await this.runCommand({ ...located, command, key: keyOf(this.notes, located.document, command) });
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
    // From here to ledger.start nothing awaits: a second click that answered its questions too finds
    // this run in the ledger and only shows its terminal.
    const already = this.ledger.runningEntry(uri, key);
    if (already) {
      already.terminal.show(true);
      return undefined;
    }
    if (plan.route === 'vscode-terminal') {
      const started = runInVsCodeTerminal(plan, { cwd, env });
      this.ledger.start(uri, key, started);
      const ended = await started.done;
      await this.ledger.finish(uri, key, ended);
      return ended.status === 'sent' ? undefined : ended;
    }
    const { pty, terminal } = this.terminals.open(this.terminalName(located));
    // A session that reads the keyboard gets it, so what the student types goes to the session and
    // never into the note; any other run shows its terminal and leaves the focus where it was.
    terminal.show(plan.route !== 'engine-session');
    let job: { cancel(): void } | undefined;
    let stopped = false;
    const entry = this.ledger.start(uri, key, { cancel: () => ((stopped = true), job?.cancel()), terminal });
    try {
      await this.created.begin(uri);
      if (stopped) {
        // Stopped while the engine's events were still being opened: nothing ran.
        const result: RunResult = { status: 'cancelled', exitCode: undefined, durationMs: 0 };
        await this.ledger.finish(uri, key, result);
        return result;
      }
      const queued = pty.run({ title: plan.text, start: (io) => this.execute(plan, io, cwd, env) });
      job = queued;
      const result = await queued.result;
      // One change: no longer running, and this result, so the lens never shows Stop beside it.
      await this.ledger.finish(uri, key, result);
      this.log.info(`${result.status} (exit ${result.exitCode ?? '-'}, ${result.durationMs} ms): ${plan.text}`);
      return result;
    } finally {
      this.ledger.abandon(uri, key, entry);
      this.created.end(uri);
    }
  }

  private execute(plan: Exclude<RunPlan, { route: 'vscode-terminal' }>, io: RunIo, cwd: string | undefined, env: NodeJS.ProcessEnv): RunHandle {
    return executePlan(plan, io, { cwd, env, engine: () => this.engines.current(), kubectl: this.config.kubectlPath(), ...pullProgressReporter(this.log) });
  }

  private locate(value: unknown, options: { quiet?: boolean } = {}): Promise<Located | undefined> {
    return locateCommand(value, this.notes, this.log, options);
  }

  private terminalName(located: Located): string {
    return this.terminals.nameFor(located.uri, this.notes.forDocument(located.document), located.command);
  }

  dispose(): void {
    this.ledger.cancelAll();
  }
}
