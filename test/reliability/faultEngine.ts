/**
 * A throwaway Docker engine for fault tests: a second dockerd with its own socket, data, exec root
 * and containerd, which a test may kill, stop and start at will. The shared engine
 * (/var/run/docker.sock) is never touched, except to read the busybox image from it.
 */
import type { ChildProcess } from 'node:child_process';
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';

export class FaultEngine {
  readonly dir: string;
  readonly socket: string;
  readonly host: string;
  private child: ChildProcess | undefined;
  private exited: Promise<void> = Promise.resolve();
  private starts = 0;

  constructor(readonly id: string = String(process.pid)) {
    this.dir = `/tmp/cn-fault-${id}`;
    this.socket = `/tmp/cn-fault-${id}.sock`;
    this.host = `unix://${this.socket}`;
  }

  get log(): string {
    return `${this.dir}/dockerd.log`;
  }

  get running(): boolean {
    return this.child !== undefined && this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Starts dockerd and resolves, with the time it took, once it answers /_ping. */
  async start(timeoutMs = 60_000): Promise<number> {
    if (this.running) {
      throw new Error('the fault engine is already running');
    }
    fs.mkdirSync(this.dir, { recursive: true });
    this.forgetDeadContainerd();
    const log = fs.openSync(this.log, 'a');
    const started = Date.now();
    this.starts++;
    // Its own network namespace: a dockerd started with `--bridge none` deletes any docker0 it
    // sees, which would take the shared engine's bridge with it.
    const child = spawn(
      'unshare',
      [
        '--net',
        'dockerd',
        '--host', this.host,
        '--data-root', `${this.dir}/data`,
        '--exec-root', `${this.dir}/exec`,
        '--pidfile', `${this.dir}/docker.pid`,
        '--bridge', 'none',
        '--iptables=false',
        '--ip-masq=false',
        // No overlay mounts to clean up after a kill: the one image is 2 MB.
        '--storage-driver', 'vfs',
      ],
      { stdio: ['ignore', log, log] },
    );
    fs.closeSync(log);
    this.child = child;
    this.exited = new Promise((resolve) => child.once('exit', () => resolve()));
    const failed = new Promise<never>((_, reject) => {
      child.once('error', reject);
      child.once('exit', (code, signal) => reject(new Error(`dockerd exited (${code ?? signal}) while starting: ${this.logTail()}`)));
    });
    failed.catch(() => undefined);
    const deadline = started + timeoutMs;
    for (;;) {
      if (await Promise.race([this.ping(), failed])) {
        return Date.now() - started;
      }
      if (Date.now() > deadline) {
        throw new Error(`dockerd did not answer within ${timeoutMs} ms: ${this.logTail()}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  /**
   * After a SIGKILL, dockerd's containerd dies too but stays a zombie until PID 1 reaps it (late on
   * this machine). dockerd takes the pid in containerd.pid for a live containerd and waits for it in
   * vain ("containerd is still running" … "timeout waiting for containerd to start"), so a pid file
   * naming anything but our running containerd is removed first, as a reaping init would allow.
   */
  private forgetDeadContainerd(): void {
    const pidFile = `${this.dir}/exec/containerd/containerd.pid`;
    let pid: number;
    try {
      pid = Number(fs.readFileSync(pidFile, 'utf8').trim());
    } catch {
      return;
    }
    let cmdline = '';
    try {
      cmdline = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8'); // empty for a zombie
    } catch {
      // gone
    }
    if (!cmdline.includes(this.dir)) {
      fs.rmSync(pidFile, { force: true });
    }
  }

  /** Whether the engine answers on its socket. */
  ping(): Promise<boolean> {
    return new Promise((resolve) => {
      const request = http.get({ socketPath: this.socket, path: '/_ping', timeout: 2000 }, (response) => {
        response.resume();
        resolve(response.statusCode === 200);
      });
      request.on('error', () => resolve(false));
      request.on('timeout', () => {
        request.destroy();
        resolve(false);
      });
    });
  }

  /** Sends dockerd a signal (SIGKILL: the engine dies in the middle of whatever it does). */
  kill(signal: NodeJS.Signals): void {
    if (this.child?.pid !== undefined) {
      process.kill(this.child.pid, signal);
    }
  }

  /** Waits for dockerd to exit; false when it has not within `timeoutMs`. */
  async waitExit(timeoutMs: number): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    try {
      return await Promise.race([this.exited.then(() => true), new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), timeoutMs)))]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Stops dockerd as a service manager would: SIGTERM (it stops its containers), SIGKILL after 30 s. */
  async stop(): Promise<void> {
    if (!this.running) {
      return;
    }
    this.kill('SIGTERM');
    if (!(await this.waitExit(30_000))) {
      this.kill('SIGKILL');
      await this.waitExit(5000);
    }
  }

  /**
   * Stops the engine and removes every trace of it: processes still carrying its folder in their
   * command line (containerd, shims) and their descendants, its mounts, its folder and socket.
   */
  async destroy(): Promise<void> {
    await this.stop();
    const ours = processesMentioning(this.dir);
    for (const pid of withDescendants(ours)) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // gone
      }
    }
    for (const mountPoint of mountsUnder(this.dir).reverse()) {
      spawnSync('umount', ['-l', mountPoint]);
    }
    fs.rmSync(this.dir, { recursive: true, force: true });
    fs.rmSync(this.socket, { force: true });
  }

  logTail(lines = 15): string {
    try {
      return fs.readFileSync(this.log, 'utf8').trim().split('\n').slice(-lines).join('\n');
    } catch {
      return '(no log)';
    }
  }

  /** Loads an image tarball (from `docker save`) into this engine. */
  load(tarball: string): void {
    const out = spawnSync('docker', ['-H', this.host, 'load', '-i', tarball], { encoding: 'utf8', timeout: 60_000 });
    if (out.status !== 0) {
      throw new Error(`docker load into the fault engine failed: ${out.stderr}`);
    }
  }
}

function processesMentioning(text: string): number[] {
  const found: number[] = [];
  for (const name of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(name) || Number(name) === process.pid) {
      continue;
    }
    try {
      if (fs.readFileSync(`/proc/${name}/cmdline`, 'utf8').includes(text)) {
        found.push(Number(name));
      }
    } catch {
      // gone
    }
  }
  return found;
}

function withDescendants(roots: readonly number[]): number[] {
  const parents = new Map<number, number>();
  for (const name of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) {
      continue;
    }
    try {
      const stat = fs.readFileSync(`/proc/${name}/stat`, 'utf8');
      parents.set(Number(name), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {
      // gone
    }
  }
  const all = new Set(roots);
  let grew = true;
  while (grew) {
    grew = false;
    for (const [pid, parent] of parents) {
      if (all.has(parent) && !all.has(pid)) {
        all.add(pid);
        grew = true;
      }
    }
  }
  return [...all];
}

function mountsUnder(dir: string): string[] {
  return fs
    .readFileSync('/proc/self/mounts', 'utf8')
    .split('\n')
    .map((line) => line.split(' ')[1])
    .filter((mountPoint): mountPoint is string => mountPoint !== undefined && (mountPoint === dir || mountPoint.startsWith(`${dir}/`)));
}
