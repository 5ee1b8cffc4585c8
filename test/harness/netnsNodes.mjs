#!/usr/bin/env node
/**
 * Several real Docker engines on this machine, each in a network namespace of its own, joined only
 * to each other: a Linux bridge inside a dedicated "switch" namespace (`<prefix>sw`) and one veth
 * pair per node (`eth0` in the node, `pN` on the bridge). The veths are created directly inside the
 * namespaces, so nothing ever appears in the host's namespace; a node has `lo`, `eth0` and the route
 * of its /24, no default route: the only addresses it can reach are the other nodes'.
 *
 * Each engine runs as `nsenter --net=<netns> unshare --uts --mount --propagation private sh -c
 * 'hostname nodeN; mount tmpfs over /etc/docker,/run/docker,/run/containerd; exec dockerd …'`:
 * - its own UTS namespace, so `docker node ls` shows node1, node2…;
 * - its own mount namespace, so overlay and netns mounts never show in the host's mount table and
 *   vanish with the engine's processes, and the host's /etc/docker (daemon.json, key.json) and
 *   exec root are hidden from it;
 * - its own --data-root, --exec-root, --pidfile, --config-file, -H unix socket, and
 *   --cgroup-parent /<prefix>-nodeN, under a 0700 base folder (default /run/<prefix>);
 * - iptables on: dockerd writes the rules of its own network namespace only (tested).
 * (`ip netns exec` is not used: it remounts /sys and dockerd then fails "Devices cgroup isn't mounted".)
 *
 * Module:  const { startNodes, stopNodes } = await import('/abs/path/test/harness/netnsNodes.mjs');
 *          (from compiled TS in out/test/…: `await import(pathToFileURL(path.join(ROOT, 'test',
 *          'harness', 'netnsNodes.mjs')).href)`; keep the import dynamic, tsc must not rewrite it)
 * CLI:     node test/harness/netnsNodes.mjs start --count 2 --prefix cnt [--images busybox:latest,alpine:latest]
 *          node test/harness/netnsNodes.mjs stop --prefix cnt
 * Root only. `stopNodes` (and `startNodes`, before it starts) removes whatever an earlier run with
 * the same prefix left behind, found by prefix, so a crashed or killed run is cleaned up next time.
 */
import { execFile, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

export const DEFAULT_IMAGES = Object.freeze(['busybox:latest', 'alpine:latest']);
const MARKER = '.course-notes-netns-nodes';
const CGROUP_ROOT = '/sys/fs/cgroup';

/** The programs the harness runs, and the Debian package that has each. */
const TOOLS = [
  ['ip', 'iproute2'],
  ['nsenter', 'util-linux'],
  ['unshare', 'util-linux'],
  ['mount', 'mount'],
  ['hostname', 'hostname'],
  ['dockerd', 'docker.io'],
  ['docker', 'docker.io (docker-cli)'],
];

/** Throws one message naming everything missing (root, programs), or returns the resolved paths. */
export function checkPrerequisites() {
  const problems = [];
  if (process.platform !== 'linux') {
    problems.push(`Linux network namespaces are needed (this is ${process.platform})`);
  }
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) {
    problems.push('must run as root (creating network namespaces and starting dockerd need it)');
  }
  const found = {};
  const missing = [];
  for (const [tool, pkg] of TOOLS) {
    const where = which(tool);
    if (where) {
      found[tool] = where;
    } else {
      missing.push(`${tool} (Debian package ${pkg})`);
    }
  }
  if (missing.length) {
    problems.push(`missing on PATH: ${missing.join(', ')}`);
  }
  if (problems.length) {
    throw new Error(`netnsNodes: cannot start Docker nodes: ${problems.join('; ')}`);
  }
  return found;
}

function which(tool) {
  for (const dir of (process.env.PATH ?? '/usr/sbin:/usr/bin:/sbin:/bin').split(':')) {
    const candidate = path.join(dir || '.', tool);
    try {
      fs.accessSync(candidate, fs.constants.X_OK);
      if (fs.statSync(candidate).isFile()) {
        return candidate;
      }
    } catch {
      // Not here.
    }
  }
  return undefined;
}

function checkPrefix(prefix) {
  // Network namespace names become file names, interface names are at most 15 bytes.
  if (typeof prefix !== 'string' || !/^[a-z][a-z0-9]{0,9}$/.test(prefix)) {
    throw new Error(`netnsNodes: prefix must be 1-10 lowercase letters/digits starting with a letter, got ${JSON.stringify(prefix)}`);
  }
}

