import * as path from 'node:path';
import * as vscode from 'vscode';
import { inertIconLabel } from '../../core/inertText';
import type { NoteCommand, NoteModel } from '../../core/model';
import { stripEstimate } from '../../core/timeEstimates';
import { NotesTerminal } from './notesTerminal';

/** The terminal a fence names: ```` ```.term2 ```` → `term2`, `{terminal=node2}` → `node2`. */
export function terminalFromInfo(info: string): string | undefined {
  const named = /\{[^}]*\bterminal\s*=\s*["']?([\w.-]+)/.exec(info);
  if (named) {
    return named[1];
  }
  const term = /(?:^|[\s{])\.(term\d+)\b/.exec(info);
  return term?.[1];
}

/** A note terminal: the pseudoterminal our runs write to, and the VS Code terminal showing it. */
export interface NoteTerminal {
  readonly pty: NotesTerminal;
  readonly terminal: vscode.Terminal;
}

/** The open note terminals by name, made on first use and forgotten when the user closes them. */
export class NoteTerminals implements vscode.Disposable {
  private readonly terminals = new Map<string, NoteTerminal>();
  private readonly closing: vscode.Disposable;

  constructor(private readonly perNote: () => boolean) {
    this.closing = vscode.window.onDidCloseTerminal((terminal) => {
      for (const [name, entry] of this.terminals) {
        if (entry.terminal === terminal) {
          this.terminals.delete(name);
        }
      }
    });
  }

  /** The name of the terminal a command runs in: its fence's, else its note's (or one for all notes). */
  nameFor(uri: vscode.Uri, model: NoteModel, command: NoteCommand): string {
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

  /** The note terminal of that name, opened if it is not. */
  open(name: string): NoteTerminal {
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

  dispose(): void {
    for (const { pty, terminal } of this.terminals.values()) {
      pty.close();
      terminal.dispose();
    }
    this.terminals.clear();
    this.closing.dispose();
  }
}
