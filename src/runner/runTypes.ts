/**
 * The shapes every run shares, whichever way it runs (a process, an Engine API session or run):
 * how it ended, where its output goes, and the handle of a run in progress.
 */

/** How a run ended. */
export interface RunResult {
  readonly status: 'ok' | 'failed' | 'cancelled' | 'error';
  /** The process's exit code; for a signal, 128 + its number as shells report it. */
  readonly exitCode: number | undefined;
  readonly durationMs: number;
  /** A sentence for the user when the run could not start or failed in a known way. */
  readonly message?: string;
  /** The container the command named that does not exist (the message then names the live ones). */
  readonly missingContainer?: string;
  /** kubectl reached no cluster (the message then says what to do, knowing the contexts there are). */
  readonly noCluster?: boolean;
}

/** Where a run's output goes, and the size of the terminal it shows in. */
export interface RunIo {
  readonly write: (text: string) => void;
  readonly columns: number;
  readonly rows: number;
}

/** A run in progress. */
export interface RunHandle {
  readonly done: Promise<RunResult>;
  /** Ends the run: the whole process tree, or the container of an Engine API run. */
  cancel(): void;
  /** Keystrokes, for runs that read the keyboard; present only for them. */
  readonly input?: (data: string) => void;
  readonly resize?: (columns: number, rows: number) => void;
}
