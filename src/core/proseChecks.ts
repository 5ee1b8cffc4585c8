import type { CliIndex, IndexedTool } from './cliIndex';
import type { CodeSpan } from './codeSpans';
import { findCodeSpans } from './codeSpans';
import { promptLength } from './commandLine';
import { DOCKER_PLUGINS } from './commandChecks';
import { didYouMean } from './didYouMean';
import type { Finding } from './findings';
import { replaceFix } from './findings';
import { readFrontMatter } from './frontMatter';
import type { NoteModel } from './model';
import { fenceLanguage } from './noteParser';

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

interface LineScan {
  readonly codeLine: (line: number) => boolean;
  readonly shellBlockLine: (line: number) => boolean;
}

/** Which lines are code (and which of those are in shell fences), from the model's code blocks. */
function scanLines(model: NoteModel, lines: readonly string[]): LineScan {
  const code = new Uint8Array(lines.length + 2); // 0 prose, 1 code, 2 code in a shell fence (1-based lines)
  for (const block of model.codeBlocks) {
    const opening = lines[block.startLine - 1] ?? '';
    const fence = /^\s*(`{3,}|~{3,})(.*)$/.exec(opening);
    const shell = !fence || SHELL_FENCES.has(fenceLanguage(fence[2].trim())) || fenceLanguage(fence[2].trim()).startsWith('term');
    for (let line = block.startLine; line <= block.endLine && line <= lines.length; line++) {
      code[line] = shell && !(fence && (line === block.startLine || line === block.endLine)) ? 2 : 1;
    }
  }
  const frontMatter = readFrontMatter(lines).lineCount;
  for (let line = 1; line <= frontMatter; line++) {
    code[line] = 1;
  }
  return { codeLine: (line) => code[line] !== 0, shellBlockLine: (line) => code[line] === 2 };
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

/** Blanks the code spans of a line (same length), so prose scanning skips them. */
function withoutSpans(line: string, spans: readonly CodeSpan[]): string {
  let out = line;
  for (const span of spans) {
    let start = span.start;
    while (start > 0 && out[start - 1] === '`') {
      start--;
    }
    let end = span.end;
    while (out[end] === '`') {
      end++;
    }
    out = out.slice(0, start) + ' '.repeat(end - start) + out.slice(end);
  }
  return out;
}

const PROSE_PROGRAM = /(^|[\s("'“*_])(docker|kubectl)[ \t]+([a-z][a-z-]*)/g;

/** A command in prose: the program, its subcommand, its flags and one required operand. */
function proseCommand(prose: string, lineNumber: number, index: CliIndex, findings: Finding[]): void {
  for (const match of prose.matchAll(PROSE_PROGRAM)) {
    const program = match[2] as (typeof PROGRAMS)[number];
    const tool = topLevel(index, program);
    const start = (match.index ?? 0) + match[1].length;
    const rest = prose.slice(start + program.length);
    const words = [...rest.matchAll(/\S+/g)].map((word) => ({ text: word[0], end: start + program.length + (word.index ?? 0) + word[0].length }));
    const bare = words.map((word) => word.text.replace(/[.,;:!?)"”*_]+$/, ''));
    if (!tool || (program === 'docker' && DOCKER_PLUGINS.has(bare[0] ?? ''))) {
      continue;
    }
    const path = knownPath(tool, bare.slice(0, 3));
    if (!path) {
      continue;
    }
    let used = path.used;
    let end = words[used - 1].end - (words[used - 1].text.length - bare[used - 1].length);
    const endsSentence = (i: number) => words[i].text !== bare[i];
    if (!endsSentence(used - 1)) {
      const command = tool.commands.get(path.path);
      while (used < words.length && bare[used].startsWith('-') && /^-{1,2}[A-Za-z]/.test(bare[used])) {
        end = words[used].end - (words[used].text.length - bare[used].length);
        used++;
        if (endsSentence(used - 1)) {
          break;
        }
      }
      const usage = command?.command?.usage ?? '';
      const needsOperand = /\[OPTIONS\] [A-Z]/.test(usage) || /^\S+ \S+ [A-Z]/.test(usage);
      const operand = bare[used];
      if (needsOperand && operand && !STOP_WORDS.has(operand.toLowerCase()) && /^[\w./:@=<>${}-]+$/.test(operand) && (used === path.used || !endsSentence(used - 1))) {
        end = words[used].end - (words[used].text.length - operand.length);
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

/** The prose and almost-a-program findings of a note. */
export function proseFindings(model: NoteModel, lines: readonly string[], index: CliIndex): Finding[] {
  const findings: Finding[] = [];
  const scan = scanLines(model, lines);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    const lineNumber = i + 1;
    if (scan.codeLine(lineNumber)) {
      if (scan.shellBlockLine(lineNumber)) {
        const indent = line.length - line.trimStart().length;
        const prompt = promptLength(line.slice(indent));
        almostProgram(line.slice(indent + prompt), lineNumber, indent + prompt + 1, index, findings);
      }
      continue;
    }
    const spans = line.includes('`') ? findCodeSpans(line) : [];
    for (const span of spans) {
      const text = span.content.trimStart();
      const prompt = promptLength(text);
      almostProgram(text.slice(prompt), lineNumber, span.start + (span.content.length - text.length) + prompt + 1, index, findings);
    }
    if (!line.includes('docker') && !line.includes('kubectl')) {
      continue;
    }
    const prose = spans.length > 0 ? withoutSpans(line, spans) : line;
    if ((prose !== line && !prose.includes('docker') && !prose.includes('kubectl')) || /^\s{0,3}#/.test(line)) {
      continue;
    }
    proseCommand(prose, lineNumber, index, findings);
  }
  return findings;
}
