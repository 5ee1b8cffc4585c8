import * as path from 'node:path';
import { DockerEngine } from './dockerEngine';
import { resolveDockerTarget } from './dockerTarget';

/**
 * The Docker engine the docker CLI would talk to now, for everyone who needs it (runs, clean-up,
 * the status bar, placeholders): resolved again on each call, since contexts change, and one
 * DockerEngine object kept while the target stays the same.
 */
export class EngineProvider {
  private engine: DockerEngine | undefined;

  constructor(private readonly environment: () => NodeJS.ProcessEnv) {}

  async current(): Promise<DockerEngine> {
    const target = await resolveDockerTarget(this.environment());
    if (!this.engine || this.engine.target.host !== target.host || this.engine.target.context !== target.context) {
      this.engine = new DockerEngine(target);
    }
    return this.engine;
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
