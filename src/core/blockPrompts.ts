import { hasStrongPrompt, matchCommand, promptLength } from './commandLine';

/**
 * Which lines of a code block stand behind a prompt. Most prompts say so by their shape (see
 * promptLength); a bare `# ` is a root shell's prompt in some notes and a comment in most, so it
 * counts as a prompt only where the block uses it as one.
 */
export interface BlockPrompts {
  /** True when some line of the block has a prompt: its other lines are output, not commands. */
  readonly usesPrompts: boolean;
  /** Length of the prompt at the start of a block line (after its indentation), or 0. */
  promptAt(trimmedLine: string): number;
}

const ROOT_PROMPT = /^#[ \t]+/;

/**
 * Commands a script runs besides the note's programs: a line starting with one is a script line, so
 * the block is a script and its `#` lines are comments.
 */
const SCRIPT_WORDS = new Set([
  'sudo', 'cd', 'echo', 'export', 'set', 'source', 'apt', 'apt-get', 'yum', 'dnf', 'apk', 'brew', 'curl', 'wget',
  'ls', 'cat', 'cp', 'mv', 'rm', 'mkdir', 'touch', 'chmod', 'chown', 'git', 'npm', 'pip', 'make', 'ssh', 'scp',
  'systemctl', 'service', 'usermod', 'newgrp', 'helm', 'minikube', 'kind', 'grep', 'sed', 'awk', 'tar', 'unzip',
  'if', 'for', 'while', 'then', 'fi', 'done', 'do', 'else', 'function', 'alias', 'printf', 'read', 'sleep',
]);

/**
 * Reads how a block uses prompts. A bare `# ` is a prompt when a `# ` line runs one of `programs`
 * and the block reads like a session, not a script: no line runs a command without a prompt (a
 * script's commands have none), and something else is there — another prompt or printed output.
 */
export function blockPrompts(content: readonly string[], programs: readonly string[]): BlockPrompts {
  let shaped = false;
  let rootCommand = false;
  for (let i = 0; i < content.length && !(shaped && rootCommand); i++) {
    const line = content[i];
    // A `#` at the line's start (after indentation) is the only way to a root prompt; most lines have none.
    const hash = line.charCodeAt(0) === 0x23 || ((line.charCodeAt(0) === 0x20 || line.charCodeAt(0) === 0x09) && line.trimStart().charCodeAt(0) === 0x23);
    if (hash) {
      if (!rootCommand) {
        const trimmed = line.trimStart();
        const root = ROOT_PROMPT.exec(trimmed);
        rootCommand = root !== null && matchCommand(trimmed.slice(root[0].length), programs, false)?.leading === true;
      }
    } else if (!shaped) {
      shaped = readsAsPrompt(line.trimStart(), programs);
    }
  }
  // Most blocks have no `# docker …` line: only those are read a second time.
  const root = rootCommand && readsLikeSession(content, programs, shaped);
  return { usesPrompts: shaped || root, promptAt: root ? rootOrShapedPrompt : promptLength };
}

/** No line runs a command without a prompt, and there is another prompt or printed output. */
function readsLikeSession(content: readonly string[], programs: readonly string[], shaped: boolean): boolean {
  let output = false;
  for (const line of content) {
    const trimmed = line.trimStart();
    if (trimmed === '' || trimmed.charCodeAt(0) === 0x23 || promptLength(trimmed) > 0) {
      continue;
    }
    if (matchCommand(trimmed, programs, false) || SCRIPT_WORDS.has(firstWord(trimmed))) {
      return false; // a script line: the block is a script and its `#` lines are comments
    }
    output = true;
  }
  return shaped || output;
}

/**
 * A line whose prompt makes the block a session: a prompt of a shape no other line has (`$ `,
 * `user@host:~$ `…), or one of the weaker shapes (`host$ `, `name:dir# `, `PS> `) with one of the
 * note's programs behind it — `echo $`, `Total $ 5` or a URL ending in `#` are not prompts.
 */
function readsAsPrompt(trimmed: string, programs: readonly string[]): boolean {
  const length = promptLength(trimmed);
  return length > 0 && (hasStrongPrompt(trimmed) || matchCommand(trimmed.slice(length), programs, false)?.leading === true);
}

function rootOrShapedPrompt(trimmedLine: string): number {
  return promptLength(trimmedLine) || (ROOT_PROMPT.exec(trimmedLine)?.[0].length ?? 0);
}

function firstWord(line: string): string {
  const end = line.search(/[\s;&|]/);
  return end < 0 ? line : line.slice(0, end);
}
