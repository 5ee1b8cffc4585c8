import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import type * as NotesTerminalModule from '../../src/features/run/notesTerminal';
import type { RunResult } from '../../src/runner/runTypes';
import { runInShell } from '../../src/runner/shellRunner';
import { activeResources, childrenOfThisProcess, heapAfterGc, liveProcessesWithEnv, mb, openFds, report, tempDir, waitFor } from './helpers';
import type { EventEmitter } from '../vscodeStub';
import { installVscodeStub } from '../vscodeStub';

installVscodeStub(); // before the feature module loads: a static import would load `vscode` first
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { NotesTerminal } = require('../../src/features/run/notesTerminal') as typeof NotesTerminalModule;

const MiB = 1024 * 1024;
const MARK = 'COURSE_NOTES_RELIABILITY_RUN';

/** A value for the marker no other process has: every process a run starts inherits it. */
function uniqueMark(what: string): string {
  return `${what}-${process.pid}-${Date.now().toString(36)}`;
}

/** The terminal's own state, read for the memory checks (white box: these are private fields). */
interface TerminalInternals {
  readonly written: string[];
  readonly writtenLength: number;
  readonly buffer: string;
  readonly pending: Set<unknown>;
  readonly writeEmitter: EventEmitter<string>;
}

function internals(terminal: NotesTerminalModule.NotesTerminal): TerminalInternals {
  return terminal as unknown as TerminalInternals;
}

