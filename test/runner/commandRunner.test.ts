import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { classifyCommand } from '../../src/core/commandKinds';
import type { CommandJob } from '../../src/runner/commandRunner';
import { startCommand } from '../../src/runner/commandRunner';
import { DockerEngine } from '../../src/runner/dockerEngine';
import { resolveDockerTarget } from '../../src/runner/dockerTarget';
import { docker, dockerOk, ensureDocker, removeContainers, tempDir, uniqueName, waitFor } from './helpers';

/** A command started as the Run lens starts it, with its output collected. */
function start(command: string, engine: () => Promise<DockerEngine>, env: NodeJS.ProcessEnv = process.env): { job: CommandJob; output: () => string } {
  let text = '';
  const job = startCommand(command, classifyCommand(command), { write: (chunk) => (text += chunk), columns: 80, rows: 24 }, { cwd: undefined, env, engine });
  return { job, output: () => text };
}

describe('runner: commands as the Run lens starts them (real engine)', function () {
  this.timeout(60000);
  let engine: DockerEngine;
  const use = () => Promise.resolve(engine);
  const containers: string[] = [];

  before(async function () {
    this.timeout(10 * 60_000);
    await ensureDocker();
    engine = new DockerEngine(await resolveDockerTarget());
  });

  afterEach(async () => {
    await removeContainers(...containers.splice(0));
  });

  it('runs a plain docker run through the Engine API: stdout and stderr, exit code, --rm', async () => {
    const name = uniqueName('api');
    containers.push(name);
    const { job, output } = start(`docker run --rm --name ${name} busybox sh -c 'echo out; echo err >&2; exit 3'`, use);
    assert.equal(await job.via, 'engine');
    const result = await job.done;
    assert.deepEqual({ status: result.status, exitCode: result.exitCode }, { status: 'failed', exitCode: 3 });
    assert.match(output(), /out\n/);
    assert.match(output(), /err\n/);
    assert.notEqual((await docker('container', 'inspect', name)).code, 0, 'removed (--rm)');
  });

  it('runs docker run -d through the Engine API: prints the container ID, leaves it running', async () => {
    const name = uniqueName('detached');
    containers.push(name);
    const { job, output } = start(`docker run -d --name ${name} busybox sleep 30`, use);
    assert.equal(await job.via, 'engine');
    assert.equal((await job.done).exitCode, 0);
    const id = output().trim();
    assert.match(id, /^[0-9a-f]{64}$/);
    assert.equal((await dockerOk('container', 'inspect', '--format', '{{.Id}} {{.State.Running}}', name)).trim(), `${id} true`);
  });

  it('runs docker run -itd as a plain detached run: prints the container ID, no interactive session', async () => {
    const name = uniqueName('itd');
    containers.push(name);
    const { job, output } = start(`docker run -itd --name ${name} busybox sh`, use);
    assert.equal(await job.via, 'process', 'the CLI: -i keeps stdin open, which the Engine API route leaves to it');
    assert.equal(job.input, undefined, 'takes no keystrokes');
    assert.equal((await job.done).exitCode, 0);
    const id = output().trim();
    assert.match(id, /^[0-9a-f]{64}$/);
    assert.equal((await dockerOk('container', 'inspect', '--format', '{{.Id}} {{.State.Running}} {{.Config.Tty}}', name)).trim(), `${id} true true`);
  });

  it('stops the container when cancelled', async () => {
    const name = uniqueName('cancel');
    containers.push(name);
    const { job, output } = start(`docker run --rm --name ${name} busybox sh -c 'echo started; sleep 600'`, use);
    await waitFor('the container to print', () => output().includes('started'));
    const began = Date.now();
    job.cancel();
    const result = await job.done;
    assert.equal(result.status, 'cancelled');
    assert.ok(Date.now() - began < 10_000, `cancelled in ${Date.now() - began} ms`);
    await waitFor('the --rm container to go', async () => (await docker('container', 'inspect', name)).code !== 0);
  });

  it('shows every line of output, however fast the container ends', async () => {
    const { job, output } = start("docker run --rm busybox sh -c 'seq 1 20000'", use);
    assert.equal(await job.via, 'engine');
    assert.equal((await job.done).exitCode, 0);
    const lines = output().trimEnd().split('\n');
    assert.equal(lines.length, 20000);
    assert.equal(lines[lines.length - 1], '20000');
  });

  it('removes the container when cancelled while it is being created, so it never runs', async () => {
    const name = uniqueName('early-cancel');
    containers.push(name);
    const { job } = start(`docker run --name ${name} busybox sleep 600`, use);
    assert.equal(await job.via, 'engine');
    job.cancel(); // the session has just begun: the container is being made
    const result = await job.done;
    assert.equal(result.status, 'cancelled');
    assert.notEqual((await docker('container', 'inspect', name)).code, 0, 'no container left behind');
  });

  it('runs docker run -i (no -t) with the CLI, whose stdin ends at once, instead of waiting for input', async () => {
    const { job } = start('docker run -i --rm busybox cat', use);
    assert.equal(await job.via, 'process');
    assert.equal((await job.done).exitCode, 0);
  });

  it("leaves runs to the CLI when its config.json sets proxies (the CLI passes them into containers)", async () => {
    const config = tempDir('docker-config-');
    try {
      fs.writeFileSync(path.join(config.dir, 'config.json'), JSON.stringify({ proxies: { default: { noProxy: '*.local' } } }));
      const { job, output } = start("docker run --rm busybox sh -c 'echo $NO_PROXY'", use, { ...process.env, DOCKER_CONFIG: config.dir });
      assert.equal(await job.via, 'process');
      assert.equal((await job.done).exitCode, 0);
      assert.match(output(), /\*\.local/);
    } finally {
      config.remove();
    }
  });

  it('leaves an image that must be pulled to the docker CLI (registry credentials, the pull as people know it)', async () => {
    const { job, output } = start('docker run --rm busybox:no-such-tag-course-notes true', use);
    assert.equal(await job.via, 'process');
    const result = await job.done;
    assert.equal(result.status, 'failed');
    assert.equal(result.exitCode, 125, output());
  });

  it('runs other commands as processes: shell syntax, flags it does not translate, other programs', async () => {
    for (const command of ['docker run --rm busybox echo "$HOME"', 'docker run --rm --label a=b busybox true', 'docker ps -q', 'echo plain']) {
      const { job } = start(command, use);
      assert.equal(await job.via, 'process', command);
      assert.equal((await job.done).exitCode, 0, command);
    }
  });

  it('falls back to the docker CLI when the engine cannot be reached, which says so in its own words', async () => {
    const gone = new DockerEngine({ ...engine.target, host: 'unix:///nonexistent/course-notes-docker.sock' });
    const env = { ...process.env, DOCKER_HOST: 'unix:///nonexistent/course-notes-docker.sock' };
    const { job, output } = start('docker run --rm busybox true', () => Promise.resolve(gone), env);
    assert.equal(await job.via, 'process');
    const result = await job.done;
    assert.equal(result.status, 'failed');
    assert.match(output(), /Cannot connect to the Docker daemon/);
  });
});

