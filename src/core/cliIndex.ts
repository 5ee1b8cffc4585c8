import type { CliCommand, CliOption, CliReference, CliTool } from './cliReference';

/**
 * The reference as the diagnostics look it up: for each command path its subcommands (aliases
 * included) and its flags by name. Built once per reference object.
 */

/** A command of the reference, ready for lookups. */
export interface IndexedCommand {
  /** The path without the program (`container exec`), '' for the program itself. */
  readonly path: string;
  readonly command: CliCommand | undefined;
  /** Subcommand words → the path they lead to (`list` → `container ls`). */
  readonly children: ReadonlyMap<string, string>;
  /** Flags by `--long` and `-s`. */
  readonly flags: ReadonlyMap<string, CliOption>;
  /** Long flag names, for did-you-mean. */
  readonly longFlags: readonly string[];
}

export interface IndexedTool {
  readonly commands: ReadonlyMap<string, IndexedCommand>;
  readonly globalFlags: ReadonlyMap<string, CliOption>;
  readonly globalLongFlags: readonly string[];
}

export interface CliIndex {
  readonly docker?: IndexedTool;
  readonly kubectl?: IndexedTool;
  /** Compose v1 (`docker-compose`), also read for `docker compose` subcommand names. */
  readonly compose?: IndexedTool;
}

function flagMap(options: readonly CliOption[]): Map<string, CliOption> {
  const map = new Map<string, CliOption>();
  for (const option of options) {
    if (option.long) {
      map.set(option.long, option);
    }
    if (option.short) {
      map.set(option.short, option);
    }
  }
  map.set('--help', { long: '--help', short: '-h', value: null, description: 'Help' });
  map.set('-h', map.get('--help') as CliOption);
  return map;
}

function indexTool(tool: CliTool): IndexedTool {
  const children = new Map<string, Map<string, string>>([['', new Map()]]);
  const childrenOf = (path: string): Map<string, string> => {
    let map = children.get(path);
    if (!map) {
      map = new Map();
      children.set(path, map);
    }
    return map;
  };
  const addPath = (path: string, target: string) => {
    const words = path.split(' ');
    const parent = childrenOf(words.slice(0, -1).join(' '));
    const last = words[words.length - 1];
    if (!parent.has(last)) {
      parent.set(last, target);
    }
  };
  for (const path of Object.keys(tool.commands)) {
    addPath(path, path);
  }
  // docker lists `ps` as an alias of `container ls`: the alias is a path of its own, unless it
  // is also a command of its own (`build` and `image build` are both in the reference).
  for (const [path, command] of Object.entries(tool.commands)) {
    for (const alias of command.aliases ?? []) {
      addPath(alias, path);
    }
  }
  const commands = new Map<string, IndexedCommand>();
  const add = (path: string, command: CliCommand | undefined) => {
    const flags = flagMap(command?.options ?? []);
    commands.set(path, {
      path,
      command,
      children: childrenOf(path),
      flags,
      longFlags: [...flags.keys()].filter((flag) => flag.startsWith('--')),
    });
  };
  add('', undefined);
  for (const [path, command] of Object.entries(tool.commands)) {
    add(path, command);
  }
  const globalFlags = flagMap(tool.globalOptions);
  return { commands, globalFlags, globalLongFlags: [...globalFlags.keys()].filter((flag) => flag.startsWith('--')) };
}

const indexes = new WeakMap<CliReference, CliIndex>();

/** The index of a reference (cached: the reference is read once and never changes). */
export function cliIndex(reference: CliReference): CliIndex {
  let index = indexes.get(reference);
  if (!index) {
    index = {
      docker: reference.docker ? indexTool(reference.docker) : undefined,
      kubectl: reference.kubectl ? indexTool(reference.kubectl) : undefined,
      compose: reference['docker-compose'] ? indexTool(reference['docker-compose']) : undefined,
    };
    indexes.set(reference, index);
  }
  return index;
}
