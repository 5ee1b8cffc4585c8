import * as path from 'node:path';
import * as vscode from 'vscode';
import type { CommandKind } from '../../core/commandKinds';
import { classifyCommand, isIncomplete } from '../../core/commandKinds';
import { translateDockerCommand } from '../../core/dockerCliSpec';
import type { NoteCommand } from '../../core/model';
import { DockerEngine } from '../../runner/dockerEngine';
import { resolveDockerTarget } from '../../runner/dockerTarget';
import { startCommand } from '../../runner/commandRunner';
import type { RunResult } from '../../runner/shellRunner';
import type { Config } from '../../platform/config';
import type { Log } from '../../platform/log';
import { resultKeyOf } from '../../core/resultKeys';
import { noClusterHint } from '../../core/runHints';
import { kubeContexts, kubeCurrentContext } from '../../runner/cliTools';
import { stripEstimate } from '../../core/timeEstimates';
import { iconSafeLabel } from '../../core/labelText';
import type { WorkspaceNotes } from '../workspaceNotes';
import type { CreatedObjects } from './cleanup';
import type { CommandRef } from './commandRef';
import { findBlock, findCommand, parseRef, refOf } from './commandRef';
import type { JobHandle } from './notesTerminal';
import { NotesTerminal, printable } from './notesTerminal';
import { askPlaceholders } from './placeholders';
import type { RunResults } from './runResults';

