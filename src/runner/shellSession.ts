import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import type { SessionMarker } from './sessionMarkers';
import { MarkerParser } from './sessionMarkers';
import { blockFiles, commandFiles, sessionRcfile, shellQuote, sourceLine } from './sessionScript';
import type { RunFiles } from './sessionScript';
import type { RunHandle, RunResult, StepResult } from './runTypes';
import { onPath, utilLinuxScript } from './utilLinuxScript';

/**
 * A persistent shell behind a note's terminal: one `bash -i` on a pseudo-terminal made by util-linux
 * `script`, so `cd`, `export`, functions and aliases carry from one run to the next as if the lines
 * had been typed into one shell, and interactive programs (`docker run -it`, `vi`) get a real tty.
 * Each run is a file the shell sources (see sessionScript); markers the shell prints around it (see
 * sessionMarkers) give its start, each step's status, its exit status and the cwd after it, and never
 * reach the terminal. What the user types goes to the same shell.
 *
 * Chosen over VS Code's terminal shell integration by measurement (README, "Lab sessions").
 */

export type SessionState = 'starting' | 'idle' | 'running' | 'user-busy' | 'ended';

export interface SessionOptions {
  /** Where the shell starts. */
  readonly cwd: string;
  /** Its environment (the target of its terminal already applied). */
  readonly env: NodeJS.ProcessEnv;
  readonly columns: number;
  readonly rows: number;
  /** Source the user's ~/.bashrc first, as a terminal would. */
  readonly sourceBashrc: boolean;
  /** The kube context `kubectl` uses in this session (a terminal bound to a node). */
  readonly kubeContext?: string;
  /** Output of the shell, markers removed: everything the terminal shows. */
  readonly onOutput: (text: string) => void;
  /** The state, cwd or docker target changed (for the terminal's title and the status bar). */
  readonly onChange?: () => void;
  /** The shell ended: exit code, or undefined when a signal ended it. */
  readonly onEnded?: (exitCode: number | undefined) => void;
  /** How long the shell may take to reach its first prompt. Default 8 s. */
  readonly startTimeoutMs?: number;
}

/** A run of the session, with hooks called in step with the output (before what follows is shown). */
export interface SessionRunHooks {
  /** The run's output as it arrives (it also goes to `onOutput`). */
  readonly onData?: (text: string) => void;
  readonly onStepStart?: (step: number) => void;
  readonly onStepEnd?: (step: StepResult) => void;
  /**
   * Called as the run ends, before the prompt after it is shown. When it returns a promise, what
   * the shell prints next (its prompt) waits for it (at most HOLD_MS), and the run's result is the
   * promise's.
   */
  readonly onEnd?: (result: RunResult) => void | Promise<RunResult>;
}

/** How long Stop waits after Ctrl+C before it signals the foreground processes itself. */
const INTERRUPT_GRACE_MS = 1500;
const KILL_GRACE_MS = 500;
/** How long the pty's echo of our line is hidden at most, waiting for the run's S marker. */
const ECHO_WATCHDOG_MS = 2000;
/** How long the prompt after a run may wait for the run's last words (see SessionRunHooks.onEnd). */
const HOLD_MS = 3000;
/** Output kept per run: its first and last part (see OutputKeeper). */
const KEEP_HEAD = 256 * 1024;
const KEEP_TAIL = 256 * 1024;

let launcherChecked: string | undefined | null = null;
/**
 * Random bytes from the kernel, in hex: sessions are Linux only (sessionLauncher), and node:crypto
 * would cost a headless run ≈ 6 ms to load.
 */
function randomHex(bytes: number): string {
  const buffer = Buffer.alloc(bytes);
  const fd = fs.openSync('/dev/urandom', 'r');
  try {
    let read = 0;
    while (read < bytes) {
      const count = fs.readSync(fd, buffer, read, bytes - read, null);
      if (count <= 0) {
        throw new Error('/dev/urandom gave no bytes');
      }
      read += count;
    }
  } finally {
    fs.closeSync(fd);
  }
  return buffer.toString('hex');
}

/** A session's folder in the temporary folder, and the file in it that names its owner. */
const SESSION_FOLDER = /^course-notes-session-[\w]+$/;
const OWNER_FILE = 'owner';

/** Orphaned sessions are looked for once per process, while its first shell starts. */
let reaped = false;

