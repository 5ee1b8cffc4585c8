import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { findPlaceholders } from '../../src/core/commandLine';
import { fillPlaceholders } from '../../src/core/placeholderValues';
import { docker, ensureDocker, removeContainers, shell, tempDir, uniqueName } from './helpers';

describe('runner: the real docker CLI through runInShell', function () {
  this.timeout(60000);
  before(async function () {
    this.timeout(10 * 60_000);
    await ensureDocker();
  });

  it('runs `docker run --rm hello-world`: its greeting, exit 0', async () => {
    const run = await shell('docker run --rm hello-world');
    assert.equal(run.result.status, 'ok', run.output);
    assert.equal(run.result.exitCode, 0);
    assert.match(run.output, /Hello from Docker!/);
  });

  it("passes the container's exit code through: `docker run --rm busybox sh -c 'exit 7'` → 7", async () => {
    const run = await shell("docker run --rm busybox sh -c 'exit 7'");
    assert.equal(run.result.status, 'failed');
    assert.equal(run.result.exitCode, 7);
    assert.equal(run.result.message, undefined);
  });

  it('reports a missing image as exit 125 with the daemon message and an explanation', async () => {
    // `--pull never` keeps the run off the network (no registry lookup); the CLI path is the same.
    const run = await shell('docker run --rm --pull never no-such-image:nope');
    assert.equal(run.result.status, 'failed');
    assert.equal(run.result.exitCode, 125);
    assert.match(run.output, /No such image: no-such-image:nope/);
    assert.equal(run.result.message, 'the Docker engine refused the request before the container ran: No such image: no-such-image:nope');
  });

  it('streams container output as it comes', async () => {
    const run = await shell("docker run --rm busybox sh -c 'echo one; sleep 1; echo two'");
    assert.equal(run.output, 'one\ntwo\n');
    const one = run.chunks.find((chunk) => chunk.text.includes('one'));
    const two = run.chunks.find((chunk) => chunk.text.includes('two'));
    assert.ok(one && two && two.at - one.at >= 700, `one then two a second later: ${JSON.stringify(run.chunks)}`);
  });

  describe('placeholder values cannot inject commands', () => {
    let temp: { dir: string; remove: () => void };
    const containers: string[] = [];
    beforeEach(() => {
      temp = tempDir('inject');
    });
    afterEach(async () => {
      temp.remove();
      await removeContainers(...containers.splice(0));
    });

    const values = ['x; touch MARKER', '$(touch MARKER)', '`touch MARKER`', "it's; touch MARKER", 'a && touch MARKER #'];
    const notes: Array<[string, string]> = [
      ['written bare', 'docker run --rm busybox echo <message>'],
      ['in double quotes', 'docker run --rm busybox echo "<message>"'],
      ['in single quotes', "docker run --rm busybox echo '<message>'"],
    ];
    for (const [where, note] of notes) {
      for (const value of values) {
        it(`echoes ${JSON.stringify(value)} literally (placeholder ${where}) and MARKER is never created`, async () => {
          const command = fillPlaceholders(note, findPlaceholders(note), new Map([['<message>', value]]));
          const run = await shell(command, { cwd: temp.dir });
          assert.equal(run.result.status, 'ok', `${command}\n${run.output}`);
          assert.equal(run.output, `${value}\n`);
          assert.deepEqual(fs.readdirSync(temp.dir), [], `nothing was created by ${command}`);
          assert.ok(!fs.existsSync(path.join(temp.dir, 'MARKER')));
        });
      }
    }

    it('keeps a container name value one word: `docker run --name <name>` gets exactly that name', async () => {
      const name = uniqueName('inject');
      containers.push(name);
      const note = 'docker run --name <name> busybox true';
      const run = await shell(fillPlaceholders(note, findPlaceholders(note), new Map([['<name>', name]])), { cwd: temp.dir });
      assert.equal(run.result.status, 'ok', run.output);
      const inspected = await docker('inspect', '--format', '{{.Name}}', name);
      assert.equal(inspected.stdout.trim(), `/${name}`);
    });
  });
});
