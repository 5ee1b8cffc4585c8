import type * as vscode from 'vscode';
import type { RunLogEntry, RunLogStep } from '../../core/labReport';
import { capMiddle, REPORT_OUTPUT_CAP } from '../../core/labReport';
import { maskSecrets } from '../../core/secrets';
import { NoteRecords } from './noteRecords';

export type { RunLogEntry, RunLogStep } from '../../core/labReport';

const STORAGE_KEY = 'courseNotes.runLog.v1';

/** At most this many runs per note: the oldest go first. */
export const RUN_LOG_ENTRIES = 200;
/** At most about this many characters of log per note (outputs mostly): the oldest runs go first. */
export const RUN_LOG_CHARS_PER_NOTE = 1024 * 1024;

function sizeOf(entry: RunLogEntry): number {
  return entry.text.length + entry.output.length + (entry.steps ?? []).reduce((sum, step) => sum + step.text.length + step.output.length, 0);
}

function isEntry(value: unknown): value is RunLogEntry {
  const entry = value as Partial<RunLogEntry> | null;
  return typeof entry === 'object' && entry !== null && typeof entry.text === 'string' && typeof entry.output === 'string' && typeof entry.status === 'string';
}

/**
 * What ran from each note, for the lab report (core/labReport): every run with its command as run,
 * exit code, duration, output and verdict, kept in workspace state so it survives a reload. Secrets
 * are masked before anything is kept (core/secrets maskSecrets) and each output is capped
 * ({@link REPORT_OUTPUT_CAP}, its start and end kept — masked first, so a cut never leaves part of a
 * secret); per note at most {@link RUN_LOG_ENTRIES} runs and about {@link RUN_LOG_CHARS_PER_NOTE}
 * characters, the oldest dropped first.
 */
export class RunLog implements vscode.Disposable {
  private readonly records: NoteRecords<RunLogEntry[]>;
  readonly onDidChange: vscode.Event<vscode.Uri | undefined>;

  constructor(
    state: vscode.Memento,
    private readonly limits: { readonly entries?: number; readonly charsPerNote?: number; readonly outputCap?: number } = {},
  ) {
    this.records = new NoteRecords(state, STORAGE_KEY, (entries) => (Array.isArray(entries) ? entries.filter(isEntry) : undefined));
    this.onDidChange = this.records.onDidChange;
  }

  /** Records a run of the note at `uri`: masked, capped, the oldest runs dropped past the limits. */
  async record(uri: vscode.Uri, entry: RunLogEntry): Promise<void> {
    const cap = this.limits.outputCap ?? REPORT_OUTPUT_CAP;
    let omitted = entry.outputOmitted ?? 0;
    const keep = (text: string): string => {
      const capped = capMiddle(maskSecrets(text), cap);
      omitted += capped.cut;
      return capped.text;
    };
    const steps = entry.steps?.map((step): RunLogStep => ({
      text: maskSecrets(step.text),
      exitCode: step.exitCode,
      durationMs: step.durationMs,
      output: keep(step.output),
      ...(step.verdict ? { verdict: step.verdict } : {}),
      ...(step.verdictReason !== undefined ? { verdictReason: maskSecrets(step.verdictReason) } : {}),
    }));
    const kept: RunLogEntry = {
      kind: entry.kind,
      text: maskSecrets(entry.text),
      terminal: maskSecrets(entry.terminal),
      ...(entry.target !== undefined ? { target: maskSecrets(entry.target) } : {}),
      startedAt: entry.startedAt,
      durationMs: entry.durationMs,
      ...(entry.exitCode !== undefined ? { exitCode: entry.exitCode } : {}),
      status: entry.status,
      ...(steps ? { steps } : {}),
      output: keep(entry.output),
      ...(entry.verdict ? { verdict: entry.verdict } : {}),
      ...(entry.verdictReason !== undefined ? { verdictReason: maskSecrets(entry.verdictReason) } : {}),
    };
    const final: RunLogEntry = omitted > 0 ? { ...kept, outputOmitted: omitted } : kept;
    const maxEntries = this.limits.entries ?? RUN_LOG_ENTRIES;
    const maxChars = this.limits.charsPerNote ?? RUN_LOG_CHARS_PER_NOTE;
    await this.records.update(uri, (note = []) => {
      note.push(final);
      let size = note.reduce((sum, each) => sum + sizeOf(each), 0);
      // The newest run always stays, whatever its size (it is capped already).
      while (note.length > 1 && (note.length > maxEntries || size > maxChars)) {
        size -= sizeOf(note.shift() as RunLogEntry);
      }
      return note;
    });
  }

  /** The runs of the note, oldest first. */
  entries(uri: vscode.Uri): readonly RunLogEntry[] {
    return this.records.get(uri) ?? [];
  }

  reset(uri: vscode.Uri): Promise<void> {
    return this.records.reset(uri);
  }

  /** Forgets every note's runs (Reset Course Progress). */
  resetAll(): Promise<void> {
    return this.records.resetAll();
  }

  dispose(): void {
    this.records.dispose();
  }
}