/**
 * The `script` that can give the session a pty (util-linux's: see utilLinuxScript), with bash on
 * PATH, or undefined where there is none (macOS, BusyBox, Windows): runs then go one process each,
 * as before.
 */
export function sessionLauncher(): string | undefined {
  if (launcherChecked === null) {
    launcherChecked = utilLinuxScript() !== undefined && onPath('bash') !== undefined ? 'script' : undefined;
  }
  return launcherChecked;
}

interface ActiveRun {
  readonly id: string;
  readonly hooks: SessionRunHooks;
  readonly started: number;
  readonly output: OutputKeeper;
  readonly steps: StepResult[];
  stepStarted: number;
  stepOutput: OutputKeeper | undefined;
  /** Set once its S marker came: before it, what the pty echoes is the line we typed. */
  begun: boolean;
  cancelled: boolean;
  /** Stop came before the shell read our line: Ctrl+C then would flush the line; it goes once S is seen. */
  interruptWhenBegun: boolean;
  /** A block's number of steps (a block whose file ended early, an unterminated heredoc, did not run them all). */
  readonly stepCount: number | undefined;
  /** Stops hiding the pty's echo when S is late (the line went to a program reading the keyboard). */
  watchdog: NodeJS.Timeout | undefined;
  /** The user's half-typed line was taken out of the way and is put back after the run. */
  yankAfter: boolean;
  resolve(result: RunResult): void;
}

export class ShellSession {
  private readonly nonce = randomHex(16);
  private readonly dir: string;
  private readonly parser: MarkerParser;
  private readonly proc: ChildProcess;
  private stateNow: SessionState = 'starting';
  private cwdNow: string | undefined;
  private dockerHostNow = '';
  private dockerContextNow = '';
  private current: ActiveRun | undefined;
  private nextRun = 1;
  /** The user has typed since the last prompt without pressing Enter. */
  private typed = false;
  private readonly idleWaiters: Array<() => void> = [];
  private shellPid: number | undefined;
  private resizeTimer: NodeJS.Timeout | undefined;
  private endedCode: number | undefined | null = null;
  private startTimer: NodeJS.Timeout | undefined;
  /** Output held back while a run's onEnd finishes (see SessionRunHooks.onEnd). */
  private held: string[] | undefined;
  /** Resolves when the shell reached its first prompt (true), or ended or timed out first (false). */
  readonly ready: Promise<boolean>;
  private markReady: (ok: boolean) => void = () => undefined;
  readonly exited: Promise<number | undefined>;

