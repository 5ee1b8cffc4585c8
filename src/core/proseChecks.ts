import type { CliIndex, IndexedTool } from './cliIndex';
import type { CodeSpan } from './codeSpans';
import { promptLength } from './commandLine';
import { DOCKER_PLUGINS } from './commandChecks';
import { didYouMean } from './didYouMean';
import type { Finding } from './findings';
import { replaceFix } from './findings';
import { readFrontMatter } from './frontMatter';
import type { NoteModel } from './model';
import { fenceLanguage } from './fenceKinds';

/**
 * Checks of what is not (yet) a command: a code span or shell line whose first word is almost a
 * program (`dock pull` → `docker pull`), and a command written in plain prose that would get a Run
 * lens in backticks ("run docker image inspect alpine"). Both need the next word to be a real
 * subcommand, so prose that merely names a tool is left alone.
 */

const PROGRAMS = ['docker', 'kubectl'] as const;

/** Real tools whose names are close to a program's: never typos. */
const OTHER_TOOLS = new Set([
  'dockerd', 'docker-machine', 'docker-compose', 'docker-init', 'docker-proxy', 'docker-credential-helper', 'dockerfile',
  'kubeadm', 'kubelet', 'kubens', 'kubectx', 'kubecfg', 'kubeseal', 'kubectl', 'docker', 'minikube', 'podman', 'nerdctl',
]);

const SHELL_FENCES = new Set(['', 'bash', 'sh', 'shell', 'console', 'zsh', 'terminal', 'powershell', 'ps1', 'pwsh', 'cmd', 'shell-session', 'shellsession']);

/** Words that end a command written in prose: "use docker run to start one". */
const STOP_WORDS = new Set([
  'a', 'an', 'the', 'to', 'and', 'or', 'then', 'which', 'that', 'this', 'these', 'those', 'in', 'on', 'for', 'with', 'you',
  'it', 'is', 'are', 'was', 'will', 'from', 'of', 'as', 'at', 'by', 'if', 'when', 'but', 'so', 'we', 'i', 'can', 'again',
  'first', 'now', 'here', 'there', 'command', 'commands', 'shows', 'lists', 'prints', 'gives', 'does', 'again.',
]);

function topLevel(index: CliIndex, program: (typeof PROGRAMS)[number]): IndexedTool | undefined {
  return index[program];
}

/** The subcommand words of `tool` at `words` (`image inspect`), or undefined when the first is not one. */
function knownPath(tool: IndexedTool, words: readonly string[]): { path: string; used: number } | undefined {
  let node = tool.commands.get('');
  let used = 0;
  while (node && used < words.length) {
    const target = node.children.get(words[used]);
    if (!target) {
      break;
    }
    node = tool.commands.get(target);
    used++;
  }
  // A group alone (`the docker container stops`) is not a command: its subcommand must follow.
  if (!node || used === 0 || node.children.size > 0) {
    return undefined;
  }
  return { path: node.path, used };
}

/** What a line of a note is, for the checks of its text. */
export const enum LineKind {
  Prose = 0,
  /** Code (or front matter) not checked as prose. */
  Code = 1,
  /** A line of a shell code block (its fences excluded). */
  Shell = 2,
}

/** The table {@link lineKinds} fills: one for every note, as a new typed array per note costs more than clearing one. */
let kindTable = new Uint8Array(1024);

/**
 * What each line of the note is, 1-based (see {@link LineKind}), at indexes 1 to `lines.length`
 * (0 at 0 and at `lines.length + 1`). The table is the same for every call: read it before the next.
 */
