import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { dockerContexts } from '../../src/runner/cliTools';
import { DEFAULT_DOCKER_HOST, dockerodeOptions, resolveDockerTarget } from '../../src/runner/dockerTarget';
import { ensureDocker, exec, tempDir } from './helpers';

/** Writes a docker config folder: config.json and context store entries. */
function writeConfig(dir: string, currentContext: string | undefined, contexts: Record<string, string>): void {
  if (currentContext !== undefined) {
    fs.writeFileSync(path.join(dir, 'config.json'), JSON.stringify({ auths: {}, currentContext }));
  }
  for (const [name, host] of Object.entries(contexts)) {
    const folder = path.join(dir, 'contexts', 'meta', createHash('sha256').update(name).digest('hex'));
    fs.mkdirSync(folder, { recursive: true });
    fs.writeFileSync(path.join(folder, 'meta.json'), JSON.stringify({ Name: name, Metadata: {}, Endpoints: { docker: { Host: host, SkipTLSVerify: false } } }));
  }
}

describe('runner: resolveDockerTarget (temp DOCKER_CONFIG)', () => {
  let temp: { dir: string; remove: () => void };
  beforeEach(() => {
    temp = tempDir('docker-config');
  });
  afterEach(() => temp.remove());

  it('takes DOCKER_HOST first, even with a current context', async () => {
    writeConfig(temp.dir, 'remote', { remote: 'tcp://10.0.0.5:2375' });
    assert.deepEqual(await resolveDockerTarget({ DOCKER_CONFIG: temp.dir, DOCKER_HOST: 'unix:///tmp/other.sock' }), {
      context: 'default',
      host: 'unix:///tmp/other.sock',
      source: 'DOCKER_HOST',
    });
  });

  it("takes config.json's currentContext and its endpoint from contexts/meta/<sha256(name)>/meta.json", async () => {
    writeConfig(temp.dir, 'remote', { remote: 'ssh://me@lab.example' });
    assert.deepEqual(await resolveDockerTarget({ DOCKER_CONFIG: temp.dir }), { context: 'remote', host: 'ssh://me@lab.example', source: 'context' });
  });

  it('lets DOCKER_CONTEXT override currentContext', async () => {
    writeConfig(temp.dir, 'remote', { remote: 'tcp://10.0.0.5:2375', other: 'tcp://10.0.0.6:2376' });
    assert.deepEqual(await resolveDockerTarget({ DOCKER_CONFIG: temp.dir, DOCKER_CONTEXT: 'other' }), { context: 'other', host: 'tcp://10.0.0.6:2376', source: 'context' });
  });

  it('uses the default socket when DOCKER_CONTEXT is default', async () => {
    writeConfig(temp.dir, 'remote', { remote: 'tcp://10.0.0.5:2375' });
    assert.deepEqual(await resolveDockerTarget({ DOCKER_CONFIG: temp.dir, DOCKER_CONTEXT: 'default' }), { context: 'default', host: DEFAULT_DOCKER_HOST, source: 'default' });
  });

  it('uses the default socket when there is no config at all', async () => {
    assert.deepEqual(await resolveDockerTarget({ DOCKER_CONFIG: path.join(temp.dir, 'missing') }), { context: 'default', host: DEFAULT_DOCKER_HOST, source: 'default' });
    assert.equal(DEFAULT_DOCKER_HOST, 'unix:///var/run/docker.sock');
  });

  it('uses the default socket when the current context has no meta.json', async () => {
    writeConfig(temp.dir, 'gone', {});
    assert.deepEqual(await resolveDockerTarget({ DOCKER_CONFIG: temp.dir }), { context: 'default', host: DEFAULT_DOCKER_HOST, source: 'default' });
  });

  it('uses the default socket when config.json is not JSON', async () => {
    fs.writeFileSync(path.join(temp.dir, 'config.json'), '{ not json');
    assert.deepEqual(await resolveDockerTarget({ DOCKER_CONFIG: temp.dir }), { context: 'default', host: DEFAULT_DOCKER_HOST, source: 'default' });
  });

  it('reads ~/.docker when DOCKER_CONFIG is not set', async () => {
    fs.mkdirSync(path.join(temp.dir, '.docker'));
    writeConfig(path.join(temp.dir, '.docker'), 'remote', { remote: 'tcp://10.0.0.5:2375' });
    assert.deepEqual(await resolveDockerTarget({ HOME: temp.dir }), { context: 'remote', host: 'tcp://10.0.0.5:2375', source: 'context' });
  });

  describe('agrees with the real docker CLI', function () {
    this.timeout(30000);
    before(async function () {
      this.timeout(10 * 60_000);
      await ensureDocker();
    });

    const saved = process.env.DOCKER_CONFIG;
    afterEach(() => {
      if (saved === undefined) {
        delete process.env.DOCKER_CONFIG;
      } else {
        process.env.DOCKER_CONFIG = saved;
      }
    });

    it('finds the endpoint of a context made by `docker context create` and chosen by `docker context use`', async () => {
      const env: NodeJS.ProcessEnv = { ...process.env, DOCKER_CONFIG: temp.dir };
      delete env.DOCKER_HOST;
      delete env.DOCKER_CONTEXT;
      const create = await exec('docker', ['context', 'create', 'lab', '--docker', 'host=unix:///tmp/course-notes-lab.sock'], { env });
      assert.equal(create.code, 0, create.stderr);
      const use = await exec('docker', ['context', 'use', 'lab'], { env });
      assert.equal(use.code, 0, use.stderr);
      assert.deepEqual(await resolveDockerTarget(env), { context: 'lab', host: 'unix:///tmp/course-notes-lab.sock', source: 'context' });

      // dockerContexts (runTool reads process.env) lists both, lab current.
      process.env.DOCKER_CONFIG = temp.dir;
      const contexts = await dockerContexts('docker');
      assert.deepEqual(
        contexts.map((c) => `${c.name}${c.current ? '*' : ''} ${c.endpoint}`).sort(),
        ['default unix:///var/run/docker.sock', 'lab* unix:///tmp/course-notes-lab.sock'],
      );
    });
  });
});

describe('runner: dockerodeOptions', () => {
  const cases: Array<[string, Record<string, unknown>]> = [
    ['unix:///var/run/docker.sock', { socketPath: '/var/run/docker.sock' }],
    ['unix:///tmp/a%20b.sock', { socketPath: '/tmp/a b.sock' }],
    ['tcp://10.0.0.5:2375', { host: '10.0.0.5', port: 2375, protocol: 'http' }],
    ['tcp://10.0.0.5', { host: '10.0.0.5', port: 2375, protocol: 'http' }],
    ['https://lab:2376', { host: 'lab', port: 2376, protocol: 'https' }],
    ['ssh://me@lab', { host: 'lab', port: 22, username: 'me', protocol: 'ssh' }],
    ['ssh://lab:2222', { host: 'lab', port: 2222, username: undefined, protocol: 'ssh' }],
  ];
  for (const [host, expected] of cases) {
    it(`connects to ${host}`, () => {
      assert.deepEqual(dockerodeOptions(host), expected);
    });
  }

  it('refuses an endpoint it does not know', () => {
    assert.throws(() => dockerodeOptions('fd://'), /unsupported Docker endpoint fd:\/\//);
  });
});
