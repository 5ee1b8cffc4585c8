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

/** What a word of a command means. `tool` is the program as written (`docker compose` for the plugin). */
export type Explanation =
  | { readonly kind: 'command'; readonly tool: string; readonly path: string; readonly command: CliCommand }
  | { readonly kind: 'options'; readonly tool: string; readonly path: string | undefined; readonly options: readonly { readonly flag: string; readonly option: CliOption }[] };

/** Docker global options that take a value: the word after them is not a subcommand. */
const GLOBAL_WITH_VALUE = new Set(['--context', '-c', '--host', '-H', '--config', '--log-level', '-l', '-n', '--namespace', '--kubeconfig', '--cluster', '--user', '-s', '--server']);

/** A program of the reference: `docker compose` and `docker-compose` read compose's part. */
type ReferenceTool = 'docker' | 'kubectl' | 'docker-compose';

function toolOf(words: readonly string[]): { tool: ReferenceTool; at: number; label: string } | undefined {
  for (let i = 0; i < words.length; i++) {
    const word = words[i];
    if (word === 'kubectl' || word === 'docker-compose') {
      return { tool: word, at: i, label: word };
    }
    if (word === 'docker') {
      // `docker compose up`: the compose plugin's subcommands, from compose's reference.
      let j = i + 1;
      while (j < words.length && words[j].startsWith('-')) {
        j += !words[j].includes('=') && GLOBAL_WITH_VALUE.has(words[j]) ? 2 : 1;
      }
      return words[j] === 'compose' ? { tool: 'docker-compose', at: j, label: 'docker compose' } : { tool: 'docker', at: i, label: 'docker' };
    }
  }
  return undefined;
}

/** The subcommand path of a command line (`container run`, `create deployment`) and its start. */
export function commandPath(reference: CliReference, text: string): { tool: ReferenceTool; label: string; path: string | undefined; words: string[] } | undefined {
  const words = text.split(/\s+/).filter(Boolean);
  const found = toolOf(words);
  if (!found) {
    return undefined;
  }
  const data = reference[found.tool];
  const rest: string[] = [];
  for (let i = found.at + 1; i < words.length && rest.length < 3; i++) {
    const word = words[i];
    if (word.startsWith('-')) {
      if (rest.length === 0 && !word.includes('=') && (GLOBAL_WITH_VALUE.has(word) || data?.globalOptions.some((option) => (option.long === word || option.short === word) && option.value))) {
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
      return { tool: found.tool, label: found.label, path, words };
    }
  }
  return { tool: found.tool, label: found.label, path: undefined, words };
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
      return option ? { kind: 'options', tool: context.label, path: context.path, options: [{ flag: flagWord, option }] } : undefined;
    }
    const single = lookup(flagWord);
    if (single) {
      return { kind: 'options', tool: context.label, path: context.path, options: [{ flag: flagWord, option: single }] };
    }
    // A cluster of short flags, `-it`: explain each letter.
    const letters = [...flagWord.slice(1)].map((letter) => `-${letter}`);
    const options = letters.map((flag) => ({ flag, option: lookup(flag) }));
    if (options.every((entry) => entry.option)) {
      return { kind: 'options', tool: context.label, path: context.path, options: options as { flag: string; option: CliOption }[] };
    }
    return undefined;
  }
  if (!context.path) {
    return undefined;
  }
  const pathWords = context.path.split(' ');
  const index = pathWords.indexOf(word);
  if (index < 0) {
    return undefined;
  }
  // Hovering `container` in `docker container run` explains the group; `run` the command.
  const path = pathWords.slice(0, index + 1).join(' ');
  const command = data.commands[path] ?? data.commands[context.path];
  return { kind: 'command', tool: context.label, path: data.commands[path] ? path : context.path, command };
}
