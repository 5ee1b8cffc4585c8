/**
 * Types for test/harness/netnsNodes.mjs and a loader that works from compiled TypeScript. The
 * project compiles to CommonJS, where tsc turns `import()` into `require()`, which cannot load an ES
 * module: the import is made through a Function so Node's own dynamic import runs.
 */
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { repoRoot } from '../../bench/repoRoot';

export interface NetnsNode {
  /** `node1`, `node2`…: also the engine's hostname, so `docker node ls` shows it. */
  readonly name: string;
  /** A DOCKER_HOST value: `unix:///run/<prefix>/nodeN/docker.sock`. */
  readonly host: string;
  /** The node's address on the nodes' own /24 (`10.213.0.N` by default), for `--advertise-addr`. */
  readonly address: string;
  /** The network namespace, `<prefix>N` (`ip -n <netns> …`). */
  readonly netns: string;
  /** dockerd's pid. */
  readonly pid: number;
  readonly socket: string;
  readonly dataRoot: string;
  /** dockerd's log. */
  readonly log: string;
}

export interface StopReport {
  readonly prefix: string;
  readonly leftSwarm: string[];
  /** Engines sent SIGTERM (their pidfile named them). */
  readonly terminated: number[];
  /** Processes sent SIGKILL: engines that did not end in time, and everything else of the prefix. */
  readonly killed: number[];
  readonly unmounted: string[];
  readonly cgroups: number;
  readonly netns: string[];
  readonly removedDir: boolean;
  /** What could not be removed; empty when all went. */
  readonly notes: string[];
  readonly timings: { leaveMs: number; engineStopMs: number; totalMs: number };
}

export interface Leftovers {
  readonly netns: string[];
  readonly processes: number[];
  readonly mounts: string[];
  readonly cgroups: string[];
  readonly baseDir: string[];
}

export interface StartOptions {
  readonly count?: number;
  /** 1-10 lowercase letters/digits; names the namespaces, cgroups and the base folder. */
  readonly prefix?: string;
  /** Images copied from this machine's engine into every node (default busybox and alpine). */
  readonly images?: readonly string[];
  /** Default /run/<prefix>. */
  readonly baseDir?: string;
  /** The first three octets of the nodes' /24 (default 10.213.0). */
  readonly subnet?: string;
  /** Default: dockerd's own choice (overlay2 here). */
  readonly storageDriver?: string;
  readonly startTimeoutMs?: number;
}

export interface StartedNodes {
  readonly nodes: NetnsNode[];
  readonly subnet: string;
  readonly baseDir: string;
  readonly timings: { cleanupMs: number; networkMs: number; enginesMs: number; imagesMs: number; totalMs: number };
  readonly cleanedBeforeStart: StopReport;
  /** stopNodes for this prefix: idempotent. */
  stop(): Promise<StopReport>;
}

export interface NetnsNodesModule {
  readonly DEFAULT_IMAGES: readonly string[];
  checkPrerequisites(): Record<string, string>;
  startNodes(options?: StartOptions): Promise<StartedNodes>;
  stopNodes(options?: { prefix?: string; baseDir?: string; graceMs?: number }): Promise<StopReport>;
  leftovers(options?: { prefix?: string; baseDir?: string }): Promise<Leftovers>;
  mountsUnder(dir: string): string[];
}

/** The harness file, absolute. */
export const NETNS_NODES_MJS = path.join(repoRoot(), 'test', 'harness', 'netnsNodes.mjs');

const importEsm = new Function('specifier', 'return import(specifier)') as (specifier: string) => Promise<unknown>;

/** Loads test/harness/netnsNodes.mjs (plain ESM, no mocha) from compiled tests anywhere under out/. */
export async function loadNetnsNodes(): Promise<NetnsNodesModule> {
  return (await importEsm(pathToFileURL(NETNS_NODES_MJS).href)) as NetnsNodesModule;
}
