import type { CliOption } from './cliReference';
import type { CliIndex, IndexedCommand, IndexedTool } from './cliIndex';
import type { CommandWord } from './commandWords';
import { isPlaceholderWord, programWords } from './commandWords';
import { didYouMean } from './didYouMean';
import type { Finding, FindingCode, FindingFix, FindingSeverity } from './findings';
import { replaceFix } from './findings';
import type { NoteCommand } from './model';

/**
 * Checks one command of a note against the CLI reference: unknown subcommands and flags, flags
 * missing their value, missing required arguments. Precision first: whatever the reference cannot
 * vouch for (plugins, shell syntax, placeholders, compose v2 flags) is left alone.
 */

/** docker CLI plugins and plugin-provided commands: recognised by name, not in the reference. */
export const DOCKER_PLUGINS: ReadonlySet<string> = new Set([
  'compose', 'buildx', 'bake', 'scout', 'scan', 'sbom', 'init', 'debug', 'extension', 'model', 'ai', 'mcp', 'offload',
  'desktop', 'feedback', 'dev', 'sandbox', 'cloud', 'app', 'cagent', 'pass', 'machine', 'cli-plugin-metadata',
]);

/** Well-known kubectl plugins (krew); any other `kubectl-foo` on PATH works too, so unknown words without a close match are left alone. */
export const KUBECTL_PLUGINS: ReadonlySet<string> = new Set([
  'who-can', 'cnpg', 'krew', 'ctx', 'ns', 'neat', 'tree', 'view-secret', 'access-matrix', 'rbac-tool', 'stern', 'tail',
  'node-shell', 'images', 'oidc-login', 'resource-capacity', 'df-pv', 'konfig', 'sniff', 'tmux-exec', 'get-all', 'hns',
  'kuttl', 'kyverno', 'minio', 'virt', 'cert-manager', 'argo', 'rollouts', 'gadget', 'score', 'example',
]);

/** Compose v2 subcommands (`docker compose …`, the CLI plugin): names only, the reference has v1's. */
export const COMPOSE_V2_COMMANDS: ReadonlySet<string> = new Set([
  'attach', 'build', 'commit', 'config', 'cp', 'create', 'down', 'events', 'exec', 'export', 'images', 'kill', 'logs', 'ls',
  'pause', 'port', 'ps', 'publish', 'pull', 'push', 'restart', 'rm', 'run', 'scale', 'start', 'stats', 'stop', 'top',
  'unpause', 'up', 'version', 'volumes', 'wait', 'watch', 'alpha', 'bridge', 'convert', 'help',
]);

/** Compose v2 global flags that take a value and are not in v1's help. */
const COMPOSE_V2_VALUE_FLAGS = new Set(['--progress', '--parallel', '--ansi', '--env-file', '--project-directory', '--profile']);

/**
 * Flags docker accepts without listing them (hidden aliases), and `docker build`'s flags when
 * BuildKit's buildx is the builder (the reference holds the legacy builder's).
 */
const DOCKER_HIDDEN_FLAGS = new Map<string, boolean>([['--net', true], ['--net-alias', true], ['--dns-opt', true], ['--kernel-memory', true], ['--link-local-ip', true]]);
const BUILDX_BUILD_FLAGS = new Map<string, boolean>([
  ['--allow', true], ['--annotation', true], ['--attest', true], ['--build-context', true], ['--builder', true],
  ['--cache-to', true], ['--call', true], ['--check', false], ['--load', false], ['--metadata-file', true],
  ['--no-cache-filter', true], ['--output', true], ['-o', true], ['--progress', true], ['--provenance', true],
  ['--push', false], ['--sbom', true], ['--secret', true], ['--ssh', true], ['--debug', false], ['-D', false],
]);
const BUILD_PATHS = new Set(['build', 'image build', 'builder build']);

interface Located {
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
}

/** Finds the words of a command in the note's lines, in order, so findings point at the word itself. */
class WordLocator {
  private line: number;
  private column: number;
  private readonly located: Located[] = [];

