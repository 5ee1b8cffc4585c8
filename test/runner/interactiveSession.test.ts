import * as assert from 'node:assert/strict';
import { classifyCommand } from '../../src/core/commandKinds';
import type { DockerSpec } from '../../src/core/dockerCliSpec';
import { translateDockerCommand } from '../../src/core/dockerCliSpec';
import { DockerEngine } from '../../src/runner/dockerEngine';
import { resolveDockerTarget } from '../../src/runner/dockerTarget';
import type { InteractiveSession } from '../../src/runner/interactiveSession';
import { startInteractiveSession } from '../../src/runner/interactiveSession';
import { docker, dockerOk, ensureDocker, freePort, httpGet, removeContainers, uniqueName, waitFor } from './helpers';

/** A command as the extension handles it: classified, then translated (must translate). */
function spec(command: string, environment: Record<string, string> = {}): DockerSpec {
  const kind = classifyCommand(command);
  const translation = translateDockerCommand(kind, environment);
  if (!translation.ok) {
    assert.fail(`\`${command}\` did not translate: ${translation.reason}`);
  }
  return translation.spec;
}

/** A session with its output collected and a way to wait for text in it. */
interface Terminal {
  readonly session: InteractiveSession;
  output(): string;
  /** Waits until the output after `from` matches; returns the index after the match. */
  waitFor(pattern: RegExp, from?: number, timeoutMs?: number): Promise<number>;
}

function open(engine: DockerEngine, command: string, environment: Record<string, string> = {}, size = { columns: 80, rows: 24 }): Terminal {
  let text = '';
  const session = startInteractiveSession(engine, spec(command, environment), { write: (chunk) => (text += chunk), ...size });
  return {
    session,
    output: () => text,
    waitFor: (pattern, from = 0, timeoutMs = 10000) =>
      waitFor(`${pattern} in the terminal; it shows ${JSON.stringify(text.slice(from))}`, () => {
        const match = pattern.exec(text.slice(from));
        return match ? from + match.index + match[0].length : undefined;
      }, timeoutMs, 25),
  };
}

interface Inspected {
  Name: string;
  State: { Running: boolean; ExitCode: number; Status: string };
  Config: { Env: string[]; WorkingDir: string; Tty: boolean; OpenStdin: boolean; StdinOnce: boolean; AttachStdin: boolean; AttachStdout: boolean; AttachStderr: boolean; Cmd: string[]; Hostname: string; User: string };
  Image: string;
  HostConfig: { AutoRemove: boolean; PortBindings: Record<string, { HostIp: string; HostPort: string }[]>; NetworkMode: string; Binds: string[] | null };
}

async function inspect(name: string): Promise<Inspected> {
  return (JSON.parse(await dockerOk('container', 'inspect', name)) as Inspected[])[0];
}