export function lineKinds(model: NoteModel, lines: readonly string[]): Uint8Array {
  if (kindTable.length < lines.length + 2) {
    kindTable = new Uint8Array(lines.length + 2 + 1024);
  } else {
    kindTable.fill(0, 0, lines.length + 2);
  }
  const code = kindTable;
  for (const block of model.codeBlocks) {
    const opening = lines[block.startLine - 1] ?? '';
    const fence = /^\s*(`{3,}|~{3,})(.*)$/.exec(opening);
    const language = fence ? fenceLanguage(fence[2].trim()) : '';
    const shell = !fence || SHELL_FENCES.has(language) || language.startsWith('term');
    for (let line = block.startLine; line <= block.endLine && line <= lines.length; line++) {
      code[line] = shell && !(fence && (line === block.startLine || line === block.endLine)) ? LineKind.Shell : LineKind.Code;
    }
  }
  const frontMatter = readFrontMatter(lines).lineCount;
  for (let line = 1; line <= frontMatter; line++) {
    code[line] = LineKind.Code;
  }
  return code;
}

/** `dock pull` where `text` starts at `column` (1-based) on `line`: a warning with the fix. */
function almostProgram(text: string, line: number, column: number, index: CliIndex, findings: Finding[]): void {
  // Most spans are commands already, or not commands at all: ruled out without the regular expression.
  const first = text.charCodeAt(0);
  if (!(first >= 0x61 && first <= 0x7a) || text.startsWith('docker') || text.startsWith('kubectl')) {
    return;
  }
  const match = /^([a-z][a-z-]{1,15})\s+([a-z][a-z-]*)/.exec(text);
  if (!match || OTHER_TOOLS.has(match[1])) {
    return;
  }
  const [, word, next] = match;
  // The next word must be a subcommand of one of the programs: most lines are ruled out before the did-you-mean.
  if (!index.docker?.commands.get('')?.children.has(next) && !index.kubectl?.commands.get('')?.children.has(next)) {
    return;
  }
  // `dock` is `docker` cut short; `dokcer`, `kubctl` are a letter or two off.
  const program = PROGRAMS.find((name) => word.length >= 4 && name.startsWith(word)) ?? didYouMean(word, PROGRAMS);
  const tool = program && topLevel(index, program as (typeof PROGRAMS)[number]);
  if (!program || !tool || !tool.commands.get('')?.children.has(next)) {
    return;
  }
  const at = { line, column, endLine: line, endColumn: column + word.length };
  findings.push({
    code: 'almost-a-program',
    severity: 'warning',
    message: `'${word}' is not a program; did you mean '${program} ${next}'?`,
    ...at,
    fixes: [replaceFix(`Change to '${program}'`, at, program)],
  });
}

/**
 * What blanking the code spans of a line covers: each span with the backticks around it, as
 * [start, end) pairs in order. A span's backticks are not looked for inside the range before it.
 */
function spanRanges(line: string, spans: readonly CodeSpan[]): number[] {
  const ranges: number[] = [];
  let previousEnd = 0;
  for (const span of spans) {
    let start = span.start;
    while (start > previousEnd && line.charCodeAt(start - 1) === 0x60) {
      start--;
    }
    let end = span.end;
    while (line.charCodeAt(end) === 0x60) {
      end++;
    }
    ranges.push(start, end);
    previousEnd = end;
  }
  return ranges;
}

/** The line with `ranges` blanked (same length), so prose scanning skips the code spans. */
function blanked(line: string, ranges: readonly number[]): string {
  let out = '';
  let from = 0;
  for (let i = 0; i < ranges.length; i += 2) {
    out += line.slice(from, ranges[i]) + ' '.repeat(ranges[i + 1] - ranges[i]);
    from = ranges[i + 1];
  }
  return out + line.slice(from);
}

/**
 * True when `line` holds `docker` or `kubectl` outside `ranges`. Both words have a `k`, a rare
 * letter in prose: one search for it finds every candidate.
 */
function mentionsProgram(line: string, ranges: readonly number[] = []): boolean {
  // Two native searches a line: a loop over every `k` of English prose costs more.
  for (let at = line.indexOf('docker'); at >= 0; at = line.indexOf('docker', at + 1)) {
    if (outside(ranges, at, at + 6)) {
      return true;
    }
  }
  for (let at = line.indexOf('kubectl'); at >= 0; at = line.indexOf('kubectl', at + 1)) {
    if (outside(ranges, at, at + 7)) {
      return true;
    }
  }
  return false;
}

function outside(ranges: readonly number[], start: number, end: number): boolean {
  for (let i = 0; i < ranges.length; i += 2) {
    if (start < ranges[i + 1] && ranges[i] < end) {
      return false;
    }
  }
  return true;
}

const PROSE_PROGRAM = /(^|[\s("'“*_])(docker|kubectl)[ \t]+([a-z][a-z-]*)/g;
const PROSE_WORD = /\S+/g;

/** A word of prose after a program: as written, without the punctuation that may end it, and where it ends. */
interface ProseWord {
  readonly text: string;
  readonly bare: string;
  readonly end: number;
}

/** `text` without the run of `.,;:!?)"”*_` that ends it (a word of prose before a comma, a closing bracket…). */
function withoutEndPunctuation(text: string): string {
  let end = text.length;
  while (end > 0 && END_PUNCTUATION.includes(text[end - 1])) {
    end--;
  }
  return end === text.length ? text : text.slice(0, end);
}

const END_PUNCTUATION = '.,;:!?)"”*_';

/** The words of `prose` from `from` on, read as far as they are asked for (most commands in prose are short). */
class ProseWords {
  private readonly words: ProseWord[] = [];
  private done = false;

  constructor(
    private readonly prose: string,
    private scanned: number,
  ) {}

  at(i: number): ProseWord | undefined {
    while (this.words.length <= i && !this.done) {
      PROSE_WORD.lastIndex = this.scanned;
      const match = PROSE_WORD.exec(this.prose);
      if (!match) {
        this.done = true;
        break;
      }
      const text = match[0];
      this.words.push({ text, bare: withoutEndPunctuation(text), end: match.index + text.length });
      this.scanned = PROSE_WORD.lastIndex;
    }
    return this.words[i];
  }
}

/** A command in prose: the program, its subcommand, its flags and one required operand. */
function proseCommand(prose: string, lineNumber: number, index: CliIndex, findings: Finding[]): void {
  PROSE_PROGRAM.lastIndex = 0;
  for (let match = PROSE_PROGRAM.exec(prose); match; match = PROSE_PROGRAM.exec(prose)) {
    const program = match[2] as (typeof PROGRAMS)[number];
    const tool = topLevel(index, program);
    const start = match.index + match[1].length;
    const words = new ProseWords(prose, start + program.length);
    if (!tool || (program === 'docker' && DOCKER_PLUGINS.has(words.at(0)?.bare ?? ''))) {
      continue;
    }
    const first = [words.at(0), words.at(1), words.at(2)].filter((word) => word !== undefined).map((word) => word.bare);
    const path = knownPath(tool, first);
    if (!path) {
      continue;
    }
    let used = path.used;
    const wordEnd = (i: number) => {
      const word = words.at(i) as ProseWord;
      return word.end - (word.text.length - word.bare.length);
    };
    const endsSentence = (i: number) => {
      const word = words.at(i) as ProseWord;
      return word.text !== word.bare;
    };
    let end = wordEnd(used - 1);
    if (!endsSentence(used - 1)) {
      const command = tool.commands.get(path.path);
      for (let word = words.at(used); word && word.bare.startsWith('-') && /^-{1,2}[A-Za-z]/.test(word.bare); word = words.at(used)) {
        end = wordEnd(used);
        used++;
        if (endsSentence(used - 1)) {
          break;
        }
      }
      const usage = command?.command?.usage ?? '';
      const needsOperand = /\[OPTIONS\] [A-Z]/.test(usage) || /^\S+ \S+ [A-Z]/.test(usage);
      const operand = words.at(used)?.bare;
      if (needsOperand && operand && !STOP_WORDS.has(operand.toLowerCase()) && /^[\w./:@=<>${}-]+$/.test(operand) && (used === path.used || !endsSentence(used - 1))) {
        end = wordEnd(used);
      }
    }
    const text = prose.slice(start, end);
    const at = { line: lineNumber, column: start + 1, endLine: lineNumber, endColumn: end + 1 };
    findings.push({
      code: 'prose-command',
      severity: 'hint',
      message: `'${text}' reads as a command: in backticks it gets a Run lens`,
      ...at,
      fixes: [replaceFix('Put the command in backticks', at, `\`${text}\``)],
    });
  }
}

/** The almost-a-program finding of a line of a shell code block, added to `findings`. */
export function addShellLineFindings(line: string, lineNumber: number, index: CliIndex, findings: Finding[]): void {
  if (line.length === 0) {
    return;
  }
  const first = line.charCodeAt(0);
  // Most lines start with a letter or a prompt: no indentation to measure.
  const indent = first > 0x20 && first < 0x7f ? 0 : line.length - line.trimStart().length;
  const prompt = promptLength(line.slice(indent));
  almostProgram(line.slice(indent + prompt), lineNumber, indent + prompt + 1, index, findings);
}

/** The prose and almost-a-program findings of a line of prose whose code spans are `spans`, added to `findings`. */
export function addProseLineFindings(line: string, lineNumber: number, spans: readonly CodeSpan[], index: CliIndex, findings: Finding[]): void {
  for (const span of spans) {
    const text = span.content.trimStart();
    const prompt = promptLength(text);
    almostProgram(text.slice(prompt), lineNumber, span.start + (span.content.length - text.length) + prompt + 1, index, findings);
  }
  if (!mentionsProgram(line)) {
    return;
  }
  // Blanking spans only matters when a program is named outside them (the spans are commands already).
  const ranges = spans.length > 0 ? spanRanges(line, spans) : [];
  if ((ranges.length > 0 && !mentionsProgram(line, ranges)) || /^\s{0,3}#/.test(line)) {
    return;
  }
  proseCommand(ranges.length > 0 ? blanked(line, ranges) : line, lineNumber, index, findings);
}
