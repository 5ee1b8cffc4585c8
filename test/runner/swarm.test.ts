import * as assert from 'node:assert/strict';
import { classifyCommand } from '../../src/core/commandKinds';
import { removeObjects } from '../../src/runner/cleanupObjects';
import { DockerEngine } from '../../src/runner/dockerEngine';
import { resolveDockerTarget } from '../../src/runner/dockerTarget';
import type { SwarmBefore } from './helpers';
import { docker, dockerOk, ensureDocker, restoreSwarm, shell, swarmBefore, uniqueName, waitFor } from './helpers';

/**
 * The Swarm lab of a course, step by step through runInShell with the real CLI, on a one-node swarm
 * advertised on loopback. The swarm (and the docker_gwbridge network `swarm init` makes) is gone
 * afterwards, even when a step fails; a swarm that was already there is left as it was.
 */
describe('runner: a Swarm lab as notes have it (real engine, real CLI)', function () {
  this.timeout(60000);
  const service = uniqueName('svc');
  let engine: DockerEngine;
  let found: SwarmBefore;
  let busyboxId = '';

  before(async function () {
    this.timeout(10 * 60_000);
    await ensureDocker();
    engine = new DockerEngine(await resolveDockerTarget());
    found = await swarmBefore();
    busyboxId = await dockerOk('image', 'inspect', '--format', '{{.Id}}', 'busybox:latest');
  });

  after(async function () {
    this.timeout(60000);
    await restoreSwarm(found, service);
    if (found.state === 'inactive') {
      assert.equal(await dockerOk('info', '--format', '{{.Swarm.LocalNodeState}}'), 'inactive', 'no swarm left behind');
    }
  });

  it('`docker swarm init --advertise-addr 127.0.0.1` makes this node a manager', async () => {
    const run = await shell('docker swarm init --advertise-addr 127.0.0.1');
    if (found.state === 'active') {
      // Someone else's swarm is up on this engine: init refuses, and we use that swarm as it is.
      assert.equal(run.result.exitCode, 1);
      assert.match(run.output, /already part of a swarm/);
    } else {
      assert.equal(run.result.status, 'ok', run.output);
      assert.match(run.output, /Swarm initialized: current node \(\w+\) is now a manager/);
    }
    assert.equal((await engine.summary()).swarm, 'active');
  });

  it('`docker service create --replicas 2 --name <name> … sleep 300` converges to 2 tasks', async () => {
    // The image by id with --no-resolve-image: no registry is asked for a digest or a pull.
    const run = await shell(`docker service create --no-resolve-image --replicas 2 --name ${service} ${busyboxId} sleep 300`);
    assert.equal(run.result.status, 'ok', run.output);
    assert.match(run.output, /converged/);
    assert.equal(await runningTasks(), 2);
  });

  it('`docker service scale <name>=3` reaches 3 running tasks', async () => {
    const command = `docker service scale ${service}=3`;
    assert.equal(classifyCommand(command).destructive, false);
    const run = await shell(command);
    assert.equal(run.result.status, 'ok', run.output);
    assert.match(run.output, new RegExp(`${service} scaled to 3`));
    await waitFor('3 running tasks', async () => (await runningTasks()) === 3, 30000, 250);
  });

  it('`docker service ls` shows the service with 3/3 replicas', async () => {
    const run = await shell('docker service ls');
    assert.equal(run.result.status, 'ok', run.output);
    const line = run.output.split('\n').find((row) => row.includes(service));
    assert.ok(line, run.output);
    assert.match(line, /\breplicated\s+3\/3\b/);
  });

  it('lists the service and this node for placeholder pickers', async () => {
    const services = await engine.listNames('service');
    assert.ok(services.some((item) => item.label === service), JSON.stringify(services));
    const nodes = await engine.listNames('node');
    assert.ok(nodes.some((item) => /· manager$/.test(item.detail ?? '')), JSON.stringify(nodes));
  });

  it('removeObjects() removes the service and its tasks; a second time counts it as removed', async () => {
    const objects = [{ type: 'service' as const, id: service, name: service }];
    const { removed, failed } = await removeObjects(engine, objects);
    assert.deepEqual(failed, []);
    assert.deepEqual(removed, objects);
    assert.notEqual((await docker('service', 'inspect', service)).code, 0, 'the service is gone');
    await waitFor('the task containers to go', async () => (await dockerOk('ps', '-aq', '--filter', `label=com.docker.swarm.service.name=${service}`)) === '', 30000, 250);
    const again = await removeObjects(engine, objects);
    assert.deepEqual({ removed: again.removed.length, failed: again.failed }, { removed: 1, failed: [] });
  });

  it('`docker swarm leave --force` (destructive) leaves the swarm', async function () {
    if (found.state !== 'inactive') {
      // Not our swarm to end; the step is still checked for being destructive.
      assert.equal(classifyCommand('docker swarm leave --force').destructive, true);
      return;
    }
    assert.equal(classifyCommand('docker swarm leave --force').destructive, true);
    const run = await shell('docker swarm leave --force');
    assert.equal(run.result.status, 'ok', run.output);
    assert.match(run.output, /Node left the swarm/);
    assert.equal((await engine.summary()).swarm, 'inactive');
  });

  /** Tasks of the service whose container runs. */
  async function runningTasks(): Promise<number> {
    const tasks = (await engine.api.listTasks({ filters: JSON.stringify({ service: [service], 'desired-state': ['running'] }) })) as { Status?: { State?: string } }[];
    return tasks.filter((task) => task.Status?.State === 'running').length;
  }
});
