import type { CommandKind } from '../core/commandKinds';
import { withLiveContainers } from '../core/failureExplanation';
import { noClusterHint } from '../core/runHints';
import { kubeContexts, kubeCurrentContext } from './cliTools';
import { serviceLeftBehind } from '../core/progressCommands';
import { withDefaultTag } from '../core/dockerCliSpec';
import type { DockerEngine } from './dockerEngine';
import { cliSetsProxies } from './dockerTarget';
import type { InteractiveSession, SessionIo } from './interactiveSession';
import { startInteractiveSession } from './interactiveSession';
import type { ProcessPlan, RunPlan } from './runPlan';
import { planRun } from './runPlan';
import type { RunHandle, RunIo, RunResult } from './runTypes';
import type { ActiveRun } from './shellRunner';
import { explainFailure } from '../core/failureExplanation';
import { runInShell } from './shellRunner';
import type { SessionRunHooks, ShellSession } from './shellSession';

export interface CommandRunOptions {
  readonly cwd: string | undefined;
  readonly env: NodeJS.ProcessEnv;
  /** The engine the docker CLI would talk to (made on first use). */
  readonly engine: () => Promise<DockerEngine>;
  /** kubectl as configured, asked for its contexts when a run reached no cluster (default: `kubectl`). */
  readonly kubectl?: string;
  /** Progress of an image pulled for an interactive session. */
  readonly pullProgress?: SessionIo['pullProgress'];
  readonly pulling?: SessionIo['pulling'];
  /** The shell session of the note's terminal, for `session` plans. */
  readonly session?: ShellSession;
  /**
   * What the caller adds to a result before it is shown (links to the ports a run published, the
   * containers a Stop ended), for every route.
   */
  readonly afterRun?: (result: RunResult) => Promise<RunResult>;
}

/** A command started by {@link executePlan}. */
export interface CommandJob extends RunHandle {
  /** How it runs: through the Engine API, or as a process (the docker CLI, kubectl, a shell). */
  readonly via: Promise<'engine' | 'process'>;
}

/** Plans and executes a command as the Run lens does (see planRun for the routes). */
export function startCommand(text: string, kind: CommandKind, io: RunIo, options: CommandRunOptions): CommandJob {
  return executePlan(planRun(text, kind, { env: options.env }), io, options);
}

/**
 * Executes a plan made by planRun, and decides nothing itself: an `engine-run` checks only the two
 * conditions the plan leaves to run time (its image is present, the CLI sets no proxies) and runs
 * the plan's own fallback when one fails. A `vscode-terminal` plan is the feature's to run.
 */
export function executePlan(plan: RunPlan, io: RunIo, options: CommandRunOptions): CommandJob {
  const job = executeRoute(plan, io, options);
  const after = options.afterRun;
  // A session run calls afterRun itself, before the shell's prompt shows.
  return after && plan.route !== 'session' ? { ...job, done: job.done.then((result) => after(result)) } : job;
}

