import * as assert from 'node:assert/strict';
import { execFile, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { classifyCommand } from '../../src/core/commandKinds';
import { translateDockerCommand } from '../../src/core/dockerCliSpec';
import { DockerEngine, DockerEngineError } from '../../src/runner/dockerEngine';
import type { DockerTarget } from '../../src/runner/dockerTarget';
import type { InteractiveSession } from '../../src/runner/interactiveSession';
import { startInteractiveSession } from '../../src/runner/interactiveSession';
import type { RunResult } from '../../src/runner/runTypes';
import { runInShell } from '../../src/runner/shellRunner';
import { ensureDocker } from '../runner/helpers';
import { NOBODY, readableBundles } from '../unit/helpers';
import { FaultEngine } from './faultEngine';
import { report, tempDir, waitFor } from './helpers';

const COMPILED = path.resolve(__dirname, '..', '..', 'src', 'runner');

interface ShellRun {
  readonly result: RunResult;
  readonly output: () => string;
  readonly ms: () => number;
}

/** What a user would see after clicking ▶ Run with DOCKER_HOST pointing at the fault engine. */
function run(command: string, host: string): { done: Promise<ShellRun>; output: () => string } {
  let output = '';
  const started = Date.now();
  const active = runInShell(command, { cwd: undefined, env: { ...process.env, DOCKER_HOST: host }, onData: (text) => (output += text) });
  const done = active.done.then((result) => {
    const ms = Date.now() - started;
    return { result, output: () => output, ms: () => ms };
  });
  return { done, output: () => output };
}

/** Resolves with the value, or with undefined after `ms` (a hang shows as undefined, not as a stuck test). */
async function within<T>(promise: Promise<T>, ms: number): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([promise, new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), ms)))]);
  } finally {
    clearTimeout(timer);
  }
}