  constructor(private readonly options: SessionOptions) {
    this.dir = fs.mkdtempSync(path.join(os.tmpdir(), 'course-notes-session-'));
    fs.chmodSync(this.dir, 0o700);
    const rcfile = path.join(this.dir, 'rc');
    fs.writeFileSync(rcfile, sessionRcfile(this.nonce), { mode: 0o600 });
    // Whose folder this is, for reapOrphanedSessions.
    fs.writeFileSync(path.join(this.dir, OWNER_FILE), String(process.pid), { mode: 0o600 });
    this.parser = new MarkerParser(this.nonce);
    this.cwdNow = options.cwd;
    this.ready = new Promise((resolve) => (this.markReady = resolve));
    const env: NodeJS.ProcessEnv = {
      ...options.env,
      TERM: 'xterm-256color',
      COLORTERM: 'truecolor',
      __CN_DIR: this.dir,
      __CN_BASHRC: options.sourceBashrc ? '1' : '',
      __CN_ROWS: String(Math.max(1, options.rows)),
      __CN_COLS: String(Math.max(1, options.columns)),
      __CN_KUBE: options.kubeContext ?? '',
      // Whose session this is: one whose owner died without closing it is reaped (reapOrphanedSessions).
      __CN_OWNER: String(process.pid),
    };
    delete env.PROMPT_COMMAND;
    // -q quiet, -f flush at once, -e the shell's exit code, -c the command; /dev/null: no typescript.
    // `exec`: script runs the line with $SHELL -c, which is dash or zsh for some; bash must be the
    // session leader whatever $SHELL is.
    // The script found on the session's own PATH (sessionLauncher looked on this process's).
    this.proc = spawn(utilLinuxScript(env) ?? 'script', ['-qfec', `exec bash --noprofile --rcfile ${shellQuote(rcfile)} -i`, '/dev/null'], {
      cwd: options.cwd,
      env,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    if (!reaped) {
      // While that shell starts: sessions a dead owner left (ours carries a live owner's pid).
      reaped = true;
      reapOrphanedSessions();
    }
    const decoder = new StringDecoder('utf8');
    this.proc.stdout?.on('data', (chunk: Buffer) => this.feed(decoder.write(chunk)));
    this.proc.stderr?.on('data', (chunk: Buffer) => options.onOutput(chunk.toString('utf8').replace(/\r?\n/g, '\r\n')));
    this.proc.stdin?.on('error', () => undefined); // the shell is gone: `exited` says so
    this.exited = new Promise((resolve) => {
      const ended = (code: number | null) => {
        if (this.endedCode !== null) {
          return;
        }
        this.endedCode = code ?? undefined;
        const rest = this.parser.flush();
        if (rest) {
          options.onOutput(rest);
        }
        this.end(code ?? undefined);
        resolve(code ?? undefined);
      };
      this.proc.on('exit', (code) => ended(code));
      this.proc.on('error', (error) => {
        options.onOutput(`\r\nCould not start the session's shell: ${error.message}\r\n`);
        ended(null);
      });
    });
    this.startTimer = setTimeout(() => {
      if (this.stateNow === 'starting') {
        this.markReady(false);
      }
    }, options.startTimeoutMs ?? 8000);
  }

  get state(): SessionState {
    return this.stateNow;
  }

  /** The shell's working directory after its last command line (ours or typed). */
  get cwd(): string | undefined {
    return this.cwdNow;
  }

  /** DOCKER_HOST and DOCKER_CONTEXT as the shell has them now (the user may have exported others). */
  get docker(): { readonly host: string; readonly context: string } {
    return { host: this.dockerHostNow, context: this.dockerContextNow };
  }

  /** The shell's process id once it is known (the session leader of its pty). */
  get pid(): number | undefined {
    return this.shellPid ?? this.findShell();
  }

  /**
   * Runs one command line (or a block's steps, each announced and checked) in the session. Waits
   * for the shell to be at its prompt: after the run before, and after a line the user typed.
   */
  run(text: string, hooks: SessionRunHooks = {}): RunHandle {
    return this.start(() => commandFiles(text), hooks, undefined);
  }

  runBlock(steps: readonly string[], hooks: SessionRunHooks = {}): RunHandle {
    return this.start((id) => blockFiles(id, steps), hooks, steps.length);
  }

  /** Keystrokes from the terminal: to the program running, or to the shell's prompt. */
  input(data: string): void {
    if (this.stateNow === 'ended') {
      return;
    }
    const run = this.current;
    if (run && !run.begun && data.includes('\x03')) {
      // Ctrl+C before bash read our line would flush it: it waits for the run to begin.
      this.cancelRun();
      data = data.split('\x03').join('');
      if (data === '') {
        return;
      }
    }
    if (this.stateNow === 'idle') {
      // A paste (bracketed) is not a line typed: bash waits for Enter after it.
      // eslint-disable-next-line no-control-regex
      const typed = data.replace(/\x1b\[200~[\s\S]*?(?:\x1b\[201~|$)/g, '');
      if (/[\r\n]/.test(typed)) {
        // A line the user typed runs now: ours wait for its prompt.
        this.typed = false;
        this.setState('user-busy');
      } else if (data !== '\x03') {
        this.typed = true;
      } else {
        this.typed = false;
      }
    }
    this.proc.stdin?.write(data);
  }

  /** Sets the pty's size (debounced): the kernel tells the foreground program with SIGWINCH. */
  resize(columns: number, rows: number): void {
    clearTimeout(this.resizeTimer);
    this.resizeTimer = setTimeout(() => {
      const tty = this.ttyPath();
      if (tty) {
        spawn('stty', ['-F', tty, 'rows', String(Math.max(1, rows)), 'cols', String(Math.max(1, columns))], { stdio: 'ignore' }).on('error', () => undefined);
      }
    }, 50);
  }

  /** Stops the run going on: Ctrl+C as a terminal sends it, then signals to its processes. */
  cancelRun(): void {
    const run = this.current;
    if (!run || run.cancelled) {
      return;
    }
    run.cancelled = true;
    if (!run.begun) {
      run.interruptWhenBegun = true;
    } else {
      this.proc.stdin?.write('\x03');
    }
    const escalate = (signal: NodeJS.Signals, after: number, next?: () => void) =>
      setTimeout(() => {
        if (this.current !== run) {
          return;
        }
        for (const pid of this.foregroundGroup()) {
          try {
            process.kill(-pid, signal);
          } catch {
            // gone
          }
        }
        next?.();
      }, after).unref();
    escalate('SIGTERM', INTERRUPT_GRACE_MS, () => escalate('SIGKILL', KILL_GRACE_MS));
  }

  /**
   * Ends the shell and everything it started, as closing a terminal does: SIGHUP to the shell (which
   * sends it on to every job) and its process group, and `script` is killed, which hangs up the pty
   * (SIGHUP to its foreground group); `script` is not waited for (after its shell it drains the pty
   * for ≈ 10 ms). What is left of the session then (nohup, a trap, a job that left the shell's
   * groups but kept its session; `setsid` excepted) has KILL_GRACE_MS to end, then SIGKILL. When it
   * resolves, no process of the session is left but `script`, killed and ending.
   */
  async close(): Promise<void> {
    if (this.endedCode === null) {
      const sid = this.pid;
      if (sid !== undefined) {
        signalAll([sid, -sid], 'SIGHUP');
      }
      try {
        this.proc.kill('SIGKILL');
      } catch {
        // gone
      }
      // A zombie has ended already (its parent, now init, has not reaped it yet).
      const inSession = () => (sid === undefined ? [] : processesWhere((fields) => Number(fields[3]) === sid && fields[0] !== 'Z'));
      const deadline = performance.now() + KILL_GRACE_MS;
      // The shell first, with a look at its one /proc entry each millisecond: it ends on its SIGHUP
      // at once (a pass over all of /proc costs ≈ 2.5 ms, and would mostly find it still ending).
      while (sid !== undefined && running(sid) && performance.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 1));
      }
      let left = inSession();
      while (left.length > 0 && performance.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 5));
        left = inSession();
      }
      signalAll(left, 'SIGKILL');
      // `script` was killed: its exit (the pty's hang-up takes the kernel a few ms) is not waited
      // for, and does not keep this process alive; it still ends the session when it comes.
      this.proc.unref();
      for (const stream of [this.proc.stdin, this.proc.stdout, this.proc.stderr]) {
        stream?.destroy();
      }
    }
    this.removeDir();
  }

