/**
 * Helpers of the reliability suite: the parse-time bound, and counters of what a process holds
 * (child processes, file descriptors, handles, heap) read from /proc and Node itself.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export { ROOT } from '../unit/helpers';

const MiB = 1024 * 1024;

/**
 * The most parsing one note may take, in ms: 300 ms + 500 ms per MB of text.
 *
 * Why: on this kind of machine the parser reads normal notes at 9–23 MB/s (bench/results.json,
 * index-small and index-big), about 45–110 ms per MB. The bound allows a note 4.5× slower than
 * that per byte (room for a busy two-core CI machine and a GC), plus a 300 ms floor for one-off
 * costs (a GC, JIT warm-up). The biggest note ever parsed is 5 MB (larger ones are skipped unread),
 * so no note can hold the extension host for more than 2.8 s. Super-linear behaviour blows through
 * it by orders of magnitude (seconds to minutes at these sizes), which is what it is there to catch.
 */
export function parseBoundMs(length: number): number {
  return 300 + (500 * length) / MiB;
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
