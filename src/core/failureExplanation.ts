import { noClusterHint } from './runHints';

/**
 * Why a command failed, read from what it printed and its exit code, blaming only the party the
 * output names: the docker CLI (its arguments), the engine (its error response), the registry (a
 * pull), kubectl's missing cluster, or nothing when the output says nothing we know. Written against real docker CLI and
 * dockerd output (see test/unit/failureExplanation.test.ts).
 */
export interface FailureExplanation {
  /** A sentence for the footer and the lens tooltip. */
  readonly message: string;
  /** The container the command named that does not exist; the runner adds the live containers' names. */
  readonly missingContainer?: string;
  /** kubectl reached no cluster; the runner makes the message from the contexts there are (noClusterHint). */
  readonly noCluster?: boolean;
  /**
   * The Docker engine was never reached (`unreachable`) or its connection was cut while the command
   * ran (`lost`). The CLI does not always name the engine: whoever knows which one it was (a bound
   * node) can say it in its own words.
   */
  readonly engineFault?: EngineFault;
}

/** How the Docker engine failed a command: not reached at all, or lost while the command ran. */
export type EngineFault = 'unreachable' | 'lost';

/** The program a command line runs (`sudo docker ps` → `docker`). */
export function programOf(command: string): string {
  return /^(?:sudo\s+)?(\S+)/.exec(command.trim())?.[1] ?? '';
}

/** Docker's management commands, which take a second word (`docker container run`). */
const MANAGEMENT = new Set(['builder', 'buildx', 'compose', 'config', 'container', 'context', 'image', 'manifest', 'network', 'node', 'plugin', 'secret', 'service', 'stack', 'swarm', 'system', 'trust', 'volume']);

/** `docker container run x` → `container run`, `docker build -t x .` → `build`. */
export function dockerVerb(command: string): string {
  const words = command.trim().replace(/^sudo\s+/, '').split(/\s+/).slice(1);
  const first = words[0] ?? '';
  if (!/^[a-z][a-z-]*$/.test(first)) {
    return '';
  }
  return MANAGEMENT.has(first) && /^[a-z][a-z-]*$/.test(words[1] ?? '') ? `${first} ${words[1]}` : first;
}

/** The CLI's own words when it refuses a command line before it talks to any engine. */
const USAGE_ERROR = /^(?:docker: )?(unknown (?:shorthand )?flag:.*|invalid argument ".*" for ".*" flag:.*|flag needs an argument:.*|invalid reference format.*|".+" requires (?:at least|exactly|at most) \d+ arguments?\.?|.*accepts no arguments?\.?|unknown command ".*" for ".*")$/m;
/** A registry request that never got an answer: the engine could not reach the registry. */
const REGISTRY_UNREACHABLE = /Error response from daemon: Get "https?:\/\/([^/"]+)\/v2\/[^"]*": (?:dial tcp|net\/http|.*(?:no such host|connection refused|i\/o timeout|network is unreachable|server misbehaving|TLS handshake timeout))/;
const NO_SUCH_CONTAINER = /No such container: ?(\S+)/;
const DAEMON_ERROR = /(?:^|\n)(?:docker: )?Error response from daemon: ([^\n]*)/;
/** The CLI's own words when a connection to the engine failed (`ssh: connect to host …`, `dial tcp …`). */
const CONNECT_ERROR = /(?:^|\n)error during connect: /;
const NOT_FOUND_LOCALLY = /Unable to find image '([^']+)' locally/;
/** What kubectl prints when there is no cluster to talk to. */
const NO_CLUSTER = /connection to the server .* was refused|no configuration has been provided|Unable to connect to the server|current-context is not set/i;

/**
 * Explains a failure; undefined when the output and exit code say nothing certain. Checked from
 * the most specific to the most general: an unreachable engine, a usage error, a registry that
 * cannot be reached, a missing container, then any other error response from the engine.
 */
