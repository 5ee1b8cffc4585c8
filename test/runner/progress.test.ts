import * as assert from 'node:assert/strict';
import { classifyCommand } from '../../src/core/commandKinds';
import { startCommand } from '../../src/runner/commandRunner';
import { DockerEngine } from '../../src/runner/dockerEngine';
import { resolveDockerTarget } from '../../src/runner/dockerTarget';
import type { SwarmBefore } from './helpers';
import { docker, dockerOk, ensureDocker, restoreSwarm, swarmBefore, uniqueName, waitFor } from './helpers';

/**
 * Progress displays drawn for a terminal, on a one-node swarm advertised on loopback (made here
 * when the engine has none, and left afterwards; someone else's swarm is used as it is). The image
 * names a registry on loopback where nothing listens: the same "cannot pull" as an offline Docker Hub,
 * without any traffic leaving the machine.
 */
describe('runner: progress displays show as a terminal would (real engine, one-node swarm)', function () {
  this.timeout(90_000);
  const service = uniqueName('progress');
  let engine: DockerEngine;
  let found: SwarmBefore;

  before(async function () {
    this.timeout(10 * 60_000);
    await ensureDocker();
    engine = new DockerEngine(await resolveDockerTarget());
    found = await swarmBefore();
    if (found.state === 'inactive') {
      await dockerOk('swarm', 'init', '--advertise-addr', '127.0.0.1');
    }
  });

  after(async function () {
    this.timeout(60_000);
    await restoreSwarm(found, service);
  });

  it('`docker service create` of an image that cannot be pulled redraws in place, says why, and Stop leaves a clear state', async () => {
    const command = `docker service create --name ${service} 127.0.0.1:5999/nginx:latest`;
    let output = '';
    const job = startCommand(command, classifyCommand(command), { write: (chunk) => (output += chunk), columns: 80, rows: 24 }, { cwd: undefined, env: process.env, engine: () => Promise.resolve(engine) });
    await waitFor('the task error in the progress display', () => /1\/1: No such image: 127\.0\.0\.1:5999\/nginx:latest/.test(output), 30_000, 200);
    const since = output.length;
    await new Promise((resolve) => setTimeout(resolve, 8000));
    // As a pipe, the CLI printed both progress lines again about once a second (102 lines in 10 s
    // measured); under a pseudo-terminal it moves the cursor up and redraws them.
    const newLines = (output.slice(since).match(/\n/g) ?? []).length;
    assert.ok(newLines <= 2, `at most 2 new lines in 8 s of waiting, got ${newLines}: ${JSON.stringify(output.slice(since, since + 400))}`);
    assert.ok(output.slice(since).includes('\u001b[2A'), 'the display redraws with cursor movements');
    job.cancel();
    const result = await job.done;
    assert.equal(result.status, 'cancelled');
    assert.equal(
      result.message,
      `stopped watching; ${service} is still there; its tasks do not start: No such image: 127.0.0.1:5999/nginx:latest (the image is not on this node and cannot be pulled: build or load it here, then docker service update --force ${service}). See docker service ps ${service}; remove it with docker service rm ${service}`,
    );
    assert.equal((await docker('service', 'inspect', service)).code, 0, 'the service is still there, as the message says');
    const left = await docker('ps', '-q', '--filter', `label=com.docker.swarm.service.name=${service}`);
    assert.equal(left.code, 0);
  });
});