function defaultBaseDir(prefix) {
  return `/run/${prefix}`;
}

function checkBaseDir(baseDir) {
  const resolved = path.resolve(baseDir);
  if (typeof baseDir !== 'string' || resolved !== baseDir || resolved === '/') {
    throw new Error(`netnsNodes: baseDir must be an absolute, normalised folder other than /, got ${JSON.stringify(baseDir)}`);
  }
  // A unix socket path is at most 107 bytes; node9/docker.sock is the longest part.
  if (Buffer.byteLength(`${resolved}/node9/docker.sock`) > 100) {
    throw new Error(`netnsNodes: baseDir is too long for a unix socket path: ${baseDir}`);
  }
  return resolved;
}

/** Runs a program without a shell; rejects with its stderr when it fails. */
function run(program, args, { timeoutMs = 30000, env = process.env } = {}) {
  return new Promise((resolve, reject) => {
    execFile(program, args, { timeout: timeoutMs, env, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error) {
        const reason = error.killed ? `timed out after ${timeoutMs} ms` : `exit ${error.code}`;
        reject(new Error(`${program} ${args.join(' ')}: ${reason}: ${String(stderr).trim() || error.message}`));
      } else {
        resolve(String(stdout));
      }
    });
  });
}

/** Like run(), never rejects: cleanup steps where the thing may already be gone. */
async function attempt(program, args, options) {
  try {
    return { ok: true, out: await run(program, args, options) };
  } catch (error) {
    return { ok: false, out: String(error.message ?? error) };
  }
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** GET /_ping on a unix socket: true when the engine answers. */
function ping(socketPath) {
  return new Promise((resolve) => {
    const request = http.get({ socketPath, path: '/_ping', timeout: 1000 }, (response) => {
      response.resume();
      resolve(response.statusCode === 200);
    });
    request.on('timeout', () => request.destroy());
    request.on('error', () => resolve(false));
  });
}

function alive(pid) {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Field 3, after the parenthesised command name: Z is a zombie (ended, not reaped; PID 1 here does not reap).
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}

function tail(file, lines = 15) {
  try {
    return fs.readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

/** The netns names `ip netns` knows that belong to this prefix: `<prefix>N` and `<prefix>sw`. */
async function prefixNetns(prefix) {
  const listed = await attempt('ip', ['netns', 'list']);
  const names = listed.ok ? listed.out.split('\n').map((line) => line.split(' ')[0]) : [];
  let files = [];
  try {
    files = fs.readdirSync('/run/netns');
  } catch {
    // No namespaces at all.
  }
  const pattern = new RegExp(`^${prefix}(\\d+|sw)$`);
  return [...new Set([...names, ...files])].filter((name) => pattern.test(name)).sort();
}

function nsInode(file) {
  try {
    return fs.statSync(file).ino;
  } catch {
    return undefined;
  }
}

/**
 * Every live process that belongs to this prefix's nodes: a command line naming the base folder
 * (dockerd, its containerd, the shims), a network namespace of the prefix, or a cgroup under
 * /<prefix>-node… (the containers, whatever namespaces they have).
 */
function prefixProcesses(prefix, baseDir, netnsInodes) {
  const found = [];
  const netLinks = new Set(netnsInodes.map((ino) => `net:[${ino}]`));
  const cgroupMark = `:/${prefix}-node`;
  const netnsArg = new RegExp(`^--net=/run/netns/${prefix}\\d+$`);
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) {
      continue;
    }
    const pid = Number(entry);
    if (pid === process.pid || pid === 1 || !alive(pid)) {
      continue;
    }
    try {
      const cmdline = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
      const byArgs = cmdline.some((arg) => arg === baseDir || arg.startsWith(`${baseDir}/`) || arg.includes(`unix://${baseDir}/`) || netnsArg.test(arg));
      let byNet = false;
      try {
        byNet = netLinks.has(fs.readlinkSync(`/proc/${pid}/ns/net`));
      } catch {
        // Gone, or a kernel thread.
      }
      const byCgroup = fs.readFileSync(`/proc/${pid}/cgroup`, 'utf8').split('\n').some((line) => line.includes(cgroupMark));
      if (byArgs || byNet || byCgroup) {
        found.push(pid);
      }
    } catch {
      // It ended while we looked.
    }
  }
  return found;
}

/** Cgroup folders `/<prefix>-node…` in every hierarchy, deepest first. */
function prefixCgroups(prefix) {
  const dirs = [];
  const walk = (dir) => {
    let entries = [];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      if (entry.isDirectory()) {
        walk(path.join(dir, entry.name));
      }
    }
    dirs.push(dir);
  };
  let hierarchies = [];
  try {
    hierarchies = fs.readdirSync(CGROUP_ROOT).map((name) => path.join(CGROUP_ROOT, name));
  } catch {
    return [];
  }
  // cgroup v2 alone mounts the controllers at the root itself.
  for (const root of [CGROUP_ROOT, ...hierarchies]) {
    let entries = [];
    try {
      entries = fs.readdirSync(root, { withFileTypes: true });
    } catch {
      continue;
    }
    for (const entry of entries) {
      if (entry.isDirectory() && entry.name.startsWith(`${prefix}-node`)) {
        walk(path.join(root, entry.name));
      }
    }
  }
  return dirs;
}

