import type * as vscode from 'vscode';
import { textOfKey } from '../../core/resultKeys';
import type { RunResult } from '../../runner/runTypes';
import { NoteRecords } from './noteRecords';

/** The last result of a command, as lenses and the tree show it. */
export type CommandStatus =
  | { readonly status: 'running'; readonly startedAt: number }
  | { readonly status: 'sent'; readonly finishedAt: number }
  | (RunResult & { readonly finishedAt: number });

const STORAGE_KEY = 'courseNotes.results.v1';

/** A note's last results, by result key. */
type NoteResults = Record<string, CommandStatus>;

/** A run in progress as the ledger holds it: how to stop it and where it shows. */
export interface RunningEntry {
  readonly startedAt: number;
  readonly cancel: () => void;
  readonly terminal: vscode.Terminal;
}

/** What the ledger keeps of a result: everything but its output (which can be large), steps without theirs. */
function withoutOutput(result: RunResult | { readonly status: 'sent' }): RunResult | { readonly status: 'sent' } {
  if (result.status === 'sent') {
    return result;
  }
  const kept: Record<string, unknown> = { ...result };
  delete kept.output;
  delete kept.outputOmitted;
  if (result.steps) {
    kept.steps = result.steps.map((step) => ({ ...step, output: '' }));
  }
  return kept as unknown as RunResult;
}

/**
 * The one ledger of runs: what is running and how each command last ended, per note and command,
 * under one key and with one change event that the lenses, the tree, Stop and the status bar read.
 * Keyed by the command's result key (core/resultKeys): its text, with the copy's number when the
 * note has the same command more than once, so a result shows where it ran and nowhere else, and a
 * command keeps its result when lines above it move. Finished results are kept in workspace state,
 * so they survive a reload.
 */
export class RunLedger implements vscode.Disposable {
  private readonly results: NoteRecords<NoteResults>;
  private readonly running = new Map<string, RunningEntry>();
  readonly onDidChange: vscode.Event<vscode.Uri | undefined>;

  constructor(state: vscode.Memento) {
    // A note's results are an object of results by key; anything else stored there is dropped.
    this.results = new NoteRecords(state, STORAGE_KEY, (note) => (note !== null && typeof note === 'object' && !Array.isArray(note) ? (note as NoteResults) : undefined));
    this.onDidChange = this.results.onDidChange;
  }

  /** The status of the command with this result key: running, else its last result. */
  get(uri: vscode.Uri, key: string): CommandStatus | undefined {
    const running = this.running.get(ledgerKey(uri, key));
    return running ? { status: 'running', startedAt: running.startedAt } : this.results.get(uri)?.[key];
  }

  /** The last finished result under this key, even while a new run of it is on (progress reads this). */
  lastResult(uri: vscode.Uri, key: string): CommandStatus | undefined {
    return this.results.get(uri)?.[key];
  }

  /** The run in progress of this command, if there is one. */
  runningEntry(uri: vscode.Uri, key: string): RunningEntry | undefined {
    return this.running.get(ledgerKey(uri, key));
  }

  isRunning(uri: vscode.Uri, key: string): boolean {
    return this.running.has(ledgerKey(uri, key));
  }

  /** Another copy of the same command in this note has a result (this one may have none). */
  ranElsewhere(uri: vscode.Uri, key: string): boolean {
    const text = textOfKey(key);
    const note = this.results.get(uri) ?? {};
    return Object.keys(note).some((other) => other !== key && textOfKey(other) === text);
  }

  /**
   * A run of this command started: its entry, which its owner hands back to `abandon`; undefined (and
   * nothing changes) when one is running already.
   */
  start(uri: vscode.Uri, key: string, run: { readonly cancel: () => void; readonly terminal: vscode.Terminal }): RunningEntry | undefined {
    const id = ledgerKey(uri, key);
    if (this.running.has(id)) {
      return undefined;
    }
    const entry = { ...run, startedAt: Date.now() };
    this.running.set(id, entry);
    this.results.fire(uri);
    return entry;
  }

  /** A run ended: it is no longer running and `result` is its last result, in one change. */
  async finish(uri: vscode.Uri, key: string, result: RunResult | { readonly status: 'sent' }): Promise<void> {
    this.running.delete(ledgerKey(uri, key));
    await this.store(uri, key, { ...withoutOutput(result), finishedAt: Date.now() } as CommandStatus);
  }

  /**
   * A run that ended without `finish` (it threw): forgets its entry and records nothing. Only its
   * own entry: a newer run of the same command that started meanwhile stays.
   */
  abandon(uri: vscode.Uri, key: string, entry: RunningEntry | undefined): void {
    const id = ledgerKey(uri, key);
    if (entry && this.running.get(id) === entry) {
      this.running.delete(id);
      this.results.fire(uri);
    }
  }

  /** Stops the running command with this key, if any. */
  cancel(uri: vscode.Uri, key: string): void {
    this.running.get(ledgerKey(uri, key))?.cancel();
  }

  /** Every run in progress, for shutting down. */
  cancelAll(): void {
    for (const entry of this.running.values()) {
      entry.cancel();
    }
  }

  /** How many of the commands with these result keys have been run at least once (any finished result). */
  progress(uri: vscode.Uri, keys: readonly string[]): number {
    const note = this.results.get(uri) ?? {};
    return new Set(keys.filter((key) => note[key] !== undefined)).size;
  }

  reset(uri: vscode.Uri): Promise<void> {
    return this.results.reset(uri);
  }

  /** Forgets every note's results (Reset Course Progress); runs in progress go on. */
  resetAll(): Promise<void> {
    return this.results.resetAll();
  }

  private store(uri: vscode.Uri, key: string, status: CommandStatus): Promise<void> {
    return this.results.update(uri, (note = {}) => {
      note[key] = status;
      return note;
    });
  }

  dispose(): void {
    this.results.dispose();
  }
}

function ledgerKey(uri: vscode.Uri, key: string): string {
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