export function explainFailure(command: string, exitCode: number, output = ''): FailureExplanation | undefined {
  const program = programOf(command);
  if (program === 'kubectl' && NO_CLUSTER.test(output)) {
    return { message: noClusterHint([], undefined), noCluster: true };
  }
  const fromOutput = program === 'docker' || /docker/.test(output) ? explainDockerOutput(command, output) : undefined;
  if (fromOutput) {
    return fromOutput;
  }
  switch (exitCode) {
    case 127:
      return { message: `${program || 'the program'} was not found on PATH: install it, or set its path in the Course Notes settings` };
    case 126:
      return { message: `${program || 'the program'} could not be executed (permission denied)` };
    case 125:
      // docker run, create and exec exit 125 when docker itself failed, not the container's command.
      return program === 'docker' && /^(?:container )?(?:run|create|exec)$/.test(dockerVerb(command))
        ? { message: 'docker itself failed (exit 125), not the command in the container: see its message above' }
        : undefined;
    default:
      return undefined;
  }
}

function explainDockerOutput(command: string, output: string): FailureExplanation | undefined {
  const unreachable = /Cannot connect to the Docker daemon at (\S+?)\.? Is the docker daemon running\?/.exec(output);
  if (unreachable) {
    return { message: `the Docker engine at ${unreachable[1]} is not running or cannot be reached: start it, or pick another Docker context from the status bar`, engineFault: 'unreachable' };
  }
  // What the CLI says when it cannot reach an engine over ssh:// or tcp:// (it names no engine).
  if (CONNECT_ERROR.test(output)) {
    return { message: 'the Docker engine cannot be reached (the docker CLI: "error during connect"): start it, or pick another Docker context from the status bar', engineFault: 'unreachable' };
  }
  if (/permission denied while trying to connect to the Docker daemon socket/.test(output)) {
    return { message: 'permission denied on the Docker socket: add your user to the docker group (sudo usermod -aG docker $USER) and log in again' };
  }
  if (/error waiting for container: (?:unexpected EOF|.*connection reset by peer)/.test(output)) {
    return { message: 'the connection to the Docker engine was lost while the command ran (did the engine stop or restart?); the container may still be running', engineFault: 'lost' };
  }
  const usage = USAGE_ERROR.exec(output);
  if (usage && !DAEMON_ERROR.test(output)) {
    const verb = dockerVerb(command);
    const said = usage[1].replace(/\.$/, '');
    // `-t /name:1.0`, `-t :1.0`, `-t name:`: what a name looks like when a variable in it was empty.
    const empty = /invalid argument "(\/[^"]*|:[^"]*|[^"]*[:/])"/.test(said) ? ' (is a variable in it empty?)' : '';
    return { message: `the docker CLI rejected the command line before asking the engine anything: ${said}${empty}; see docker ${verb ? `${verb} ` : ''}--help` };
  }
  const registry = REGISTRY_UNREACHABLE.exec(output);
  if (registry) {
    const image = NOT_FOUND_LOCALLY.exec(output)?.[1] ?? pulledImage(command);
    const what = image ? `the image ${image} is not on this machine and could not be pulled` : 'nothing could be pulled';
    return { message: `the registry ${registry[1]} cannot be reached (offline, or no access to it), so ${what}: build it (docker build) or load it (docker load -i FILE) here, or use an image listed by docker image ls` };
  }
  const missing = NO_SUCH_CONTAINER.exec(output);
  if (missing) {
    return { message: `there is no container ${missing[1]} on this engine`, missingContainer: missing[1] };
  }
  const daemon = DAEMON_ERROR.exec(output);
  if (daemon) {
    const before = /^(?:container )?(?:run|create)$/.test(dockerVerb(command)) ? ' before the container ran' : '';
    return { message: `the Docker engine refused the request${before}: ${daemon[1].trim()}` };
  }
  return undefined;
}

/** The image of `docker pull IMAGE` / `docker image pull IMAGE`. */
function pulledImage(command: string): string | undefined {
  return /\bpull\s+(?:-\S+\s+)*([^\s-]\S*)/.exec(command)?.[1];
}

/** The message for a missing container, with the names of the containers there are. */
export function withLiveContainers(explanation: FailureExplanation, names: readonly string[]): string {
  if (names.length === 0) {
    return `${explanation.message}, and no container exists now: start one first (docker run …)`;
  }
  const shown = names.slice(0, 8).join(', ');
  const more = names.length > 8 ? ` and ${names.length - 8} more` : '';
  return `${explanation.message}; the containers there are: ${shown}${more}`;
}
