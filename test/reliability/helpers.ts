/**
 * Helpers of the reliability suite: the timing ratios and their baseline, and counters of what a process holds
 * (child processes, file descriptors, handles, heap) read from /proc and Node itself.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export { ROOT } from '../unit/helpers';

const MiB = 1024 * 1024;

/**
 * Timing bounds of the reliability suite are ratios to a baseline measured in the same test, never
 * milliseconds, so a busy machine slows both sides alike and cannot fail them. The baseline is stock
 * markdown-it (`getStockMarkdownIt().parse`, inline rules on, as in the bench) over the same text: linear, and doing at
 * least the work of reading every character. The bounds sit 4–5× above the worst ratio measured on
 * this suite's inputs (see TESTING.md, "Timing bounds"); the super-linear code these cases once caught
 * overshot them by 6× to 500×, and grows further with size.
 */
export const TIME_RATIOS = {
  /** parseNote vs markdown-it over the same note (worst measured: 5.8–12×, 20,000 heredoc openers; 3× or less elsewhere). */
  parse: 25,
  /** Indexing a note's definitions vs markdown-it over the same note (worst measured: 0.33×). */
  index: 1,
  /**
   * Three hover lookups on the longest line vs markdown-it over that line (worst measured: 23–50×
   * on the 1 MB single lines, where a lookup reads more of the line per character than markdown-it's
   * paragraph parse; 1–6× elsewhere). Quadratic lookups on those lines would be 10,000× and more.
   */
  hover: 250,
};

/**
 * The fastest of several calls of each function, in ms, the two run in turns (a, b, a, b, …): the
 * least time is the one a busy machine disturbs least, and taking turns exposes both to the same
 * load. Each is called until it has had `minRuns` calls and `budgetMs` of them (at most 2,000 calls);
 * a side that has had enough sits out the remaining turns.
 */
export function fastestPair(a: () => unknown, b: () => unknown, { minRuns = 3, budgetMs = 40 } = {}): [number, number] {
  const sides = [a, b].map((fn) => ({ fn, best: Infinity, spent: 0, runs: 0 }));
  const wants = (side: (typeof sides)[number]): boolean =>
    side.runs < 2000 && (side.runs < minRuns || side.spent < budgetMs) && !(side.runs >= 2 && side.best > 2 * budgetMs);
  while (sides.some(wants)) {
    for (const side of sides.filter(wants)) {
      const start = performance.now();
      side.fn();
      const took = performance.now() - start;
      side.spent += took;
      side.runs++;
      side.best = Math.min(side.best, took);
    }
  }
  return [sides[0].best, sides[1].best];
}

/** A ratio for a report: two significant figures. */
export function ratio(value: number, baseline: number): number {
  return baseline > 0 ? Number((value / baseline).toPrecision(2)) : 0;
}

/** Milliseconds since `start` (a performance.now() value), rounded to 0.1 ms. */
export function since(start: number): number {
  return Math.round((performance.now() - start) * 10) / 10;
}

/** The process ids alive on the machine right now (zombies included). */
function pids(): number[] {
  return fs.readdirSync('/proc').filter((name) => /^\d+$/.test(name)).map(Number);
}

function readProc(pid: number, file: string): string | undefined {
  try {
    return fs.readFileSync(`/proc/${pid}/${file}`, 'utf8');
  } catch {
    return undefined; // gone, or not ours to read
  }
}

/** State letter and parent of a process from /proc/<pid>/stat (the name may hold spaces and parentheses). */
function statOf(pid: number): { state: string; ppid: number } | undefined {
  const stat = readProc(pid, 'stat');
  if (!stat) {
    return undefined;
  }
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return { state: fields[0], ppid: Number(fields[1]) };
}

/**
 * Live processes (not zombies) whose environment holds `NAME=value`: every process a run started
 * inherits the run's environment, so a marker there finds whatever a run left behind, wherever it
 * was reparented, and nothing of anyone else's.
 */
export function liveProcessesWithEnv(name: string, value: string): number[] {
  const wanted = `${name}=${value}`;
  return pids().filter((pid) => {
    const stat = statOf(pid);
    if (!stat || stat.state === 'Z') {
      return false;
    }
    const environ = readProc(pid, 'environ');
    return environ !== undefined && environ.split('\0').includes(wanted);
  });
}

/** Children of this process: live ones, and zombies it has not reaped (a leak of its own). */
export function childrenOfThisProcess(): { live: number; zombies: number } {
  let live = 0;
  let zombies = 0;
  for (const pid of pids()) {
    const stat = statOf(pid);
    if (stat?.ppid === process.pid) {
      if (stat.state === 'Z') {
        zombies++;
      } else {
        live++;
      }
    }
  }
  return { live, zombies };
}

/** How many file descriptors this process holds. */
export function openFds(): number {
  return fs.readdirSync('/proc/self/fd').length;
}

/** Node's active handles and requests by kind (`PipeWrap`, `ProcessWrap`, `Timeout`…). */
export function activeResources(): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const kind of process.getActiveResourcesInfo()) {
    counts[kind] = (counts[kind] ?? 0) + 1;
  }
  return counts;
}

/** Heap in use after full garbage collections (mocha runs with --expose-gc, see .mocharc.json). */
export async function heapAfterGc(): Promise<number> {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) {
    throw new Error('global.gc is missing: run mocha with --expose-gc (test/reliability/.mocharc.json node-option)');
  }
  for (let i = 0; i < 3; i++) {
    gc();
    await new Promise((resolve) => setImmediate(resolve));
  }
  return process.memoryUsage().heapUsed;
}

export function mb(bytes: number): string {
  return `${(bytes / MiB).toFixed(2)} MB`;
}

/** A fresh folder under the system temporary folder. */
export function tempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `course-notes-reliability-${prefix}-`));
}

/** Polls `check` until it returns something truthy, or fails after `timeoutMs`. */
export async function waitFor<T>(what: string, check: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs = 10_000, everyMs = 25): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) {
      return value;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    }
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}

/** Numbers a test measured, printed under its title so the last run's figures are in the log. */
export function report(line: string): void {
  console.log(`      · ${line}`);
}