  private start(files: (id: string) => RunFiles, hooks: SessionRunHooks, stepCount: number | undefined): RunHandle {
    let cancelled = false;
    let run: ActiveRun | undefined;
    const done = new Promise<RunResult>((resolve) => {
      const begin = async () => {
        const ok = await this.whenIdle();
        if (cancelled) {
          resolve({ status: 'cancelled', exitCode: undefined, durationMs: 0 });
          return;
        }
        if (!ok) {
          resolve({ status: 'error', exitCode: undefined, durationMs: 0, message: this.endedMessage() });
          return;
        }
        const id = String(this.nextRun++);
        const written = files(id);
        try {
          fs.writeFileSync(path.join(this.dir, id), written.script, { mode: 0o600 });
          fs.writeFileSync(path.join(this.dir, `${id}.h`), written.history, { mode: 0o600 });
        } catch (error) {
          resolve({ status: 'error', exitCode: undefined, durationMs: 0, message: `could not hand the command to the session: ${(error as Error).message}` });
          return;
        }
        const yankAfter = this.typed;
        run = {
          id,
          hooks,
          started: performance.now(),
          output: new OutputKeeper(),
          steps: [],
          stepStarted: 0,
          stepOutput: undefined,
          begun: false,
          interruptWhenBegun: false,
          stepCount,
          watchdog: undefined,
          cancelled: false,
          yankAfter,
          resolve: (result) => {
            this.removeRunFiles(id);
            resolve(result);
          },
        };
        this.current = run;
        this.setState('running');
        // A half-typed line is cut into readline's kill ring (end of line, kill to start), and yanked back after.
        this.proc.stdin?.write(`${yankAfter ? '\x05\x15' : ''}${sourceLine(id, this.dir)}`);
        this.typed = false;
        const watched = run;
        watched.watchdog = setTimeout(() => {
          // No S yet: our line went somewhere else (a program reading the keyboard). Show what comes.
          watched.begun = true;
        }, ECHO_WATCHDOG_MS);
        watched.watchdog.unref?.();
      };
      void begin();
    });
    return {
      done,
      cancel: () => {
        cancelled = true;
        if (run && this.current === run) {
          this.cancelRun();
        }
      },
      input: (data) => this.input(data),
      resize: (columns, rows) => this.resize(columns, rows),
    };
  }

