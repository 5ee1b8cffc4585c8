import type { CommandKind } from './commandKinds';

/**
 * Translating interactive docker CLI commands into Engine API calls, for the flags we support.
 * Anything else is refused with the reason, so the caller runs the real CLI instead: never a silent
 * mistranslation.
 */

export interface PortBinding {
  /** Container port with protocol, e.g. `80/tcp`. */
  readonly containerPort: string;
  readonly hostIp: string;
  /** Host port, '' for a random one. */
  readonly hostPort: string;
}

export interface DockerRunSpec {
  readonly kind: 'run';
  readonly image: string;
  readonly cmd: readonly string[];
  readonly entrypoint: string | undefined;
  readonly name: string | undefined;
  readonly env: readonly string[];
  readonly ports: readonly PortBinding[];
  readonly binds: readonly string[];
  readonly workdir: string | undefined;
  readonly network: string | undefined;
  readonly hostname: string | undefined;
  readonly user: string | undefined;
  readonly tty: boolean;
  readonly openStdin: boolean;
  readonly detach: boolean;
  readonly autoRemove: boolean;
}

export interface DockerExecSpec {
  readonly kind: 'exec';
  readonly container: string;
  readonly cmd: readonly string[];
  readonly env: readonly string[];
  readonly workdir: string | undefined;
  readonly user: string | undefined;
  readonly tty: boolean;
  readonly openStdin: boolean;
}

export interface DockerAttachSpec {
  readonly kind: 'attach';
  readonly container: string;
}

export type DockerSpec = DockerRunSpec | DockerExecSpec | DockerAttachSpec;

export type Translation = { readonly ok: true; readonly spec: DockerSpec } | { readonly ok: false; readonly reason: string };

const RUN_BOOLEAN = new Set(['-i', '--interactive', '-t', '--tty', '-d', '--detach', '--rm']);
const RUN_VALUE = new Set(['--name', '-e', '--env', '-p', '--publish', '-v', '--volume', '-w', '--workdir', '--network', '--net', '-h', '--hostname', '--entrypoint', '-u', '--user']);
const EXEC_BOOLEAN = new Set(['-i', '--interactive', '-t', '--tty']);
const EXEC_VALUE = new Set(['-e', '--env', '-w', '--workdir', '-u', '--user']);

interface ParsedFlags {
  readonly values: Map<string, string[]>;
  readonly booleans: Set<string>;
  readonly operands: string[];
}

const LONG_NAMES: Record<string, string> = {
  '-i': '--interactive', '-t': '--tty', '-d': '--detach', '-e': '--env', '-p': '--publish', '-v': '--volume',
  '-w': '--workdir', '-h': '--hostname', '-u': '--user', '--net': '--network',
};

function canonical(flag: string): string {
  return LONG_NAMES[flag] ?? flag;
}

function parseFlags(words: readonly string[], start: number, booleans: ReadonlySet<string>, values: ReadonlySet<string>): ParsedFlags | string {
  const result: ParsedFlags = { values: new Map(), booleans: new Set(), operands: [] };
  const addValue = (flag: string, value: string) => {
    const name = canonical(flag);
    result.values.set(name, [...(result.values.get(name) ?? []), value]);
  };
  let i = start;
  for (; i < words.length; i++) {
    const word = words[i];
    if (word === '--') {
      i++;
      break;
    }
    if (!word.startsWith('-') || word === '-') {
      break;
    }
    if (word.startsWith('--')) {
      const [name, inline] = word.includes('=') ? [word.slice(0, word.indexOf('=')), word.slice(word.indexOf('=') + 1)] : [word, undefined];
      if (booleans.has(name)) {
        if (inline !== undefined && inline !== 'true') {
          return `${word} is not supported by the built-in terminal`;
        }
        result.booleans.add(canonical(name));
      } else if (values.has(name)) {
        const value = inline ?? words[++i];
        if (value === undefined) {
          return `${name} needs a value`;
        }
        addValue(name, value);
      } else {
        return `the option ${name} is not supported by the built-in terminal`;
      }
      continue;
    }
    for (let j = 1; j < word.length; j++) {
      const flag = `-${word[j]}`;
      if (booleans.has(flag)) {
        result.booleans.add(canonical(flag));
      } else if (values.has(flag)) {
        const rest = word.slice(j + 1).replace(/^=/, '');
        const value = rest !== '' ? rest : words[++i];
        if (value === undefined) {
          return `${flag} needs a value`;
        }
        addValue(flag, value);
        break;
      } else {
        return `the option ${flag} is not supported by the built-in terminal`;
      }
    }
  }
  result.operands.push(...words.slice(i));
  return result;
}

/**
 * `-p [[ip:][hostPort]:]containerPort[/proto]` → a binding; IPv6 addresses in brackets. As in the
 * docker CLI, two parts are `hostPort:containerPort`; an address needs three (`ip::80` for a random port).
 */