function executeRoute(plan: RunPlan, io: RunIo, options: CommandRunOptions): CommandJob {
  if (plan.route === 'vscode-terminal') {
    throw new Error(`executePlan: a ${plan.route} plan runs in a VS Code terminal, not here`);
  }
  if (plan.route === 'session') {
    if (!options.session) {
      throw new Error('executePlan: a session plan needs the session');
    }
    return runInSession(plan, options.session, io, options);
  }
  if (plan.route === 'process') {
    const run = runProcess(plan, io, options);
    return { done: run.done, via: Promise.resolve('process'), cancel: run.cancel };
  }
  const interactive = plan.route === 'engine-session';
  const sessionIo: SessionIo = { write: io.write, columns: io.columns, rows: io.rows, pullProgress: options.pullProgress, pulling: options.pulling };
  let current: { cancel(): void } | undefined;
  let session: InteractiveSession | undefined;
  // Keys typed while the engine is still being reached: the terminal has the focus from the start.
  const early: string[] = [];
  let cancelled = false;
  const engine = options.engine();
  const via =
    plan.route === 'engine-session'
      ? Promise.resolve('engine' as const)
      : engine.then(
          async (ready) => {
            const [present, proxies] = await Promise.all([ready.hasImage(withDefaultTag(plan.spec.image)), cliSetsProxies(options.env)]);
            return present && !proxies ? ('engine' as const) : ('process' as const);
          },
          () => 'process' as const, // no engine: the CLI says so in its own words
        ).catch(() => 'process' as const);
  const done = via.then(async (how): Promise<RunResult> => {
    if (how === 'process') {
      if (cancelled) {
        return { status: 'cancelled', exitCode: undefined, durationMs: 0 };
      }
      const run = runProcess(plan.route === 'engine-run' ? plan.fallback : { ...plan, route: 'process', tty: false }, io, options);
      current = run;
      return run.done;
    }
    const ready = await engine;
    if (cancelled) {
      return { status: 'cancelled', exitCode: undefined, durationMs: 0 };
    }
    // The session checks for a cancel at each of its steps (create, start), so none is lost.
    // A plain run got here because its image is present (see `via`).
    session = startInteractiveSession(ready, plan.spec, sessionIo, !interactive);
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
    input: interactive ? (data) => (session ? session.write(data) : early.push(data)) : undefined,
    resize: interactive ? (columns, rows) => session?.resize(columns, rows) : undefined,
  };
}

/** A process plan as the shell runs it; the result names what a failure left behind or named. */
function runProcess(plan: ProcessPlan, io: RunIo, options: CommandRunOptions): ActiveRun {
  let tail = '';
  const onData = plan.tty
    ? (chunk: string) => {
        tail = (tail + chunk).slice(-4096);
        io.write(chunk);
      }
    : io.write;
  // Progress drawn for a terminal redraws in place under a pseudo-terminal instead of flooding.
  const run = runInShell(plan.text, { cwd: options.cwd, env: options.env, onData, tty: plan.tty ? { columns: io.columns, rows: io.rows } : undefined });
  const done = run.done.then((result) => {
    const left = result.status === 'cancelled' ? serviceLeftBehind(plan.kind, tail) : undefined;
    if (left) {
      return { ...result, message: left };
    }
    return result.noCluster ? withKubeContexts(result, options.kubectl ?? 'kubectl') : withContainerNames(result, options.engine);
  });
  return { done, cancel: run.cancel };
}

/**
 * A command in the note terminal's shell session. Its output reaches the terminal through the
 * session; a failure is explained from that output as a process's would be, all before the prompt
 * after it shows, so the terminal's footer (and what `afterRun` adds) comes first.
 */
function runInSession(plan: Extract<RunPlan, { route: 'session' }>, session: ShellSession, io: RunIo, options: CommandRunOptions): CommandJob {
  const run = session.run(plan.text, {
    onEnd: async (raw) => {
      let result = await explainSessionResult(plan, raw, options);
      if (options.afterRun) {
        result = await options.afterRun(result);
      }
      io.ended?.(result);
      return result;
    },
  });
  return { done: run.done, via: Promise.resolve('process'), cancel: run.cancel, input: run.input, resize: run.resize };
}

/**
 * The steps of a block, in order, as one run of the session (one sourced file with a marker per
 * step: see sessionScript), stopping at the first failure, which is explained as a command's is.
 */
export function runBlockInSession(
  steps: readonly { readonly text: string; readonly kind: CommandKind }[],
  session: ShellSession,
  io: RunIo,
  options: CommandRunOptions & Pick<SessionRunHooks, 'onStepStart' | 'onStepEnd'>,
): RunHandle {
  const run = session.runBlock(steps.map((step) => step.text), {
    onStepStart: options.onStepStart,
    onStepEnd: options.onStepEnd,
    onEnd: async (raw) => {
      const failed = raw.steps?.find((step) => step.exitCode !== 0);
      const step = failed ? steps[failed.step - 1] : undefined;
      let result = step && failed ? await explainSessionResult({ text: step.text, kind: step.kind }, { ...raw, output: failed.output }, options) : raw;
      result = { ...result, output: raw.output };
      if (options.afterRun) {
        result = await options.afterRun(result);
      }
      io.ended?.(result);
      return result;
    },
  });
  return { done: run.done, cancel: run.cancel, input: run.input, resize: run.resize };
}

async function explainSessionResult(plan: { readonly text: string; readonly kind: CommandKind }, result: RunResult, options: CommandRunOptions): Promise<RunResult> {
  if (result.status === 'cancelled') {
    const left = serviceLeftBehind(plan.kind, result.output ?? '');
    return left ? { ...result, message: left } : result;
  }
  if (result.status !== 'failed' || result.exitCode === undefined) {
    return result;
  }
  const why = explainFailure(plan.text, result.exitCode, (result.output ?? '').slice(-4096).replace(/\r/g, ''));
  if (!why) {
    return result;
  }
  const explained: RunResult = { ...result, message: why.message, ...(why.missingContainer ? { missingContainer: why.missingContainer } : {}), ...(why.noCluster ? { noCluster: true } : {}), ...(why.engineFault ? { engineFault: why.engineFault } : {}) };
  return explained.noCluster ? withKubeContexts(explained, options.kubectl ?? 'kubectl') : withContainerNames(explained, options.engine);
}

/** kubectl reached no cluster: what to do depends on the contexts there are (see noClusterHint). */
async function withKubeContexts(result: RunResult, kubectl: string): Promise<RunResult> {
  const [contexts, current] = await Promise.all([kubeContexts(kubectl).catch(() => []), kubeCurrentContext(kubectl)]);
  return { ...result, message: noClusterHint(contexts, current) };
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
