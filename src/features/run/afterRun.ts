import type * as vscode from 'vscode';
import type { NodeTarget } from '../../core/nodeTargets';
import { describeEngineFault } from '../../core/nodeTargets';
import { linksFromBindings, publishesPorts } from '../../core/publishedPorts';
import type { EngineProvider } from '../../runner/engineProvider';
import type { RunResult } from '../../runner/runTypes';
import type { Log } from '../../platform/log';
import type { CreatedObjects } from './cleanup';

/** What {@link afterRun} reads: the objects the note's runs created, the engines, the log. */
export interface AfterRunDeps {
  readonly created: CreatedObjects;
  readonly engines: EngineProvider;
  readonly log: Log;
}

/** What a run gets once it ended; `stepStarted` (a block's steps) says where the step that runs began. */
export interface AfterRun {
  (result: RunResult): Promise<RunResult>;
  /** A block's next step starts: a Stop stops only what is created from here (not an earlier step's `docker run -d`). */
  stepStarted(): void;
}

/**
 * What a run's result gets once it ended: its verdict against the note, a failure of a node's
 * engine told by the node's name, and from the containers the run created (those the note's
 * objects gained since this was made, as the run started): a Stop also stops those of the step it
 * stopped (the docker CLI leaves a container running when it is interrupted), and a run that
 * published ports gets links to them (read from the engine, so `-P` gives the ports really bound).
 */
export function afterRun(
  deps: AfterRunDeps,
  uri: vscode.Uri,
  text: string,
  target: NodeTarget | undefined,
  env: NodeJS.ProcessEnv,
  verdict: (result: RunResult) => RunResult,
): AfterRun {
  const { created, engines, log } = deps;
  const before = created.list(uri).length;
  let stepBefore = before;
  const apply = async (raw: RunResult): Promise<RunResult> => {
    let result = verdict(raw);
    if (target && result.engineFault && (result.status === 'failed' || result.status === 'error')) {
      // The engine of a node: what went wrong is told by the node's name (the CLI does not name it).
      result = { ...result, message: describeEngineFault(target, result.engineFault) };
    }
    const cancelled = result.status === 'cancelled';
    // Links only for the default engine: a port published on a node is not on this machine's localhost.
    if (!cancelled && !(result.status === 'ok' && !target && publishesPorts(text))) {
      return result;
    }
    try {
      await created.settle();
      const ids = created.list(uri).slice(cancelled ? stepBefore : before).filter((object) => object.type === 'container').map((object) => object.id);
      if (ids.length === 0) {
        return result;
      }
      const engine = await engines.forEnvironment(env);
      const containers = await engine.api.listContainers({ filters: { id: ids } });
      if (cancelled) {
        await Promise.all(containers.map((container) => engine.api.getContainer(container.Id).kill().catch(() => undefined)));
        const names = containers.map((container) => container.Names[0]?.replace(/^\//, '') ?? container.Id.slice(0, 12));
        return names.length > 0 ? { ...result, message: `stopped the container${names.length === 1 ? '' : 's'} it started: ${names.join(', ')}` } : result;
      }
      const links = linksFromBindings(containers.flatMap((container) => container.Ports ?? []));
      return links.length > 0 ? { ...result, links } : result;
    } catch (error) {
      log.warn(`After the run: ${error instanceof Error ? error.message : String(error)}`);
      return result;
    }
  };
  return Object.assign(apply, {
    stepStarted: () => {
      stepBefore = created.list(uri).length;
    },
  });
}