  constructor(
    private readonly lines: readonly string[],
    private readonly command: NoteCommand,
    private readonly words: readonly CommandWord[],
  ) {
    this.line = command.line - 1;
    this.column = command.column - 1;
  }

  at(index: number): Located {
    while (this.located.length <= index) {
      const word = this.words[this.located.length];
      this.located.push(this.find(word.raw));
    }
    return this.located[index];
  }

  private find(raw: string): Located {
    for (let line = this.line; line < Math.min(this.lines.length, this.command.endLine); line++) {
      const found = this.lines[line].indexOf(raw, line === this.line ? this.column : 0);
      if (found >= 0) {
        this.line = line;
        this.column = found + raw.length;
        return { line: line + 1, column: found + 1, endLine: line + 1, endColumn: found + raw.length + 1 };
      }
    }
    // Not found as written (a span wrapped over lines): the whole command.
    const { line, column, endLine, endColumn } = this.command;
    return { line, column, endLine, endColumn };
  }
}

/**
 * A finding of a command's text, before it is placed in a note: on the word at `index`, with at most
 * one fix on that same word (replace it with `newText`, or insert `newText` after it).
 */
interface FindingTemplate {
  readonly index: number;
  readonly code: FindingCode;
  readonly severity: FindingSeverity;
  readonly message: string;
  readonly fix?: { readonly title: string; readonly newText: string; readonly insert: boolean };
}

/** The words of the command from the program on: [program, ...words], and what the checks found. */
interface Checked {
  readonly words: readonly CommandWord[];
  readonly findings: FindingTemplate[];
}

function report(checked: Checked, index: number, code: FindingCode, severity: FindingSeverity, message: string, fix?: FindingTemplate['fix']): void {
  checked.findings.push(fix ? { index, code, severity, message, fix } : { index, code, severity, message });
}

function isFlag(word: CommandWord): boolean {
  return word.plain && word.value.startsWith('-') && word.value !== '-' && word.value !== '--';
}

/** The flags a word names (`-it` → `-i`, `-t`; `--name=web` → `--name`), with whether a value is attached. */
function flagsOf(value: string, lookup: (flag: string) => CliOption | undefined): { flag: string; option: CliOption | undefined; inline: boolean }[] {
  if (value.startsWith('--')) {
    const equals = value.indexOf('=');
    const flag = equals < 0 ? value : value.slice(0, equals);
    return [{ flag, option: lookup(flag), inline: equals >= 0 }];
  }
  const whole = lookup(value.split('=')[0]);
  if (whole || value.length === 2 || value[2] === '=') {
    return [{ flag: value.slice(0, 2), option: lookup(value.slice(0, 2)), inline: value.length > 2 }];
  }
  const flags: { flag: string; option: CliOption | undefined; inline: boolean }[] = [];
  for (let i = 1; i < value.length; i++) {
    const flag = `-${value[i]}`;
    const option = lookup(flag);
    const rest = i < value.length - 1;
    flags.push({ flag, option, inline: rest && !!option?.value });
    if (!option || option.value) {
      break; // `-p8080:80`: the rest is the value
    }
  }
  return flags;
}

function placeholderFor(flag: string, option: CliOption): string {
  const name = (option.long ?? flag).replace(/^-+/, '');
  return `<${name}>`;
}

/**
 * Walks the flags at `start` (docker: up to the first operand; kubectl: anywhere before `--`).
 * Returns the number of operands seen and the index after the flags walked.
 */