describe('runner: interactive sessions through the Engine API (real engine)', function () {
  this.timeout(60000);
  let engine: DockerEngine;
  const containers: string[] = [];
  const sessions: InteractiveSession[] = [];

  before(async function () {
    this.timeout(10 * 60_000);
    await ensureDocker();
    engine = new DockerEngine(await resolveDockerTarget());
  });

  afterEach(async () => {
    for (const session of sessions.splice(0)) {
      session.cancel();
    }
    await removeContainers(...containers.splice(0));
  });

  /** A unique container name, removed after the test whatever happens. */
  function containerName(what: string): string {
    const name = uniqueName(what);
    containers.push(name);
    return name;
  }

  it('runs `docker run -it --rm alpine sh`: keystrokes reach the shell, resize reaches stty, exit 5 ends it with 5', async () => {
    const name = containerName('it');
    const terminal = open(engine, `docker run -it --rm --name ${name} alpine sh`);
    sessions.push(terminal.session);
    terminal.session.write('echo $((6*7))\r');
    let at = await terminal.waitFor(/\r\n42\r\n/);
    terminal.session.write('stty size\r');
    at = await terminal.waitFor(/\r\n24 80\r\n/, at);
    terminal.session.resize(120, 40);
    await new Promise((resolve) => setTimeout(resolve, 200));
    terminal.session.write('stty size\r');
    await terminal.waitFor(/\r\n40 120\r\n/, at);
    terminal.session.write('exit 5\r');
    const result = await terminal.session.done;
    assert.deepEqual({ status: result.status, exitCode: result.exitCode }, { status: 'failed', exitCode: 5 });
    // --rm: the engine removed it once it ended.
    await waitFor('the --rm container to go', async () => (await docker('container', 'inspect', name)).code !== 0);
  });

  it('sends keystrokes typed before the container started', async () => {
    const name = containerName('early');
    const terminal = open(engine, `docker run -it --rm --name ${name} alpine sh`);
    sessions.push(terminal.session);
    terminal.session.write('echo early-$((1+1))\r');
    await terminal.waitFor(/early-2/);
    terminal.session.write('exit\r');
    assert.equal((await terminal.session.done).exitCode, 0);
  });

  it('creates the container with -e, --name, -w, -p as the docker CLI would', async () => {
    const name = containerName('flags');
    const twin = containerName('cli-twin');
    const port = await freePort();
    const flags = `-e FOO=bar -e FROM_ENV -w /tmp -p 127.0.0.1:${port}:80 --hostname lab alpine sh`;
    const terminal = open(engine, `docker run -it --rm --name ${name} ${flags}`, { FROM_ENV: 'yes' });
    sessions.push(terminal.session);
    terminal.session.write('echo "[$FOO|$FROM_ENV|$(pwd)|$(hostname)]"\r');
    await terminal.waitFor(/\[bar\|yes\|\/tmp\|lab\]/);

    const ours = await inspect(name);
    assert.equal(ours.Name, `/${name}`);
    assert.ok(ours.State.Running);
    assert.ok(ours.Config.Env.includes('FOO=bar') && ours.Config.Env.includes('FROM_ENV=yes'), ours.Config.Env.join(' '));
    assert.equal(ours.Config.WorkingDir, '/tmp');
    assert.deepEqual(ours.HostConfig.PortBindings, { '80/tcp': [{ HostIp: '127.0.0.1', HostPort: String(port) }] });

    // The same flags given to the real CLI (created, not started, so the port is not taken twice).
    await dockerOk('create', '-it', '--rm', '--name', twin, ...flags.replace('-e FROM_ENV', '-e FROM_ENV=yes').split(' '));
    const cli = await inspect(twin);
    const comparable = (c: Inspected) => ({
      env: [...c.Config.Env].sort(),
      workdir: c.Config.WorkingDir,
      hostname: c.Config.Hostname,
      tty: c.Config.Tty,
      openStdin: c.Config.OpenStdin,
      stdinOnce: c.Config.StdinOnce,
      attach: [c.Config.AttachStdin, c.Config.AttachStdout, c.Config.AttachStderr],
      cmd: c.Config.Cmd,
      image: c.Image,
      autoRemove: c.HostConfig.AutoRemove,
      ports: c.HostConfig.PortBindings,
    });
    assert.deepEqual(comparable(ours), comparable(cli));

    // The published port answers on loopback.
    terminal.session.write("echo hello-from-the-container > /tmp/index.html; httpd -p 80 -h /tmp; echo httpd-$?\r");
    await terminal.waitFor(/httpd-0/);
    const page = await waitFor('the published port to answer', async () => httpGet(`http://127.0.0.1:${port}/index.html`), 5000);
    assert.deepEqual(page, { status: 200, body: 'hello-from-the-container\n' });

    terminal.session.write('exit\r');
    assert.equal((await terminal.session.done).exitCode, 0);
  });

  it('runs a container without a TTY (`-i` only): stdout and stderr demultiplexed, the exit code kept', async () => {
    const name = containerName('notty');
    const terminal = open(engine, `docker run -i --rm --name ${name} busybox sh -c "echo to-out; echo to-err >&2; exit 2"`);
    sessions.push(terminal.session);
    const result = await terminal.session.done;
    assert.equal(result.exitCode, 2);
    assert.match(terminal.output(), /to-out\n/);
    assert.match(terminal.output(), /to-err\n/);
    assert.ok(![...terminal.output()].some((char) => char.charCodeAt(0) <= 2), 'no stream headers in the text');
  });

  it('runs `docker run -itd`: prints the container id and leaves it running', async () => {
    const name = containerName('detached');
    const terminal = open(engine, `docker run -itd --name ${name} alpine sh`);
    const result = await terminal.session.done;
    assert.deepEqual({ status: result.status, exitCode: result.exitCode }, { status: 'ok', exitCode: 0 });
    const id = terminal.output().trim();
    assert.match(id, /^[0-9a-f]{64}$/);
    assert.equal((await dockerOk('inspect', '--format', '{{.Id}} {{.State.Running}}', name)), `${id} true`);
  });

  it('cancel() of a run kills its container', async () => {
    const name = containerName('cancel');
    const terminal = open(engine, `docker run -it --name ${name} alpine sh`);
    sessions.push(terminal.session);
    terminal.session.write('echo ready\r');
    await terminal.waitFor(/\r\nready\r\n/);
    terminal.session.cancel();
    const result = await terminal.session.done;
    assert.equal(result.status, 'cancelled');
    assert.equal(result.exitCode, 137, 'SIGKILL');
    const state = await inspect(name);
    assert.equal(state.State.Running, false);
    assert.equal(state.State.ExitCode, 137);
  });

  it('reports an image that cannot be pulled as an error with a message', async () => {
    // A registry on a closed loopback port: the pull fails at once and nothing leaves this machine.
    const terminal = open(engine, 'docker run -it --rm 127.0.0.1:1/course-notes/none:nope sh');
    const result = await terminal.session.done;
    assert.equal(result.status, 'error');
    assert.equal(result.exitCode, undefined);
    assert.match(terminal.output(), /Unable to find image '127\.0\.0\.1:1\/course-notes\/none:nope' locally/);
    assert.ok(result.message && /127\.0\.0\.1:1/.test(result.message), result.message);
  });

  describe('into a running container', () => {
    let target: string;
    beforeEach(async () => {
      target = containerName('target');
      await dockerOk('run', '-d', '--name', target, 'busybox', 'sleep', '300');
    });

    it('runs `docker exec -it <container> sh`: keystrokes in, output out, resize, exit code', async () => {
      const terminal = open(engine, `docker exec -it ${target} sh`);
      sessions.push(terminal.session);
      terminal.session.write('echo $((6*7)); hostname\r');
      const at = await terminal.waitFor(/\r\n42\r\n/);
      terminal.session.resize(100, 30);
      await new Promise((resolve) => setTimeout(resolve, 200));
      terminal.session.write('stty size\r');
      await terminal.waitFor(/\r\n30 100\r\n/, at);
      terminal.session.write('exit 3\r');
      const result = await terminal.session.done;
      assert.deepEqual({ status: result.status, exitCode: result.exitCode }, { status: 'failed', exitCode: 3 });
      // The container itself keeps running.
      assert.equal((await inspect(target)).State.Running, true);
    });

    it('cancel() of an exec ends the session and leaves the container running', async () => {
      const terminal = open(engine, `docker exec -it ${target} sh`);
      sessions.push(terminal.session);
      terminal.session.write('echo in-exec\r');
      await terminal.waitFor(/\r\nin-exec\r\n/);
      terminal.session.cancel();
      const result = await terminal.session.done;
      assert.equal(result.status, 'cancelled');
      assert.equal((await inspect(target)).State.Running, true);
    });

    it('runs `docker exec -it -e -w -u` with those settings', async () => {
      const terminal = open(engine, `docker exec -it -e GREETING=hi -w /tmp -u nobody ${target} sh`);
      sessions.push(terminal.session);
      terminal.session.write('echo "[$GREETING|$(pwd)|$(id -u)]"; exit\r');
      await terminal.waitFor(/\[hi\|\/tmp\|65534\]/);
      assert.equal((await terminal.session.done).exitCode, 0);
    });

    it('reports exec into a container that does not exist as an error naming it', async () => {
      const missing = uniqueName('missing');
      const terminal = open(engine, `docker exec -it ${missing} sh`);
      const result = await terminal.session.done;
      assert.equal(result.status, 'error');
      assert.match(result.message ?? '', new RegExp(`No such container: ${missing}`));
    });
  });

  describe('docker attach', () => {
    it('attaches to a running `-it` container: keystrokes reach its shell, its exit code comes back', async () => {
      const name = containerName('attach');
      await dockerOk('run', '-dit', '--name', name, 'alpine', 'sh');
      const terminal = open(engine, `docker attach ${name}`);
      sessions.push(terminal.session);
      terminal.session.write('echo attached-$((40+2))\r');
      await terminal.waitFor(/attached-42/);
      terminal.session.write('exit 4\r');
      const result = await terminal.session.done;
      assert.deepEqual({ status: result.status, exitCode: result.exitCode }, { status: 'failed', exitCode: 4 });
      assert.equal((await inspect(name)).State.Running, false);
    });

    it('ends with 0 when the user detaches with Ctrl-P Ctrl-Q, leaving the container running', async () => {
      const name = containerName('detach-keys');
      await dockerOk('run', '-dit', '--name', name, 'alpine', 'sh');
      const terminal = open(engine, `docker attach ${name}`);
      sessions.push(terminal.session);
      terminal.session.write('echo here\r');
      await terminal.waitFor(/here/);
      terminal.session.write('\u0010\u0011');
      const result = await terminal.session.done;
      assert.deepEqual({ status: result.status, exitCode: result.exitCode }, { status: 'ok', exitCode: 0 });
      assert.equal((await inspect(name)).State.Running, true);
    });

    it('cancel() detaches and leaves the container running', async () => {
      const name = containerName('detach');
      await dockerOk('run', '-dit', '--name', name, 'alpine', 'sh');
      const terminal = open(engine, `docker attach ${name}`);
      terminal.session.write('echo here\r');
      await terminal.waitFor(/here/);
      terminal.session.cancel();
      const result = await terminal.session.done;
      assert.equal(result.status, 'cancelled');
      assert.equal((await inspect(name)).State.Running, true);
    });
  });
});
