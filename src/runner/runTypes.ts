import type { EngineFault } from '../core/failureExplanation';

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
  /** The Docker engine was not reached, or was lost during the run (core/failureExplanation). */
  readonly engineFault?: EngineFault;
  /** What the run printed, as the terminal got it (session runs: its first and last 256 KB). */
  readonly output?: string;
  /** Characters of output left out of `output` (0 or absent: none). */
  readonly outputOmitted?: number;
  /** The steps of a block run, in order, up to the one that failed. */
  readonly steps?: readonly StepResult[];
  /** The session's working directory after the run. */
  readonly cwdAfter?: string;
  /** Its output against what the note prints under the command (runs whose output was kept). */
  readonly match?: OutputMatch;
  /** Web addresses the run made reachable (`http://localhost:8080` for `-p 8080:80`), read from the engine. */
  readonly links?: readonly string[];
  /** The run ended its session's shell (`exit`, `exec`, `set -e`, killed from outside). */
  readonly sessionEnded?: boolean;
}

/** One step of a block run: its 1-based number in the block, exit status, duration and output. */
export interface StepResult {
  readonly step: number;
  readonly exitCode: number;
  readonly durationMs: number;
  readonly output: string;
  readonly match?: OutputMatch;
}

/** A run's output against the note's (core/outputMatch): the reason says where it first differs. */
export interface OutputMatch {
  readonly matches: boolean;
  readonly reason?: string;
}

/** Where a run's output goes, and the size of the terminal it shows in. */
export interface RunIo {
  readonly write: (text: string) => void;
  readonly columns: number;
  readonly rows: number;
  /**
   * The run ended: called at once, before anything printed after it is shown (a session's prompt),
   * so the terminal's footer comes before it. Runs that end by their `done` alone need not call it.
   */
  readonly ended?: (result: RunResult) => void;
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