/** The terminal a fence names: ```` ```.term2 ```` → `term2`, `{terminal=node2}` → `node2`. */
export function terminalFromInfo(info: string): string | undefined {
  const named = /\{[^}]*\bterminal\s*=\s*["']?([\w.-]+)/.exec(info);
  if (named) {
    return named[1];
  }
  const term = /(?:^|[\s{])\.(term\d+)\b/.exec(info);
  return term?.[1];
}

/** What kubectl prints when there is no cluster to talk to. */
const NO_CLUSTER = /connection to the server .* was refused|no configuration has been provided|Unable to connect to the server|current-context is not set/i;

interface Running {
  readonly cancel: () => void;
  readonly terminal: vscode.Terminal;
}

/**
 * Runs commands of notes: re-reads each from the note, asks what it must (trust, destructive
 * confirmation, placeholders), then runs it in the note's terminal: through the shell, through the
 * Engine API for interactive docker commands, or in a real VS Code terminal for the rest.
 */
export class RunController implements vscode.Disposable {
  private readonly terminals = new Map<string, { pty: NotesTerminal; terminal: vscode.Terminal }>();
  private readonly running = new Map<string, Running>();
  private engine: DockerEngine | undefined;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly notes: WorkspaceNotes,
    private readonly results: RunResults,
    private readonly created: CreatedObjects,
    private readonly config: Config,
    private readonly log: Log,
    private readonly memento: vscode.Memento,
  ) {
    this.disposables.push(
      vscode.window.onDidCloseTerminal((terminal) => {
        for (const [name, entry] of this.terminals) {
          if (entry.terminal === terminal) {
            this.terminals.delete(name);
          }
        }
      }),
    );
  }

  /** The Docker engine the docker CLI would use now (resolved again each time: contexts change). */
  async dockerEngine(): Promise<DockerEngine> {
    const target = await resolveDockerTarget(this.environment());
    if (!this.engine || this.engine.target.host !== target.host || this.engine.target.context !== target.context) {
      this.engine = new DockerEngine(target);
    }
    return this.engine;
  }

  /** The environment runs get: ours, with the configured tool folders first on PATH. */
  environment(): NodeJS.ProcessEnv {
    const extra = [this.config.dockerPath(), this.config.kubectlPath()]
      .filter((tool) => tool.includes('/') || tool.includes('\\'))
      .map((tool) => path.dirname(tool));
    const env = { ...process.env };
    if (extra.length > 0) {
      env.PATH = [...new Set(extra), env.PATH ?? ''].join(path.delimiter);
    }
    return env;
  }

  /** A command (by its result key, see core/resultKeys) is running now. */
  isRunning(uri: vscode.Uri, key: string): boolean {
    return this.running.has(runningKey(uri.toString(), key));
  }

  /** The result key of a command of the document, as its model has it now. */
  private keyOf(document: vscode.TextDocument, command: NoteCommand): string {
    return resultKeyOf(this.notes.forDocument(document).commands, command);
  }

  /** Runs the command a reference points at. Refuses anything but a reference to a current command. */
  async run(value: unknown): Promise<RunResult | undefined> {
    const located = await this.locate(value);
    if (!located) {
      return undefined;
    }
    return this.runCommand(located.uri, located.command, located.document);
  }

  /** Runs every command of a fenced block in order, stopping at the first failure. */
  async runAll(value: unknown): Promise<RunResult | undefined> {
    const located = await this.locate(value);
    if (!located) {
      return undefined;
    }
    const model = this.notes.forDocument(located.document);
    const commands = findBlock(model, refOf(located.uri, located.command));
    let last: RunResult | undefined;
    for (const command of commands) {
      last = await this.runCommand(located.uri, command, located.document);
      if (!last || last.status !== 'ok') {
        break;
      }
    }
    return last;
  }

  /** Cancels the running command a reference points at. */
  async cancel(value: unknown): Promise<void> {
    const ref = parseRef(value);
    if (!ref) {
      return;
    }
    const document = await vscode.workspace.openTextDocument(vscode.Uri.parse(ref.uri, true));
    const command = findCommand(this.notes.forDocument(document), ref);
    if (command) {
      this.running.get(runningKey(ref.uri, this.keyOf(document, command)))?.cancel();
    }
  }

  /** Shows the terminal a command runs (or last ran) in. */
  async reveal(value: unknown): Promise<void> {
    const located = await this.locate(value, { quiet: true });
    if (!located) {
      return;
    }
    const running = this.running.get(runningKey(located.uri.toString(), this.keyOf(located.document, located.command)));
    const terminal = running?.terminal ?? this.terminals.get(this.terminalName(located.document, located.command))?.terminal;
    terminal?.show(true);
  }

  private async locate(value: unknown, options: { quiet?: boolean } = {}): Promise<{ uri: vscode.Uri; document: vscode.TextDocument; command: NoteCommand } | undefined> {
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
    return { uri, document, command };
  }

  private terminalName(document: vscode.TextDocument, command: NoteCommand): string {
    const named = terminalFromInfo(command.info);
    if (named) {
      return named;
    }
    if (!this.config.terminalPerNote()) {
      return 'Course Notes';
    }
    const note = iconSafeLabel(stripEstimate(this.notes.forDocument(document).title), 40);
    return note || path.basename(document.uri.path);
  }

  /** The note terminal of that name, if it is open (for tests and the reveal action). */
  terminal(name: string): { readonly pty: NotesTerminal; readonly terminal: vscode.Terminal } | undefined {
    return this.terminals.get(name);
  }

  private terminalFor(name: string): { pty: NotesTerminal; terminal: vscode.Terminal } {
    const existing = this.terminals.get(name);
    if (existing) {
      return existing;
    }
    const pty = new NotesTerminal(name, () => this.terminals.delete(name));
    const terminal = vscode.window.createTerminal({ name: `Notes: ${name}`, pty, iconPath: new vscode.ThemeIcon('notebook') });
    const entry = { pty, terminal };
    this.terminals.set(name, entry);
    return entry;
  }

  private async runCommand(uri: vscode.Uri, command: NoteCommand, document: vscode.TextDocument): Promise<RunResult | undefined> {
    // Where the result goes: this copy of the command, not every copy of the same text.
    const resultKey = this.keyOf(document, command);
    const key = runningKey(uri.toString(), resultKey);
    if (this.running.has(key)) {
      this.running.get(key)?.terminal.show(true);
      return undefined;
    }
    let text = command.text;
    if (command.placeholders.length > 0) {
      const filled = await askPlaceholders(uri, command, {
        memento: this.memento,
        engine: () => this.dockerEngine(),
        kubectl: () => this.config.kubectlPath(),
      });
      if (filled === undefined) {
        return undefined;
      }
      text = filled;
    }
    let kind = classifyCommand(text);
    if (isIncomplete(kind)) {
      const completed = await vscode.window.showInputBox({
        title: 'Complete the command',
        prompt: `The note names "${text}" without arguments. Complete it to run it.`,
        value: `${text} `,
        valueSelection: [text.length + 1, text.length + 1],
        ignoreFocusOut: true,
      });
      if (!completed?.trim() || completed.trim() === text) {
        return undefined;
      }
      text = completed.trim();
      kind = classifyCommand(text);
    }
    if (kind.destructive && this.config.confirmDestructive()) {
      const choice = await vscode.window.showWarningMessage(
        'Run a command that removes things?',
        { modal: true, detail: `${text}\n\nTurn this question off with the courseNotes.confirmDestructive setting.` },
        'Run',
      );
      if (choice !== 'Run') {
        return undefined;
      }
    }
    if (kind.interactive === 'terminal' || (kind.interactive && !translateDockerCommand(kind, process.env).ok)) {
      return this.runInVsCodeTerminal(uri, resultKey, text, kind);
    }
    const { pty, terminal } = this.terminalFor(this.terminalName(document, command));
    // A session that reads the keyboard gets it, so what the student types goes to the session and
    // never into the note; any other run shows its terminal and leaves the focus where it was.
    terminal.show(!kind.interactive);
    this.results.markRunning(uri, resultKey);
    await this.created.begin(uri);
    const job = pty.run({ title: text, start: (io) => this.startJob(text, kind, io, uri) });
    this.running.set(key, { cancel: job.cancel, terminal });
    try {
      const result = await job.result;
      if (result.status === 'failed' && kind.program === 'kubectl' && NO_CLUSTER.test(pty.transcript.slice(-4000))) {
        const kubectl = this.config.kubectlPath();
        const [contexts, current] = await Promise.all([kubeContexts(kubectl).catch(() => []), kubeCurrentContext(kubectl)]);
        pty.write(`\x1b[33mℹ ${printable(noClusterHint(contexts, current))}\x1b[0m\r\n`);
      }
      // No longer running before the result is shown, so the lens does not offer Stop any more.
      this.running.delete(key);
      await this.results.record(uri, resultKey, { ...result, finishedAt: Date.now() });
      this.log.info(`${result.status} (exit ${result.exitCode ?? '-'}, ${result.durationMs} ms): ${text}`);
      return result;
    } finally {
      this.running.delete(key);
      this.created.end(uri);
    }
  }

  private startJob(text: string, kind: CommandKind, io: { write: (t: string) => void; columns: number; rows: number }, uri: vscode.Uri): JobHandle {
    let pullReport: ((line: string) => void) | undefined;
    return startCommand(text, kind, io, {
      cwd: uri.scheme === 'file' ? path.dirname(uri.fsPath) : undefined,
      env: this.environment(),
      engine: () => this.dockerEngine(),
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

  /**
   * Commands we do not run ourselves (kubectl exec -it, compose exec, docker flags we do not
   * translate) go to a real terminal. With shell integration we still learn the exit code.
   */
  private async runInVsCodeTerminal(uri: vscode.Uri, resultKey: string, text: string, kind: CommandKind): Promise<RunResult | undefined> {
    const folder = uri.scheme === 'file' ? path.dirname(uri.fsPath) : undefined;
    const terminal = vscode.window.createTerminal({ name: `Notes: ${iconSafeLabel(text, 30)}`, cwd: folder, env: this.environment(), iconPath: new vscode.ThemeIcon('terminal') });
    terminal.show();
    const reason = kind.interactive && kind.interactive !== 'terminal' ? translateDockerCommand(kind, process.env) : undefined;
    if (reason && !reason.ok) {
      this.log.info(`Running in a VS Code terminal because ${reason.reason}: ${text}`);
    }
    const integration = await waitForShellIntegration(terminal, 3000);
    if (!integration) {
      terminal.sendText(text, true);
      await this.results.record(uri, resultKey, { status: 'sent', finishedAt: Date.now() });
      return undefined;
    }
    const started = Date.now();
    this.results.markRunning(uri, resultKey);
    const execution = integration.executeCommand(text);
    const exitCode = await new Promise<number | undefined>((resolve) => {
      const listener = vscode.window.onDidEndTerminalShellExecution((event) => {
        if (event.execution === execution) {
          listener.dispose();
          resolve(event.exitCode);
        }
      });
      const closed = vscode.window.onDidCloseTerminal((closedTerminal) => {
        if (closedTerminal === terminal) {
          closed.dispose();
          resolve(undefined);
        }
      });
    });
    const result: RunResult = {
      status: exitCode === 0 ? 'ok' : exitCode === undefined ? 'cancelled' : 'failed',
      exitCode,
      durationMs: Date.now() - started,
    };
    await this.results.record(uri, resultKey, { ...result, finishedAt: Date.now() });
    return result;
  }

  dispose(): void {
    for (const running of this.running.values()) {
      running.cancel();
    }
    for (const { pty, terminal } of this.terminals.values()) {
      pty.close();
      terminal.dispose();
    }
    this.terminals.clear();
    vscode.Disposable.from(...this.disposables).dispose();
  }
}

function runningKey(uri: string, key: string): string {
  return `${uri}\u0001${key}`;
}

function safeDescribe(value: unknown): string {
  try {
    return JSON.stringify(value)?.slice(0, 200) ?? String(value);
  } catch {
    return typeof value;
  }
}

function waitForShellIntegration(terminal: vscode.Terminal, timeoutMs: number): Promise<vscode.TerminalShellIntegration | undefined> {
  if (terminal.shellIntegration) {
    return Promise.resolve(terminal.shellIntegration);
  }
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      listener.dispose();
      resolve(undefined);
    }, timeoutMs);
    const listener = vscode.window.onDidChangeTerminalShellIntegration((event) => {
      if (event.terminal === terminal) {
        clearTimeout(timer);
        listener.dispose();
        resolve(event.shellIntegration);
      }
    });
  });
}
