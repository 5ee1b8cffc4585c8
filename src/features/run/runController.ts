import * as path from 'node:path';
import * as vscode from 'vscode';
import type { CommandKind } from '../../core/commandKinds';
import { classifyCommand } from '../../core/commandKinds';
import type { NodeTarget } from '../../core/nodeTargets';
import { describeTarget, targetEnvironment } from '../../core/nodeTargets';
import { matchOutput, stripTerminalEscapes } from '../../core/outputMatch';
import { sectionAt } from '../../core/model';
import { stripEstimate } from '../../core/timeEstimates';
import { stepOfCommand, stepResultKey } from '../../core/noteQueries';
import type { OutputDiffs } from './outputDiffs';
import type { RunLog, RunLogEntry } from '../shared/runLog';
import type { ShellSession } from '../../runner/shellSession';
import { sessionLauncher } from '../../runner/shellSession';
import { executePlan, runBlockInSession } from '../../runner/commandRunner';
import type { EngineProvider } from '../../runner/engineProvider';
import { planRun } from '../../runner/runPlan';
import type { RunPlan } from '../../runner/runPlan';
import type { OutputMatch, RunHandle, RunIo, RunResult, StepResult } from '../../runner/runTypes';
import type { Config } from '../../platform/config';
import type { Log } from '../../platform/log';
import type { RunLedger } from '../shared/runLedger';
import type { WorkspaceNotes } from '../workspaceNotes';
import type { CreatedObjects } from './cleanup';
import type { Located } from './locateCommand';
import type { LocatedBlock } from './locateCommand';
import { keyOf, locateBlock, locateCheck, locateCommand } from './locateCommand';
import type { NoteTerminal, NoteTerminals } from './noteTerminals';
import { pullProgressReporter } from './pullProgress';
import { afterRun } from './afterRun';
import { askBeforeRun } from './runQuestions';
import { targetOf } from './runTarget';
import { runInVsCodeTerminal } from './vscodeTerminalRun';

/** Where a note's runs go: the terminal, the target it is bound to, and the environment there. */
interface Place {
  readonly name: string;
  readonly target: NodeTarget | undefined;
  /** The environment runs get (a session starts with it); `env` is it with the target's on top. */
  readonly base: NodeJS.ProcessEnv;
  readonly env: NodeJS.ProcessEnv;
}

