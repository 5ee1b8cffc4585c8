import type { CommandKind } from '../core/commandKinds';
import { withLiveContainers } from '../core/failureExplanation';
import { drawsProgress, serviceLeftBehind } from '../core/progressCommands';
import type { DockerRunSpec } from '../core/dockerCliSpec';
import { translateDockerCommand, withDefaultTag } from '../core/dockerCliSpec';
import type { DockerEngine } from './dockerEngine';
import { cliSetsProxies } from './dockerTarget';
import type { InteractiveSession, SessionIo } from './interactiveSession';
import { startInteractiveSession } from './interactiveSession';
import type { ActiveRun, RunResult } from './shellRunner';
import { runInShell } from './shellRunner';

/** Where a command's output goes, and the size of the terminal it shows in. */
export interface CommandIo {
  readonly write: (text: string) => void;
  readonly columns: number;
  readonly rows: number;
}

export interface CommandRunOptions {
  readonly cwd: string | undefined;
  readonly env: NodeJS.ProcessEnv;
  /** The engine the docker CLI would talk to (made on first use). */
  readonly engine: () => Promise<DockerEngine>;
  /** Progress of an image pulled for an interactive session. */
  readonly pullProgress?: SessionIo['pullProgress'];
  readonly pulling?: SessionIo['pulling'];
}

/** A command started by {@link startCommand}. */
export interface CommandJob {
  readonly done: Promise<RunResult>;
  /** How it runs: through the Engine API, or as a process (the docker CLI, kubectl, a shell). */
  readonly via: Promise<'engine' | 'process'>;
  cancel(): void;
  /** Keystrokes, for interactive sessions; present only for them. */
  readonly input?: (data: string) => void;
  readonly resize?: (columns: number, rows: number) => void;
}

/**
 * Runs a command of a note as the Run lens does:
 * - an interactive `docker run -it`/`exec -it`/`attach` whose flags translate: an Engine API session
 *   in the note's terminal (keystrokes, resizes, exit code);
 * - a plain `docker run` whose flags translate and whose image is present (and no proxies in the
 *   CLI's config.json, which the CLI would pass into the container): through the Engine API
 *   too, which saves the docker CLI's start (~35 ms a run, about 10%: see the bench's docker-run
 *   row). An image that must be pulled goes to the CLI, which has the user's registry credentials
 *   and prints the pull as people know it;
 * - anything else (other commands, shell syntax, flags we do not translate, no engine): a process,
 *   as the shell would run it (see runInShell).
 */
export function startCommand(text: string, kind: CommandKind, io: CommandIo, options: CommandRunOptions): CommandJob {
  const shell = (): ActiveRun => {
    const progress = drawsProgress(kind);
    let tail = '';
    const onData = progress
      ? (chunk: string) => {
          tail = (tail + chunk).slice(-4096);
          io.write(chunk);
        }
      : io.write;
    // Progress drawn for a terminal redraws in place under a pseudo-terminal instead of flooding.
    const run = runInShell(text, { cwd: options.cwd, env: options.env, onData, tty: progress ? { columns: io.columns, rows: io.rows } : undefined });
    const done = run.done.then((result) => {
      const left = result.status === 'cancelled' ? serviceLeftBehind(kind, tail) : undefined;
      return left ? { ...result, message: left } : withContainerNames(result, options.engine);
    });
    return { done, cancel: run.cancel };
  };
  const translation = kind.program === 'docker' && (kind.interactive || isPlainRun(kind)) ? translateDockerCommand(kind, options.env) : undefined;
  // A plain run with -i (no -t) reads its stdin, which the CLI run as a process ends at once; the
  // platform default of the environment is the CLI's to apply.
  const cliOnly = !kind.interactive && translation?.ok && (translation.spec.kind !== 'run' || translation.spec.openStdin || Boolean(options.env.DOCKER_DEFAULT_PLATFORM));
  if (!translation?.ok || cliOnly) {
    const run = shell();
    return { done: run.done, via: Promise.resolve('process'), cancel: run.cancel };
  }
  const sessionIo: SessionIo = { output: io.write, columns: io.columns, rows: io.rows, pullProgress: options.pullProgress, pulling: options.pulling };
  let current: { cancel(): void } | undefined;
  let session: InteractiveSession | undefined;
  // Keys typed while the engine is still being reached: the terminal has the focus from the start.
  const early: string[] = [];
  let cancelled = false;
  const spec = translation.spec;
  const engine = options.engine();
  const via = kind.interactive
    ? Promise.resolve('engine' as const)
    : engine.then(
        async (ready) => {
          const [present, proxies] = await Promise.all([ready.hasImage(withDefaultTag((spec as DockerRunSpec).image)), cliSetsProxies(options.env)]);
          return present && !proxies ? ('engine' as const) : ('process' as const);
        },
        () => 'process' as const, // no engine: the CLI says so in its own words
      ).catch(() => 'process' as const);
  const done = via.then(async (how): Promise<RunResult> => {
    if (how === 'process') {
      if (cancelled) {
        return { status: 'cancelled', exitCode: undefined, durationMs: 0 };
      }
      const run = shell();
      current = run;
      return run.done;
    }
    const ready = await engine;
    if (cancelled) {
      return { status: 'cancelled', exitCode: undefined, durationMs: 0 };
    }
    // The session checks for a cancel at each of its steps (create, start), so none is lost.
    // A plain run got here because its image is present (see `via`).
    session = startInteractiveSession(ready, spec, sessionIo, !kind.interactive);
    for (const data of early.splice(0)) {
      session.write(data);
    }
    current = session;
    return session.done;
  });
  return {
    done,
    via,
    cancel: () => {
      cancelled = true;
      current?.cancel();
    },
    input: kind.interactive ? (data) => (session ? session.write(data) : early.push(data)) : undefined,
    resize: kind.interactive ? (columns, rows) => session?.resize(columns, rows) : undefined,
  };
}

/**
 * A failure naming a container that does not exist, told which containers there are: the name is
 * usually mistyped, or the note's step that makes it was skipped.
 */
async function withContainerNames(result: RunResult, engine: () => Promise<DockerEngine>): Promise<RunResult> {
  if (!result.missingContainer) {
    return result;
  }
  const explanation = { message: result.message ?? `there is no container ${result.missingContainer}`, missingContainer: result.missingContainer };
  try {
    const containers = await (await engine()).api.listContainers({ all: true });
    const names = containers.map((c) => `${c.Names[0]?.replace(/^\//, '') ?? c.Id.slice(0, 12)}${c.State === 'running' ? '' : ` (${c.State})`}`);
    return { ...result, message: withLiveContainers(explanation, names) };
  } catch {
    return result; // the engine's own error is in the output already
  }
}

/** `docker run …` / `docker container run …` without -i or -t. */
function isPlainRun(kind: CommandKind): boolean {
  const verb = kind.subcommand[kind.subcommand.length - 1];
  return verb === 'run' && !kind.interactive;
}