describe('reliability: runs under faults (real processes)', function () {
  this.timeout(120_000);

  describe('docker and kubectl missing from PATH', () => {
    let emptyPath: string;
    before(() => {
      emptyPath = tempDir('nopath');
    });
    after(() => fs.rmSync(emptyPath, { recursive: true, force: true }));

    const cases: Array<[string, string]> = [
      ['docker ps', 'docker'],
      ["docker ps --format '{{.Names}}'", 'docker'],
      ['kubectl get pods', 'kubectl'],
      ['kubectl get pods -o name | grep web && echo found', 'kubectl'],
      ['sudo docker ps', 'docker'],
    ];
    for (const [command, program] of cases) {
      it(`\`${command}\` fails at once with exit 127 and says ${program} is not on PATH`, async () => {
        let output = '';
        const started = Date.now();
        const result = await runInShell(command, {
          cwd: emptyPath,
          env: { PATH: emptyPath, HOME: emptyPath },
          shell: '/bin/sh',
          onData: (text) => (output += text),
        }).done;
        const took = Date.now() - started;
        report(`${result.status}, exit ${result.exitCode} in ${took} ms: ${result.message}`);
        assert.equal(result.status, 'failed');
        assert.equal(result.exitCode, 127);
        assert.match(output, /not found/);
        if (command.startsWith('sudo')) {
          // sudo itself is missing here; the sentence names the program the note runs.
          assert.match(result.message ?? '', /was not found on PATH/);
        } else if (command.includes('&&')) {
          // The pipe's status is grep's: the line as a whole failed; the shell said what is missing.
          assert.match(output, /kubectl: (command )?not found/);
        } else {
          assert.equal(result.message, `${program} was not found on PATH: install it, or set its path in the Course Notes settings`);
        }
        assert.ok(took < 5000, `ended in ${took} ms`);
      });
    }
  });

  describe('a command that never ends', () => {
    let mark: string;
    afterEach(() => {
      for (const pid of liveProcessesWithEnv(MARK, mark)) {
        try {
          process.kill(pid, 'SIGKILL'); // only what this test started (its marker is in their environment)
        } catch {
          // gone
        }
      }
    });

    it('is ended by cancel, whole tree: a printing loop behind a pipe, a child ignoring SIGTERM, background jobs (checked in /proc)', async () => {
      mark = uniqueMark('never');
      let output = '';
      const command = [
        "sh -c 'trap \"\" TERM; while :; do echo tick; sleep 0.05; done' | cat &",
        'sleep 100000 &',
        "sh -c 'yes > /dev/null' &",
        'wait',
      ].join(' ');
      const run = runInShell(command, { cwd: undefined, env: { ...process.env, [MARK]: mark }, onData: (text) => (output += text), killGraceMs: 500 });
      const tree = await waitFor('the tree to start and print', () => {
        const pids = liveProcessesWithEnv(MARK, mark);
        return pids.length >= 6 && output.includes('tick') ? pids : undefined;
      });
      const cancelledAt = Date.now();
      run.cancel();
      let timer: NodeJS.Timeout | undefined;
      const result = await Promise.race([run.done, new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), 10_000)))]);
      clearTimeout(timer);
      const took = Date.now() - cancelledAt;
      assert.ok(result, 'the run ended after cancel');
      assert.equal(result.status, 'cancelled');
      const left = await waitFor('no process of the tree to be left', () => liveProcessesWithEnv(MARK, mark).length === 0, 3000).then(
        () => [],
        () => liveProcessesWithEnv(MARK, mark),
      );
      report(`${tree.length} processes in the tree; cancelled → ended in ${took} ms (SIGTERM, SIGKILL after 500 ms); left: ${left.length}`);
      assert.deepEqual(left, []);
      assert.ok(took < 5000, `ended ${took} ms after cancel`);
    });
  });

  describe('200 MB of output into a real NotesTerminal', () => {
    it('keeps the transcript and the heap bounded while the output streams, and after', async () => {
      const bytes = 200 * MiB;
      const line = 'Step 4/9 : RUN apt-get update && apt-get install -y curl ca-certificates --no-cache';
      const terminal = new NotesTerminal('flood', () => undefined);
      let shown = 0;
      let writes = 0;
      let maxHeld = 0;
      const heapSamples: number[] = [];
      const gc = (globalThis as { gc?: () => void }).gc;
      let nextSample = 0;
      let notices = 0;
      terminal.onDidWrite((text) => {
        shown += text.length;
        writes++;
        if (text.includes('of output not shown: it came faster than the terminal can display')) {
          notices++;
        }
      });
      terminal.open({ columns: 120, rows: 30 });
      const baseline = await heapAfterGc();
      let received = 0;
      const started = Date.now();
      const run = terminal.run({
        title: 'flood',
        start: (io) =>
          runInShell(`yes '${line}' | head -c ${bytes}`, {
            cwd: undefined,
            env: process.env,
            onData: (text) => {
              received += text.length;
              io.write(text);
              const state = internals(terminal);
              maxHeld = Math.max(maxHeld, state.writtenLength + state.buffer.length);
              if (received >= nextSample && gc) {
                // Every 25 MB, what is still held once garbage is collected.
                gc();
                heapSamples.push(process.memoryUsage().heapUsed);
                nextSample += 25 * MiB;
              }
            },
          }),
      });
      const result = await run.result;
      const took = Date.now() - started;
      const after = await heapAfterGc();
      const transcript = terminal.transcript.length;
      const peak = Math.max(...heapSamples) - baseline;
      report(`${mb(received)} in ${took} ms (${Math.round(received / MiB / (took / 1000))} MB/s), ${writes} terminal writes of ${mb(shown)} in all (${notices} saying what was left out); held by the terminal at most ${Math.round(maxHeld / 1024)} KB; transcript ${Math.round(transcript / 1024)} KB`);
      report(`heap after GC: ${mb(baseline)} before, at most +${mb(peak)} while streaming (${heapSamples.length} samples), ${after - baseline >= 0 ? '+' : ''}${mb(after - baseline)} after`);
      terminal.dispose();
      assert.equal(result.status, 'ok');
      assert.equal(received, bytes);
      assert.ok(transcript <= 64 * 1024, `transcript ${transcript} chars`);
      // What reaches the workbench is bounded by the terminal's rate (384 KB/s in bursts of 256 KB), not by the output.
      assert.ok(shown <= 2 * MiB * (took / 1000) + 2 * MiB, `${mb(shown)} sent to the terminal in ${took} ms`);
      assert.ok(notices > 0, 'the terminal said output was left out');
      // The stream ends inside a line (200 MB is not a whole number of lines): its last 40 characters, then the footer.
      const unit = `${line}\n`;
      const tail = (unit.repeat(2) + unit.slice(0, bytes % unit.length)).slice(-40).replace(/\n/g, '\r\n');
      assert.ok(terminal.transcript.includes(`${tail}\r\n\u001b[32m✓ exit 0 · `), 'the last output and the footer show');
      // About 64 KB of transcript plus one batch (256 KB, and the read that tipped it over): under 1 MB of the 200.
      assert.ok(maxHeld <= MiB, `the terminal held ${maxHeld} chars at most`);
      assert.ok(peak < 16 * MiB, `the heap grew by ${mb(peak)} while 200 MB streamed`);
      assert.ok(after - baseline < 4 * MiB, `the heap is back within 4 MB (${mb(after - baseline)})`);
    });
  });

  describe('1,000 runs in a row through runInShell and one NotesTerminal', () => {
    it('leaves no process, file descriptor, handle, listener or queued job behind, and the heap comes back', async function () {
      this.timeout(180_000);
      const mark = uniqueMark('thousand');
      const env = { ...process.env, [MARK]: mark };
      const terminal = new NotesTerminal('thousand', () => undefined);
      let shown = 0;
      const listener = terminal.onDidWrite((text) => (shown += text.length));
      terminal.open({ columns: 80, rows: 24 });
      const commands = (i: number): string => {
        switch (i % 4) {
          case 0:
            return 'true';
          case 1:
            return `echo run-${i}`;
          case 2:
            return `printf '%s\\n' "$${MARK}" | cat`;
          default:
            return "sh -c 'echo err >&2; exit 3'";
        }
      };
      const runOnce = async (i: number): Promise<RunResult> => {
        const cancelThis = i % 100 === 50;
        const job = terminal.run({
          title: cancelThis ? 'sleep 30' : commands(i),
          start: (io) => runInShell(cancelThis ? 'sleep 30' : commands(i), { cwd: undefined, env, onData: io.write, killGraceMs: 200 }),
        });
        if (cancelThis) {
          setTimeout(() => job.cancel(), 20);
        }
        return job.result;
      };
      // Warm up (module loads, JIT, the first pipes) before measuring.
      for (let i = 0; i < 20; i++) {
        await runOnce(i);
      }
      // What a leak would grow, taken the same way before and after.
      const snapshot = async () => ({
        fds: openFds(),
        children: childrenOfThisProcess(),
        resources: activeResources(),
        heap: await heapAfterGc(),
        listeners: internals(terminal).writeEmitter.listenerCount,
        processListeners: process.eventNames().reduce((sum, name) => sum + process.listenerCount(name), 0),
      });
      await new Promise((resolve) => setTimeout(resolve, 100));
      const before = await snapshot();
      const statuses: Record<string, number> = {};
      const started = Date.now();
      for (let i = 0; i < 1000; i++) {
        const result = await runOnce(i);
        const expected = i % 100 === 50 ? 'cancelled' : i % 4 === 3 ? 'failed' : 'ok';
        assert.equal(result.status, expected, `run ${i}: ${commands(i)}`);
        statuses[result.status] = (statuses[result.status] ?? 0) + 1;
      }
      const took = Date.now() - started;
      await new Promise((resolve) => setTimeout(resolve, 200));
      const after = await snapshot();
      const leftovers = liveProcessesWithEnv(MARK, mark);
      report(`1,000 runs in ${took} ms (${(took / 1000).toFixed(1)} ms each): ${JSON.stringify(statuses)}; ${Math.round(shown / 1024)} KB shown`);
      report(`fds ${before.fds} → ${after.fds}; child processes ${JSON.stringify(before.children)} → ${JSON.stringify(after.children)}; processes with the run marker: ${leftovers.length}`);
      report(`handles ${JSON.stringify(before.resources)} → ${JSON.stringify(after.resources)}`);
      report(`terminal listeners ${before.listeners} → ${after.listeners}; process listeners ${before.processListeners} → ${after.processListeners}; heap after GC ${mb(before.heap)} → ${mb(after.heap)} (${after.heap - before.heap >= 0 ? '+' : ''}${mb(after.heap - before.heap)})`);
      assert.deepEqual(leftovers, [], 'no process a run started is alive');
      assert.deepEqual(after.children, { live: 0, zombies: 0 }, 'no child left, none unreaped');
      assert.ok(after.fds <= before.fds, `file descriptors ${before.fds} → ${after.fds}`);
      for (const [kind, count] of Object.entries(after.resources)) {
        assert.ok(count <= (before.resources[kind] ?? 0), `${kind}: ${before.resources[kind] ?? 0} before, ${count} after`);
      }
      assert.equal(after.listeners, before.listeners);
      assert.equal(after.processListeners, before.processListeners);
      assert.equal(terminal.busy, false);
      assert.equal(internals(terminal).pending.size, 0);
      assert.ok(terminal.transcript.length <= 64 * 1024);
      assert.ok(after.heap - before.heap < 3 * MiB, `heap grew ${mb(after.heap - before.heap)}`);
      listener.dispose();
      terminal.dispose();
    });
  });
});
