/**
 * Helpers for the runner suite: real processes, a real Docker engine, real kubectl. Everything a
 * test makes carries a name unique to this run so parallel runs (and other people's tests on the same
 * engine) never collide, and each test removes what it made.
 */
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import type { RunResult } from '../../src/runner/runTypes';
import type { ShellRunOptions } from '../../src/runner/shellRunner';
import { runInShell } from '../../src/runner/shellRunner';
import { ROOT } from '../unit/helpers';

/** The repository root (the unit suite's helper finds it from the compiled location). */
export { ROOT };

const RUN_ID = `${process.pid.toString(36)}${Date.now().toString(36).slice(-5)}`;
let counter = 0;

/** A name no other run uses: `cn-test-<what>-<run>-<n>` (valid for containers, services, networks, volumes). */
export function uniqueName(what: string): string {
  counter++;
  return `cn-test-${what}-${RUN_ID}-${counter}`;
}

/** A number unlikely to appear in any other process's command line, for `sleep <n>` markers. */
export function uniqueSeconds(): number {
  return 40000 + Math.floor(Math.random() * 50000);
}

/** A fresh temporary folder, and a function removing it. */
export function tempDir(prefix: string): { dir: string; remove: () => void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `course-notes-${prefix}-`));
  return { dir, remove: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

export interface ShellRun {
  readonly result: RunResult;
  readonly output: string;
  /** Each onData call with the time it came, in ms since the start. */
  readonly chunks: { readonly at: number; readonly text: string }[];
}

/** Runs a command line through runInShell and collects what it printed. */
export async function shell(command: string, options: Partial<ShellRunOptions> = {}): Promise<ShellRun> {
  const started = Date.now();
  const chunks: { at: number; text: string }[] = [];
  const run = runInShell(command, {
    cwd: options.cwd,
    env: options.env ?? process.env,
    shell: options.shell,
    killGraceMs: options.killGraceMs,
    onData: (text) => chunks.push({ at: Date.now() - started, text }),
  });
  const result = await run.done;
  return { result, output: chunks.map((chunk) => chunk.text).join(''), chunks };
}

export interface ToolOutput {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs a program without a shell; never rejects (the exit code says how it went). */
export function exec(program: string, args: readonly string[], options: { env?: NodeJS.ProcessEnv; timeoutMs?: number } = {}): Promise<ToolOutput> {
  return new Promise((resolve) => {
    execFile(program, [...args], { env: options.env ?? process.env, timeout: options.timeoutMs ?? 30000, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      const code = error ? (typeof (error as { code?: unknown }).code === 'number' ? ((error as { code: number }).code) : 1) : 0;
      resolve({ code, stdout: String(stdout), stderr: String(stderr) });
    });
  });
}

/** The docker CLI, for setting up and checking what the code under test did. */
export function docker(...args: string[]): Promise<ToolOutput> {
  return exec('docker', args);
}

/** Like {@link docker}, but fails the test with the CLI's message when the command fails. */
export async function dockerOk(...args: string[]): Promise<string> {
  const out = await docker(...args);
  if (out.code !== 0) {
    throw new Error(`docker ${args.join(' ')} failed (${out.code}): ${out.stderr.trim()}`);
  }
  return out.stdout.trim();
}

/** Removes containers by name, quietly (cleanup: they may be gone already). */
export async function removeContainers(...names: string[]): Promise<void> {
  if (names.length) {
    await docker('rm', '-f', '-v', ...names);
  }
}

let dockerReady: Promise<void> | undefined;

/**
 * A running Docker engine with the offline images (alpine, busybox, hello-world): starts it through
 * test/harness/ensure-docker.sh when nothing answers. Fails (never skips) when that is impossible.
 */
export function ensureDocker(): Promise<void> {
  dockerReady ??= (async () => {
    const images = await docker('image', 'inspect', 'alpine:latest', 'busybox:latest', 'hello-world:latest');
    if (images.code === 0) {
      return;
    }
    const setup = await exec('bash', [path.join(ROOT, 'test', 'harness', 'ensure-docker.sh')], { timeoutMs: 10 * 60_000 });
    if (setup.code !== 0) {
      throw new Error(`no Docker engine: ensure-docker.sh failed (${setup.code}): ${setup.stderr.trim().split('\n').slice(-5).join('\n')}`);
    }
  })();
  return dockerReady;
}

/** Polls `check` until it returns a value other than undefined/false, or fails after `timeoutMs`. */
export async function waitFor<T>(what: string, check: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs = 10000, everyMs = 100): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined && value !== false) {
        return value;
      }
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    }
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}

/** A TCP port free on loopback right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as net.AddressInfo).port;
      server.close(() => resolve(port));
    });
  });
}

export interface ProcessRow {
  readonly pid: number;
  readonly pgid: number;
  /** ps's STAT: `Z…` is a zombie, a process that has ended and waits to be reaped. */
  readonly stat: string;
  readonly args: string;
}

/**
 * Every live process on the machine, as `ps -eo pid,pgid,stat,args` lists it. Zombies are left out:
 * they have ended (on this machine PID 1 does not reap orphans, so they stay listed as <defunct>).
 */
export async function processes(): Promise<ProcessRow[]> {
  const out = await exec('ps', ['-eo', 'pid=,pgid=,stat=,args=']);
  return out.stdout
    .split('\n')
    .map((line) => /^\s*(\d+)\s+(\d+)\s+(\S+)\s+(.*)$/.exec(line))
    .filter((match): match is RegExpExecArray => match !== null)
    .map((match) => ({ pid: Number(match[1]), pgid: Number(match[2]), stat: match[3], args: match[4] }))
    .filter((row) => !row.stat.startsWith('Z'));
}

/** Sends SIGKILL to the given processes (cleanup after a failed tree test), ignoring those gone. */
export function killPids(pids: readonly number[]): void {
  for (const pid of pids) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
  }
}

/** Reads a page over HTTP from loopback. */
export async function httpGet(url: string): Promise<{ status: number; body: string }> {
  const response = await fetch(url, { signal: AbortSignal.timeout(5000) });
  return { status: response.status, body: await response.text() };
}

/** The engine's Swarm state before a test, so the test can leave it as it found it. */
export interface SwarmBefore {
  readonly state: string;
  /** docker_gwbridge existed (`swarm init` makes it, `swarm leave` leaves it). */
  readonly gwbridge: boolean;
}

export async function swarmBefore(): Promise<SwarmBefore> {
  return {
    state: await dockerOk('info', '--format', '{{.Swarm.LocalNodeState}}'),
    gwbridge: (await docker('network', 'inspect', 'docker_gwbridge')).code === 0,
  };
}

/** Removes `service`, then leaves the swarm and its bridge network if the test made them. */
export async function restoreSwarm(before: SwarmBefore, service: string): Promise<void> {
  await docker('service', 'rm', service);
  if (before.state === 'inactive') {
    await docker('swarm', 'leave', '--force');
    if (!before.gwbridge) {
      await docker('network', 'rm', 'docker_gwbridge');
    }
  }
}