export function parsePort(value: string): PortBinding | undefined {
  const match = /^(?:(\[[0-9a-fA-F:]+\]|\d{1,3}(?:\.\d{1,3}){3}):(\d*):|(\d+):)?(\d+)(?:\/(tcp|udp|sctp))?$/.exec(value);
  if (!match) {
    return undefined;
  }
  const [, ip, ipHostPort, hostPort, containerPort, protocol] = match;
  return { containerPort: `${containerPort}/${protocol ?? 'tcp'}`, hostIp: ip ? ip.replace(/^\[|\]$/g, '') : '', hostPort: ipHostPort ?? hostPort ?? '' };
}

/** `-e NAME` takes NAME's value from the environment, as the docker CLI does. */
function envEntries(values: readonly string[], environment: Readonly<Record<string, string | undefined>>): string[] {
  return values.flatMap((value) => {
    if (value.includes('=')) {
      return [value];
    }
    const fromEnv = environment[value];
    return fromEnv === undefined ? [] : [`${value}=${fromEnv}`];
  });
}

function single(flags: ParsedFlags, name: string): string | undefined {
  const values = flags.values.get(name);
  return values?.[values.length - 1];
}

/**
 * Translates an interactive `docker run`/`exec`/`attach` into an Engine API spec, or says why not.
 * `environment` resolves `-e NAME` without a value.
 */
export function translateDockerCommand(kind: CommandKind, environment: Readonly<Record<string, string | undefined>> = {}): Translation {
  if (kind.hasShellSyntax) {
    return { ok: false, reason: 'the command uses shell syntax (variables, quotes with $, pipes or redirections)' };
  }
  if (kind.program !== 'docker' || kind.words[0] !== 'docker') {
    return { ok: false, reason: 'only plain docker commands are translated' };
  }
  const verb = kind.subcommand[kind.subcommand.length - 1];
  if (kind.argsStart !== kind.subcommand.length + 1) {
    return { ok: false, reason: 'docker global options (like --context or -H) are not supported by the built-in terminal' };
  }
  if (kind.interactive === 'docker-attach') {
    const flags = parseFlags(kind.words, kind.argsStart, new Set(), new Set());
    if (typeof flags === 'string') {
      return { ok: false, reason: flags };
    }
    if (flags.operands.length !== 1) {
      return { ok: false, reason: 'docker attach needs exactly one container' };
    }
    return { ok: true, spec: { kind: 'attach', container: flags.operands[0] } };
  }
  if (kind.interactive === 'docker-exec' || verb === 'exec') {
    const flags = parseFlags(kind.words, kind.argsStart, EXEC_BOOLEAN, EXEC_VALUE);
    if (typeof flags === 'string') {
      return { ok: false, reason: flags };
    }
    const [container, ...cmd] = flags.operands;
    if (!container || cmd.length === 0) {
      return { ok: false, reason: 'docker exec needs a container and a command' };
    }
    return {
      ok: true,
      spec: {
        kind: 'exec',
        container,
        cmd,
        env: envEntries(flags.values.get('--env') ?? [], environment),
        workdir: single(flags, '--workdir'),
        user: single(flags, '--user'),
        tty: flags.booleans.has('--tty'),
        openStdin: flags.booleans.has('--interactive'),
      },
    };
  }
  if (verb !== 'run') {
    return { ok: false, reason: `docker ${kind.subcommand.join(' ')} is not translated` };
  }
  const flags = parseFlags(kind.words, kind.argsStart, RUN_BOOLEAN, RUN_VALUE);
  if (typeof flags === 'string') {
    return { ok: false, reason: flags };
  }
  const [image, ...cmd] = flags.operands;
  if (!image) {
    return { ok: false, reason: 'docker run needs an image' };
  }
  const ports: PortBinding[] = [];
  for (const value of flags.values.get('--publish') ?? []) {
    const port = parsePort(value);
    if (!port) {
      return { ok: false, reason: `the port mapping ${value} is not supported by the built-in terminal` };
    }
    ports.push(port);
  }
  const binds = flags.values.get('--volume') ?? [];
  for (const bind of binds) {
    const source = bind.split(':')[0];
    // `.`, `..`, `~/x`, `data/x`: host paths the docker CLI resolves (a volume name cannot start with `.` or `~`).
    if (bind.split(':').length > 1 && (source.startsWith('.') || source.startsWith('~') || (source.includes('/') && !source.startsWith('/')))) {
      return { ok: false, reason: `the volume ${bind} has a relative host path; the docker CLI resolves those, so it runs there` };
    }
  }
  return {
    ok: true,
    spec: {
      kind: 'run',
      image,
      cmd,
      entrypoint: single(flags, '--entrypoint'),
      name: single(flags, '--name'),
      env: envEntries(flags.values.get('--env') ?? [], environment),
      ports,
      binds,
      workdir: single(flags, '--workdir'),
      network: single(flags, '--network'),
      hostname: single(flags, '--hostname'),
      user: single(flags, '--user'),
      tty: flags.booleans.has('--tty'),
      openStdin: flags.booleans.has('--interactive'),
      detach: flags.booleans.has('--detach'),
      autoRemove: flags.booleans.has('--rm'),
    },
  };
}

/** Image references without a tag mean `:latest`, as the docker CLI reads them. */
export function withDefaultTag(image: string): string {
  if (image.includes('@')) {
    return image;
  }
  const lastSlash = image.lastIndexOf('/');
  return image.slice(lastSlash + 1).includes(':') ? image : `${image}:latest`;
}
