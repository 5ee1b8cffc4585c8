import * as vscode from 'vscode';
import type { OutputMatch, RunHandle, RunIo, RunResult, StepResult } from '../../runner/runTypes';
import { formatDuration } from '../shared/runLedger';
import { inertTerminal } from '../../core/inertText';

/** A job for the terminal: started once the terminal is open and earlier jobs are done. */
export interface TerminalJob {
  /** The command as printed in the header (`$ docker ps`). */
  readonly title: string;
  /** Where it runs, printed dim after the title (`~/demo · node1`). */
  readonly where?: string;
  readonly start: (io: RunIo) => RunHandle;
}

/** What the terminal's session is: its output comes here, keystrokes go there. */
export interface TerminalSession {
  input(data: string): void;
  resize(columns: number, rows: number): void;
}

const FLUSH_MS = 8;
/** How much of what was written is kept for `transcript` (the terminal keeps its own scrollback). */
const TRANSCRIPT_LIMIT = 64 * 1024;
/** At most this much output is held before a flush, so a flood cannot grow memory without bound. */
const MAX_BUFFER = 256 * 1024;
/**
 * At most this much output goes to the terminal per second (in bursts of up to MAX_BUFFER). An
 * extension's terminal has no flow control: the workbench renders all it is sent, and at tens of
 * MB/s it stops answering for seconds (measured: 4.5 s round trips while 200 MB went through; at
 * 2 MB/s sustained for the 50 s a 200 MB flood takes through a session's pty, 8.7 s).
 * Faster output is thinned: the oldest part not yet shown is dropped (the terminal's scrollback
 * would not keep it anyway) and one line says how much; the newest output and the footer always show.
 */
const MAX_RATE = 384 * 1024;

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
  private current: RunHandle | undefined;
  private closed = false;
  private buffer = '';
  /** What was written, newest last; trimmed to about TRANSCRIPT_LIMIT without copying on every flush. */
  private readonly written: string[] = [];
  private writtenLength = 0;
  private flushTimer: NodeJS.Timeout | undefined;
  /** What may be sent now (characters), refilled at MAX_RATE up to MAX_BUFFER. */
  private allowance = MAX_BUFFER;
  private allowanceAt = Date.now();
  /** Characters dropped since the last flush because output came faster than MAX_RATE. */
  private skipped = 0;
  private readonly pending = new Set<() => void>();
  /** The shell session behind this terminal, when there is one (see attach). */
  private session: TerminalSession | undefined;
  private readonly nameEmitter = new vscode.EventEmitter<string>();
  readonly onDidChangeName = this.nameEmitter.event;

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
    this.writeEmitter.fire(`\x1b[2mCourse Notes · ${this.name} · the note's commands run in this terminal's shell; type here too; Ctrl+C stops what runs\x1b[0m\r\n`);
    this.markOpened();
  }

  /** The size the terminal has now. */
  get size(): { readonly columns: number; readonly rows: number } {
    return this.dimensions;
  }

  /**
   * Puts a shell session behind the terminal (undefined: none): what the user types goes to it,
   * and resizes. Its output comes through {@link write}.
   */
  attach(session: TerminalSession | undefined): void {
    this.session = session;
    session?.resize(this.dimensions.columns, this.dimensions.rows);
  }

  /** Shows a line of our own (dim), e.g. that the session started again. */
  notice(text: string): void {
    this.write(`\r\n\x1b[2m${toTerminalText(inertTerminal(text))}\x1b[0m\r\n`);
  }

  /** A step of a block starts: its command line, as the header of a run is written but smaller. */
  stepStarted(text: string): void {
    this.write(`\x1b[36m$\x1b[0m ${toTerminalText(inertTerminal(text))}\r\n`);
  }

  /** A step of a block ended: its status in a dim line (the block's footer comes at its end). */
  stepEnded(step: StepResult, match?: OutputMatch): void {
    const time = formatDuration(step.durationMs);
    this.write(step.exitCode === 0 ? `\x1b[2;32m✓ ${time}\x1b[0m${matchText(match)}\r\n` : `\x1b[31m✗ step ${step.step}: exit ${step.exitCode} · ${time}\x1b[0m${matchText(match)}\r\n`);
  }

  /** The terminal's title: `Notes: NAME`, and where its session stands. */
  setTitle(title: string): void {
    this.nameEmitter.fire(inertTerminal(title));
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
    this.nameEmitter.dispose();
  }

  handleInput(data: string): void {
    if (this.current?.input) {
      this.current.input(data);
    } else if (this.session) {
      this.session.input(data);
    } else if (data === '\x03' && this.current) {
      this.write('^C\r\n');
      this.current.cancel();
    }
  }

  setDimensions(dimensions: vscode.TerminalDimensions): void {
    this.dimensions = dimensions;
    if (this.current?.resize) {
      this.current.resize(dimensions.columns, dimensions.rows);
    } else {
      this.session?.resize(dimensions.columns, dimensions.rows);
    }
  }

  /** The last 64 KB written to the terminal, escape sequences included (for logs and tests). */
  get transcript(): string {
    return (this.written.join('') + toTerminalText(this.buffer)).slice(-TRANSCRIPT_LIMIT);
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
    let handle: RunHandle | undefined;
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
      // In a session the shell's prompt is on the last line: the header takes its place.
      const where = job.where ? ` \x1b[2m· ${toTerminalText(inertTerminal(job.where))}\x1b[0m` : '';
      this.write(`${this.session ? '\r\x1b[2K' : '\r\n'}\x1b[1;36m$\x1b[0m \x1b[1m${toTerminalText(inertTerminal(job.title))}\x1b[0m${where}\r\n`);
      let ended = false;
      const end = (outcome: RunResult) => {
        if (!ended) {
          ended = true;
          this.flush(true);
          this.write(footer(outcome));
          this.flush(true);
        }
      };
      handle = job.start({ write: (text) => this.write(text), columns: this.dimensions.columns, rows: this.dimensions.rows, ended: end });
      this.current = handle;
      const outcome = await handle.done;
      this.current = undefined;
      end(outcome);
      return outcome;
    });
    this.queue = result.catch(() => undefined);
    return {
      result: Promise.race([result, whenCancelled]),
      cancel: () => (handle ? handle.cancel() : cancelQueued()),
    };
  }

  /**
   * Writes output, batched: many small chunks become one terminal write (see flush). Line ends are
   * converted when the buffer is sent, so output thinned away under a flood is never converted, and
   * a `\r\n` split between two chunks stays one line end.
   */
  write(text: string): void {
    if (this.closed) {
      return;
    }
    this.buffer += text;
    if (this.buffer.length > MAX_BUFFER) {
      this.thin();
    }
    this.flushTimer ??= setTimeout(() => this.flush(), FLUSH_MS);
  }

  /** Drops the oldest output not yet shown, keeping the newest half buffer from a line start. */
  private thin(): void {
    let kept = this.buffer.slice(-MAX_BUFFER / 2);
    const lineStart = kept.indexOf('\n');
    if (lineStart >= 0 && lineStart < kept.length - 1) {
      kept = kept.slice(lineStart + 1);
    }
    this.skipped += this.buffer.length - kept.length;
    this.buffer = kept;
  }

  /**
   * Sends what is buffered when the rate allows it (always when `force`d: the end of a run shows at
   * once), after a line saying how much was dropped, if anything was.
   */
  private flush(force = false): void {
    clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
    if (this.closed) {
      this.buffer = '';
      return;
    }
    const now = Date.now();
    this.allowance = Math.min(MAX_BUFFER, this.allowance + ((now - this.allowanceAt) * MAX_RATE) / 1000);
    this.allowanceAt = now;
    if (this.buffer === '' && this.skipped === 0) {
      return;
    }
    if (!force && this.buffer.length > this.allowance) {
      // Output meanwhile is thinned; the wait is at most MAX_BUFFER / MAX_RATE (0.7 s).
      this.flushTimer = setTimeout(() => this.flush(), Math.max(FLUSH_MS, ((this.buffer.length - this.allowance) * 1000) / MAX_RATE));
      return;
    }
    let text = toTerminalText(this.buffer);
    if (this.skipped > 0) {
      text = `\x1b[0m\r\n\x1b[2m… ${describeSize(this.skipped)} of output not shown: it came faster than the terminal can display\x1b[0m\r\n${text}`;
      this.skipped = 0;
    }
    this.buffer = '';
    this.allowance -= text.length;
    this.writeEmitter.fire(text);
    this.remember(text);
  }
}

