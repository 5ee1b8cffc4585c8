import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { NetnsNode, NetnsNodesModule, StartedNodes } from '../harness/netnsNodesApi';
import { NETNS_NODES_MJS, loadNetnsNodes } from '../harness/netnsNodesApi';
import type { ToolOutput } from './helpers';
import { dockerOk, ensureDocker, exec, shell, waitFor } from './helpers';

/**
 * A two-node Swarm lab on real engines: two dockerd started by test/harness/netnsNodes.mjs, each in
 * a network namespace this test makes, joined only to each other. Every command goes through the
 * plain docker CLI with DOCKER_HOST set to one node, as a bound terminal would run it; the engine
 * this machine's other tests use is never a target, and is checked to be as it was.
 */
describe('runner: a two-node Swarm on engines in their own network namespaces', function () {
  this.timeout(120_000);
  const PREFIX = 'cnrun';
  let harness: NetnsNodesModule;
  let started: StartedNodes | undefined;
  let node1: NetnsNode;
  let node2: NetnsNode;
  let host: HostState;
  let linksBefore: string[];
  let busyboxId = '';
  let mountNamespace = '';
  const timings: Record<string, number> = {};
  const suiteStart = Date.now();

  before(async function () {
    this.timeout(10 * 60_000);
    harness = await loadNetnsNodes();
    try {
      harness.checkPrerequisites();
    } catch (error) {
      if (process.env.CI === 'true') {
        throw error;
      }
      console.warn(`      skipped: ${(error as Error).message}`);
      this.skip();
    }
    await ensureDocker();
    busyboxId = await dockerOk('image', 'inspect', '--format', '{{.Id}}', 'busybox:latest');
    host = await hostState();
    linksBefore = await hostLinks();
    started = await harness.startNodes({ count: 2, prefix: PREFIX });
    [node1, node2] = started.nodes;
    timings.startEngines = started.timings.enginesMs;
    timings.startTotal = started.timings.totalMs;
    mountNamespace = fs.readlinkSync(`/proc/${node1.pid}/ns/mnt`);
  });

  after(async function () {
    this.timeout(60_000);
    // Also when a test failed: the harness removes everything of the prefix, idempotently.
    await harness?.stopNodes({ prefix: PREFIX });
    if (Object.keys(timings).length) {
      console.log(`      timings (ms): ${JSON.stringify({ ...timings, suite: Date.now() - suiteStart })}`);
    }
  });

  it('each node is an engine of its own, named for the node, with no route but to the other node', async () => {
    const info = await Promise.all([node1, node2].map((node) => ok(on(node, 'info', '--format', '{{.Name}} {{.ID}} {{.Swarm.LocalNodeState}}'))));
    assert.deepEqual(info.map((line) => line.split(' ')[0]), ['node1', 'node2']);
    assert.notEqual(info[0].split(' ')[1], info[1].split(' ')[1], 'distinct engine ids');
    assert.notEqual(info[0].split(' ')[1], host.engineId, 'not the machine engine');
    for (const node of [node1, node2]) {
      assert.match(node.host, new RegExp(`^unix:///run/${PREFIX}/${node.name}/docker\\.sock$`));
      assert.equal(fs.statSync(`/run/${PREFIX}/${node.name}`).mode & 0o777, 0o700);
      const routes = (await exec('ip', ['-n', node.netns, 'route', 'show', 'table', 'all'])).stdout;
      assert.doesNotMatch(routes, /^default/m, routes);
      // Neither the machine's own addresses nor anything beyond them (a route lookup sends nothing).
      for (const address of [...host.ownAddresses, '1.1.1.1']) {
        const unreachable = await exec('ip', ['-n', node.netns, 'route', 'get', address]);
        assert.notEqual(unreachable.code, 0, `${node.name} has a route to ${address}: ${unreachable.stdout}`);
        assert.match(unreachable.stderr, /Network is unreachable/);
      }
      const links = (await exec('ip', ['-n', node.netns, '-o', 'link', 'show'])).stdout;
      // lo, the veth to the switch, and the bridge dockerd made in this namespace.
      assert.deepEqual(linkNames(links).sort(), ['docker0', 'eth0', 'lo']);
      // dockerd wrote its iptables rules here, in the node's namespace, not in the host's.
      assert.match((await exec('ip', ['netns', 'exec', node.netns, 'iptables-save'])).stdout, /-A DOCKER/);
    }
    const peer = await exec('ip', ['-n', node1.netns, 'route', 'get', node2.address]);
    assert.match(peer.stdout, /dev eth0/);
    assert.deepEqual(await hostLinks(), linksBefore, 'no interface appeared in the host namespace');
    assert.deepEqual(harness.mountsUnder(started!.baseDir), [], 'the engines mount in their own mount namespace');
    assert.deepEqual((await ok(on(node2, 'image', 'ls', '-q', '--no-trunc'))).split('\n').sort(), (await imageIds()).sort());
  });

  it('`docker swarm init` on node1, then the `docker swarm join` it printed, run on node2, make a two-node swarm', async () => {
    const formed = Date.now();
    const init = await shell(`docker swarm init --advertise-addr ${node1.address}`, { env: envFor(node1) });
    assert.equal(init.result.status, 'ok', init.output);
    assert.match(init.output, /Swarm initialized: current node \(\w+\) is now a manager/);
    // The line a student copies from the output, as it is printed.
    const joinLine = init.output.split('\n').map((line) => line.trim()).find((line) => line.startsWith('docker swarm join --token'));
    assert.ok(joinLine, init.output);
    assert.match(joinLine, new RegExp(`^docker swarm join --token SWMTKN-\\S+ ${node1.address.replace(/\./g, '\\.')}:2377$`));
    const join = await shell(joinLine, { env: envFor(node2) });
    assert.equal(join.result.status, 'ok', join.output);
    assert.match(join.output, /This node joined a swarm as a worker/);
    const ls = await waitFor('both nodes Ready', async () => {
      const rows = await ok(on(node1, 'node', 'ls', '--format', '{{.Hostname}} {{.Status}} {{.ManagerStatus}}'));
      return rows.split('\n').filter((row) => / Ready/.test(row)).length === 2 && rows;
    }, 30_000, 100);
    timings.swarmFormation = Date.now() - formed;
    assert.deepEqual(ls.split('\n').sort(), ['node1 Ready Leader', 'node2 Ready']);
    const table = await shell('docker node ls', { env: envFor(node1) });
    assert.equal(table.result.status, 'ok', table.output);
    assert.match(table.output, /\bnode1\s+Ready\s+Active\s+Leader\b/);
    assert.match(table.output, /\bnode2\s+Ready\s+Active\b/);
  });

  it('a service with 2 replicas has a running task on each node', async () => {
    // Not a lab step: a 1 s heartbeat (default 5 s) so the manager notices a killed node sooner below.
    await ok(on(node1, 'swarm', 'update', '--dispatcher-heartbeat', '1s'));
    const created = Date.now();
    const run = await shell(`docker service create --no-resolve-image --replicas 2 --name cnrun-web ${busyboxId} sleep 600`, { env: envFor(node1) });
    assert.equal(run.result.status, 'ok', run.output);
    assert.match(run.output, /converged/);
    timings.serviceConverged = Date.now() - created;
    const tasks = await ok(on(node1, 'service', 'ps', '--filter', 'desired-state=running', '--format', '{{.Node}} {{.CurrentState}}', 'cnrun-web'));
    assert.deepEqual(tasks.split('\n').map((row) => row.replace(/ .*/, (state) => (/^ Running\b/.test(state) ? ' Running' : state))).sort(), ['node1 Running', 'node2 Running']);
    // Each task's container runs on that node's engine.
    for (const node of [node1, node2]) {
      const containers = await ok(on(node, 'ps', '--filter', 'label=com.docker.swarm.service.name=cnrun-web', '--format', '{{.State}}'));
      assert.equal(containers, 'running', `${node.name}: ${containers}`);
    }
  });

  it("node2's engine killed mid-run: the command running on it fails, the next says it cannot reach node2's engine", async () => {
    const marker = 40000 + Math.floor(Math.random() * 50000);
    const running = shell(`docker run --rm ${busyboxId} sleep ${marker}`, { env: envFor(node2) });
    await waitFor('the container on node2', async () => (await ok(on(node2, 'ps', '--filter', `ancestor=${busyboxId}`, '--format', '{{.Command}}'))).includes(`sleep ${marker}`), 15_000, 100);
    process.kill(node2.pid, 'SIGKILL');
    const cut = await running;
    // The CLI's own words when the engine goes away under `docker run` (it does not name the engine:
    // whoever shows this must say which node it ran on).
    assert.equal(cut.result.exitCode, 125, cut.output);
    assert.match(cut.output, /error waiting for container: unexpected EOF/);
    const next = await shell('docker ps', { env: envFor(node2) });
    assert.equal(next.result.exitCode, 1);
    assert.match(next.output, new RegExp(`Cannot connect to the Docker daemon at unix:///run/${PREFIX}/node2/docker\\.sock\\. Is the docker daemon running\\?`));
    // The manager notices the lost worker.
    const noticed = Date.now();
    await waitFor('node2 Down on node1', async () => (await ok(on(node1, 'node', 'ls', '--format', '{{.Hostname}} {{.Status}}'))).includes('node2 Down'), 60_000, 250);
    timings.nodeDownNoticed = Date.now() - noticed;
  });

  it('stop() leaves no namespace, engine, process, mount, cgroup or folder, and the machine engine as it was', async () => {
    const stopped = Date.now();
    const report = await started!.stop();
    timings.stop = Date.now() - stopped;
    timings.stopLeaveSwarms = report.timings.leaveMs;
    timings.stopEngines = report.timings.engineStopMs;
    assert.deepEqual(report.notes, []);
    assert.deepEqual(report.netns.sort(), [`${PREFIX}1`, `${PREFIX}2`, `${PREFIX}sw`]);
    assert.equal(report.removedDir, true);
    assert.deepEqual(await harness.leftovers({ prefix: PREFIX }), { netns: [], processes: [], mounts: [], cgroups: [], baseDir: [] });
    assert.doesNotMatch((await exec('ip', ['netns', 'list'])).stdout, new RegExp(`^${PREFIX}`, 'm'));
    assert.deepEqual(processesIn(mountNamespace), [], 'the engines\' mount namespace (and every mount in it) is gone');
    assert.equal(fs.readFileSync('/proc/self/mountinfo', 'utf8').includes(`/run/${PREFIX}`), false);
    const dockerds = (await exec('ps', ['-eo', 'args='])).stdout.split('\n').filter((args) => args.includes(`/run/${PREFIX}/`));
    assert.deepEqual(dockerds, []);
    assert.deepEqual(await hostLinks(), linksBefore);
    assert.deepEqual(await hostState(), host, 'swarm state, containers, iptables and nft ruleset of the machine unchanged');
    const again = await harness.stopNodes({ prefix: PREFIX });
    assert.deepEqual({ terminated: again.terminated, killed: again.killed, netns: again.netns, removedDir: again.removedDir, notes: again.notes }, { terminated: [], killed: [], netns: [], removedDir: false, notes: [] }, 'idempotent');
  });

  it('a run killed with SIGKILL leaves engines behind, and the next stopNodes of its prefix removes them', async () => {
    const prefix = 'cnrunk';
    const script = `const m = await import(${JSON.stringify(NETNS_NODES_MJS)}); const r = await m.startNodes({ count: 1, prefix: ${JSON.stringify(prefix)}, images: [] }); console.log('up ' + r.nodes[0].pid); setInterval(() => {}, 1000);`;
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (out += chunk.toString()));
    try {
      const pid = Number((await waitFor('the crashed run\'s engine', () => /up (\d+)/.exec(out)?.[1], 60_000, 50)));
      child.kill('SIGKILL');
      assert.equal((await exec('docker', ['-H', `unix:///run/${prefix}/node1/docker.sock`, 'info', '--format', '{{.Name}}'])).stdout.trim(), 'node1', 'the engine outlived its run');
      const left = await harness.leftovers({ prefix });
      assert.ok(left.processes.includes(pid), JSON.stringify(left));
      assert.deepEqual(left.netns, [`${prefix}1`, `${prefix}sw`]);
      const report = await harness.stopNodes({ prefix });
      assert.ok([...report.terminated, ...report.killed].includes(pid), JSON.stringify(report));
      assert.deepEqual(await harness.leftovers({ prefix }), { netns: [], processes: [], mounts: [], cgroups: [], baseDir: [] });
    } finally {
      child.kill('SIGKILL');
      await harness.stopNodes({ prefix });
    }
  });

  it('says what is missing: not root, or no ip/dockerd on PATH', async () => {
    const noTools = await exec(process.execPath, [NETNS_NODES_MJS, 'start', '--prefix', 'cnrunm'], { env: { ...process.env, PATH: '/nonexistent' } });
    assert.equal(noTools.code, 1);
    assert.match(noTools.stderr, /missing on PATH: ip \(Debian package iproute2\), nsenter \(Debian package util-linux\)/);
    assert.match(noTools.stderr, /dockerd \(Debian package docker\.io\)/);
    // nobody gets a copy it can read: a checkout inside a 0700 folder is unreadable to other users.
    const readable = fs.mkdtempSync(path.join(os.tmpdir(), 'course-notes-netns-'));
    try {
      fs.chmodSync(readable, 0o755);
      const copy = path.join(readable, 'netnsNodes.mjs');
      fs.copyFileSync(NETNS_NODES_MJS, copy);
      fs.chmodSync(copy, 0o644);
      const notRoot = await exec('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, copy, 'start', '--prefix', 'cnrunm']);
      assert.equal(notRoot.code, 1, notRoot.stderr);
      assert.match(notRoot.stderr, /must run as root/);
    } finally {
      fs.rmSync(readable, { recursive: true, force: true });
    }
    assert.deepEqual((await harness.leftovers({ prefix: 'cnrunm' })).netns, []);
  });
});