/** Mount points at or under `dir` in this process's mount table, deepest first. */
export function mountsUnder(dir) {
  let table = '';
  try {
    table = fs.readFileSync('/proc/self/mountinfo', 'utf8');
  } catch {
    return [];
  }
  const points = table
    .split('\n')
    .map((line) => line.split(' ')[4])
    .filter(Boolean)
    .map((point) => point.replace(/\\(\d{3})/g, (_, octal) => String.fromCharCode(parseInt(octal, 8))))
    .filter((point) => point === dir || point.startsWith(`${dir}/`));
  return [...new Set(points)].sort((a, b) => b.length - a.length);
}

/**
 * Removes everything of `prefix`: leaves the swarms, ends the engines (SIGTERM, then SIGKILL to every
 * process of the nodes), unmounts what is mounted under the base folder, removes the cgroups, the
 * network namespaces (and with them their links) and the base folder. Idempotent; safe when nothing
 * is there. Returns what it did.
 */
export async function stopNodes({ prefix = 'cnt', baseDir = defaultBaseDir(prefix), graceMs = 3000 } = {}) {
  const began = Date.now();
  checkPrefix(prefix);
  baseDir = checkBaseDir(baseDir);
  const report = { prefix, leftSwarm: [], terminated: [], killed: [], unmounted: [], cgroups: 0, netns: [], removedDir: false, notes: [], timings: { leaveMs: 0, engineStopMs: 0, totalMs: 0 } };
  const owned = fs.existsSync(path.join(baseDir, MARKER));
  const nodeDirs = owned ? fs.readdirSync(baseDir).filter((name) => /^node\d+$/.test(name)).map((name) => path.join(baseDir, name)) : [];
  if (fs.existsSync(baseDir) && !owned) {
    report.notes.push(`${baseDir} has no ${MARKER}: not ours, left alone (its engines, if any, are still ended by namespace and cgroup)`);
  }

  // 1. Leave the swarms while the engines answer, all at once and briefly (the data roots go anyway;
  //    leaving tells any manager of the swarm, and ends the tasks through the engine).
  await Promise.all(nodeDirs.map(async (dir) => {
    if (!(await ping(path.join(dir, 'docker.sock')))) {
      return;
    }
    const host = `unix://${path.join(dir, 'docker.sock')}`;
    const state = await attempt('docker', ['-H', host, 'info', '--format', '{{.Swarm.LocalNodeState}}'], { timeoutMs: 5000 });
    if (state.ok && state.out.trim() !== 'inactive' && (await attempt('docker', ['-H', host, 'swarm', 'leave', '--force'], { timeoutMs: 5000 })).ok) {
      report.leftSwarm.push(path.basename(dir));
    }
  }));
  report.timings.leaveMs = Date.now() - began;

  // 2. SIGTERM the engines (dockerd stops its containers and containerd), wait, then SIGKILL all that is left.
  const engines = [];
  for (const dir of nodeDirs) {
    try {
      const pid = Number(fs.readFileSync(path.join(dir, 'docker.pid'), 'utf8').trim());
      const cmdline = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      if (pid > 1 && alive(pid) && cmdline.includes(dir)) {
        process.kill(pid, 'SIGTERM');
        engines.push(pid);
        report.terminated.push(pid);
      }
    } catch {
      // No pidfile, or the engine is gone.
    }
  }
  const termDeadline = Date.now() + graceMs;
  while (engines.some(alive) && Date.now() < termDeadline) {
    await sleep(100);
  }
  report.timings.engineStopMs = Date.now() - began - report.timings.leaveMs;
  const names = await prefixNetns(prefix);
  const inodes = names.map((name) => nsInode(`/run/netns/${name}`)).filter((ino) => ino !== undefined);
  for (let round = 0; round < 50; round++) {
    const pids = prefixProcesses(prefix, baseDir, inodes);
    if (!pids.length) {
      break;
    }
    for (const pid of pids) {
      try {
        process.kill(pid, 'SIGKILL');
        if (!report.killed.includes(pid)) {
          report.killed.push(pid);
        }
      } catch {
        // Already gone.
      }
    }
    await sleep(100);
  }
  const stragglers = prefixProcesses(prefix, baseDir, inodes);
  if (stragglers.length) {
    report.notes.push(`processes still alive after SIGKILL: ${stragglers.join(', ')}`);
  }

  // 3. Mounts under the base folder (none normally: the engines mount in their own mount namespace).
  for (const point of mountsUnder(baseDir)) {
    const result = await attempt('umount', ['-l', point]);
    if (result.ok) {
      report.unmounted.push(point);
    } else {
      report.notes.push(`umount ${point}: ${result.out}`);
    }
  }

  // 4. Cgroups of the nodes' containers (empty once their processes are gone).
  for (let round = 0; round < 20; round++) {
    const dirs = prefixCgroups(prefix);
    if (!dirs.length) {
      break;
    }
    for (const dir of dirs) {
      try {
        fs.rmdirSync(dir);
        report.cgroups++;
      } catch {
        // Busy for a moment more, or removed with its parent's hierarchy.
      }
    }
    if (prefixCgroups(prefix).length) {
      await sleep(100);
    }
  }
  const cgroupsLeft = prefixCgroups(prefix);
  if (cgroupsLeft.length) {
    report.notes.push(`cgroups left: ${cgroupsLeft.join(', ')}`);
  }

  // 5. Network namespaces: deleting one destroys its veth ends and the switch's bridge.
  for (const name of names) {
    const result = await attempt('ip', ['netns', 'del', name]);
    if (result.ok) {
      report.netns.push(name);
    } else if (fs.existsSync(`/run/netns/${name}`)) {
      report.notes.push(`ip netns del ${name}: ${result.out}`);
    }
  }

  // 6. The base folder, only when we made it.
  if (owned) {
    fs.rmSync(baseDir, { recursive: true, force: true, maxRetries: 3 });
    report.removedDir = !fs.existsSync(baseDir);
  }
  report.timings.totalMs = Date.now() - began;
  return report;
}

