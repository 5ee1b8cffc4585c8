import * as vscode from 'vscode';
import { textOfKey } from '../../core/resultKeys';
import type { RunResult } from '../../runner/shellRunner';

/** The last result of a command, as lenses and the tree show it. */
export type CommandStatus =
  | { readonly status: 'running'; readonly startedAt: number }
  | { readonly status: 'sent'; readonly finishedAt: number }
  | (RunResult & { readonly finishedAt: number });

const STORAGE_KEY = 'courseNotes.results.v1';

type Stored = Record<string, Record<string, CommandStatus>>;

/**
 * Results per note and command, kept in workspace state so they survive a reload. Keyed by the
 * command's result key (core/resultKeys): its text, with the copy's number when the note has the
 * same command more than once, so a result shows where it ran and nowhere else, and a command
 * keeps its result when lines above it move.
 */
export class RunResults implements vscode.Disposable {
  private readonly stored: Stored;
  private readonly running = new Map<string, CommandStatus>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri | undefined>();
  readonly onDidChange = this.changed.event;

  constructor(private readonly state: vscode.Memento) {
    const value = state.get<Stored>(STORAGE_KEY);
    this.stored = value && typeof value === 'object' ? value : {};
  }

  /** The result of the command with this result key (see core/resultKeys). */
  get(uri: vscode.Uri, key: string): CommandStatus | undefined {
    return this.running.get(runningKey(uri, key)) ?? this.stored[uri.toString()]?.[key];
  }

  /** Another copy of the same command in this note has a result (this one may have none). */
  ranElsewhere(uri: vscode.Uri, key: string): boolean {
    const text = textOfKey(key);
    const note = this.stored[uri.toString()] ?? {};
    return Object.keys(note).some((other) => other !== key && textOfKey(other) === text);
  }

  markRunning(uri: vscode.Uri, key: string): void {
    this.running.set(runningKey(uri, key), { status: 'running', startedAt: Date.now() });
    this.changed.fire(uri);
  }

  async record(uri: vscode.Uri, key: string, result: CommandStatus): Promise<void> {
    this.running.delete(runningKey(uri, key));
    const note = (this.stored[uri.toString()] ??= {});
    note[key] = result;
    this.changed.fire(uri);
    await this.state.update(STORAGE_KEY, this.stored);
  }

  /** How many of the commands with these result keys have been run at least once (any finished result). */
  progress(uri: vscode.Uri, keys: readonly string[]): number {
    const note = this.stored[uri.toString()] ?? {};
    return new Set(keys.filter((key) => note[key] !== undefined)).size;
  }

  async reset(uri: vscode.Uri): Promise<void> {
    delete this.stored[uri.toString()];
    this.changed.fire(uri);
    await this.state.update(STORAGE_KEY, this.stored);
  }

  dispose(): void {
    this.changed.dispose();
  }
}

function runningKey(uri: vscode.Uri, key: string): string {
  return `${uri.toString()}\u0001${key}`;
}

/** A result as a lens shows it: `✓ 0 · 1.2s`, `✗ exit 125 · 0.3s`, `■ cancelled`, `… running`. */
export function describeStatus(status: CommandStatus): string {
  switch (status.status) {
    case 'running':
      return '… running';
    case 'sent':
      return '↗ sent to terminal';
    case 'ok':
      return `✓ 0 · ${formatDuration(status.durationMs)}`;
    case 'failed':
      return `✗ exit ${status.exitCode ?? '?'} · ${formatDuration(status.durationMs)}`;
    case 'cancelled':
      return '■ cancelled';
    case 'error':
      return '✗ could not run';
  }
}

/** 0.3s, 1.2s, 12s, 2m 05s. */
export function formatDuration(ms: number): string {
  if (ms < 10_000) {
    return `${(ms / 1000).toFixed(1)}s`;
  }
  if (ms < 60_000) {
    return `${Math.round(ms / 1000)}s`;
  }
  const minutes = Math.floor(ms / 60_000);
  const seconds = Math.round((ms % 60_000) / 1000);
  return `${minutes}m ${String(seconds).padStart(2, '0')}s`;
}
