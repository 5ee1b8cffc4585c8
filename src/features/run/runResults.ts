import * as vscode from 'vscode';
import type { RunResult } from '../../runner/shellRunner';

/** The last result of a command, as lenses and the tree show it. */
export type CommandStatus =
  | { readonly status: 'running'; readonly startedAt: number }
  | { readonly status: 'sent'; readonly finishedAt: number }
  | (RunResult & { readonly finishedAt: number });

const STORAGE_KEY = 'courseNotes.results.v1';

type Stored = Record<string, Record<string, CommandStatus>>;

/**
 * Results per note and command text, kept in workspace state so they survive a reload.
 * Keyed by text, not position: a command keeps its result when lines above it move.
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

  get(uri: vscode.Uri, text: string): CommandStatus | undefined {
    return this.running.get(runningKey(uri, text)) ?? this.stored[uri.toString()]?.[text];
  }

  markRunning(uri: vscode.Uri, text: string): void {
    this.running.set(runningKey(uri, text), { status: 'running', startedAt: Date.now() });
    this.changed.fire(uri);
  }

  async record(uri: vscode.Uri, text: string, result: CommandStatus): Promise<void> {
    this.running.delete(runningKey(uri, text));
    const note = (this.stored[uri.toString()] ??= {});
    note[text] = result;
    this.changed.fire(uri);
    await this.state.update(STORAGE_KEY, this.stored);
  }


  /** How many of `texts` have been run at least once (any finished result). */
  progress(uri: vscode.Uri, texts: readonly string[]): number {
    const note = this.stored[uri.toString()] ?? {};
    return new Set(texts.filter((text) => note[text] !== undefined)).size;
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

function runningKey(uri: vscode.Uri, text: string): string {
  return `${uri.toString()}\u0000${text}`;
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
