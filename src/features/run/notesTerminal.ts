import * as vscode from 'vscode';
import type { RunResult } from '../../runner/shellRunner';
import { formatDuration } from './runResults';

/** A job for the terminal: started once the terminal is open and earlier jobs are done. */
export interface TerminalJob {
  /** The command as printed in the header (`$ docker ps`). */
  readonly title: string;
  readonly start: (io: JobIo) => JobHandle;
}

export interface JobIo {
  readonly write: (text: string) => void;
  readonly columns: number;
  readonly rows: number;
}

export interface JobHandle {
  readonly done: Promise<RunResult>;
  cancel(): void;
  /** Present for interactive jobs: keystrokes go to the job instead of being a Ctrl+C check. */
  readonly input?: (data: string) => void;
  readonly resize?: (columns: number, rows: number) => void;
}

const FLUSH_MS = 8;
/** How much of what was written is kept for `transcript` (the terminal keeps its own scrollback). */
const TRANSCRIPT_LIMIT = 64 * 1024;
/** At most this much output is held before a flush, so a flood cannot grow memory without bound. */
const MAX_BUFFER = 256 * 1024;

/** Converts line feeds for the terminal (`\n` → `\r\n`), leaving `\r\n` as it is. */
export function toTerminalText(text: string): string {
  return text.replace(/\r?\n/g, '\r\n');
}

/**
 * The terminal panel a note's runs go to: prints each command, streams its output (batched), ends
 * with a footer giving the exit code and duration. Runs queue; Ctrl+C or closing the terminal cancels.
 */
export class NotesTerminal implements vscode.Pseudoterminal {
  private readonly writeEmitter = new vscode.EventEmitter<string>();
  private readonly closeEmitter = new vscode.EventEmitter<number | void>();
  readonly onDidWrite = this.writeEmitter.event;
  readonly onDidClose = this.closeEmitter.event;

  private opened: Promise<void>;
  private markOpened: () => void = () => undefined;
  private dimensions: vscode.TerminalDimensions = { columns: 80, rows: 24 };
  private queue: Promise<unknown> = Promise.resolve();
  private current: JobHandle | undefined;
  private closed = false;
  private buffer = '';
  /** What was written, newest last; trimmed to about TRANSCRIPT_LIMIT without copying on every flush. */
  private readonly written: string[] = [];
  private writtenLength = 0;
  private flushTimer: NodeJS.Timeout | undefined;
  private readonly pending = new Set<() => void>();

  constructor(
    readonly name: string,
    private readonly onClosed: () => void,
  ) {
    this.opened = new Promise((resolve) => (this.markOpened = resolve));
  }

  open(dimensions: vscode.TerminalDimensions | undefined): void {
    if (dimensions) {
      this.dimensions = dimensions;
    }
    this.writeEmitter.fire(`\x1b[2mCourse Notes · ${this.name} · commands run here; Ctrl+C stops the one running\x1b[0m\r\n`);
    this.markOpened();
  }

  close(): void {
    if (this.closed) {
      return;
    }
    this.closed = true;
    this.current?.cancel();
    for (const cancelQueued of this.pending) {
      cancelQueued();
    }
    this.pending.clear();
    this.onClosed();
  }

  /** Closes the terminal from our side (dispose). */
  dispose(): void {
    this.close();
    this.closeEmitter.fire();
    this.writeEmitter.dispose();
    this.closeEmitter.dispose();
  }

  handleInput(data: string): void {
    if (this.current?.input) {
      this.current.input(data);
    } else if (data === '\x03' && this.current) {
      this.write('^C\r\n');
      this.current.cancel();
    }
  }

  setDimensions(dimensions: vscode.TerminalDimensions): void {
    this.dimensions = dimensions;
    this.current?.resize?.(dimensions.columns, dimensions.rows);
  }

  /** The last 64 KB written to the terminal, escape sequences included (for logs and tests). */
  get transcript(): string {
    return (this.written.join('') + this.buffer).slice(-TRANSCRIPT_LIMIT);
  }

  private remember(chunk: string): void {
    this.written.push(chunk);
    this.writtenLength += chunk.length;
    // Drop whole old chunks while what is left still covers the limit.
    while (this.written.length > 1 && this.writtenLength - this.written[0].length >= TRANSCRIPT_LIMIT) {
      this.writtenLength -= this.written.shift()?.length ?? 0;
    }
  }

  get busy(): boolean {
    return this.current !== undefined || this.pending.size > 0;
  }

  /** Queues a job; resolves with its result (cancelled when the terminal closes first). */
  run(job: TerminalJob): { readonly result: Promise<RunResult>; cancel(): void } {
    let cancelled = false;
    let handle: JobHandle | undefined;
    let resolveCancelled: (result: RunResult) => void = () => undefined;
    const whenCancelled = new Promise<RunResult>((resolve) => (resolveCancelled = resolve));
    const cancelQueued = () => {
      cancelled = true;
      resolveCancelled({ status: 'cancelled', exitCode: undefined, durationMs: 0 });
    };
    this.pending.add(cancelQueued);
    const result = this.queue.then(async () => {
      this.pending.delete(cancelQueued);
      if (cancelled || this.closed) {
        return { status: 'cancelled', exitCode: undefined, durationMs: 0 } as RunResult;
      }
      await this.opened;
      this.write(`\r\n\x1b[1;36m$\x1b[0m \x1b[1m${toTerminalText(job.title)}\x1b[0m\r\n`);
      handle = job.start({ write: (text) => this.write(text), columns: this.dimensions.columns, rows: this.dimensions.rows });
      this.current = handle;
      const outcome = await handle.done;
      this.current = undefined;
      this.flush();
      this.write(footer(outcome));
      this.flush();
      return outcome;
    });
    this.queue = result.catch(() => undefined);
    return {
      result: Promise.race([result, whenCancelled]),
      cancel: () => (handle ? handle.cancel() : cancelQueued()),
    };
  }

  /** Writes output, batched: many small chunks become one terminal write. */
  write(text: string): void {
    if (this.closed) {
      return;
    }
    this.buffer += toTerminalText(text);
    if (this.buffer.length >= MAX_BUFFER) {
      this.flush();
    } else {
      this.flushTimer ??= setTimeout(() => this.flush(), FLUSH_MS);
    }
  }

  private flush(): void {
    clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
    if (this.buffer !== '' && !this.closed) {
      this.writeEmitter.fire(this.buffer);
      this.remember(this.buffer);
    }
    this.buffer = '';
  }
}

/** The last line of a run: `✓ exit 0 · 1.2s`, in colour. */
export function footer(result: RunResult): string {
  const time = formatDuration(result.durationMs);
  const note = result.message ? ` — ${result.message}` : '';
  switch (result.status) {
    case 'ok':
      return `\r\n\x1b[32m✓ exit 0 · ${time}\x1b[0m\r\n`;
    case 'failed':
      return `\r\n\x1b[31m✗ exit ${result.exitCode ?? '?'} · ${time}${note}\x1b[0m\r\n`;
    case 'cancelled':
      return `\r\n\x1b[33m■ cancelled after ${time}\x1b[0m\r\n`;
    case 'error':
      return `\r\n\x1b[31m✗ could not run${note}\x1b[0m\r\n`;
  }
}
