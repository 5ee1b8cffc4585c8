import * as os from 'node:os';
import type * as vscode from 'vscode';
import { inertIconLabel } from '../../core/inertText';
import type { NodeTarget } from '../../core/nodeTargets';
import { describeTarget, targetEnvironment } from '../../core/nodeTargets';
import type { Log } from '../../platform/log';
import { ShellSession } from '../../runner/shellSession';
import type { NotesTerminal } from './notesTerminal';

/** What a terminal's session starts with. */
export interface SessionSetup {
  /** Where the shell starts: the folder of the note that first runs in it. */
  readonly cwd: string;
  /** The environment runs get (before the terminal's target is applied). */
  readonly env: NodeJS.ProcessEnv;
  readonly sourceBashrc: boolean;
}

/**
 * A note terminal and the shell session behind it: the one owner of that session. The session
 * starts with the first run, starts again on the run after it ended (`exit`, killed from outside)
 * or on Restart Session, and ends with the terminal. The terminal's title says where it stands.
 */
export class LabTerminal {
  private shell: ShellSession | undefined;
  private setup: SessionSetup | undefined;
  private titleShown = '';

  constructor(
    readonly name: string,
    readonly pty: NotesTerminal,
    readonly terminal: vscode.Terminal,
    /** The target this terminal's name is bound to, if any. */
    private boundTo: NodeTarget | undefined,
    private readonly log: Log,
  ) {}

  /** The target this terminal's name is bound to, if any. */
  get target(): NodeTarget | undefined {
    return this.boundTo;
  }

  /**
   * The binding changed (the setting, or a note's front matter): the session on the old target ends,
   * and the next run starts one on the new target, as the terminal says.
   */
  retarget(target: NodeTarget | undefined): void {
    const before = this.boundTo ? describeTarget(this.boundTo) : '';
    const after = target ? describeTarget(target) : '';
    if (before === after) {
      return;
    }
    this.boundTo = target;
    const old = this.shell;
    this.shell = undefined;
    this.setup = undefined;
    void old?.close();
    this.pty.notice(`This terminal is now bound to ${after || 'the default target'} (was ${before || 'the default target'}): the next Run starts a session there.`);
  }

  /** The session, started if there is none (`setup` is used only to start one). */
  session(setup: SessionSetup): ShellSession {
    if (this.shell && this.shell.state !== 'ended') {
      return this.shell;
    }
    const again = this.setup !== undefined;
    this.setup = setup;
    this.shell = this.startSession(setup, setup.sourceBashrc);
    if (again) {
      this.pty.notice('A new session started: the one before ended, with its folder and variables.');
    }
    return this.shell;
  }

  /** The session if one is running. */
  get current(): ShellSession | undefined {
    return this.shell && this.shell.state !== 'ended' ? this.shell : undefined;
  }

  /** The environment the session has (the terminal's target applied), for engines and placeholders. */
  environment(base: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
    return targetEnvironment(this.boundTo, base);
  }

  /** Ends the session and starts a fresh one where the first started. */
  async restart(): Promise<void> {
    const old = this.shell;
    this.shell = undefined;
    await old?.close();
    if (this.setup) {
      this.pty.notice(`Session restarted in ${tildePath(this.setup.cwd)}${this.target ? ` on ${describeTarget(this.target)}` : ''}.`);
      this.shell = this.startSession(this.setup, this.setup.sourceBashrc);
    }
  }

  /** Where runs happen now, in a few words: `~/demo · node1 → tcp://…`. */
  where(): string {
    const cwd = this.shell?.cwd ?? this.setup?.cwd;
    const docker = this.shell?.docker;
    const exported = docker && (docker.host || docker.context) ? (docker.host || `context ${docker.context}`) : undefined;
    const target = this.target ? describeTarget(this.target) : exported;
    return [cwd ? tildePath(cwd) : undefined, target].filter(Boolean).join(' · ');
  }

  async dispose(): Promise<void> {
    const old = this.shell;
    this.shell = undefined;
    await old?.close();
  }

  private startSession(setup: SessionSetup, sourceBashrc: boolean): ShellSession {
    const { columns, rows } = this.pty.size;
    const session: ShellSession = new ShellSession({
      cwd: setup.cwd,
      env: this.environment(setup.env),
      columns,
      rows,
      sourceBashrc,
      kubeContext: this.target?.kubeContext,
      onOutput: (text) => this.pty.write(text),
      onChange: () => this.showTitle(),
      onEnded: (code) => {
        if (this.shell === session) {
          this.pty.attach(undefined);
          this.pty.notice(`The session ended${code === undefined ? '' : ` (exit ${code})`}. The next Run starts a new one.`);
          this.showTitle();
        }
      },
    });
    this.pty.attach(session);
    this.log.info(`Session for ${this.name} started in ${setup.cwd}${this.target ? ` (${describeTarget(this.target)})` : ''}`);
    void session.ready.then(async (ok) => {
      if (ok || this.shell !== session || session.state === 'ended' || !sourceBashrc) {
        return;
      }
      // ~/.bashrc never gave a prompt (it waits for input, or execs another shell): start without it.
      this.log.warn(`The session for ${this.name} did not reach its prompt with ~/.bashrc; starting it without`);
      this.pty.notice('Your ~/.bashrc did not let the shell start (no prompt after 8 s); the session starts without it.');
      this.shell = undefined;
      await session.close();
      this.shell = this.startSession(setup, false);
    });
    return session;
  }

  private showTitle(): void {
    // A folder name is anything a note's `cd` made: no `$(icon)` syntax, no control characters (the
    // terminal's name is inert already: noteTerminals.ts).
    const where = inertIconLabel(this.where(), 160);
    const title = `Notes: ${this.name}${where ? ` · ${where}` : ''}${this.current ? '' : ' (no session)'}`;
    if (title !== this.titleShown) {
      this.titleShown = title;
      this.pty.setTitle(title);
    }
  }
}

/** A path with the home folder as `~`. */
export function tildePath(folder: string): string {
  const home = os.homedir();
  return home && home !== '/' && (folder === home || folder.startsWith(`${home}/`)) ? `~${folder.slice(home.length)}` : folder;
}