describe('reliability: Docker engine faults (a throwaway dockerd of our own)', function () {
  this.timeout(120_000);
  const engine = new FaultEngine();
  let tarball: string;
  let target: DockerTarget;
  /** One DockerEngine for the whole story: recovery must need no new object (no reload). */
  let docker: DockerEngine;
  const unreachable = () => `Cannot reach the Docker engine at ${engine.host}. Start Docker (Docker Desktop, or sudo systemctl start docker) or pick another context from the status bar.`;

  before(async function () {
    this.timeout(10 * 60_000);
    await ensureDocker(); // the shared engine, read only: the busybox image comes from it
    await engine.destroy(); // what a crashed earlier run of this process id may have left
    fs.mkdirSync(engine.dir, { recursive: true });
    tarball = path.join(engine.dir, 'busybox.tar');
    const saved = spawnSync('docker', ['save', '-o', tarball, 'busybox:latest'], { encoding: 'utf8', timeout: 60_000 });
    assert.equal(saved.status, 0, `docker save busybox: ${saved.stderr}`);
    target = { context: 'default', host: engine.host, source: 'DOCKER_HOST' };
    docker = new DockerEngine(target);
  });

  after(async function () {
    this.timeout(120_000);
    await engine.destroy();
    assert.ok(!fs.existsSync(engine.dir) && !fs.existsSync(engine.socket), 'the fault engine left nothing behind');
  });

  it('absent at start: a docker run fails at once, saying the engine is not running; DockerEngine says unreachable', async () => {
    const { done } = run('docker run --rm busybox echo hi', engine.host);
    const shell = await within(done, 15_000);
    assert.ok(shell, 'the run ended');
    report(`docker run: ${shell.result.status}, exit ${shell.result.exitCode} in ${shell.ms()} ms — ${shell.result.message}`);
    assert.equal(shell.result.status, 'failed');
    assert.match(shell.output(), /Cannot connect to the Docker daemon/);
    assert.equal(shell.result.message, `the Docker engine at ${engine.host} is not running or cannot be reached: start it, or pick another Docker context from the status bar`);
    const started = Date.now();
    const error = await docker.summary().then(() => assert.fail('summary() should fail'), (caught: unknown) => caught);
    report(`DockerEngine.summary(): ${DockerEngineError.is(error) ? error.kind : String(error)} in ${Date.now() - started} ms`);
    assert.ok(DockerEngineError.is(error));
    assert.equal(error.kind, 'unreachable');
    assert.equal(error.message, unreachable());
  });

  it('started later: the same DockerEngine object and runs work, without a new object (no reload)', async () => {
    const ms = await engine.start();
    engine.load(tarball);
    const summary = await docker.summary();
    const shell = await within(run('docker run --rm busybox echo recovered', engine.host).done, 30_000);
    report(`engine up in ${ms} ms; summary: ${summary.version}, ${summary.running} running; docker run: ${shell?.result.status} in ${shell?.ms()} ms`);
    assert.ok(summary.version.length > 0);
    assert.equal(shell?.result.status, 'ok', shell?.output());
    assert.equal(shell?.output(), 'recovered\n');
  });

  it('killed (SIGKILL) in the middle of a docker run: the run ends with a failure and says the connection was lost, no hang', async () => {
    // The container ends on SIGTERM (a shell as PID 1 ignores it by default), so the engine's restart
    // below stops it at once instead of waiting 10 s to force it.
    const running = run(`docker run --rm busybox sh -c 'trap "exit 143" TERM; echo started; sleep 600 & wait'`, engine.host);
    await waitFor('the container to print', () => running.output().includes('started'), 30_000);
    const killedAt = Date.now();
    engine.kill('SIGKILL');
    const shell = await within(running.done, 20_000);
    const took = Date.now() - killedAt;
    assert.ok(shell, 'the run ended after the engine died');
    report(`run ended ${took} ms after the kill: ${shell.result.status}, exit ${shell.result.exitCode} — ${shell.result.message}; output: ${JSON.stringify(shell.output().trim().split('\n').slice(-1)[0])}`);
    assert.equal(shell.result.status, 'failed');
    assert.notEqual(shell.result.exitCode, 0);
    assert.equal(
      shell.result.message,
      'the connection to the Docker engine was lost while the command ran (did the engine stop or restart?); the container may still be running',
    );
    assert.ok(took < 10_000, `ended ${took} ms after the kill`);
    assert.ok(await engine.waitExit(10_000), 'dockerd is gone');
  });

  it('stopped: DockerEngine gives the unreachable sentence, and a run says the engine is not running', async () => {
    const started = Date.now();
    const error = await docker.summary().then(() => assert.fail('summary() should fail'), (caught: unknown) => caught);
    const ms = Date.now() - started;
    const shell = await within(run('docker ps', engine.host).done, 15_000);
    report(`DockerEngine.summary(): ${DockerEngineError.is(error) ? `${error.kind} in ${ms} ms` : String(error)}; docker ps: ${shell?.result.status}, exit ${shell?.result.exitCode} in ${shell?.ms()} ms`);
    assert.ok(DockerEngineError.is(error));
    assert.equal(error.kind, 'unreachable');
    assert.equal(error.message, unreachable());
    assert.ok(ms < 5000);
    assert.equal(shell?.result.status, 'failed');
    assert.match(shell?.result.message ?? '', /^the Docker engine at unix:\/\/\/tmp\/cn-fault-\d+\.sock is not running or cannot be reached/);
  });

  it('started again: the same DockerEngine object works again, and the container of the killed run is gone', async () => {
    const ms = await engine.start();
    const summary = await docker.summary();
    const shell = await within(run('docker run --rm busybox echo again', engine.host).done, 30_000);
    report(`engine back in ${ms} ms; summary: ${summary.running} running; docker run: ${shell?.result.status} in ${shell?.ms()} ms`);
    assert.equal(summary.running, 0, 'dockerd cleaned up the container it lost');
    assert.equal(shell?.result.status, 'ok');
    assert.equal(shell?.output(), 'again\n');
  });

  it('socket permission denied (a real EACCES, as user nobody): the run and DockerEngine say to join the docker group', async function () {
    if (process.getuid?.() !== 0) {
      this.skip(); // only root can run the check as another user
    }
    const config = tempDir('docker-config');
    fs.chmodSync(config, 0o755);
    const bundle = readableBundles([path.join(COMPILED, 'shellRunner.js'), path.join(COMPILED, 'dockerEngine.js')]);
    try {
      const script = `
        const { runInShell } = require(${JSON.stringify(bundle.files[0])});
        const { DockerEngine } = require(${JSON.stringify(bundle.files[1])});
        let output = '';
        const env = { PATH: process.env.PATH, HOME: ${JSON.stringify(config)}, DOCKER_CONFIG: ${JSON.stringify(config)}, DOCKER_HOST: ${JSON.stringify(engine.host)} };
        runInShell('docker ps', { cwd: '/', env, onData: (t) => (output += t) }).done.then(async (result) => {
          const engine = await new DockerEngine({ context: 'default', host: env.DOCKER_HOST, source: 'DOCKER_HOST' }).summary().then(() => ({ kind: 'none' }), (e) => ({ kind: e.kind, message: e.message }));
          console.log(JSON.stringify({ result, output, engine }));
        });`;
      const out = await new Promise<string>((resolve, reject) =>
        execFile(process.execPath, ['-e', script], { ...NOBODY, cwd: '/', timeout: 30_000 }, (error, stdout, stderr) => (error ? reject(new Error(`${error.message}\n${stderr}`)) : resolve(stdout))),
      );
      const { result, output, engine: engineError } = JSON.parse(out) as { result: RunResult; output: string; engine: { kind: string; message: string } };
      report(`as nobody: docker ps ${result.status}, exit ${result.exitCode} — ${result.message}; DockerEngine: ${engineError.kind}`);
      assert.equal(result.status, 'failed');
      assert.match(output, /permission denied while trying to connect to the Docker daemon socket/);
      assert.equal(result.message, 'permission denied on the Docker socket: add your user to the docker group (sudo usermod -aG docker $USER) and log in again');
      assert.deepEqual(engineError, {
        kind: 'permission',
        message: `Permission denied on the Docker socket ${engine.host}. Add your user to the docker group (sudo usermod -aG docker $USER) and log in again.`,
      });
    } finally {
      fs.rmSync(config, { recursive: true, force: true });
      bundle.remove();
    }
  });

  it('killed in the middle of an interactive session (Engine API): the session ends with the unreachable sentence, no hang', async () => {
    const translation = translateDockerCommand(classifyCommand('docker run -it --rm busybox sh'), {});
    assert.ok(translation.ok);
    let output = '';
    const session: InteractiveSession = startInteractiveSession(docker, translation.spec, { write: (text) => (output += text), columns: 80, rows: 24 });
    await waitFor('the shell prompt', () => /\/ # /.test(output), 30_000);
    session.write('echo $((6*7))\r');
    await waitFor('the answer', () => output.includes('42'), 15_000);
    // A foreground loop that ends on SIGTERM, so the engine's restart below stops the container at
    // once (an interactive shell waiting at its prompt ignores SIGTERM: the restart would wait 10 s).
    session.write("trap 'exit 143' TERM; while :; do sleep 1; done\r");
    await new Promise((resolve) => setTimeout(resolve, 300));
    const killedAt = Date.now();
    engine.kill('SIGKILL');
    const result = await within(session.done, 20_000);
    const took = Date.now() - killedAt;
    report(`session ended ${took} ms after the kill: ${result?.status}, exit ${result?.exitCode} — ${result?.message}`);
    assert.ok(result, 'the session ended after the engine died');
    assert.equal(result.status, 'error');
    assert.equal(result.message, unreachable());
    assert.ok(took < 10_000);
    await engine.waitExit(10_000);
  });

  it('started once more: the same DockerEngine object works, nothing of the session is left running', async () => {
    const ms = await engine.start();
    const summary = await docker.summary();
    report(`engine back in ${ms} ms; ${summary.running} running`);
    assert.equal(summary.running, 0);
  });

  it('killed during a `docker attach` session (Engine API): the session ends with the unreachable sentence, not as a detach', async () => {
    const name = `cn-fault-attach-${process.pid}`;
    const started = spawnSync('docker', ['-H', engine.host, 'run', '-dit', '--name', name, 'busybox', 'sh', '-c', "trap 'exit 143' TERM; while :; do echo tick; sleep 0.2; done"], { encoding: 'utf8', timeout: 30_000 });
    assert.equal(started.status, 0, started.stderr);
    const translation = translateDockerCommand(classifyCommand(`docker attach ${name}`), {});
    assert.ok(translation.ok);
    let output = '';
    const session = startInteractiveSession(docker, translation.spec, { write: (text) => (output += text), columns: 80, rows: 24 });
    await waitFor('output through the attached stream', () => output.includes('tick'), 15_000);
    const killedAt = Date.now();
    engine.kill('SIGKILL');
    const result = await within(session.done, 20_000);
    const took = Date.now() - killedAt;
    report(`attach session ended ${took} ms after the kill: ${result?.status}, exit ${result?.exitCode} — ${result?.message}`);
    assert.ok(result, 'the session ended after the engine died');
    assert.equal(result.status, 'error');
    assert.equal(result.message, unreachable());
    await engine.waitExit(10_000);
  });

  it('started a last time: the same DockerEngine object works again', async () => {
    const ms = await engine.start();
    const summary = await docker.summary();
    report(`engine back in ${ms} ms; ${summary.running} running`);
    assert.equal(summary.running, 0);
  });
});
