import * as path from 'node:path';
import { DockerEngine } from './dockerEngine';
import { resolveDockerTarget } from './dockerTarget';

/**
 * The Docker engine the docker CLI would talk to now, for everyone who needs it (runs, clean-up,
 * the status bar, placeholders): resolved again on each call, since contexts change, and one
 * DockerEngine object kept while the target stays the same.
 */
export class EngineProvider {
  private readonly engines = new Map<string, DockerEngine>();

  constructor(private readonly environment: () => NodeJS.ProcessEnv) {}

  /** The engine of the default target. */
  current(): Promise<DockerEngine> {
    return this.forEnvironment(this.environment());
  }

  /** The engine the docker CLI would talk to with `env` (a terminal bound to a node has its own). */
  async forEnvironment(env: NodeJS.ProcessEnv): Promise<DockerEngine> {
    const target = await resolveDockerTarget(env);
    const key = `${target.context}\u0000${target.host}`;
    let engine = this.engines.get(key);
    if (!engine) {
      engine = new DockerEngine(target);
      this.engines.set(key, engine);
    }
    return engine;
  }
}

/** The environment runs get: `base`, with the folders of configured tool paths first on PATH. */
export function runEnvironment(toolPaths: readonly string[], base: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const extra = toolPaths.filter((tool) => tool.includes('/') || tool.includes('\\')).map((tool) => path.dirname(tool));
  const env = { ...base };
  if (extra.length > 0) {
    env.PATH = [...new Set(extra), env.PATH ?? ''].join(path.delimiter);
  }
  return env;
}
