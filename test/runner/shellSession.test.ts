import * as assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { SessionOptions } from '../../src/runner/shellSession';
import { reapOrphanedSessions, sessionLauncher, ShellSession } from '../../src/runner/shellSession';
import { docker, ensureDocker, tempDir, uniqueName, uniqueSeconds, waitFor } from './helpers';
import { aliveInSession } from '../processes';

/** A session in a fresh folder, with everything it printed. */
function open(options: Partial<SessionOptions> = {}): { session: ShellSession; output: () => string; dir: string; remove: () => void } {
  const { dir, remove } = tempDir('shell');
  let output = '';
  const session = new ShellSession({
    cwd: dir,
    env: { ...process.env, HOME: dir },
    columns: 100,
    rows: 30,
    sourceBashrc: false,
    onOutput: (text) => (output += text),
    ...options,
  });
  return { session, output: () => output, dir, remove };
}

describe('runner: a lab session (real bash on a real pty)', function () {
  this.timeout(60_000);
  let lab: ReturnType<typeof open>;

  before(function () {
    if (!sessionLauncher()) {
      if (process.env.CI === 'true') {
        throw new Error('util-linux script is needed for sessions (apt-get install bsdutils)');
      }
      this.skip();
    }
  });

  beforeEach(async () => {
    lab = open();
    assert.equal(await lab.session.ready, true, 'the shell reached its prompt');
  });

  afterEach(async () => {
    await lab.session.close();
    lab.remove();
  });

  it('carries cd, exported variables, functions and aliases from one run to the next', async () => {
    const { session } = lab;
    assert.equal((await session.run('mkdir demo && cd demo').done).status, 'ok');
    assert.equal(session.cwd, path.join(lab.dir, 'demo'));
    assert.equal((await session.run('export NAME=x; greet() { echo "hello $1"; }; alias ll="echo listed"').done).status, 'ok');
    const result = await session.run('pwd; echo "$NAME"; greet you; ll').done;
    assert.equal(result.status, 'ok');
    assert.equal(result.output, `${lab.dir}/demo\r\nx\r\nhello you\r\nlisted\r\n`);
    assert.equal(result.cwdAfter, path.join(lab.dir, 'demo'));
  });

  it('hands heredocs, continuations and "!" to the shell intact, and the files they write stay', async () => {
    const { session } = lab;
    const heredoc = 'cat > Dockerfile <<EOF\nFROM alpine\nCMD ["echo", "hi!"]\nEOF';
    assert.equal((await session.run(heredoc).done).status, 'ok');
    assert.equal(fs.readFileSync(path.join(lab.dir, 'Dockerfile'), 'utf8'), 'FROM alpine\nCMD ["echo", "hi!"]\n');
    const continued = await session.run('echo one \\\n  "two\tthree!"').done;
    assert.equal(continued.output, 'one two\tthree!\r\n');
  });

  it('gives each run its own exit code, and the session lives on after a failure', async () => {
    const { session } = lab;
    const failed = await session.run('ls /nonexistent-course-notes').done;
    assert.equal(failed.status, 'failed');
    assert.equal(failed.exitCode, 2);
    assert.match(failed.output ?? '', /No such file or directory/);
    assert.equal((await session.run('true').done).exitCode, 0);
    assert.equal(session.state, 'idle');
  });

  it('runs a block step by step in one go, stops at the first failure, and reports each step', async () => {
    const { session } = lab;
    const steps: number[] = [];
    const result = await session.runBlock(['mkdir demo', 'cd demo', 'echo made > file', 'false', 'echo never'], { onStepStart: (step) => steps.push(step) }).done;
    assert.equal(result.status, 'failed');
    assert.equal(result.exitCode, 1);
    assert.deepEqual(steps, [1, 2, 3, 4]);
    assert.deepEqual(result.steps?.map((step) => [step.step, step.exitCode]), [[1, 0], [2, 0], [3, 0], [4, 1]]);
    assert.equal(session.cwd, path.join(lab.dir, 'demo'), 'the block\'s cd stays');
    assert.ok(!(result.output ?? '').includes('never'));
  });

  it('Stop (Ctrl+C) ends what runs, with 130, and the session lives with its folder', async () => {
    const { session } = lab;
    await session.run('mkdir -p here && cd here').done;
    const seconds = uniqueSeconds();
    const run = session.run(`sleep ${seconds}`);
    await waitFor('sleep to run', () => aliveInSession(session.pid ?? -1).length > 1, 5000);
    run.cancel();
    const result = await run.done;
    assert.equal(result.status, 'cancelled');
    assert.equal(result.exitCode, 130);
    assert.equal((await session.run('pwd').done).output, `${lab.dir}/here\r\n`);
    assert.deepEqual(aliveInSession(session.pid ?? -1), [session.pid], 'only the shell is left in its session');
  });

  it('keeps the lines that source runs out of history, even after a note unsets HISTCONTROL (history -s puts the run\'s own text in their place)', async () => {
    const { session } = lab;
    await session.run('unset HISTCONTROL').done;
    await session.run('echo one').done;
    const listed = (await session.run('history').done).output ?? '';
    assert.match(listed, /echo one/);
    assert.doesNotMatch(listed, /__cn_|builtin source/);
  });

  it('Stop ends a step that waits on stdin, and one that ignores Ctrl+C', async () => {
    const { session } = lab;
    const reading = session.run('read -r answer');
    setTimeout(() => reading.cancel(), 200);
    assert.equal((await reading.done).status, 'cancelled');
    const stubborn = session.run(`trap '' INT; sleep ${uniqueSeconds()}`);
    setTimeout(() => stubborn.cancel(), 200);
    const result = await stubborn.done;
    assert.equal(result.status, 'cancelled');
    assert.equal(session.state, 'idle');
  });

  it('gives a program a real tty of the terminal\'s size, and passes resizes on', async () => {
    const { session } = lab;
    assert.equal((await session.run('test -t 0 && test -t 1 && stty size').done).output, '30 100\r\n');
    session.resize(120, 40);
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.equal((await session.run('stty size').done).output, '40 120\r\n');
  });

  it('takes what the user types: a line typed at the prompt runs in the same shell, and a half-typed line survives a run', async () => {
    const { session } = lab;
    session.input('export TYPED=yes\r');
    await waitFor('the typed line', () => session.state === 'idle', 5000);
    assert.equal((await session.run('echo "$TYPED"').done).output, 'yes\r\n');
    session.input('echo half');
    await new Promise((resolve) => setTimeout(resolve, 100));
    assert.equal((await session.run('echo from-note').done).output, 'from-note\r\n');
    await new Promise((resolve) => setTimeout(resolve, 100));
    session.input('-typed\r');
    await waitFor('the half-typed line, completed and run', () => lab.output().includes('half-typed\r\n'), 5000);
  });

  it('`exit`, `set -e` then a failure, and a shell killed from outside end the session, and say so', async () => {
    const { session } = lab;
    const ended = await session.run("trap 'echo bye' EXIT; exit 3").done;
    assert.equal(ended.sessionEnded, true);
    assert.equal(ended.exitCode, 3);
    assert.match(ended.message ?? '', /ended \(exit 3\); the next run starts a new session/);
    assert.match(lab.output(), /bye/);
    assert.equal(session.state, 'ended');
    assert.equal((await session.run('true').done).status, 'error', 'an ended session runs nothing');

    const second = open();
    try {
      assert.equal(await second.session.ready, true);
      assert.equal((await second.session.run('set -e; false').done).sessionEnded, true);
      const replaced = open();
      try {
        assert.equal(await replaced.session.ready, true);
        const exec = await replaced.session.run('exec true').done;
        assert.equal(exec.sessionEnded, true, 'exec replaces the shell: the session ends');
        assert.equal(exec.exitCode, 0);
      } finally {
        await replaced.session.close();
        replaced.remove();
      }
      const third = open();
      try {
        assert.equal(await third.session.ready, true);
        const run = third.session.run(`sleep ${uniqueSeconds()}`);
        await waitFor('sleep to run', () => aliveInSession(third.session.pid ?? -1).length > 1, 5000);
        process.kill(third.session.pid ?? -1, 'SIGKILL');
        const killed = await run.done;
        assert.equal(killed.sessionEnded, true);
        assert.match(killed.message ?? '', /the session's shell (?:was ended by a signal|ended)/);
      } finally {
        await third.session.close();
        third.remove();
      }
    } finally {
      await second.session.close();
      second.remove();
    }
  });

  it('close() leaves no process of the session behind, even ones that ignore SIGHUP or went to the background', async () => {
    const { session } = lab;
    const seconds = uniqueSeconds();
    void session.run(`(trap '' HUP; sleep ${seconds}) & sleep ${seconds + 1}`).done;
    await waitFor('both sleeps', () => aliveInSession(session.pid ?? -1).length >= 3, 5000);
    const sid = session.pid ?? -1;
    await session.close();
    await waitFor('nothing left', () => aliveInSession(sid).length === 0, 5000);
  });

  it('is not wedged by what a note or the user does to it (found by review; each hung the session before)', async function () {
    this.timeout(60_000);
    const { session } = lab;
    // An unterminated marker prefix printed by a command.
    assert.equal((await session.run("printf 'a\\e]6973;b'").done).status, 'ok');
    // A note that replaces PROMPT_COMMAND, then a line the user types.
    assert.equal((await session.run('PROMPT_COMMAND="echo pc"').done).status, 'ok');
    session.input('true\r');
    await waitFor('the typed line to end at the prompt', () => session.state === 'idle', 5000);
    // `set -e` in one run: the next run's hooks do not end the shell.
    assert.equal((await session.run('set -e').done).status, 'ok');
    assert.equal((await session.run('echo still here').done).output, 'still here\r\n');
    await session.run('set +e').done;
    // Stop the moment a run is handed over: it ends cancelled and the session goes on.
    const early = session.run(`sleep ${uniqueSeconds()}`);
    early.cancel();
    assert.equal((await early.done).status, 'cancelled');
    assert.equal((await session.run('echo after').done).output, 'after\r\n');
    // A paste is not a line typed: runs do not wait for it.
    session.input('\x1b[200~echo pasted\x1b[201~');
    assert.equal(session.state, 'idle');
    assert.equal((await session.run('echo mine').done).status, 'ok');
    // A line typed ahead during a run starts `cat`: the next run's line goes to cat, and the run
    // says the shell did not take it once cat ends, instead of waiting for ever.
    const first = session.run('sleep 0.5');
    await waitFor('the run to be handed over', () => session.state === 'running', 5000);
    session.input('cat\r');
    const second = session.run('echo never');
    await first.done;
    await new Promise((resolve) => setTimeout(resolve, 500));
    session.input('\x04');
    const lost = await second.done;
    assert.equal(lost.status, 'error');
    assert.match(lost.message ?? '', /did not take the run/);
    assert.equal((await session.run('echo back').done).output, 'back\r\n');
  });

  it('a block whose heredoc is never closed fails, saying so, instead of passing with no step', async () => {
    const result = await lab.session.runBlock(['cat > x <<EOF\nno end', 'echo after']).done;
    assert.equal(result.status, 'failed');
    assert.match(result.message ?? '', /only 0 of the block's 2 steps ran/);
  });

  it('a session whose owner died without closing it is reaped by the next owner (script ignores the end of its input)', async function () {
    this.timeout(30_000);
    const { dir, remove } = tempDir('orphan');
    try {
      const module = require.resolve('../../src/runner/shellSession');
      const owner = spawn(process.execPath, ['-e', `const { ShellSession } = require(${JSON.stringify(module)}); const s = new ShellSession({ cwd: ${JSON.stringify(dir)}, env: process.env, columns: 80, rows: 24, sourceBashrc: false, onOutput: () => {} }); s.ready.then(() => { console.log(s.pid); s.run('sleep ${uniqueSeconds()}'); });`], { stdio: ['ignore', 'pipe', 'inherit'] });
      const sid = Number(await new Promise<string>((resolve) => owner.stdout.once('data', (chunk: Buffer) => resolve(chunk.toString().trim()))));
      await waitFor('the sleep in the session', () => aliveInSession(sid).length >= 2, 5000);
      owner.kill('SIGKILL');
      await new Promise((resolve) => setTimeout(resolve, 500));
      assert.ok(aliveInSession(sid).length >= 2, 'the orphaned session lives on');
      assert.ok(reapOrphanedSessions() >= 2);
      await waitFor('the orphaned session gone', () => aliveInSession(sid).length === 0, 5000);
    } finally {
      remove();
    }
  });

  it('removes the session folders of dead owners, even with no process left; a live owner\'s and a new one stay', async () => {
    const made = (suffix: string, owner: string | undefined, ageMs = 0) => {
      const dir = path.join(os.tmpdir(), `course-notes-session-test${suffix}${process.pid}`);
      fs.mkdirSync(dir, { mode: 0o700 });
      fs.writeFileSync(path.join(dir, 'rc'), '# rc\n');
      if (owner !== undefined) {
        fs.writeFileSync(path.join(dir, 'owner'), owner);
      }
      const when = (Date.now() - ageMs) / 1000;
      fs.utimesSync(dir, when, when);
      return dir;
    };
    // A pid that is surely gone: a child that has ended.
    const dead = spawnSync(process.execPath, ['-e', 'console.log(process.pid)'], { encoding: 'utf8' }).stdout.trim();
    const dirs = {
      deadOwner: made('Dead', dead),
      liveOwner: made('Live', String(process.pid)),
      stale: made('Stale', undefined, 5 * 60_000),
      beingMade: made('New', undefined),
      olderVersion: made('Older', undefined, 5 * 60_000),
    };
    // A live session of a version before owners were written: its folder names no owner, its processes do.
    const older = spawn('sleep', ['30'], { env: { ...process.env, __CN_OWNER: String(process.pid), __CN_DIR: dirs.olderVersion }, stdio: 'ignore' });
    await waitFor('the older session\'s process', () => fs.existsSync(`/proc/${older.pid}/environ`) && fs.readFileSync(`/proc/${older.pid}/environ`, 'latin1').includes('__CN_DIR='), 5000);
    try {
      reapOrphanedSessions();
      assert.equal(fs.existsSync(dirs.olderVersion), true, 'a folder without an owner that a live session is in stays');
      assert.equal(fs.existsSync(dirs.deadOwner), false, 'a dead owner\'s folder is removed');
      assert.equal(fs.existsSync(dirs.stale), false, 'an old folder that names no owner is removed');
      assert.equal(fs.existsSync(dirs.liveOwner), true, 'a live owner\'s folder stays');
      assert.equal(fs.existsSync(dirs.beingMade), true, 'a folder made a moment ago (its owner not written yet) stays');
    } finally {
      older.kill();
      for (const dir of Object.values(dirs)) {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    }
  });

  it('keeps a bounded part of 200 MB of output for the result, and ends the run', async function () {
    this.timeout(240_000);
    const { session } = lab;
    let seen = 0;
    const result = await session.run("yes 'a line of output that goes on' | head -c 209715200", { onData: (text) => (seen += text.length) }).done;
    assert.equal(result.status, 'ok');
    assert.ok(seen > 200 * 1024 * 1024, `all of it streamed (${seen} characters, with \\r\\n)`);
    assert.ok((result.output ?? '').length < 600 * 1024, `kept ${(result.output ?? '').length} characters`);
    assert.ok((result.outputOmitted ?? 0) > 199 * 1024 * 1024);
  });

  it('runs an interactive docker run -it with the session\'s folder and environment (-v "$(pwd)":/app after cd)', async function () {
    this.timeout(120_000);
    await ensureDocker();
    const { session } = lab;
    await session.run('mkdir demo && cd demo && echo "in demo" > proof.txt && export GREETING=hello').done;
    const name = uniqueName('it');
    const run = session.run(`docker run --rm -it --name ${name} -e GREETING -v "$(pwd)":/app busybox sh`);
    await waitFor('the container shell', () => /\/ # /.test(lab.output().split('proof.txt').pop() ?? ''), 30_000);
    session.input('cat /app/proof.txt; echo "$GREETING"; exit 4\r');
    const result = await run.done;
    assert.equal(result.exitCode, 4);
    assert.match(result.output ?? '', /in demo\r\n/);
    assert.match(result.output ?? '', /hello\r\n/);
    assert.equal((await docker('ps', '-aq', '--filter', `name=${name}`)).stdout.trim(), '', 'the --rm container is gone');
  });

  it('costs little over the same commands typed into a bare bash (bench rows measure it; this bounds it)', async () => {
    const { session } = lab;
    const times: number[] = [];
    for (let i = 0; i < 30; i++) {
      const started = performance.now();
      await session.run('true').done;
      times.push(performance.now() - started);
    }
    times.sort((a, b) => a - b);
    // A hang guard with wide room: the bench has the same-run ratio against bare bash.
    assert.ok(times[15] < 250, `median ${times[15].toFixed(2)} ms a run`);
  });
});