interface HostState {
  readonly swarm: string;
  readonly containers: string;
  readonly engineId: string;
  readonly iptables: string;
  readonly nft: string;
  /** The machine's global IPv4 addresses outside Docker's default bridge (which each node has a copy of). */
  readonly ownAddresses: string[];
}

/** The machine's engine and netfilter state, with packet counters taken out. */
async function hostState(): Promise<HostState> {
  const iptables = (await exec('iptables-save', [])).stdout.split('\n').filter((line) => !line.startsWith('#')).map((line) => line.replace(/\[\d+:\d+\]/g, '')).join('\n');
  const nft = (await exec('nft', ['list', 'ruleset'])).stdout.replace(/counter packets \d+ bytes \d+/g, 'counter');
  return {
    swarm: await dockerOk('info', '--format', '{{.Swarm.LocalNodeState}}'),
    containers: await dockerOk('ps', '-aq', '--no-trunc'),
    engineId: await dockerOk('info', '--format', '{{.ID}}'),
    iptables,
    nft,
    ownAddresses: [...(await exec('ip', ['-o', '-4', 'addr', 'show', 'scope', 'global'])).stdout.matchAll(/ inet (\d+\.\d+\.\d+\.\d+)\//g)]
      .map((match) => match[1])
      .filter((address) => !address.startsWith('172.17.')),
  };
}

/** The host namespace's links, less the veths of the machine engine's own containers (other tests come and go). */
async function hostLinks(): Promise<string[]> {
  const lines = (await exec('ip', ['-o', 'link', 'show'])).stdout.split('\n').filter((line) => !/^\d+: veth\w+@.* master (docker0|docker_gwbridge|br-\w+) /.test(line));
  return linkNames(lines.join('\n')).sort();
}

function linkNames(ipOutput: string): string[] {
  return ipOutput.split('\n').map((line) => /^\d+: ([^:@]+)/.exec(line)?.[1]).filter((name): name is string => name !== undefined);
}

async function imageIds(): Promise<string[]> {
  return (await dockerOk('image', 'inspect', '--format', '{{.Id}}', 'busybox:latest', 'alpine:latest')).split('\n');
}

/** Pids whose mount namespace is `link` (`mnt:[…]`). */
function processesIn(link: string): number[] {
  return fs.readdirSync('/proc').filter((entry) => /^\d+$/.test(entry)).filter((entry) => {
    try {
      return fs.readlinkSync(`/proc/${entry}/ns/mnt`) === link;
    } catch {
      return false;
    }
  }).map(Number);
}

/** The environment a terminal bound to `node` has: DOCKER_HOST is the node, no context overrides it. */
function envFor(node: NetnsNode): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, DOCKER_HOST: node.host };
  delete env.DOCKER_CONTEXT;
  return env;
}

function on(node: NetnsNode, ...args: string[]): Promise<ToolOutput> {
  return exec('docker', args, { env: envFor(node) });
}

async function ok(output: Promise<ToolOutput>): Promise<string> {
  const out = await output;
  if (out.code !== 0) {
    throw new Error(`docker failed (${out.code}): ${out.stderr.trim()}`);
  }
  return out.stdout.split('\n').map((line) => line.trimEnd()).join('\n').trim();
}