function walkFlags(checked: Checked, start: number, scope: { readonly lookup: (flag: string) => CliOption | undefined; readonly longFlags: () => readonly string[]; readonly where: () => string; readonly anywhere: boolean; readonly allowed: (flag: string) => boolean | undefined }): number {
  let operands = 0;
  const { words } = checked;
  for (let i = start; i < words.length; i++) {
    const word = words[i];
    if (word.value === '--' && word.plain) {
      return operands + (i < words.length - 1 ? 1 : 0);
    }
    if (!isFlag(word)) {
      operands++;
      if (!scope.anywhere) {
        return operands;
      }
      continue;
    }
    for (const { flag, option, inline } of flagsOf(word.value, scope.lookup)) {
      const allowed = scope.allowed(flag);
      if (!option && allowed === undefined) {
        const suggestion = flag.startsWith('--') ? didYouMean(flag.slice(2), scope.longFlags().map((long) => long.slice(2))) : undefined;
        report(
          checked,
          i,
          'unknown-flag',
          'warning',
          `${scope.where()} has no flag ${flag}${suggestion ? `; did you mean --${suggestion}?` : ''}`,
          suggestion ? { title: `Change to --${suggestion}`, newText: word.raw.replace(flag, `--${suggestion}`), insert: false } : undefined,
        );
        break;
      }
      const takesValue = option ? !!option.value : allowed === true;
      if (takesValue && !inline) {
        const next = words[i + 1];
        if (!next || (isFlag(next) && next.value.startsWith('--') && scope.lookup(next.value.split('=')[0]))) {
          const placeholder = option ? placeholderFor(flag, option) : '<value>';
          report(checked, i, 'missing-value', 'warning', `${flag} needs a value (${scope.where()} ${flag} ${option?.value ?? 'value'})`, {
            title: `Add a placeholder: ${flag} ${placeholder}`,
            newText: ` ${placeholder}`,
            insert: true,
          });
        } else {
          i++;
        }
      }
    }
  }
  return operands;
}

/** What the usage line asks for that is not optional: `IMAGE` in `docker run [OPTIONS] IMAGE [COMMAND]`. */
function requiredOperands(usage: string | undefined, path: string, tool: string): string | undefined {
  if (!usage) {
    return undefined;
  }
  const first = usage.split(' | kubectl ')[0];
  const prefix = `${tool} ${path}`;
  let rest = first.startsWith(prefix) ? first.slice(prefix.length) : first;
  for (let previous = ''; previous !== rest; ) {
    previous = rest;
    rest = rest.replace(/\[[^[\]]*\]/g, '');
  }
  rest = rest.replace(/\s+/g, ' ').trim();
  return /[A-Z(]/.test(rest) && !/^COMMAND$/.test(rest) ? rest : undefined;
}

/** The subcommand path: `container exec` from `container exec -it web sh`. Undefined when the checks stop here. */
function walkPath(checked: Checked, start: number, tool: IndexedTool, toolName: string, plugins: ReadonlySet<string>): { command: IndexedCommand; next: number; start: number } | undefined {
  let node = tool.commands.get('') as IndexedCommand;
  let i = start;
  for (; i < checked.words.length; i++) {
    const word = checked.words[i];
    if (isFlag(word) || node.children.size === 0) {
      break;
    }
    if (isPlaceholderWord(word)) {
      return undefined;
    }
    const target = node.children.get(word.value);
    if (target) {
      node = tool.commands.get(target) as IndexedCommand;
      continue;
    }
    if (node.path === '' && plugins.has(word.value)) {
      return undefined;
    }
    const suggestion = didYouMean(word.value, node.children.keys());
    const pureGroup = node.path !== '' && toolName === 'docker' && /\bCOMMAND$/.test(node.command?.usage ?? '');
    if (!suggestion && !pureGroup) {
      return undefined; // a plugin, an operand, or a command newer than the reference: not ours to judge
    }
    const parent = [toolName, ...checked.words.slice(start, i).map((written) => written.value)].join(' ');
    report(
      checked,
      i,
      'unknown-subcommand',
      'error',
      `${parent} has no subcommand '${word.value}'${suggestion ? `; did you mean '${suggestion}'?` : ''}`,
      suggestion ? { title: `Change to '${suggestion}'`, newText: suggestion, insert: false } : undefined,
    );
    return undefined;
  }
  return node.path === '' ? undefined : { command: node, next: i, start };
}

/** What each command's usage requires (null: nothing), read once per command of an index: many texts run the same command. */
const requiredByCommand = new WeakMap<IndexedCommand, string | null>();

function checkDockerOrKubectl(checked: Checked, tool: IndexedTool, toolName: 'docker' | 'kubectl'): void {
  const globals = (flag: string) => tool.globalFlags.get(flag);
  const kubectl = toolName === 'kubectl';
  // Global flags before the subcommand (`docker -H tcp://… ps`, `kubectl --as alice get pods`).
  let i = 1;
  while (i < checked.words.length && isFlag(checked.words[i])) {
    const word = checked.words[i];
    const flags = flagsOf(word.value, globals);
    const last = flags[flags.length - 1];
    if (flags.some((entry) => !entry.option)) {
      return; // not a global flag the reference knows: where its value ends is a guess
    }
    i += last.option?.value && !last.inline ? 2 : 1;
  }
  const found = walkPath(checked, i, tool, toolName, kubectl ? KUBECTL_PLUGINS : DOCKER_PLUGINS);
  if (!found) {
    return;
  }
  const { command, next } = found;
  // The command as typed (`docker container ls`), for the messages only: most commands have none.
  const where = () => `${toolName} ${checked.words.slice(found.start, next).map((word) => word.value).join(' ')}`;
  const build = !kubectl && BUILD_PATHS.has(command.path);
  const lookup = kubectl ? (flag: string) => command.flags.get(flag) ?? globals(flag) : (flag: string) => command.flags.get(flag);
  const operands = walkFlags(checked, next, {
    lookup,
    // Read only for a did-you-mean on an unknown flag.
    longFlags: kubectl ? () => [...command.longFlags, ...tool.globalLongFlags] : () => command.longFlags,
    where,
    anywhere: kubectl,
    allowed: (flag) => (build ? BUILDX_BUILD_FLAGS.get(flag) : undefined) ?? (kubectl ? undefined : DOCKER_HIDDEN_FLAGS.get(flag)),
  });
  const nothingAfter = next >= checked.words.length;
  if (operands === 0 && (!kubectl || nothingAfter) && command.children.size === 0) {
    let required = requiredByCommand.get(command);
    if (required === undefined) {
      required = requiredOperands(command.command?.usage, command.path, toolName) ?? null;
      requiredByCommand.set(command, required);
    }
    if (required) {
      const needs = kubectl ? `more (usage: ${command.command?.usage ?? ''})` : `${required} (usage: ${command.command?.usage ?? ''})`;
      report(checked, next - 1, 'missing-argument', 'info', `${where()} needs ${needs.length > 160 ? `${needs.slice(0, 159)}…)` : needs}`);
    }
  }
}

