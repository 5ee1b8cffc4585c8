/**
 * Bench rows of lab sessions (issue 13): a run in a session against the same command typed into a
 * bare `bash -i` on a pty made the same way (util-linux `script`), measured interleaved in one run,
 * so the machine's load falls on both alike.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { sessionLauncher, ShellSession } from '../src/runner/shellSession';
import type { Row } from './run';
import { median } from './stats';

/** A bare interactive bash on a pty whose prompt prints a marker: what "typed into bash" costs. */
class BareBash {
  private readonly proc;
  private waiting: (() => void) | undefined;
  private seen = '';
  readonly ready: Promise<void>;

  constructor(cwd: string) {
    const rc = path.join(cwd, 'bare.rc');
    fs.writeFileSync(rc, "PS1='\\[\\e]6973;P\\a\\]$ '\n");
    this.proc = spawn('script', ['-qfec', `bash --noprofile --rcfile ${rc} -i`, '/dev/null'], { cwd, env: { ...process.env, TERM: 'xterm-256color' }, stdio: ['pipe', 'pipe', 'pipe'] });
    this.proc.stdout.on('data', (chunk: Buffer) => {
      this.seen += chunk.toString('latin1');
      const at = this.seen.lastIndexOf('\x1b]6973;P\x07');
      if (at >= 0) {
        this.seen = this.seen.slice(at + 8);
        const done = this.waiting;
        this.waiting = undefined;
        done?.();
      } else if (this.seen.length > 64) {
        this.seen = this.seen.slice(-16);
      }
    });
    this.ready = new Promise((resolve) => (this.waiting = resolve));
  }

  /** Types a line and waits for the prompt after it. */
  type(line: string): Promise<void> {
    return new Promise((resolve) => {
      this.waiting = resolve;
      this.proc.stdin.write(`${line}\r`);
    });
  }

  close(): void {
    this.proc.kill('SIGKILL');
  }
}

const round = (value: number) => Math.round(value * 1000) / 1000;

export async function sessionRows(quick: boolean): Promise<Row[]> {
  const what = ['a run in a session: `true`, over the same typed into a bare bash', '50-line block of quick commands: Run block over the lines typed into a bare bash', 'write → first output byte (`echo hi`) in the session'];
  if (!sessionLauncher()) {
    return [
      { id: 'session-command', what: what[0], measured: false, budget: '≤ 10 ms median added', note: 'skipped: no util-linux script' },
      { id: 'session-block', what: what[1], measured: false, budget: '≤ 1.2×', note: 'skipped: no util-linux script' },
      { id: 'session-first-byte', what: what[2], measured: false, budget: '≤ 50 ms', note: 'skipped: no util-linux script' },
    ];
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'course-notes-bench-session-'));
  let firstByte: number | undefined;
  const session = new ShellSession({
    cwd: dir,
    env: { ...process.env, HOME: dir },
    columns: 120,
    rows: 40,
    sourceBashrc: false,
    onOutput: () => undefined,
  });
  const bare = new BareBash(dir);
  try {
    await Promise.all([session.ready, bare.ready]);
    const runs = quick ? 20 : 200;
    const blocks = quick ? 3 : 20;
    const ours: number[] = [];
    const baseline: number[] = [];
    for (let i = 0; i < runs; i++) {
      // Interleaved: the same load on both.
      let start = performance.now();
      await session.run('true').done;
      ours.push(performance.now() - start);
      start = performance.now();
      await bare.type('true');
      baseline.push(performance.now() - start);
    }
    const lines = Array.from({ length: 50 }, (_, i) => `x=$((x+${i}))`);
    const oursBlock: number[] = [];
    const bareBlock: number[] = [];
    for (let i = 0; i < blocks; i++) {
      let start = performance.now();
      await session.runBlock(lines).done;
      oursBlock.push(performance.now() - start);
      start = performance.now();
      for (const line of lines) {
        await bare.type(line);
      }
      bareBlock.push(performance.now() - start);
    }
    const firstBytes: number[] = [];
    for (let i = 0; i < (quick ? 5 : 50); i++) {
      let started = 0;
      firstByte = undefined;
      const run = session.run('echo hi', { onData: () => (firstByte ??= performance.now() - started) });
      started = performance.now();
      await run.done;
      firstBytes.push(firstByte ?? Number.NaN);
    }
    const added = median(ours) - median(baseline);
    const blockRatio = median(oursBlock) / median(bareBlock);
    const first = median(firstBytes);
    return [
      {
        id: 'session-command',
        what: what[0],
        measured: true,
        ours: { value: round(median(ours)), unit: 'ms', samples: ours.map(round) },
        baseline: { value: round(median(baseline)), unit: 'ms', samples: baseline.map(round) },
        ratio: median(ours) / median(baseline),
        budget: '≤ 10 ms median added',
        pass: added <= 10,
        details: { addedMs: round(added), runs },
      },
      {
        id: 'session-block',
        what: what[1],
        measured: true,
        ours: { value: round(median(oursBlock)), unit: 'ms', samples: oursBlock.map(round) },
        baseline: { value: round(median(bareBlock)), unit: 'ms', samples: bareBlock.map(round) },
        ratio: blockRatio,
        budget: '≤ 1.2×',
        pass: blockRatio <= 1.2,
        details: { blocks, why: 'the block is one sourced file with a marker per step; typed, each line is its own prompt round trip' },
      },
      {
        id: 'session-first-byte',
        what: what[2],
        measured: true,
        ours: { value: round(first), unit: 'ms', samples: firstBytes.map(round) },
        budget: '≤ 50 ms',
        pass: first <= 50,
      },
    ];
  } finally {
    bare.close();
    await session.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