function describeSize(chars: number): string {
  return chars >= 1024 * 1024 ? `${(chars / (1024 * 1024)).toFixed(1)} MB` : `${Math.max(1, Math.round(chars / 1024))} KB`;
}

/** ` · matches the note` (dim green) or ` · ≠ differs from the note: why` (yellow), or nothing. */
function matchText(match: OutputMatch | undefined): string {
  if (!match) {
    return '';
  }
  return match.matches ? ' \x1b[2;32m· matches the note\x1b[0m' : ` \x1b[33m· ≠ differs from the note${match.reason ? `: ${inertTerminal(match.reason)}` : ''}\x1b[0m`;
}

/** `Open http://localhost:8080` for each link (the terminal makes them clickable). */
function linksLine(links: readonly string[] | undefined): string {
  return links && links.length > 0 ? `  Open ${links.map((link) => inertTerminal(link)).join('  ')}` : '';
}

/** The last line of a run: `✓ exit 0 · 1.2s`, in colour. */
export function footer(result: RunResult): string {
  const time = formatDuration(result.durationMs);
  const note = result.message ? ` — ${inertTerminal(result.message)}` : '';
  switch (result.status) {
    case 'ok':
      return `\r\n\x1b[32m✓ exit 0 · ${time}\x1b[0m${matchText(result.match)}${linksLine(result.links)}\r\n`;
    case 'failed':
      return `\r\n\x1b[31m✗ exit ${result.exitCode ?? '?'} · ${time}${note}\x1b[0m${matchText(result.match)}\r\n`;
    case 'cancelled':
      return `\r\n\x1b[33m■ cancelled after ${time}${note}\x1b[0m\r\n`;
    case 'error':
      return `\r\n\x1b[31m✗ could not run${note}\x1b[0m\r\n`;
  }
}