  /** Resolves true once the shell is at its prompt with nothing of ours running; false if it ended. */
  private whenIdle(): Promise<boolean> {
    if (this.stateNow === 'idle') {
      return Promise.resolve(true);
    }
    if (this.stateNow === 'ended') {
      return Promise.resolve(false);
    }
    return new Promise((resolve) => {
      const check = () => {
        if (this.stateNow === 'idle') {
          resolve(true);
        } else if (this.stateNow === 'ended') {
          resolve(false);
        } else {
          this.idleWaiters.push(check);
        }
      };
      this.idleWaiters.push(check);
    });
  }

  private feed(chunk: string): void {
    for (const event of this.parser.feed(chunk)) {
      if ('text' in event) {
        this.text(event.text);
      } else {
        this.marker(event.marker);
      }
    }
  }

  private text(text: string): void {
    if (this.held) {
      this.held.push(text);
      return;
    }
    const run = this.current;
    if (run && !run.begun) {
      return; // the pty's echo of the line that sources the run
    }
    if (run) {
      run.output.add(text);
      run.stepOutput?.add(text);
      run.hooks.onData?.(text);
    }
    this.options.onOutput(text);
  }

  private marker(marker: SessionMarker): void {
    const run = this.current;
    switch (marker.kind) {
      case 'S':
        if (run && marker.run === run.id) {
          run.begun = true;
          clearTimeout(run.watchdog);
          if (run.interruptWhenBegun) {
            this.proc.stdin?.write('\x03');
          }
        }
        return;
      case 'B':
        if (run && marker.run === run.id) {
          run.stepStarted = performance.now();
          run.stepOutput = new OutputKeeper();
          run.hooks.onStepStart?.(marker.step);
        }
        return;
      case 'E':
        if (run && marker.run === run.id) {
          const step: StepResult = {
            step: marker.step,
            exitCode: marker.status,
            durationMs: Math.round(performance.now() - (run.stepStarted || run.started)),
            output: run.stepOutput?.text() ?? '',
          };
          run.steps.push(step);
          run.stepOutput = undefined;
          run.hooks.onStepEnd?.(step);
        }
        return;
      case 'D':
        this.prompt(marker);
        return;
    }
  }

  private prompt(marker: Extract<SessionMarker, { kind: 'D' }>): void {
    // A cwd the marker could not carry (control characters in it) is unknown, not the last one.
    this.cwdNow = marker.cwd;
    this.dockerHostNow = marker.dockerHost;
    this.dockerContextNow = marker.dockerContext;
    const run = this.current;
    if (run && marker.run === run.id) {
      this.current = undefined;
      clearTimeout(run.watchdog);
      const result = this.resultOf(run, marker.status);
      if (run.yankAfter) {
        this.proc.stdin?.write('\x19');
        this.typed = true;
      }
      // Idle only once the run's last words are out (see finish): the next run's output follows them.
      this.finish(run, result, () => this.setState('idle'));
      return;
    }
    if (run && marker.run !== '') {
      return; // the prompt of an older run: ours is still to come
    }
    if (run) {
      // A prompt, and our line was never read as a command: a program took it (the user's `cat`), or
      // it was cut. The run did not happen; the session is at its prompt.
      this.current = undefined;
      clearTimeout(run.watchdog);
      run.resolve({
        status: run.cancelled ? 'cancelled' : 'error',
        exitCode: undefined,
        durationMs: Math.round(performance.now() - run.started),
        message: 'the shell did not take the run: a program was reading the keyboard, or the line was cut; run it again',
      });
    }
    if (this.stateNow === 'starting') {
      clearTimeout(this.startTimer);
      this.shellPid = this.findShell();
      this.markReady(true);
    }
    this.setState('idle');
  }

  /** Ends a run: its onEnd first, holding what follows while a promise it returned is pending. */
  private finish(run: ActiveRun, result: RunResult, then?: () => void): void {
    let last: void | Promise<RunResult>;
    try {
      last = run.hooks.onEnd?.(result);
    } catch {
      last = undefined;
    }
    if (!last) {
      run.resolve(result);
      then?.();
      return;
    }
    const held: string[] = (this.held ??= []);
    let released = false;
    const release = (final: RunResult) => {
      if (released) {
        return;
      }
      released = true;
      clearTimeout(timer);
      if (this.held === held) {
        this.held = undefined;
      }
      for (const text of held) {
        this.text(text);
      }
      run.resolve(final);
      then?.();
    };
    const timer = setTimeout(() => release(result), HOLD_MS);
    last.then(release, () => release(result));
  }