/** What a run in a note terminal says of itself to {@link RunController.launch}; the rest is the same for all. */
interface LabRun {
  /** For the lab report: the kind of run and what ran (a block: its steps, one a line, and each). */
  readonly kind: RunLogEntry['kind'];
  readonly text: string;
  readonly stepTexts?: readonly string[];
  /** The terminal shows and leaves the focus where it was (false: the run reads the keyboard). */
  readonly preserveFocus: boolean;
  /** The objects it creates are watched from the engine's events, for Stop and Clean up. */
  readonly watchesEngine: boolean;
  /** Queues the run in the terminal, once the engine is watched. */
  readonly queue: (lab: NoteTerminal) => { readonly result: Promise<RunResult>; cancel(): void };
  /** What the result becomes, and what is recorded beside it, before the ledger keeps it. */
  readonly ended?: (result: RunResult) => Promise<RunResult>;
  /** The log's line of how it ended. */
  readonly summary?: (result: RunResult) => string;
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
    /** The note's output beside a run's, for the `≠ differs from the note` lens. */
    private readonly diffs: OutputDiffs,
    /** What ran, for the lab report (masked and capped by the log itself). */
    private readonly runLog?: RunLog,
  ) {}

  /** What the questions before a run need: placeholders read the engine of the run's target. */
  private questions(env: NodeJS.ProcessEnv): Parameters<typeof askBeforeRun>[2] {
    return {
      memento: this.memento,
      engine: () => this.engines.forEnvironment(env),
      kubectl: () => this.config.kubectlPath(),
      confirmDestructive: this.config.confirmDestructive(),
    };
  }

  /** Keeps a run for the lab report. */
  private logRun(uri: vscode.Uri, kind: RunLogEntry['kind'], text: string, lab: NoteTerminal, startedAt: number, result: RunResult, stepTexts?: readonly string[]): void {
    if (!this.runLog || result.status === 'cancelled' && result.durationMs === 0) {
      return;
    }
    const verdict = (match: OutputMatch | undefined) => (match ? { verdict: match.matches ? ('matched' as const) : ('differs' as const), ...(match.reason ? { verdictReason: match.reason } : {}) } : {});
    void this.runLog.record(uri, {
      kind,
      text,
      terminal: lab.name,
      ...(lab.target ? { target: describeTarget(lab.target) } : {}),
      startedAt,
      durationMs: result.durationMs,
      ...(result.exitCode !== undefined ? { exitCode: result.exitCode } : {}),
      status: result.status,
      output: result.output ?? '',
      ...(result.outputOmitted ? { outputOmitted: result.outputOmitted } : {}),
      ...(result.steps ? { steps: result.steps.map((step) => ({ text: stepTexts?.[step.step - 1] ?? '', exitCode: step.exitCode, durationMs: step.durationMs, output: step.output, ...verdict(step.match) })) } : {}),
      ...verdict(result.match),
    });
  }

  /** Runs the command a reference points at. Refuses anything but a reference to a current command. */
  async run(value: unknown): Promise<RunResult | undefined> {
    const located = await this.locate(value);
    return located && this.runCommand(located);
  }

  /**
   * Runs a block: in a session, every step of it (docker lines and the shell lines around them) as
   * one run, stopping at the first failure, each step's status recorded; without a session, its
   * commands one by one as before.
   */
  async runAll(value: unknown): Promise<RunResult | undefined> {
    const located = await locateBlock(value, this.notes, this.log);
    if (!located) {
      return undefined;
    }
    const cwd = this.sessionFolder(located.uri);
    if (cwd === undefined) {
      let last: RunResult | undefined;
      for (const step of located.block.steps.filter((each) => each.command >= 0)) {
        const command = located.model.commands[step.command];
        last = await this.runCommand({ uri: located.uri, document: located.document, command, key: keyOf(this.notes, located.document, command) });
        if (!last || last.status !== 'ok') {
          break;
        }
      }
      return last;
    }
    return this.runBlock(located, cwd);
  }

  private async runCommand(located: Located): Promise<RunResult | undefined> {
    const { uri, key } = located;
    const place = await this.placeOf(uri, key, this.terminalName(located), located.document);
    if (!place) {
      return undefined;
    }
    const { target, base, env } = place;
    const answered = await askBeforeRun(uri, located.command, this.questions(env));
    if (!answered) {
      return undefined;
    }
    const cwd = noteFolder(uri);
    const plan = planRun(answered.text, answered.kind, { env, session: this.sessionFolder(uri) !== undefined });
    this.log.info(`Run via ${plan.route} (${plan.reason}): ${plan.text}`);
    if (plan.route === 'vscode-terminal') {
      if (this.showRunning(uri, key)) {
        return undefined;
      }
      const started = runInVsCodeTerminal(plan, { cwd, env });
      this.ledger.start(uri, key, started);
      const ended = await started.done;
      await this.ledger.finish(uri, key, ended);
      return ended.status === 'sent' ? undefined : ended;
    }
    return this.launch(uri, key, place, {
      kind: 'command',
      text: plan.text,
      // A run that reads the keyboard gets it, so what the student types goes to it and never into
      // the note; any other run shows its terminal and leaves the focus where it was.
      preserveFocus: !(plan.route === 'engine-session' || (plan.route === 'session' && Boolean(answered.kind.interactive))),
      watchesEngine: true,
      queue: (lab) => {
        const session = plan.route === 'session' && cwd !== undefined ? this.sessionOf(lab, cwd, base) : undefined;
        const expected = stepOfCommand(this.notes.forDocument(located.document), located.command)?.expected?.text;
        const after = afterRun({ created: this.created, engines: this.engines, log: this.log }, uri, plan.text, target, env, (result) =>
          expected === undefined || result.output === undefined ? result : this.withVerdict(uri, key, plan.text, expected, result),
        );
        return lab.pty.run({ title: plan.text, where: lab.where(), start: (io) => this.execute(plan, io, cwd, env, session, after) });
      },
      summary: (result) => `${result.status} (exit ${result.exitCode ?? '-'}, ${result.durationMs} ms): ${plan.text}`,
    });
  }

  private async runBlock(located: LocatedBlock, cwd: string): Promise<RunResult | undefined> {
    const { uri, model, block, key } = located;
    const name = this.terminals.nameFor(uri, model, block);
    const place = await this.placeOf(uri, key, name, located.document);
    if (!place) {
      return undefined;
    }
    const { target, base, env } = place;
    // Everything a step needs is asked before the block starts: it then runs through in one go.
    const steps: { text: string; kind: CommandKind; key?: string }[] = [];
    for (const step of block.steps) {
      const command = step.command >= 0 ? model.commands[step.command] : undefined;
      if (!command) {
        steps.push({ text: step.text, kind: classifyCommand(step.text) });
        continue;
      }
      const answered = await askBeforeRun(uri, command, this.questions(env));
      if (!answered) {
        return undefined;
      }
      steps.push({ ...answered, key: keyOf(this.notes, located.document, command) });
    }
    const texts = steps.map((step) => step.text);
    this.log.info(`Run block via session (${steps.length} steps) in ${name}`);
    return this.launch(uri, key, place, {
      kind: 'block',
      text: texts.join('\n'),
      stepTexts: texts,
      preserveFocus: !steps.some((step) => step.kind.interactive),
      watchesEngine: true,
      queue: (lab) => {
        const session = this.sessionOf(lab, cwd, base);
        // Each step printing what the note shows under it is checked as it ends (its line says so).
        const verdicts = new Map<number, OutputMatch>();
        const checkStep = (step: StepResult): OutputMatch | undefined => {
          const expected = block.steps[step.step - 1]?.expected?.text;
          if (expected === undefined) {
            return undefined;
          }
          const stepKey = steps[step.step - 1]?.key ?? stepResultKey(block.steps[step.step - 1]);
          const verdict = this.withVerdict(uri, stepKey, steps[step.step - 1]?.text ?? '', expected, { status: 'ok', exitCode: step.exitCode, durationMs: step.durationMs, output: step.output }).match;
          if (verdict) {
            verdicts.set(step.step, verdict);
          }
          return verdict;
        };
        const after = afterRun({ created: this.created, engines: this.engines, log: this.log }, uri, texts.join('\n'), target, env, (result) =>
          verdicts.size === 0 ? result : { ...result, steps: result.steps?.map((step) => (verdicts.has(step.step) ? { ...step, match: verdicts.get(step.step) } : step)) },
        );
        return lab.pty.run({
          title: `Run block · ${steps.length} step${steps.length === 1 ? '' : 's'}`,
          where: lab.where(),
          start: (io) =>
            runBlockInSession(steps, session, io, {
              cwd,
              env,
              session,
              afterRun: after,
              engine: () => this.engines.forEnvironment(env),
              kubectl: this.config.kubectlPath(),
              onStepStart: (n) => {
                after.stepStarted();
                lab.pty.stepStarted(steps[n - 1]?.text ?? '');
              },
              onStepEnd: (step) => lab.pty.stepEnded(step, checkStep(step)),
            }),
        });
      },
      ended: async (result) => {
        // Each command step's own lens shows how it went in the block.
        for (const step of result.steps ?? []) {
          const stepKey = steps[step.step - 1]?.key;
          if (stepKey) {
            await this.ledger.finish(uri, stepKey, { status: step.exitCode === 0 ? 'ok' : result.status === 'cancelled' ? 'cancelled' : 'failed', exitCode: step.exitCode, durationMs: step.durationMs, ...(step.match ? { match: step.match } : {}) });
          }
        }
        return result;
      },
      summary: (result) => `block ${result.status} (exit ${result.exitCode ?? '-'}, ${result.steps?.length ?? 0}/${steps.length} steps, ${result.durationMs} ms)`,
    });
  }

  /**
   * Runs an author's check (a `{check}` fence or a `<!-- check: … -->` comment) in the session of
   * the terminal the section's steps ran in: exit 0 passes the section; otherwise the end of its
   * output is the hint. Only ever from its lens, and never in Restricted Mode (locateCheck refuses).
   */
  async check(value: unknown): Promise<RunResult | undefined> {
    const located = await locateCheck(value, this.notes, this.log);
    if (!located) {
      return undefined;
    }
    const { uri, model, check, key } = located;
    const cwd = this.sessionFolder(uri);
    if (cwd === undefined) {
      void vscode.window.showInformationMessage("Checks run in the note's shell session, which needs Linux with util-linux script (and the courseNotes.session.enabled setting).");
      return undefined;
    }
    const section = sectionAt(model, check.line);
    const before = model.blocks.filter((block) => !block.check && block.steps.length > 0 && block.line < check.line && (!section || block.line >= section.line));
    const place = await this.placeOf(uri, key, this.terminals.nameFor(uri, model, before[before.length - 1] ?? { info: '' }), located.document);
    if (!place) {
      return undefined;
    }
    const plan = planRun(check.text, classifyCommand(check.text), { env: place.env, session: true });
    if (plan.route !== 'session') {
      return undefined;
    }
    let hint: string | undefined;
    const result = await this.launch(uri, key, place, {
      kind: 'check',
      text: check.text,
      preserveFocus: true,
      // A check only looks: what it creates is not the note's to clean up.
      watchesEngine: false,
      queue: (lab) => {
        const session = this.sessionOf(lab, cwd, place.base);
        const title = `Check${section ? ` · ${stripEstimate(section.title)}` : ''}: ${check.text}`;
        return lab.pty.run({ title, where: lab.where(), start: (io) => this.execute(plan, io, cwd, place.env, session, undefined) });
      },
      ended: (raw) => {
        hint = raw.status === 'ok' ? undefined : checkHint(raw.output ?? '');
        return Promise.resolve(hint ? { ...raw, message: hint } : raw);
      },
    });
    if (result?.status === 'ok') {
      void vscode.window.setStatusBarMessage(`$(pass) Check passed${section ? `: ${stripEstimate(section.title)}` : ''}`, 8000);
    } else if (result && result.status !== 'cancelled') {
      void vscode.window.showWarningMessage(`The check${section ? ` of "${stripEstimate(section.title)}"` : ''} did not pass${hint ? `: ${hint}` : ` (exit ${result.exitCode ?? '?'})`}`);
    }
    return result;
  }

  /**
   * Where a run of this command (by its result key) goes: its terminal, the target that is bound to
   * and the environment there; undefined when it runs already (its terminal is shown) or the
   * target's binding is invalid or was refused.
   */
  private async placeOf(uri: vscode.Uri, key: string, name: string, document: vscode.TextDocument): Promise<Place | undefined> {
    if (this.showRunning(uri, key)) {
      return undefined;
    }
    const target = await targetOf(name, document, this.config, this.memento);
    if (target === null) {
      return undefined;
    }
    const base = this.environment();
    return { name, target, base, env: targetEnvironment(target, base) };
  }

  /**
   * What every run in a note terminal does around its own part: one run of a command at a time, its
   * terminal shown, a ledger entry that Stop cancels, the objects it creates watched, its result in
   * the ledger, the lab report and the log. From the running check to ledger.start nothing awaits:
   * a second click that answered its questions too finds this run in the ledger and only shows its
   * terminal.
   */
  private async launch(uri: vscode.Uri, key: string, place: Place, run: LabRun): Promise<RunResult | undefined> {
    if (this.showRunning(uri, key)) {
      return undefined;
    }
    const lab = this.terminals.open(place.name, place.target);
    lab.terminal.show(run.preserveFocus);
    let job: { cancel(): void } | undefined;
    let stopped = false;
    const entry = this.ledger.start(uri, key, { cancel: () => ((stopped = true), job?.cancel()), terminal: lab.terminal });
    try {
      if (run.watchesEngine) {
        await this.created.begin(uri, undefined, () => this.engines.forEnvironment(place.env));
      }
      if (stopped) {
        // Stopped while the engine's events were still being opened: nothing ran.
        const result: RunResult = { status: 'cancelled', exitCode: undefined, durationMs: 0 };
        await this.ledger.finish(uri, key, result);
        return result;
      }
      const startedAt = Date.now();
      const queued = run.queue(lab);
      job = queued;
      const raw = await queued.result;
      const result = run.ended ? await run.ended(raw) : raw;
      // One change: no longer running, and this result, so the lens never shows Stop beside it.
      await this.ledger.finish(uri, key, result);
      this.logRun(uri, run.kind, run.text, lab, startedAt, result, run.stepTexts);
      if (run.summary) {
        this.log.info(run.summary(result));
      }
      return result;
    } finally {
      this.ledger.abandon(uri, key, entry);
      if (run.watchesEngine) {
        this.created.end(uri);
      }
    }
  }

  /** A run of this command is on: its terminal is shown instead of a second run. */
  private showRunning(uri: vscode.Uri, key: string): boolean {
    const running = this.ledger.runningEntry(uri, key);
    running?.terminal.show(true);
    return running !== undefined;
  }

  /** The note's folder when its commands can run in its terminal's shell session, else undefined. */
  private sessionFolder(uri: vscode.Uri): string | undefined {
    const cwd = noteFolder(uri);
    return cwd !== undefined && this.config.sessions() && sessionLauncher() !== undefined ? cwd : undefined;
  }

  /** The shell session of a note terminal, started in the note's folder with the environment runs get. */
  private sessionOf(lab: NoteTerminal, cwd: string, base: NodeJS.ProcessEnv): ShellSession {
    return lab.session({ cwd, env: base, sourceBashrc: this.config.sessionSourcesBashrc() });
  }

  /** Cancels the running command (or block) a reference points at. */
  async cancel(value: unknown): Promise<void> {
    // A block's lens and its first command's share a position: whichever of the two runs stops.
    const quiet = { quiet: true };
    for (const found of [await this.locate(value, quiet), await locateBlock(value, this.notes, this.log, quiet), await locateCheck(value, this.notes, this.log, quiet)]) {
      if (found) {
        this.ledger.cancel(found.uri, found.key);
      }
    }
  }

  /** Shows the terminal a command or block runs (or last ran) in. */
  async reveal(value: unknown): Promise<void> {
    const found = await this.locateQuietly(value);
    if (found) {
      const model = this.notes.forDocument(found.document);
      const name = this.terminals.nameFor(found.uri, model, 'command' in found ? found.command : found.block);
      const terminal = this.ledger.runningEntry(found.uri, found.key)?.terminal ?? this.terminals.get(name)?.terminal;
      terminal?.show(true);
    }
  }

  /** The command a Stop or reveal points at, else the block (their lenses share the first line). */
  private async locateQuietly(value: unknown): Promise<Located | LocatedBlock | undefined> {
    return (await this.locate(value, { quiet: true })) ?? (await locateBlock(value, this.notes, this.log, { quiet: true }));
  }

  /** A command (by its result key, see core/resultKeys) is running now. */
  isRunning(uri: vscode.Uri, key: string): boolean {
    return this.ledger.isRunning(uri, key);
  }

  /** Where the session of the note's own terminal is now, if it has one running (for Save as). */
  sessionCwd(uri: vscode.Uri): string | undefined {
    const document = vscode.workspace.textDocuments.find((each) => each.uri.toString() === uri.toString());
    if (!document) {
      return undefined;
    }
    const name = this.terminals.nameFor(uri, this.notes.forDocument(document), { info: '' });
    return this.terminals.get(name)?.current?.cwd;
  }

  /** The note terminal of that name, if it is open (for tests). */
  terminal(name: string): NoteTerminal | undefined {
    return this.terminals.get(name);
  }

  /** Ends the session of a note terminal and starts a new one (the active terminal, else one picked). */
  async restartSession(value?: unknown): Promise<void> {
    const open = this.terminals.all();
    let lab = typeof value === 'string' ? this.terminals.get(value) : this.terminals.of(vscode.window.activeTerminal);
    if (!lab && open.length === 1) {
      lab = open[0];
    } else if (!lab && open.length > 1) {
      const picked = await vscode.window.showQuickPick(
        open.map((entry) => ({ label: entry.name, description: entry.where(), entry })),
        { title: 'Restart the session of which terminal?' },
      );
      lab = picked?.entry;
    }
    if (!lab) {
      void vscode.window.showInformationMessage(open.length === 0 ? 'No note terminal is open: a session starts with the first Run.' : 'No terminal picked.');
      return;
    }
    lab.terminal.show(true);
    await lab.restart();
  }

  private execute(
    plan: Exclude<RunPlan, { route: 'vscode-terminal' }>,
    io: RunIo,
    cwd: string | undefined,
    env: NodeJS.ProcessEnv,
    session: ShellSession | undefined,
    afterRun: ((result: RunResult) => Promise<RunResult>) | undefined,
  ): RunHandle {
    return executePlan(plan, io, { cwd, env, session, afterRun, engine: () => this.engines.forEnvironment(env), kubectl: this.config.kubectlPath(), ...pullProgressReporter(this.log) });
  }

  /** A run's output checked against what the note prints under its command; the diff kept for the lens. */
  private withVerdict(uri: vscode.Uri, key: string, title: string, expected: string, result: RunResult): RunResult {
    if (result.status === 'cancelled' || result.output === undefined) {
      return result;
    }
    const verdict = matchOutput(expected, result.output);
    this.diffs.remember(uri, key, expected, result.output, title.split('\n')[0]);
    return { ...result, match: { matches: verdict.matches, ...(verdict.reason ? { reason: verdict.reason } : {}) } };
  }

  /** Opens the diff of the note's output and a command's last run (the `≠ differs` lens). */
  async showDifference(value: unknown): Promise<void> {
    const located = await this.locate(value, { quiet: true });
    if (located && !(await this.diffs.show(located.uri, located.key))) {
      void vscode.window.showInformationMessage('Run the command again to compare its output with the note: the last comparison is not kept across restarts.');
    }
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

/** The end of a failed check's output, as one line for its hint (the last 3 non-empty lines, at most 300 characters). */
export function checkHint(output: string): string | undefined {
  const lines = stripTerminalEscapes(output).split(/\r?\n/).map((line) => line.trim()).filter(Boolean);
  const hint = lines.slice(-3).join(' · ');
  return hint ? (hint.length > 300 ? `…${hint.slice(-299)}` : hint) : undefined;
}

/** The folder of the note, where its commands run; none for a note that is not a file. */
function noteFolder(uri: vscode.Uri): string | undefined {
  return uri.scheme === 'file' ? path.dirname(uri.fsPath) : undefined;
}