const composeCommandSets = new WeakMap<IndexedTool, ReadonlySet<string>>();
const V2_ONLY: ReadonlySet<string> = new Set(COMPOSE_V2_COMMANDS);

/** The subcommand names of v1's reference and v2's list (made once per index). */
function composeCommands(tool: IndexedTool | undefined): ReadonlySet<string> {
  if (!tool) {
    return V2_ONLY;
  }
  let known = composeCommandSets.get(tool);
  if (!known) {
    known = new Set([...(tool.commands.get('')?.children.keys() ?? []), ...COMPOSE_V2_COMMANDS]);
    composeCommandSets.set(tool, known);
  }
  return known;
}

/** `docker compose …` / `docker-compose …`: subcommand names from v1's reference and v2's list; flags not judged (v1 and v2 differ). */
function checkCompose(checked: Checked, start: number, tool: IndexedTool | undefined, label: string): void {
  let i = start;
  while (i < checked.words.length && isFlag(checked.words[i])) {
    const value = checked.words[i].value;
    const option = tool?.globalFlags.get(value.split('=')[0]);
    const takesValue = option ? !!option.value : COMPOSE_V2_VALUE_FLAGS.has(value.split('=')[0]);
    if (!option && !COMPOSE_V2_VALUE_FLAGS.has(value.split('=')[0]) && !['--dry-run', '--all-resources', '--compatibility'].includes(value)) {
      return;
    }
    i += takesValue && !value.includes('=') ? 2 : 1;
  }
  const word = checked.words[i];
  if (!word || isFlag(word) || isPlaceholderWord(word)) {
    return;
  }
  const known = composeCommands(tool);
  if (known.has(word.value)) {
    return;
  }
  const suggestion = didYouMean(word.value, known);
  if (suggestion) {
    report(checked, i, 'unknown-subcommand', 'error', `${label} has no subcommand '${word.value}'; did you mean '${suggestion}'?`, {
      title: `Change to '${suggestion}'`,
      newText: suggestion,
      insert: false,
    });
  }
}

