import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/** The Docker engine the docker CLI would talk to, and why. */
export interface DockerTarget {
  /** The context name (`default` when none is set). */
  readonly context: string;
  /** The engine endpoint, e.g. `unix:///var/run/docker.sock`, `tcp://10.0.0.5:2376`, `ssh://me@host`. */
  readonly host: string;
  /** Where the endpoint came from. */
  readonly source: 'DOCKER_HOST' | 'context' | 'default';
}

export const DEFAULT_DOCKER_HOST = process.platform === 'win32' ? 'npipe:////./pipe/docker_engine' : 'unix:///var/run/docker.sock';

function configDir(env: NodeJS.ProcessEnv): string {
  return env.DOCKER_CONFIG ?? path.join(env.HOME ?? os.homedir(), '.docker');
}

async function readJson(file: string): Promise<unknown> {
  try {
    return JSON.parse(await fs.readFile(file, 'utf8'));
  } catch {
    return undefined;
  }
}

/**
 * Resolves the engine as the docker CLI does: `DOCKER_HOST`, else the context named by
 * `DOCKER_CONTEXT` or `currentContext` in config.json (its endpoint from the context store), else the
 * default socket. dockerode reads only DOCKER_HOST, hence this.
 */
export async function resolveDockerTarget(env: NodeJS.ProcessEnv = process.env): Promise<DockerTarget> {
  if (env.DOCKER_HOST) {
    return { context: env.DOCKER_CONTEXT ?? 'default', host: env.DOCKER_HOST, source: 'DOCKER_HOST' };
  }
  const dir = configDir(env);
  const config = (await readJson(path.join(dir, 'config.json'))) as { currentContext?: unknown } | undefined;
  const context = env.DOCKER_CONTEXT ?? (typeof config?.currentContext === 'string' ? config.currentContext : 'default');
  if (context && context !== 'default') {
    // The context store names each context's folder by the SHA-256 of its name.
    const digest = createHash('sha256').update(context).digest('hex');
    const meta = (await readJson(path.join(dir, 'contexts', 'meta', digest, 'meta.json'))) as
      | { Endpoints?: { docker?: { Host?: unknown } } }
      | undefined;
    const host = meta?.Endpoints?.docker?.Host;
    if (typeof host === 'string' && host !== '') {
      return { context, host, source: 'context' };
    }
  }
  return { context: 'default', host: DEFAULT_DOCKER_HOST, source: 'default' };
}

/**
 * Whether the docker CLI's config.json sets `proxies`, which the CLI passes into every container it
 * runs as HTTP_PROXY and friends: a run through the Engine API would miss them.
 */
export async function cliSetsProxies(env: NodeJS.ProcessEnv = process.env): Promise<boolean> {
  const config = (await readJson(path.join(configDir(env), 'config.json'))) as { proxies?: unknown } | undefined;
  const proxies = config?.proxies;
  return typeof proxies === 'object' && proxies !== null && Object.keys(proxies).length > 0;
}

/** dockerode's connection options for an endpoint. */
export function dockerodeOptions(host: string): Record<string, unknown> {
  const url = new URL(host);
  switch (url.protocol) {
    case 'unix:':
      return { socketPath: decodeURIComponent(url.pathname) };
    case 'npipe:':
      return { socketPath: host.slice('npipe://'.length) };
    case 'tcp:':
    case 'http:':
      return { host: url.hostname, port: Number(url.port || 2375), protocol: 'http' };
    case 'https:':
      return { host: url.hostname, port: Number(url.port || 2376), protocol: 'https' };
    case 'ssh:':
      return { host: url.hostname, port: Number(url.port || 22), username: url.username || undefined, protocol: 'ssh' };
    default:
      throw new Error(`unsupported Docker endpoint ${host}`);
  }
}
