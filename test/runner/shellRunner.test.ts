import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { defaultShell, explainExit, runInShell } from '../../src/runner/shellRunner';
import { killPids, processes, shell, tempDir, uniqueSeconds, waitFor } from './helpers';

describe('runner: runInShell (real processes)', () => {
  describe('output', () => {
    it('streams output as it arrives, in order, before the command ends', async () => {
      const run = await shell('for i in 1 2 3; do echo line$i; sleep 0.3; done');
      assert.equal(run.output, 'line1\nline2\nline3\n');
      const first = run.chunks.find((chunk) => chunk.text.includes('line1'));
      assert.ok(first, 'line1 was printed');
      // line1 came while the loop still had two sleeps to go.
      assert.ok(run.result.durationMs - first.at >= 450, `line1 came at ${first.at} ms of ${run.result.durationMs} ms`);
      assert.ok(run.chunks.filter((chunk) => chunk.text !== '').length >= 3, 'one chunk per line at least');
    });

    it('interleaves stdout and stderr as the process wrote them', async () => {
      const run = await shell('echo out1; sleep 0.2; echo err1 >&2; sleep 0.2; echo out2');
      assert.equal(run.output, 'out1\nerr1\nout2\n');
    });

    it('decodes a UTF-8 character split across two chunks', async () => {
      // é is C3 A9: the two bytes come 300 ms apart, so in two reads.
      const run = await shell("printf 'caf\\303'; sleep 0.3; printf '\\251 \\342\\202'; sleep 0.3; printf '\\254\\n'");
      assert.equal(run.output, 'café €\n');
      assert.ok(!run.output.includes('\uFFFD'), 'no replacement character');
      assert.ok(run.chunks.length >= 2, `several chunks: ${JSON.stringify(run.chunks)}`);
    });

    it('gives the last bytes of an incomplete UTF-8 sequence at the end', async () => {
      const run = await shell("printf 'x\\303'");
      assert.equal(run.result.status, 'ok');
      assert.equal(run.output, 'x\uFFFD');
    });
  });

  describe('exit codes', () => {
    it('reports exit 0 as ok', async () => {
      const run = await shell('true');
      assert.deepEqual({ status: run.result.status, exitCode: run.result.exitCode, message: run.result.message }, { status: 'ok', exitCode: 0, message: undefined });
    });

    it('reports exit 3 as failed with code 3', async () => {
      const run = await shell('echo before; exit 3');
      assert.deepEqual({ status: run.result.status, exitCode: run.result.exitCode, output: run.output }, { status: 'failed', exitCode: 3, output: 'before\n' });
      assert.equal(run.result.message, undefined);
    });

    it('reports a missing program as 127 with a sentence naming it', async () => {
      const run = await shell('no-such-program-for-course-notes --version');
      assert.equal(run.result.status, 'failed');
      assert.equal(run.result.exitCode, 127);
      assert.match(run.output, /no-such-program-for-course-notes: (command )?not found/);
      assert.equal(run.result.message, 'no-such-program-for-course-notes was not found on PATH: install it, or set its path in the Course Notes settings');
    });

    it('reports a file that is not executable as 126', async () => {
      const temp = tempDir('noexec');
      try {
        fs.writeFileSync(path.join(temp.dir, 'tool'), 'echo hi\n', { mode: 0o644 });
        const run = await shell('./tool', { cwd: temp.dir });
        assert.equal(run.result.exitCode, 126);
        assert.equal(run.result.message, './tool could not be executed (permission denied)');
      } finally {
        temp.remove();
      }
    });

    it('reports a shell that does not exist as an error, not a crash', async () => {
      const run = await shell('echo hi', { shell: '/nonexistent/sh' });
      assert.equal(run.result.status, 'error');
      assert.equal(run.result.exitCode, undefined);
      assert.equal(run.result.message, 'the shell /nonexistent/sh was not found');
    });

    const explanations: Array<[string, number, string | undefined]> = [
      ['kubectl get pods', 127, 'kubectl was not found on PATH: install it, or set its path in the Course Notes settings'],
      ['sudo docker ps', 127, 'docker was not found on PATH: install it, or set its path in the Course Notes settings'],
      ['docker run x', 126, 'docker could not be executed (permission denied)'],
      // Exit 125 alone says docker itself failed, not who made it fail (see failureExplanation.test.ts).
      ['docker run x', 125, 'docker itself failed (exit 125), not the command in the container: see its message above'],
      ['docker build x', 125, undefined],
      ['kubectl get x', 125, undefined],
      ['docker run x', 1, undefined],
    ];
    for (const [command, code, expected] of explanations) {
      it(`explains exit ${code} of \`${command}\` as ${expected ? JSON.stringify(expected) : 'nothing'}`, () => {
        assert.equal(explainExit(command, code), expected);
      });
    }
  });

  describe('the shell', () => {
    it('runs $(hostname) as typed', async () => {
      const run = await shell('echo "host=$(hostname)"');
      assert.equal(run.output, `host=${os.hostname()}\n`);
    });

    it('runs pipes as typed', async () => {
      const run = await shell("printf 'a\\nb\\nc\\n' | grep -v b | wc -l");
      assert.equal(run.output.trim(), '2');
    });

    it('passes the environment given', async () => {
      const run = await shell('echo "[$COURSE_NOTES_TEST_VAR]"', { env: { ...process.env, COURSE_NOTES_TEST_VAR: 'a  b' } });
      assert.equal(run.output, '[a  b]\n');
    });

    it('runs in the folder given', async () => {
      const temp = tempDir('cwd');
      try {
        fs.writeFileSync(path.join(temp.dir, 'here.txt'), '');
        const run = await shell('pwd; ls', { cwd: temp.dir });
        assert.equal(run.output, `${fs.realpathSync(temp.dir)}\nhere.txt\n`);
      } finally {
        temp.remove();
      }
    });

    it('uses $SHELL when it is a POSIX shell, else /bin/sh', () => {
      assert.equal(defaultShell({ SHELL: '/bin/bash' }), '/bin/bash');
      assert.equal(defaultShell({ SHELL: '/usr/bin/zsh' }), '/usr/bin/zsh');
      assert.equal(defaultShell({ SHELL: '/usr/bin/fish' }), '/bin/sh');
      assert.equal(defaultShell({}), '/bin/sh');
    });
  });

  describe('cancel', () => {
    let leftovers: number[] = [];
    afterEach(() => {
      killPids(leftovers);
      leftovers = [];
    });

    /** Processes whose command line holds one of the markers. */
    async function withMarkers(markers: readonly number[]) {
      return (await processes()).filter((row) => markers.some((marker) => new RegExp(`\\bsleep ${marker}\\b`).test(row.args)));
    }

    it('ends the whole process tree: no sleep of it is left, nothing in its process group', async () => {
      const [a, b] = [uniqueSeconds(), uniqueSeconds() + 1];
      let output = '';
      const run = runInShell(`sh -c 'sleep ${a} & sleep ${b} & wait'; echo never`, { cwd: undefined, env: process.env, onData: (text) => (output += text) });
      const tree = await waitFor('both sleeps to start', async () => {
        const rows = await withMarkers([a, b]);
        return rows.length >= 2 ? rows : undefined;
      });
      leftovers = tree.map((row) => row.pid);
      const groups = new Set(tree.map((row) => row.pgid));
      assert.equal(groups.size, 1, 'the tree is one process group');
      run.cancel();
      const result = await run.done;
      assert.equal(result.status, 'cancelled');
      assert.equal(output, '');
      const [group] = groups;
      const left = (await processes()).filter((row) => row.pgid === group || leftovers.includes(row.pid));
      assert.deepEqual(left, [], 'no process of the tree remains');
    });

    it('stops a command under a pseudo-terminal as a terminal would: its own last words and exit code, nothing of script\'s, no process left', async function () {
      if (process.platform !== 'linux') {
        this.skip(); // util-linux script: the pseudo-terminal route is Linux only
      }
      const [a, b] = [uniqueSeconds(), uniqueSeconds() + 1];
      let output = '';
      const run = runInShell(`trap 'echo stopping cleanly; exit 3' TERM; sleep ${a} & sleep ${b} & wait`, {
        cwd: undefined,
        env: process.env,
        onData: (text) => (output += text),
        tty: { columns: 80, rows: 24 },
      });
      const tree = await waitFor('both sleeps to start', async () => {
        const rows = await withMarkers([a, b]);
        return rows.length >= 2 ? rows : undefined;
      });
      leftovers = tree.map((row) => row.pid);
      run.cancel();
      const result = await run.done;
      assert.equal(result.status, 'cancelled');
      assert.equal(result.exitCode, 3, 'the command\'s own exit code, not script\'s');
      assert.match(output, /stopping cleanly/);
      assert.doesNotMatch(output, /Session terminated|killing shell/);
      const left = await waitFor('the sleeps to go', async () => ((await withMarkers([a, b])).length === 0 ? [] : undefined), 3000).catch(() => undefined);
      assert.deepEqual(left, [], 'no process of the tree remains');
    });

    it('kills with SIGKILL after the grace period a process that ignores SIGTERM', async () => {
      const marker = uniqueSeconds();
      const run = runInShell(`trap '' TERM; sleep ${marker}; echo survived`, { cwd: undefined, env: process.env, onData: () => undefined, killGraceMs: 600 });
      const rows = await waitFor('the sleep to start', async () => {
        const found = await withMarkers([marker]);
        return found.length ? found : undefined;
      });
      leftovers = rows.map((row) => row.pid);
      const cancelledAt = Date.now();
      run.cancel();
      const result = await run.done;
      const took = Date.now() - cancelledAt;
      assert.equal(result.status, 'cancelled');
      assert.equal(result.exitCode, 137, 'killed by SIGKILL (128 + 9)');
      assert.ok(took >= 550, `SIGTERM was ignored, so the end came with SIGKILL after the grace: ${took} ms`);
      assert.ok(took < 5000, `but not much later: ${took} ms`);
      assert.deepEqual(await withMarkers([marker]), []);
    });

    it('ends what a finished shell left running in the background, so the run ends too', async () => {
      const marker = uniqueSeconds();
      const started = Date.now();
      const run = await Promise.race([
        shell(`sleep ${marker} & echo started`),
        new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), 5000)),
      ]);
      if (!run) {
        leftovers = (await withMarkers([marker])).map((row) => row.pid);
        assert.fail('the run did not end while a background process held its output');
      }
      assert.equal(run.result.status, 'ok');
      assert.equal(run.output, 'started\n');
      assert.ok(Date.now() - started < 3000);
      assert.deepEqual(await withMarkers([marker]), [], 'no orphan left behind');
    });

    it('does nothing when cancelled after the command ended', async () => {
      const run = runInShell('echo done', { cwd: undefined, env: process.env, onData: () => undefined });
      const result = await run.done;
      run.cancel();
      assert.equal(result.status, 'ok');
    });
  });
});
