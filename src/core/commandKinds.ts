import { splitShellWords } from './shellWords';

/**
 * What a command does, read from its words: whether it needs a terminal for the user to type in
 * (`docker run -it`), and whether it destroys something (`docker rm`, `kubectl delete`).
 */

/** How a command must be run. */
export type InteractiveKind =
  | 'docker-run' // docker run / container run with -i and -t
  | 'docker-exec' // docker exec / container exec with -i and -t
  | 'docker-attach' // docker attach / container attach
  | 'terminal' // anything else that wants a real terminal (compose exec, kubectl exec -it…)
  | undefined;

export interface CommandKind {
  /** The program word (`docker`, `docker-compose`, `kubectl`…), or '' when none was found. */
  readonly program: string;
  /** Subcommand words after the program and its global options (`container`, `run`). */
  readonly subcommand: readonly string[];
  /** Index in `words` of the first word after the subcommand. */
  readonly argsStart: number;
  readonly words: readonly string[];
  readonly interactive: InteractiveKind;
  readonly destructive: boolean;
  readonly hasShellSyntax: boolean;
}

/** docker global options that take a value (`docker --context prod ps`). */
const DOCKER_GLOBAL_WITH_VALUE = new Set(['--context', '-c', '--host', '-H', '--config', '--log-level', '-l', '--tlscacert', '--tlscert', '--tlskey']);
/** kubectl global options that take a value. */
const KUBECTL_GLOBAL_WITH_VALUE = new Set(['-n', '--namespace', '--context', '--kubeconfig', '--cluster', '--user', '-s', '--server', '--token', '--as', '--request-timeout', '-v']);

/** docker compose / docker-compose options that take a value (`docker compose -f lab.yml down`). */
const COMPOSE_GLOBAL_WITH_VALUE = new Set(['-f', '--file', '-p', '--project-name', '--env-file', '--profile', '--project-directory']);

/** docker subcommand groups whose next word is the real subcommand (`docker container rm`). */
const DOCKER_GROUPS = new Set([
  'container', 'image', 'network', 'volume', 'service', 'stack', 'swarm', 'node', 'secret', 'config', 'system',
  'builder', 'buildx', 'plugin', 'context', 'compose', 'manifest', 'trust', 'checkpoint',
]);

/**
 * Flags of `docker run`/`create`/`exec` that take a value, so the word after them is not the image.
 * Kept in one place: the interactive translation (dockerRunSpec) uses the same list.
 */
export const DOCKER_RUN_FLAGS_WITH_VALUE = new Set([
  '-a', '--attach', '--add-host', '--annotation', '--blkio-weight', '--blkio-weight-device', '--cap-add', '--cap-drop',
  '--cgroup-parent', '--cgroupns', '--cidfile', '--cpu-period', '--cpu-quota', '--cpu-rt-period', '--cpu-rt-runtime',
  '-c', '--cpu-shares', '--cpus', '--cpuset-cpus', '--cpuset-mems', '--detach-keys', '--device', '--device-cgroup-rule',
  '--device-read-bps', '--device-read-iops', '--device-write-bps', '--device-write-iops', '--dns', '--dns-option',
  '--dns-search', '--domainname', '--entrypoint', '-e', '--env', '--env-file', '--expose', '--gpus', '--group-add',
  '--health-cmd', '--health-interval', '--health-retries', '--health-start-interval', '--health-start-period',
  '--health-timeout', '-h', '--hostname', '--ip', '--ip6', '--ipc', '--isolation', '--kernel-memory', '-l', '--label',
  '--label-file', '--link', '--link-local-ip', '--log-driver', '--log-opt', '--mac-address', '-m', '--memory',
  '--memory-reservation', '--memory-swap', '--memory-swappiness', '--mount', '--name', '--network', '--net',
  '--network-alias', '--oom-score-adj', '--pid', '--pids-limit', '--platform', '-p', '--publish', '--pull',
  '--restart', '--runtime', '--security-opt', '--shm-size', '--stop-signal', '--stop-timeout', '--storage-opt',
  '--sysctl', '--tmpfs', '--ulimit', '-u', '--user', '--userns', '--uts', '-v', '--volume', '--volume-driver',
  '--volumes-from', '-w', '--workdir',
]);

/** docker subcommands (last word) that destroy something. */
const DOCKER_DESTRUCTIVE = new Set(['rm', 'rmi', 'prune', 'kill', 'down']);
const KUBECTL_DESTRUCTIVE = new Set(['delete', 'drain']);

function skipGlobals(words: readonly string[], start: number, withValue: ReadonlySet<string>): number {
  let i = start;
  while (i < words.length && words[i].startsWith('-')) {
    const word = words[i];
    i += !word.includes('=') && withValue.has(word) ? 2 : 1;
  }
  return i;
}

