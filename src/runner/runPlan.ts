import type { CommandKind } from '../core/commandKinds';
import type { DockerRunSpec, DockerSpec } from '../core/dockerCliSpec';
import { translateDockerCommand } from '../core/dockerCliSpec';
import { drawsProgress } from '../core/progressCommands';

/**
 * How a command of a note runs: the one routing decision of a run, made here and nowhere else.
 * - `engine-session`: an interactive `docker run -it` / `exec -it` / `attach` whose flags
 *   translate, as an Engine API session in the note's terminal (keystrokes, resizes, exit code);
 * - `engine-run`: a plain `docker run` whose flags translate, through the Engine API, which saves
 *   the docker CLI's start (~35 ms a run, about 10%: the bench's docker-run row). Two conditions
 *   need the engine and the disk, so the executor checks them when it runs the plan: the image is
 *   present (an image to pull goes to the CLI, which has the user's registry credentials and prints
 *   the pull as people know it) and the CLI's config.json sets no proxies (the CLI would pass them
 *   into the container). When either fails it runs the plan as a `process`;
 * - `process`: anything else (other commands, shell syntax, flags we do not translate), as the
 *   shell would run it, under a pseudo-terminal when it draws progress for one;
 * - `vscode-terminal`: an interactive command we cannot run ourselves (`kubectl exec -it`,
 *   `compose exec`, docker flags the session does not translate), in a real VS Code terminal;
 * - `session`: wherever the note's terminal has a shell session (runner/shellSession), every command
 *   runs there, as the student would type it: `cd`, variables and functions carry from one run to
 *   the next, and interactive programs get the session's pty. The other routes are for where there
 *   is no session (no util-linux `script`: macOS, Windows, BusyBox).
 */
export type RunPlan =
  | (PlanBase & { readonly route: 'engine-session'; readonly spec: DockerSpec })
  | (PlanBase & { readonly route: 'engine-run'; readonly spec: DockerRunSpec; readonly fallback: ProcessPlan })
  | ProcessPlan
  | (PlanBase & { readonly route: 'vscode-terminal' })
  | (PlanBase & { readonly route: 'session' });

export type RunRoute = RunPlan['route'];

/** A run as a process; `tty`: under a pseudo-terminal, for progress drawn for a terminal. */
export type ProcessPlan = PlanBase & { readonly route: 'process'; readonly tty: boolean };

interface PlanBase {
  /** The command line as it runs (placeholders filled). */
  readonly text: string;
  readonly kind: CommandKind;
  /** Why this route, in words for the log. */
  readonly reason: string;
}

/** What the plan depends on besides the command: the environment the run gets. */
export interface PlanEnvironment {
  readonly env: NodeJS.ProcessEnv;
  /** The note's terminal has a shell session the command can run in. */
  readonly session?: boolean;
}

/** Decides how `text` (classified as `kind`) runs. Pure: no engine, no disk. */
export function planRun(text: string, kind: CommandKind, environment: PlanEnvironment): RunPlan {
  const base = { text, kind };
  if (environment.session) {
    return { ...base, route: 'session', reason: 'the note terminal\'s shell session (cwd, variables and functions carry over)' };
  }
  const processPlan = (reason: string): ProcessPlan => {
    const tty = drawsProgress(kind);
    return { ...base, route: 'process', tty, reason: tty ? `${reason}; it draws progress for a terminal, so it gets a pseudo-terminal` : reason };
  };
  if (kind.interactive === 'terminal') {
    return { ...base, route: 'vscode-terminal', reason: 'an interactive command the Engine API cannot hold (kubectl, compose, docker start -ai)' };
  }
  if (kind.program !== 'docker') {
    return processPlan(kind.program ? `${kind.program} runs as a process` : 'not a docker command');
  }
  if (!kind.interactive && !isPlainRun(kind)) {
    return processPlan('docker commands other than run go to the docker CLI');
  }
  const translation = translateDockerCommand(kind, environment.env);
  if (!translation.ok) {
    return kind.interactive
      ? { ...base, route: 'vscode-terminal', reason: translation.reason }
      : processPlan(translation.reason);
  }
  if (kind.interactive) {
    return { ...base, route: 'engine-session', spec: translation.spec, reason: 'an interactive docker command whose flags translate' };
  }
  const spec = translation.spec;
  if (spec.kind !== 'run') {
    return processPlan('only docker run goes through the Engine API');
  }
  if (spec.openStdin) {
    // The CLI run as a process ends its stdin at once; through the API it would wait for input.
    return processPlan('-i without -t reads stdin, which the CLI ends at once');
  }
  if (environment.env.DOCKER_DEFAULT_PLATFORM) {
    return processPlan('DOCKER_DEFAULT_PLATFORM is the CLI\'s to apply');
  }
  return {
    ...base,
    route: 'engine-run',
    spec,
    reason: 'a plain docker run whose flags translate (if its image is present and no proxies are set)',
    fallback: processPlan('its image must be pulled, or the CLI\'s config.json sets proxies'),
  };
}

/** `docker run …` / `docker container run …` without -i and -t. */
function isPlainRun(kind: CommandKind): boolean {
  return kind.subcommand[kind.subcommand.length - 1] === 'run' && !kind.interactive;
}