/** What the checks found in one command text: its words (to place the findings) and the findings. */
interface TextFindings {
  readonly words: readonly CommandWord[];
  readonly findings: readonly FindingTemplate[];
}

const NO_FINDINGS: TextFindings = { words: [], findings: [] };

/** The findings of a command text, wherever it is written. */
function textFindings(text: string, program: 'docker' | 'kubectl' | 'docker-compose', index: CliIndex): TextFindings {
  const found = programWords(text, program);
  if (!found) {
    return NO_FINDINGS;
  }
  const words = [found.program, ...found.words];
  const checked: Checked = { words, findings: [] };
  if (program === 'docker-compose') {
    checkCompose(checked, 1, index.compose, 'docker-compose');
  } else if (program === 'docker') {
    if (!index.docker) {
      return NO_FINDINGS;
    }
    // `docker compose` is a plugin with a reference of its own; the rest of the plugins have none.
    let at = 1;
    while (at < words.length && isFlag(words[at]) && index.docker.globalFlags.get(words[at].value.split('=')[0])) {
      at += index.docker.globalFlags.get(words[at].value.split('=')[0])?.value && !words[at].value.includes('=') ? 2 : 1;
    }
    if (words[at]?.value === 'compose' && words[at].plain) {
      checkCompose(checked, at + 1, index.compose, 'docker compose');
    } else {
      checkDockerOrKubectl(checked, index.docker, 'docker');
    }
  } else if (index.kubectl) {
    checkDockerOrKubectl(checked, index.kubectl, 'kubectl');
  }
  return checked.findings.length === 0 ? NO_FINDINGS : { words, findings: checked.findings };
}

/** Command texts already checked, per program, per index: notes repeat the same commands often. */
type TextCache = Record<'docker' | 'kubectl' | 'docker-compose', Map<string, TextFindings>>;
const textCaches = new WeakMap<CliIndex, TextCache>();
/** Past this many texts of a program the cache starts over, so an editor session does not grow it for ever. */
const MAX_CACHED_TEXTS = 20_000;

function cachedTextFindings(text: string, program: 'docker' | 'kubectl' | 'docker-compose', index: CliIndex): TextFindings {
  let caches = textCaches.get(index);
  if (!caches) {
    caches = { docker: new Map(), kubectl: new Map(), 'docker-compose': new Map() };
    textCaches.set(index, caches);
  }
  const cache = caches[program];
  let found = cache.get(text);
  if (!found) {
    found = textFindings(text, program, index);
    if (cache.size >= MAX_CACHED_TEXTS) {
      cache.clear();
    }
    cache.set(text, found);
  }
  return found;
}

/** A finding of the text placed on the command's words in the note. */
function placed(template: FindingTemplate, locate: WordLocator): Finding {
  const at = locate.at(template.index);
  const { code, severity, message, fix } = template;
  const fixes: FindingFix[] = !fix
    ? []
    : fix.insert
      ? [{ title: fix.title, edits: [{ line: at.endLine, column: at.endColumn, endLine: at.endLine, endColumn: at.endColumn, newText: fix.newText }] }]
      : [replaceFix(fix.title, at, fix.newText)];
  return { code, severity, message, line: at.line, column: at.column, endLine: at.endLine, endColumn: at.endColumn, fixes };
}

/** The findings of one command of a note. `lines` are the note's lines (for positions). */
export function commandFindings(command: NoteCommand, lines: readonly string[], index: CliIndex): Finding[] {
  const program = command.program;
  if (program !== 'docker' && program !== 'kubectl' && program !== 'docker-compose') {
    return [];
  }
  const { words, findings } = cachedTextFindings(command.text, program, index);
  if (findings.length === 0) {
    return [];
  }
  const locate = new WordLocator(lines, command, words);
  return findings.map((template) => placed(template, locate));
}