/** Short and long flags before the first operand, as a set (`-it` gives `-i` and `-t`). */
export function leadingFlags(words: readonly string[], start: number, withValue: ReadonlySet<string>): Set<string> {
  const flags = new Set<string>();
  for (let i = start; i < words.length; i++) {
    const word = words[i];
    if (word === '--' || !word.startsWith('-') || word === '-') {
      break;
    }
    if (word.startsWith('--')) {
      const name = word.split('=')[0];
      flags.add(name);
      if (!word.includes('=') && withValue.has(name)) {
        i++;
      }
      continue;
    }
    // A cluster of short flags: each letter a flag; a letter that takes a value ends the cluster.
    for (let j = 1; j < word.length; j++) {
      const flag = `-${word[j]}`;
      flags.add(flag);
      if (withValue.has(flag)) {
        if (j === word.length - 1) {
          i++;
        }
        break;
      }
    }
  }
  return flags;
}

/**
 * `-i` and `-t` together, and not detached: `docker run -itd` (a common way to start a container that
 * keeps a shell open for later `exec`) only prints the container id.
 */
function interactiveFlags(flags: ReadonlySet<string>): boolean {
  const detached = flags.has('-d') || flags.has('--detach');
  return !detached && (flags.has('-i') || flags.has('--interactive')) && (flags.has('-t') || flags.has('--tty'));
}

/** Words after sudo and VAR=value prefixes, from the program on. */
function programIndex(words: readonly string[]): number {
  let i = 0;
  while (i < words.length && (/^[A-Za-z_][A-Za-z0-9_]*=/.test(words[i]) || words[i] === 'sudo' || (i > 0 && words[i - 1] === 'sudo' && words[i].startsWith('-')))) {
    i++;
  }
  return i;
}

/** Reads what a command line does. Lines with several commands are judged by all of them for `destructive`. */
export function classifyCommand(text: string): CommandKind {
  const split = splitShellWords(text);
  const words = split.words.map((word) => word.value);
  const at = programIndex(words);
  const program = words[at] ?? '';
  const base = { program, words, hasShellSyntax: split.hasShellSyntax };
  const destructiveAnywhere = destructiveText(text);
  if (program === 'docker') {
    const sub = skipGlobals(words, at + 1, DOCKER_GLOBAL_WITH_VALUE);
    const first = words[sub] ?? '';
    const isCompose = first === 'compose';
    const subcommand = DOCKER_GROUPS.has(first) ? [first, ...(words[sub + 1] !== undefined && !words[sub + 1].startsWith('-') ? [words[sub + 1]] : [])] : first ? [first] : [];
    const argsStart = sub + subcommand.length;
    const verb = subcommand[subcommand.length - 1] ?? '';
    let interactive: InteractiveKind;
    if (isCompose) {
      interactive = composeInteractive(words, sub + 1);
    } else if (verb === 'run' && (subcommand.length === 1 || subcommand[0] === 'container')) {
      interactive = interactiveFlags(leadingFlags(words, argsStart, DOCKER_RUN_FLAGS_WITH_VALUE)) ? 'docker-run' : undefined;
    } else if (verb === 'exec' && (subcommand.length === 1 || subcommand[0] === 'container')) {
      interactive = interactiveFlags(leadingFlags(words, argsStart, DOCKER_RUN_FLAGS_WITH_VALUE)) ? 'docker-exec' : undefined;
    } else if (verb === 'attach' && (subcommand.length === 1 || subcommand[0] === 'container')) {
      interactive = 'docker-attach';
    } else if (verb === 'start' && (subcommand.length === 1 || subcommand[0] === 'container')) {
      const flags = leadingFlags(words, argsStart, new Set());
      interactive = (flags.has('-a') || flags.has('--attach')) && (flags.has('-i') || flags.has('--interactive')) ? 'terminal' : undefined;
    }
    return { ...base, subcommand, argsStart, interactive, destructive: destructiveAnywhere };
  }
  if (program === 'docker-compose') {
    const sub = skipGlobals(words, at + 1, new Set(['-f', '--file', '-p', '--project-name', '--env-file', '--profile']));
    return { ...base, subcommand: words[sub] ? [words[sub]] : [], argsStart: sub + 1, interactive: composeInteractive(words, at + 1), destructive: destructiveAnywhere };
  }
  if (program === 'kubectl') {
    const sub = skipGlobals(words, at + 1, KUBECTL_GLOBAL_WITH_VALUE);
    const verb = words[sub] ?? '';
    const flags = leadingFlagsAnywhere(words, sub + 1);
    const interactive = (verb === 'exec' || verb === 'run' || verb === 'attach') && interactiveFlags(flags) ? 'terminal' : undefined;
    return { ...base, subcommand: verb ? [verb] : [], argsStart: sub + 1, interactive, destructive: destructiveAnywhere };
  }
  return { ...base, subcommand: [], argsStart: at + 1, interactive: undefined, destructive: destructiveAnywhere };
}

