import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import type { CreatedObject } from '../../src/runner/cleanupObjects';
import { removeObjects } from '../../src/runner/cleanupObjects';
import { DockerEngine, DockerEngineError, explainEngineError } from '../../src/runner/dockerEngine';
import type { DockerTarget } from '../../src/runner/dockerTarget';
import { resolveDockerTarget } from '../../src/runner/dockerTarget';
import { NOBODY, readableBundles } from '../unit/helpers';
import { docker, dockerOk, ensureDocker, ROOT, tempDir, uniqueName } from './helpers';


describe('runner: DockerEngine (real engine)', function () {
  this.timeout(60000);
  let engine: DockerEngine;

  before(async function () {
    this.timeout(10 * 60_000);
    await ensureDocker();
    engine = new DockerEngine(await resolveDockerTarget());
  });

  describe('summary, hasImage, listNames', () => {
    const container = uniqueName('engine');
    const network = uniqueName('engine-net');
    const volume = uniqueName('engine-vol');

    before(async () => {
      await dockerOk('run', '-d', '--name', container, 'busybox', 'sleep', '300');
      await dockerOk('network', 'create', network);
      await dockerOk('volume', 'create', volume);
    });
    after(async () => {
      await docker('rm', '-f', '-v', container);
      await docker('network', 'rm', network);
      await docker('volume', 'rm', '-f', volume);
    });

    it('summarises the engine: its version, running containers, swarm state', async () => {
      const summary = await engine.summary();
      assert.equal(summary.version, await dockerOk('version', '--format', '{{.Server.Version}}'));
      assert.ok(Number.isInteger(summary.running) && summary.running >= 1, `our container runs: ${summary.running}`);
      assert.ok(['inactive', 'active', 'pending', 'error', 'locked'].includes(summary.swarm), summary.swarm);
    });

    it('knows which images are here', async () => {
      assert.equal(await engine.hasImage('busybox:latest'), true);
      assert.equal(await engine.hasImage('alpine'), true);
      assert.equal(await engine.hasImage('no-such-image:nope'), false);
    });

    it('lists containers with their id, image and state', async () => {
      const names = await engine.listNames('container');
      const ours = names.find((item) => item.label === container);
      assert.ok(ours, `${container} is listed`);
      const id = await dockerOk('inspect', '--format', '{{.Id}}', container);
      assert.equal(ours.detail, `${id.slice(0, 12)} · busybox · running`);
    });

    it('lists images by tag', async () => {
      const labels = (await engine.listNames('image')).map((item) => item.label);
      for (const tag of ['alpine:latest', 'busybox:latest', 'hello-world:latest']) {
        assert.ok(labels.includes(tag), `${tag} in ${labels.join(', ')}`);
      }
      assert.ok(!labels.includes('<none>:<none>'));
    });

    it('lists networks with their driver', async () => {
      const names = await engine.listNames('network');
      assert.deepEqual(names.find((item) => item.label === network), { label: network, detail: 'bridge' });
      assert.ok(names.some((item) => item.label === 'bridge'));
    });

    it('lists volumes with their driver', async () => {
      const names = await engine.listNames('volume');
      assert.deepEqual(names.find((item) => item.label === volume), { label: volume, detail: 'local' });
    });
  });

  describe('explainEngineError', () => {
    it('says a socket that does not exist is unreachable, naming the host', async () => {
      const temp = tempDir('nosock');
      try {
        const host = `unix://${path.join(temp.dir, 'nope.sock')}`;
        const target: DockerTarget = { context: 'default', host, source: 'DOCKER_HOST' };
        const error = await new DockerEngine(target).summary().then(
          () => assert.fail('summary() should fail'),
          (caught: unknown) => caught,
        );
        assert.ok(DockerEngineError.is(error));
        assert.equal(error.kind, 'unreachable');
        assert.equal(error.message, `Cannot reach the Docker engine at ${host}. Start Docker (Docker Desktop, or sudo systemctl start docker) or pick another context from the status bar.`);
      } finally {
        temp.remove();
      }
    });

    it('names the context of an unreachable engine', async () => {
      const target: DockerTarget = { context: 'remote', host: 'unix:///tmp/course-notes-no-such.sock', source: 'context' };
      const error = await new DockerEngine(target).hasImage('alpine').then(
        () => assert.fail('hasImage() should fail'),
        (caught: unknown) => caught as DockerEngineError,
      );
      assert.equal(error.kind, 'unreachable');
      assert.match(error.message, /at unix:\/\/\/tmp\/course-notes-no-such\.sock \(context remote\)\./);
    });

    it('says a socket without permission needs the docker group (a real EACCES, as user nobody)', async function () {
      if (process.getuid?.() !== 0) {
        this.skip(); // Only root can run the check as another user; the next test covers the sentence.
      }
      const temp = tempDir('sock');
      fs.chmodSync(temp.dir, 0o755);
      const socket = path.join(temp.dir, 'docker.sock');
      const server = net.createServer((connection) => connection.end());
      const bundle = readableBundles([path.join(ROOT, 'out', 'src', 'runner', 'dockerEngine.js')]);
      try {
        await new Promise<void>((resolve) => server.listen(socket, resolve));
        fs.chmodSync(socket, 0o000);
        const host = `unix://${socket}`;
        const module = bundle.files[0];
        const script = `const { DockerEngine } = require(${JSON.stringify(module)});
          new DockerEngine({ context: 'default', host: ${JSON.stringify(host)}, source: 'DOCKER_HOST' }).summary()
            .then(() => console.log('{"kind":"none"}'), (e) => console.log(JSON.stringify({ kind: e.kind, message: e.message })));`;
        const out = await new Promise<string>((resolve, reject) =>
          execFile(process.execPath, ['-e', script], { ...NOBODY, cwd: '/', timeout: 20000 }, (error, stdout, stderr) => (error ? reject(new Error(`${error.message}\n${stderr}`)) : resolve(stdout))),
        );
        assert.deepEqual(JSON.parse(out), {
          kind: 'permission',
          message: `Permission denied on the Docker socket ${host}. Add your user to the docker group (sudo usermod -aG docker $USER) and log in again.`,
        });
      } finally {
        server.close();
        temp.remove();
        bundle.remove();
      }
    });

    const target: DockerTarget = { context: 'default', host: 'unix:///var/run/docker.sock', source: 'default' };
    const cases: Array<[string, unknown, DockerEngineError['kind'], RegExp]> = [
      ['EACCES', Object.assign(new Error('connect EACCES /var/run/docker.sock'), { code: 'EACCES' }), 'permission', /^Permission denied on the Docker socket unix:\/\/\/var\/run\/docker\.sock\. Add your user to the docker group/],
      ['EPERM', Object.assign(new Error('connect EPERM'), { code: 'EPERM' }), 'permission', /docker group/],
      ['ECONNREFUSED', Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }), 'unreachable', /^Cannot reach the Docker engine at unix:\/\/\/var\/run\/docker\.sock\. Start Docker/],
      ['ENOENT', Object.assign(new Error('connect ENOENT'), { code: 'ENOENT' }), 'unreachable', /Cannot reach/],
      ['ETIMEDOUT', Object.assign(new Error('timeout'), { code: 'ETIMEDOUT' }), 'unreachable', /Cannot reach/],
      ['a 404 from the engine', Object.assign(new Error('(HTTP code 404) no such container'), { statusCode: 404, json: { message: 'No such container: web' } }), 'not-found', /^No such container: web$/],
      ['another engine error', Object.assign(new Error('(HTTP code 409) conflict'), { statusCode: 409, json: { message: 'Conflict. The container name "/web" is already in use' } }), 'other', /^Conflict\. The container name/],
      ['a plain error', new Error('something odd'), 'other', /^something odd$/],
      ['a string', 'odd', 'other', /^odd$/],
    ];
    for (const [what, error, kind, message] of cases) {
      it(`explains ${what} as ${kind}`, () => {
        const explained = explainEngineError(error, target);
        assert.equal(explained.kind, kind);
        assert.match(explained.message, message);
      });
    }

    it('passes an already explained error through', () => {
      const error = new DockerEngineError('said already', 'other');
      assert.equal(explainEngineError(error, target), error);
    });
  });

  describe('removeObjects', () => {
    const container = uniqueName('cleanup');
    const network = uniqueName('cleanup-net');
    const volume = uniqueName('cleanup-vol');
    after(async () => {
      await docker('rm', '-f', '-v', container);
      await docker('network', 'rm', network);
      await docker('volume', 'rm', '-f', volume);
    });

    it('removes a container (running, attached to a network, using a volume), the network and the volume', async () => {
      await dockerOk('network', 'create', network);
      await dockerOk('volume', 'create', volume);
      const id = await dockerOk('run', '-d', '--name', container, '--network', network, '-v', `${volume}:/data`, 'busybox', 'sleep', '300');
      const networkId = await dockerOk('network', 'inspect', '--format', '{{.Id}}', network);
      const objects: CreatedObject[] = [
        // Given in the wrong order on purpose: the container must go before its network and volume.
        { type: 'volume', id: volume, name: volume },
        { type: 'network', id: networkId, name: network },
        { type: 'container', id, name: container },
      ];
      const { removed, failed } = await removeObjects(engine, objects);
      assert.deepEqual(failed, []);
      assert.deepEqual(removed.map((object) => object.type), ['container', 'network', 'volume']);
      assert.notEqual((await docker('container', 'inspect', container)).code, 0, 'the container is gone');
      assert.notEqual((await docker('network', 'inspect', network)).code, 0, 'the network is gone');
      assert.notEqual((await docker('volume', 'inspect', volume)).code, 0, 'the volume is gone');

      // Removing them again: already gone counts as removed.
      const again = await removeObjects(engine, objects);
      assert.deepEqual(again.failed, []);
      assert.equal(again.removed.length, 3);
    });

    it('reports what it could not remove, with the engine message', async () => {
      const name = uniqueName('in-use-vol');
      const user = uniqueName('vol-user');
      try {
        await dockerOk('run', '-d', '--name', user, '-v', `${name}:/data`, 'busybox', 'sleep', '300');
        const object: CreatedObject = { type: 'volume', id: name, name };
        const { removed, failed } = await removeObjects(engine, [object]);
        assert.deepEqual(removed, []);
        assert.equal(failed.length, 1);
        assert.match(failed[0].reason, /volume is in use/);
      } finally {
        await docker('rm', '-f', '-v', user);
        await docker('volume', 'rm', '-f', name);
      }
    });
  });
});
