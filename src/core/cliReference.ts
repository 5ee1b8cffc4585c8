/**
 * Explaining a docker / kubectl subcommand or flag from reference data generated from the real
 * CLIs' help (media/cli-reference.json, made by scripts/generate-cli-reference.mjs).
 */

export interface CliOption {
  readonly long?: string | null;
  readonly short?: string | null;
  readonly value?: string | null;
  readonly description: string;
}

export interface CliCommand {
  readonly description: string;
  readonly usage?: string;
  readonly aliases?: readonly string[];
  readonly options: readonly CliOption[];
}

export interface CliTool {
  readonly globalOptions: readonly CliOption[];
  readonly commands: Readonly<Record<string, CliCommand>>;
}

export interface CliReference {
  readonly generatedWith?: Readonly<Record<string, string>>;
  readonly docker?: CliTool;
  readonly kubectl?: CliTool;
  /** Compose v1 (Debian's docker-compose 1.29); `docker compose` (v2) is read from it too. */
  readonly 'docker-compose'?: CliTool;
}

/** What a word of a command means. */
export type Explanation =
  | { readonly kind: 'command'; readonly tool: string; readonly path: string; readonly command: CliCommand }
  | { readonly kind: 'options'; readonly tool: string; readonly path: string | undefined; readonly options: readonly { readonly flag: string; readonly option: CliOption }[] };

/** Docker global options that take a value: the word after them is not a subcommand. */
const GLOBAL_WITH_VALUE = new Set(['--context', '-c', '--host', '-H', '--config', '--log-level', '-l', '-n', '--namespace', '--kubeconfig', '--cluster', '--user', '-s', '--server']);

function toolOf(words: readonly string[]): { tool: 'docker' | 'kubectl'; at: number; compose: boolean } | undefined {
  for (let i = 0; i < words.length; i++) {
    const word = words[i];
    if (word === 'docker' || word === 'kubectl') {
      return { tool: word, at: i, compose: false };
    }
    if (word === 'docker-compose') {
      return { tool: 'docker', at: i, compose: true };
    }
  }
  return undefined;
}

/** The subcommand path of a command line (`container run`, `create deployment`) and its start. */
export function commandPath(reference: CliReference, text: string): { tool: 'docker' | 'kubectl'; path: string | undefined; words: string[] } | undefined {
  const words = text.split(/\s+/).filter(Boolean);
  const found = toolOf(words);
  if (!found) {
    return undefined;
  }
  const data = reference[found.tool];
  const rest: string[] = found.compose ? ['compose'] : [];
  for (let i = found.at + 1; i < words.length && rest.length < 3; i++) {
    const word = words[i];
    if (word.startsWith('-')) {
      if (rest.length === 0 && !word.includes('=') && GLOBAL_WITH_VALUE.has(word)) {
        i++;
      }
      if (rest.length > 0) {
        break;
      }
      continue;
    }
    rest.push(word);
  }
  for (let size = rest.length; size >= 1; size--) {
    const path = rest.slice(0, size).join(' ');
    if (data?.commands[path]) {
      return { tool: found.tool, path, words };
    }
  }
  return { tool: found.tool, path: undefined, words };
}

function findOption(options: readonly CliOption[], flag: string): CliOption | undefined {
  return options.find((option) => option.long === flag || option.short === flag);
}

/**
 * Explains `word` (as hovered, e.g. `run`, `--detach`, `-it`, `--name=web`) within the command
 * line `text`, or undefined when the reference does not know it.
 */
export function explainWord(reference: CliReference, text: string, word: string): Explanation | undefined {
  const context = commandPath(reference, text);
  if (!context) {
    return undefined;
  }
  const data = reference[context.tool];
  if (!data) {
    return undefined;
  }
  if (word.startsWith('-') && word !== '-' && word !== '--') {
    const flagWord = word.split('=')[0];
    const scopes = [...(context.path ? [data.commands[context.path].options] : []), data.globalOptions];
    const lookup = (flag: string) => scopes.map((options) => findOption(options, flag)).find(Boolean);
    if (flagWord.startsWith('--')) {
      const option = lookup(flagWord);
      return option ? { kind: 'options', tool: context.tool, path: context.path, options: [{ flag: flagWord, option }] } : undefined;
    }
    const single = lookup(flagWord);
    if (single) {
      return { kind: 'options', tool: context.tool, path: context.path, options: [{ flag: flagWord, option: single }] };
    }
    // A cluster of short flags, `-it`: explain each letter.
    const letters = [...flagWord.slice(1)].map((letter) => `-${letter}`);
    const options = letters.map((flag) => ({ flag, option: lookup(flag) }));
    if (options.every((entry) => entry.option)) {
      return { kind: 'options', tool: context.tool, path: context.path, options: options as { flag: string; option: CliOption }[] };
    }
    return undefined;
  }
  if (!context.path) {
    return undefined;
  }
  const pathWords = context.path.split(' ');
  const index = pathWords.indexOf(word);
  if (index < 0 && !(word === 'docker-compose' && pathWords[0] === 'compose')) {
    return undefined;
  }
  // Hovering `container` in `docker container run` explains the group; `run` the command.
  const path = index >= 0 ? pathWords.slice(0, index + 1).join(' ') : context.path;
  const command = data.commands[path] ?? data.commands[context.path];
  return { kind: 'command', tool: context.tool, path: data.commands[path] ? path : context.path, command };
}