  private resultOf(run: ActiveRun, status: number, ended?: string): RunResult {
    const durationMs = Math.round(performance.now() - run.started);
    const base = { durationMs, output: run.output.text(), outputOmitted: run.output.omitted, steps: run.steps.length > 0 ? [...run.steps] : undefined, cwdAfter: this.cwdNow };
    if (ended !== undefined) {
      return { ...base, status: run.cancelled ? 'cancelled' : 'error', exitCode: status, message: ended, sessionEnded: true };
    }
    if (status === 0 && run.stepCount !== undefined && run.steps.length < run.stepCount && !run.cancelled) {
      // The sourced file ended early: an unterminated heredoc or quote took the rest of the block.
      return { ...base, status: 'failed', exitCode: 0, message: `only ${run.steps.length} of the block's ${run.stepCount} steps ran: is a heredoc or a quote in it not closed?` };
    }
    if (status === 0) {
      return { ...base, status: 'ok', exitCode: 0 };
    }
    return { ...base, status: run.cancelled ? 'cancelled' : 'failed', exitCode: status };
  }

  private end(code: number | undefined): void {
    clearTimeout(this.startTimer);
    clearTimeout(this.resizeTimer);
    const run = this.current;
    this.current = undefined;
    clearTimeout(run?.watchdog);
    this.markReady(false);
    this.setState('ended');
    if (run) {
      const result = this.resultOf(run, code ?? 1, this.endedMessage());
      this.finish(run, result);
    }
    this.removeDir();
    this.options.onEnded?.(code);
  }

  private endedMessage(): string {
    const code = this.endedCode;
    const how = code === null ? 'did not start' : code === undefined ? 'was ended by a signal' : `ended (exit ${code})`;
    return `the session's shell ${how}; the next run starts a new session`;
  }

  private setState(state: SessionState): void {
    if (this.stateNow === 'ended') {
      return;
    }
    this.stateNow = state;
    if (state === 'idle' || state === 'ended') {
      for (const waiter of this.idleWaiters.splice(0)) {
        waiter();
      }
    }
    this.options.onChange?.();
  }

  /** bash: the child of `script`. */
  private findShell(): number | undefined {
    const pid = this.proc.pid;
    if (pid === undefined) {
      return undefined;
    }
    try {
      const children = fs.readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean);
      return children.length > 0 ? Number(children[0]) : undefined;
    } catch {
      return undefined;
    }
  }

  private ttyPath(): string | undefined {
    const pid = this.pid;
    try {
      return pid === undefined ? undefined : fs.readlinkSync(`/proc/${pid}/fd/0`);
    } catch {
      return undefined;
    }
  }

  /** The pty's foreground process group, when it is not the shell's own (a program is running). */
  private foregroundGroup(): number[] {
    const pid = this.pid;
    if (pid === undefined) {
      return [];
    }
    const fields = statFields(pid);
    const tpgid = fields ? Number(fields[5]) : 0;
    return tpgid > 0 && tpgid !== pid ? [tpgid] : [];
  }

  private removeRunFiles(id: string): void {
    fs.rmSync(path.join(this.dir, id), { force: true });
    fs.rmSync(path.join(this.dir, `${id}.h`), { force: true });
  }

  private removeDir(): void {
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}

/** A run's output as kept for its result: the first KEEP_HEAD and last KEEP_TAIL characters. */
class OutputKeeper {
  private head = '';
  private tail: string[] = [];
  private tailLength = 0;
  omitted = 0;

  add(text: string): void {
    if (this.head.length < KEEP_HEAD) {
      const room = KEEP_HEAD - this.head.length;
      this.head += text.slice(0, room);
      text = text.slice(room);
    }
    if (text === '') {
      return;
    }
    this.tail.push(text);
    this.tailLength += text.length;
    while (this.tailLength - this.tail[0].length >= KEEP_TAIL) {
      const dropped = this.tail.shift() ?? '';
      this.tailLength -= dropped.length;
      this.omitted += dropped.length;
    }
  }