/** kubectl accepts flags anywhere before `--`. */
function leadingFlagsAnywhere(words: readonly string[], start: number): Set<string> {
  const flags = new Set<string>();
  for (let i = start; i < words.length && words[i] !== '--'; i++) {
    const word = words[i];
    if (word.startsWith('--')) {
      flags.add(word.split('=')[0]);
    } else if (word.startsWith('-') && word.length > 1) {
      for (const letter of word.slice(1)) {
        flags.add(`-${letter}`);
      }
    }
  }
  return flags;
}

/** `docker compose exec`/`run` allocate a terminal unless `-T` / `--no-TTY`; `-d` runs detached. */
function composeInteractive(words: readonly string[], start: number): InteractiveKind {
  const sub = skipGlobals(words, start, COMPOSE_GLOBAL_WITH_VALUE);
  const verb = words[sub];
  if (verb !== 'exec' && verb !== 'run') {
    return undefined;
  }
  const flags = leadingFlagsAnywhere(words, sub + 1);
  if (flags.has('-T') || flags.has('--no-TTY') || flags.has('--no-tty') || flags.has('-d') || flags.has('--detach')) {
    return undefined;
  }
  return 'terminal';
}

/** xargs options that take a value as the next word (`-n 1`, `-I {}`). */
const XARGS_WITH_VALUE = new Set(['-n', '-I', '-J', '-L', '-P', '-R', '-S', '-d', '-s', '-a', '-E', '--max-args', '--max-procs', '--delimiter', '--arg-file']);

/**
 * Where the program of a shell segment starts, looking through `xargs` and its options as well as
 * assignments and `sudo`: `docker ps -aq | xargs -r docker rm` removes containers.
 */
function commandIndex(words: readonly string[]): number {
  let at = programIndex(words);
  while (words[at] === 'xargs') {
    at++;
    while (at < words.length && words[at].startsWith('-')) {
      at += XARGS_WITH_VALUE.has(words[at]) ? 2 : 1;
    }
    at += programIndex(words.slice(at));
  }
  return at;
}

/** True when any command on the line destroys something (`docker rm`, `… prune`, `kubectl delete`…). */
function destructiveText(text: string): boolean {
  const segments = text.split(/&&|\|\||;|\|/);
  return segments.some((segment) => {
    const words = splitShellWords(segment).words.map((word) => word.value);
    const at = commandIndex(words);
    const program = words[at];
    if (program === 'docker' || program === 'docker-compose') {
      const sub = skipGlobals(words, at + 1, DOCKER_GLOBAL_WITH_VALUE);
      const first = words[sub] ?? '';
      const second = words[sub + 1] ?? '';
      if (program === 'docker-compose' || first === 'compose') {
        const verb = words[skipGlobals(words, program === 'docker-compose' ? at + 1 : sub + 1, COMPOSE_GLOBAL_WITH_VALUE)];
        return verb === 'down' || verb === 'rm' || verb === 'kill';
      }
      if (DOCKER_GROUPS.has(first)) {
        return DOCKER_DESTRUCTIVE.has(second) || second === 'remove' || (first === 'swarm' && second === 'leave');
      }
      return DOCKER_DESTRUCTIVE.has(first);
    }
    if (program === 'kubectl') {
      const sub = skipGlobals(words, at + 1, KUBECTL_GLOBAL_WITH_VALUE);
      return KUBECTL_DESTRUCTIVE.has(words[sub] ?? '');
    }
    return false;
  });
}

/** Subcommands that do nothing useful without arguments (`docker run`, `kubectl scale`). */
const NEEDS_ARGUMENTS: Record<string, ReadonlySet<string>> = {
  docker: new Set([
    'run', 'exec', 'attach', 'create', 'rm', 'rmi', 'pull', 'push', 'stop', 'start', 'restart', 'kill', 'logs', 'inspect',
    'tag', 'build', 'commit', 'cp', 'diff', 'export', 'import', 'load', 'save', 'pause', 'unpause', 'port', 'rename',
    'top', 'update', 'wait', 'scale', 'login', 'history', 'search',
  ]),
  kubectl: new Set([
    'get', 'describe', 'create', 'apply', 'delete', 'scale', 'set', 'expose', 'run', 'exec', 'logs', 'label', 'annotate',
    'edit', 'patch', 'rollout', 'port-forward', 'autoscale', 'cordon', 'uncordon', 'drain', 'taint', 'cp', 'attach', 'explain',
  ]),
};
NEEDS_ARGUMENTS['docker-compose'] = new Set(['exec', 'run', 'logs', 'scale']);

/** True when the command is only a tool and its subcommand, so the user must complete it. */
export function isIncomplete(kind: CommandKind): boolean {
  if (kind.words.length > kind.argsStart) {
    return false;
  }
  const verb = kind.subcommand[kind.subcommand.length - 1];
  if (!verb) {
    return false;
  }
  return NEEDS_ARGUMENTS[kind.program]?.has(verb) ?? false;
}