/** What is left of `prefix` right now (for tests that check a teardown): empty arrays when nothing. */
export async function leftovers({ prefix = 'cnt', baseDir = defaultBaseDir(prefix) } = {}) {
  checkPrefix(prefix);
  baseDir = checkBaseDir(baseDir);
  const names = await prefixNetns(prefix);
  const inodes = names.map((name) => nsInode(`/run/netns/${name}`)).filter((ino) => ino !== undefined);
  return {
    netns: names,
    processes: prefixProcesses(prefix, baseDir, inodes),
    mounts: mountsUnder(baseDir),
    cgroups: prefixCgroups(prefix),
    baseDir: fs.existsSync(baseDir) ? [baseDir] : [],
  };
}

/**
 * Starts `count` engines as described at the top of this file and loads `images` from the engine
 * the environment points at (DOCKER_HOST or the default socket) into each. Cleans up leftovers of
 * the same prefix first, and everything it made when a step fails.
 *
 * @returns {{ nodes: { name, host, address, netns, pid, socket, dataRoot, log }[], subnet, baseDir,
 *   timings: { cleanupMs, networkMs, enginesMs, imagesMs, totalMs }, stop: () => Promise<object> }}
 */
export async function startNodes({
  count = 2,
  prefix = 'cnt',
  images = DEFAULT_IMAGES,
  baseDir = defaultBaseDir(prefix),
  subnet = '10.213.0',
  storageDriver,
  startTimeoutMs = 60000,
} = {}) {
  const began = Date.now();
  checkPrerequisites();
  checkPrefix(prefix);
  baseDir = checkBaseDir(baseDir);
  if (!Number.isInteger(count) || count < 1 || count > 9) {
    throw new Error(`netnsNodes: count must be 1-9, got ${JSON.stringify(count)}`);
  }
  if (!/^(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.test(subnet) || subnet.split('.').some((part) => Number(part) > 255)) {
    throw new Error(`netnsNodes: subnet must be the first three octets of a /24, e.g. "10.213.0", got ${JSON.stringify(subnet)}`);
  }
  if (storageDriver !== undefined && !/^[a-z0-9]+$/.test(storageDriver)) {
    throw new Error(`netnsNodes: bad storageDriver ${JSON.stringify(storageDriver)}`);
  }
  images = [...images];
  if (images.length) {
    const present = await attempt('docker', ['image', 'inspect', '--format', '{{.Id}}', ...images], { timeoutMs: 15000 });
    if (!present.ok) {
      throw new Error(`netnsNodes: the images to load must be on this machine's engine (no registry can be reached); ${present.out}. ` +
        'test/harness/ensure-docker.sh starts the engine and builds busybox, alpine and hello-world offline.');
    }
  }

  const cleanup = await stopNodes({ prefix, baseDir });
  const timings = { cleanupMs: Date.now() - began, networkMs: 0, enginesMs: 0, imagesMs: 0, totalMs: 0 };
  const stop = () => stopNodes({ prefix, baseDir });
  try {
    fs.mkdirSync(baseDir, { recursive: true, mode: 0o700 });
    fs.chmodSync(baseDir, 0o700);
    fs.writeFileSync(path.join(baseDir, MARKER), `made by test/harness/netnsNodes.mjs for prefix ${prefix}\n`);
    const configFile = path.join(baseDir, 'daemon.json');
    fs.writeFileSync(configFile, '{}\n');

    // The switch: a bridge in a namespace of its own, one port per node.
    let step = Date.now();
    const sw = `${prefix}sw`;
    await run('ip', ['netns', 'add', sw]);
    await run('ip', ['-n', sw, 'link', 'set', 'lo', 'up']);
    await run('ip', ['-n', sw, 'link', 'add', 'br0', 'type', 'bridge']);
    await run('ip', ['-n', sw, 'link', 'set', 'br0', 'up']);
    const nodes = [];
    for (let i = 1; i <= count; i++) {
      const netns = `${prefix}${i}`;
      const address = `${subnet}.${i}`;
      await run('ip', ['netns', 'add', netns]);
      await run('ip', ['-n', sw, 'link', 'add', `p${i}`, 'type', 'veth', 'peer', 'name', 'eth0', 'netns', netns]);
      await run('ip', ['-n', sw, 'link', 'set', `p${i}`, 'master', 'br0', 'up']);
      await run('ip', ['-n', netns, 'addr', 'add', `${address}/24`, 'dev', 'eth0']);
      await run('ip', ['-n', netns, 'link', 'set', 'eth0', 'up']);
      await run('ip', ['-n', netns, 'link', 'set', 'lo', 'up']);
      const dir = path.join(baseDir, `node${i}`);
      fs.mkdirSync(dir, { mode: 0o700 });
      nodes.push({ name: `node${i}`, host: `unix://${dir}/docker.sock`, address, netns, pid: 0, socket: path.join(dir, 'docker.sock'), dataRoot: path.join(dir, 'data'), log: path.join(dir, 'dockerd.log') });
    }
    timings.networkMs = Date.now() - step;

    // The engines, started together; each detached so a CLI `start` can exit and leave them running.
    step = Date.now();
    // In the node's own mount namespace: its hostname, and tmpfs over the host's docker config and run folders.
    const wrapper = 'set -e; hostname "$0"; for d in /etc/docker /run/docker /run/containerd; do if [ -d "$d" ]; then mount -t tmpfs -o mode=0700 tmpfs "$d"; fi; done; exec "$@"';
    const exits = new Map();
    for (const node of nodes) {
      const dir = path.dirname(node.socket);
      const args = [
        `--net=/run/netns/${node.netns}`, '--', 'unshare', '--uts', '--mount', '--propagation', 'private', '--',
        '/bin/sh', '-c', wrapper, node.name,
        'dockerd', '--data-root', node.dataRoot, '--exec-root', path.join(dir, 'exec'), '--pidfile', path.join(dir, 'docker.pid'),
        '-H', node.host, '--config-file', configFile, '--cgroup-parent', `/${prefix}-${node.name}`, '--shutdown-timeout', '1',
        ...(storageDriver ? ['--storage-driver', storageDriver] : []),
      ];
      const logFd = fs.openSync(node.log, 'a');
      const child = spawn('nsenter', args, { detached: true, stdio: ['ignore', logFd, logFd] });
      fs.closeSync(logFd);
      child.on('exit', (code, signal) => exits.set(node.name, signal ?? code));
      child.on('error', (error) => exits.set(node.name, error.message));
      child.unref();
      // nsenter, unshare and sh each exec the next: this pid is dockerd's.
      node.pid = child.pid;
    }
    for (const node of nodes) {
      const deadline = Date.now() + startTimeoutMs;
      while (!(await ping(node.socket))) {
        if (exits.has(node.name)) {
          throw new Error(`netnsNodes: dockerd of ${node.name} exited (${exits.get(node.name)}):\n${tail(node.log)}`);
        }
        if (Date.now() > deadline) {
          throw new Error(`netnsNodes: dockerd of ${node.name} did not answer on ${node.socket} within ${startTimeoutMs} ms:\n${tail(node.log)}`);
        }
        await sleep(50);
      }
    }
    timings.enginesMs = Date.now() - step;

    // The images, saved once and loaded into every node in parallel.
    step = Date.now();
    if (images.length) {
      const archive = path.join(baseDir, 'images.tar');
      await run('docker', ['save', '-o', archive, ...images], { timeoutMs: 120000 });
      await Promise.all(nodes.map((node) => run('docker', ['-H', node.host, 'load', '-q', '-i', archive], { timeoutMs: 120000 })));
      fs.rmSync(archive, { force: true });
    }
    timings.imagesMs = Date.now() - step;
    timings.totalMs = Date.now() - began;

    const state = { prefix, baseDir, subnet: `${subnet}.0/24`, nodes: nodes.map(({ name, host, address, netns, pid }) => ({ name, host, address, netns, pid })) };
    fs.writeFileSync(path.join(baseDir, 'state.json'), `${JSON.stringify(state, null, 2)}\n`);
    return { nodes, subnet: state.subnet, baseDir, timings, cleanedBeforeStart: cleanup, stop };
  } catch (error) {
    await stopNodes({ prefix, baseDir }).catch(() => undefined);
    throw error;
  }
}

async function main(argv) {
  const [command, ...rest] = argv;
  const options = {};
  for (let i = 0; i < rest.length; i++) {
    const flag = rest[i];
    const value = rest[i + 1];
    if (!['--count', '--prefix', '--images', '--base-dir', '--subnet', '--storage-driver'].includes(flag) || value === undefined) {
      throw new Error(`unknown or incomplete option ${flag}`);
    }
    i++;
    if (flag === '--count') {
      options.count = Number(value);
    } else if (flag === '--prefix') {
      options.prefix = value;
    } else if (flag === '--images') {
      options.images = value.split(',').filter(Boolean);
    } else if (flag === '--base-dir') {
      options.baseDir = value;
    } else if (flag === '--subnet') {
      options.subnet = value;
    } else {
      options.storageDriver = value;
    }
  }
  if (command === 'start') {
    const started = await startNodes(options);
    const { stop: _stop, cleanedBeforeStart: _cleaned, ...printable } = started;
    process.stdout.write(`${JSON.stringify(printable, null, 2)}\n`);
  } else if (command === 'stop') {
    const { prefix, baseDir } = options;
    process.stdout.write(`${JSON.stringify(await stopNodes({ prefix, baseDir }), null, 2)}\n`);
  } else if (command === 'leftovers') {
    const { prefix, baseDir } = options;
    process.stdout.write(`${JSON.stringify(await leftovers({ prefix, baseDir }), null, 2)}\n`);
  } else {
    throw new Error('usage: netnsNodes.mjs start --count N --prefix P [--images a,b] [--base-dir D] [--subnet 10.213.0] [--storage-driver overlay2]\n' +
      '       netnsNodes.mjs stop --prefix P [--base-dir D]\n       netnsNodes.mjs leftovers --prefix P');
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2)).catch((error) => {
    process.stderr.write(`${error.message}\n`);
    process.exitCode = 1;
  });
}