  text(): string {
    return this.omitted > 0 ? `${this.head}\r\n… ${this.omitted} characters not kept …\r\n${this.tail.join('')}` : this.head + this.tail.join('');
  }
}

/**
 * Sessions left by an extension host (or CLI) that died without closing them: `script` ignores the
 * end of its input, so they would live on. Each session's folder names its owner's pid (OWNER_FILE)
 * and each of its processes carries it (`__CN_OWNER`, `__CN_DIR`). Where a folder's owner is gone,
 * one pass over /proc gives the processes of dead owners SIGHUP (as a closed terminal's do), and the
 * folder is removed, with or without processes; a folder that names no owner (an older version's)
 * is removed when no process of a live owner is in it. No such folder: no pass (≈ 4 ms saved at
 * start). Once per process, as the first session starts.
 */
export function reapOrphanedSessions(): number {
  const root = os.tmpdir();
  let folders: string[];
  try {
    folders = fs.readdirSync(root).filter((name) => SESSION_FOLDER.test(name));
  } catch {
    return 0;
  }
  const orphaned: string[] = [];
  // No owner named: a folder being made now, or one of a version before owners were written, whose
  // session may still be alive; it goes only when a minute old and no live process is in it.
  const ownerless: string[] = [];
  for (const dir of folders.map((name) => path.join(root, name))) {
    let stat: fs.Stats;
    try {
      // Only this user's own folders (a link or another user's folder is not ours to remove).
      stat = fs.lstatSync(dir);
      if (!stat.isDirectory() || stat.uid !== process.getuid?.()) {
        continue;
      }
    } catch {
      continue;
    }
    try {
      if (!alive(Number(fs.readFileSync(path.join(dir, OWNER_FILE), 'utf8')))) {
        orphaned.push(dir);
      }
    } catch {
      if (Date.now() - stat.mtimeMs > 60_000) {
        ownerless.push(dir);
      }
    }
  }
  if (orphaned.length === 0 && ownerless.length === 0) {
    return 0;
  }
  let reaped = 0;
  let names: string[] | undefined;
  try {
    names = fs.readdirSync('/proc').filter((name) => /^\d+$/.test(name));
  } catch {
    // no /proc: a dead owner's folders still go; one without an owner cannot be told from a live one
  }
  const inUse = new Set<string>();
  for (const name of names ?? []) {
    let environ: string;
    try {
      environ = fs.readFileSync(`/proc/${name}/environ`, 'latin1');
    } catch {
      continue;
    }
    const owner = /(?:^|\0)__CN_OWNER=(\d+)(?:\0|$)/.exec(environ)?.[1];
    if (!owner) {
      continue;
    }
    if (alive(Number(owner))) {
      const dir = /(?:^|\0)__CN_DIR=([^\0]*)/.exec(environ)?.[1];
      if (dir) {
        inUse.add(dir);
      }
      continue;
    }
    try {
      process.kill(Number(name), 'SIGHUP');
      reaped++;
    } catch {
      // gone
    }
  }
  const stale = names === undefined ? [] : ownerless.filter((dir) => !inUse.has(dir));
  for (const dir of [...orphaned, ...stale]) {
    try {
      fs.rmSync(dir, { recursive: true, force: true });
    } catch {
      // left for the next time
    }
  }
  return reaped;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The process is there and has not ended (a zombie has). */
function running(pid: number): boolean {
  const state = statFields(pid)?.[0];
  return state !== undefined && state !== 'Z';
}

function statFields(pid: number): string[] | undefined {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  } catch {
    return undefined;
  }
}

/** Processes whose /proc stat fields (after the name: state, ppid, pgrp, session, tty, tpgid…) pass `test`. */
function processesWhere(test: (fields: string[]) => boolean): number[] {
  let names: string[];
  try {
    names = fs.readdirSync('/proc');
  } catch {
    return [];
  }
  const pids: number[] = [];
  for (const name of names) {
    if (!/^\d+$/.test(name)) {
      continue;
    }
    const fields = statFields(Number(name));
    if (fields && fields[0] !== 'Z' && test(fields)) {
      pids.push(Number(name));
    }
  }
  return pids;
}

function signalAll(pids: readonly number[], signal: NodeJS.Signals): void {
  for (const pid of pids) {
    try {
      process.kill(pid, signal);
    } catch {
      // gone
    }
  }
}