describe('runner: failures explained by the party that reported them (real docker CLI and engine)', function () {
  this.timeout(60000);
  let engine: DockerEngine;
  const use = () => Promise.resolve(engine);
  const containers: string[] = [];
  let temp: { dir: string; remove: () => void };

  before(async function () {
    this.timeout(10 * 60_000);
    await ensureDocker();
    engine = new DockerEngine(await resolveDockerTarget());
    temp = tempDir('explain');
    fs.writeFileSync(path.join(temp.dir, 'Dockerfile'), 'FROM busybox\n');
  });

  after(async () => {
    temp.remove();
    await removeContainers(...containers.splice(0));
  });

  it('blames the CLI for `docker build -t /linux_tweet_app:1.0 .` (an empty variable), not the daemon', async () => {
    let text = '';
    const command = 'docker build -t /linux_tweet_app:1.0 .';
    const job = startCommand(command, classifyCommand(command), { write: (chunk) => (text += chunk), columns: 80, rows: 24 }, { cwd: temp.dir, env: process.env, engine: use });
    const result = await job.done;
    assert.equal(result.exitCode, 125, text);
    assert.match(text, /invalid reference format/);
    assert.match(result.message ?? '', /^the docker CLI rejected the command line .*invalid reference format \(is a variable in it empty\?\); see docker build --help$/);
    assert.doesNotMatch(result.message ?? '', /daemon|container ran/);
  });

  it('says the registry cannot be reached when a pull fails offline (a registry on loopback that is not there)', async () => {
    // Nothing listens on this loopback port: the same "cannot reach the registry" path as an offline Docker Hub.
    const { job, output } = start('docker pull 127.0.0.1:5999/nginx:latest', use);
    const result = await job.done;
    assert.equal(result.status, 'failed', output());
    assert.match(output(), /connection refused/);
    assert.match(result.message ?? '', /^the registry 127\.0\.0\.1:5999 cannot be reached .*could not be pulled: build it \(docker build\) or load it \(docker load -i FILE\) here/);
  });

  it('names the containers there are when a command names one that does not exist', async () => {
    const live = uniqueName('live');
    containers.push(live);
    await dockerOk('run', '-d', '--name', live, 'busybox', 'sleep', '60');
    const missing = uniqueName('missing');
    const { job, output } = start(`docker logs ${missing}`, use);
    const result = await job.done;
    assert.equal(result.status, 'failed');
    assert.match(output(), /No such container/);
    assert.match(result.message ?? '', new RegExp(`^there is no container ${missing} on this engine; the containers there are: .*\\b${live}\\b`));
  });
});
