import * as path from 'node:path';
import * as vscode from 'vscode';
import { terminalFromInfo } from '../../core/fenceKinds';
import { inertIconLabel } from '../../core/inertText';
import type { NoteCommand, NoteModel } from '../../core/model';
import type { NodeTarget } from '../../core/nodeTargets';
import { stripEstimate } from '../../core/timeEstimates';
import type { Log } from '../../platform/log';
import { LabTerminal } from './labTerminal';
import { NotesTerminal } from './notesTerminal';

/** A note terminal: the pseudoterminal our runs write to, the VS Code terminal showing it, its session. */
export type NoteTerminal = LabTerminal;

/** The open note terminals by name, made on first use and forgotten when the user closes them. */
export class NoteTerminals implements vscode.Disposable {
  private readonly terminals = new Map<string, NoteTerminal>();
  private readonly closing: vscode.Disposable;

  constructor(
    private readonly perNote: () => boolean,
    private readonly log: Log,
  ) {
    this.closing = vscode.window.onDidCloseTerminal((terminal) => {
      for (const [name, entry] of this.terminals) {
        if (entry.terminal === terminal) {
          this.terminals.delete(name);
          void entry.dispose();
        }
      }
    });
  }

  /** The name of the terminal a command runs in: its fence's, else its note's (or one for all notes). */
  nameFor(uri: vscode.Uri, model: NoteModel, command: Pick<NoteCommand, 'info'>): string {
    const named = terminalFromInfo(command.info);
    if (named) {
      return named;
    }
    if (!this.perNote()) {
      return 'Course Notes';
    }
    const note = inertIconLabel(stripEstimate(model.title), 40);
    return note || path.basename(uri.path);
  }

  /** The note terminal of that name, if it is open. */
  get(name: string): NoteTerminal | undefined {
    return this.terminals.get(name);
  }

  /** The open note terminals. */
  all(): NoteTerminal[] {
    return [...this.terminals.values()];
  }

  /** The note terminal showing in `terminal`, if it is one of ours. */
  of(terminal: vscode.Terminal | undefined): NoteTerminal | undefined {
    return terminal ? this.all().find((entry) => entry.terminal === terminal) : undefined;
  }

  /**
   * The note terminal of that name, opened if it is not; `target`: what it is bound to now (an open
   * terminal bound to another target ends its session; the next run starts one on this target).
   */
  open(name: string, target?: NodeTarget): NoteTerminal {
    const existing = this.terminals.get(name);
    if (existing) {
      existing.retarget(target);
      return existing;
    }
    const made: { entry?: NoteTerminal } = {};
    const pty = new NotesTerminal(name, () => {
      if (made.entry && this.terminals.get(name) === made.entry) {
        this.terminals.delete(name);
      }
      void made.entry?.dispose();
    });
    const terminal = vscode.window.createTerminal({ name: `Notes: ${name}`, pty, iconPath: new vscode.ThemeIcon('notebook') });
    const entry = new LabTerminal(name, pty, terminal, target, this.log);
    made.entry = entry;
    this.terminals.set(name, entry);
    return entry;
  }

  /** Forgets a terminal (Restart Session with another target opens a new one). */
  close(name: string): void {
    const entry = this.terminals.get(name);
    if (entry) {
      this.terminals.delete(name);
      entry.pty.close();
      entry.terminal.dispose();
    }
  }

  dispose(): void {
    for (const { pty, terminal } of this.terminals.values()) {
      pty.close();
      terminal.dispose();
    }
    this.terminals.clear();
    this.closing.dispose();
  }
}
