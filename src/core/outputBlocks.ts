import { blockPrompts } from './blockPrompts';
import { matchCommand } from './commandLine';
import { fenceLanguage, isCheckFence, OUTPUT_BY_NAME, OUTPUT_TEXT } from './fenceKinds';

/**
 * Which code block is the output of the step before it: the note shows what the author saw after
 * running a command in a block of its own, right after the command's block, and says so in the
 * sentence between ("You should see:", "The output looks like this:"), or names the fence `output`.
 * Read conservatively: a block that holds prompts or commands, a block that names a file, a block
 * after "Create a file…", or a command-looking block after "Run…" is not output.
 */

/** Words that say the next block is what a command printed. */
const STRONG_CUE =
  /\b(?:you(?:'ll| will| should| would| can| might| may)? (?:now )?(?:see|get|notice)|should (?:now )?(?:see|print|show|display|return|output|look like|produce)|(?:expected|sample|example|resulting|similar) output|output (?:is|was|should|will|looks?|similar|like|from|of)|the output|returns?|prints?(?: out)?|look(?:s)? (?:something )?like|something like|similar to|displays?|produces?)\b|\b(?:output|result|results|response)\s*:/i;

/** Weaker words: enough only before a block of plain text (`text`, `output`, no language). */
const WEAK_CUE = /\b(?:output|outputs|see|seen|print|printed|show|shows|shown|display|displayed|result|results|response|returned|lists?)\b/i;

/**
 * The sentence is about a file, not about output: it asks the reader to make one, or names one
 * ("The first part of `web.yaml` looks like this:", "Your Dockerfile should look like:").
 */
const FILE_CUE =
  /\b(?:create|save|write|edit|paste|copy|put|add|replace|modify|named?|files?|contents?|dockerfile|containerfile|makefile)\b|\b[\w-]+\.(?:ya?ml|json|py|js|mjs|ts|sh|txt|conf|cfg|toml|ini|xml|html?|env|md|properties|go|java|rb|php|sql)\b/i;

/** The sentence asks the reader to run what follows. */
const RUN_CUE = /\b(?:run|type|execute|enter|issue|try)\b/i;

/** An info string naming the file its block holds (`title="compose.yaml"`, `{file=app.py}`). */
const NAMES_FILE = /\b(?:title|file|filename|name)\s*=/i;

/** Languages a printed result may be written in, after a sentence that plainly says it is output. */
const PRINTED = new Set(['json', 'yaml', 'yml', 'xml', 'console', 'shell', 'sh', 'bash', 'shell-session', 'html', 'ini', 'toml', 'csv']);

/** Languages whose lines would otherwise run: a line there that reads as a command is not output. */
const SHELLISH = new Set(['', 'console', 'shell', 'sh', 'bash', 'zsh', 'shell-session']);

/** The last sentence of a paragraph: the one that introduces what follows it. */
function lastSentence(paragraph: string): string {
  const sentences = paragraph.trim().split(/(?<=[.!?])\s+(?=\S)/);
  return sentences[sentences.length - 1] ?? '';
}

/**
 * The line reads as a command someone types, not as printed output: it starts with a lower-case
 * word (`node app.js`, `./run.sh`, `cd demo`) or an assignment (`PORT=80 node app`), not with a
 * capital (`Hello from Docker!`, `CONTAINER ID`), a digit, an ID (`e4b0c4ab3c2f`), a word ending in
 * `:` (`latest: Pulling from…`), a bracket or a symbol (`{`, `[INFO]`, `-`, `|`, `...`).
 */
export function readsAsCommand(line: string): boolean {
  const space = line.search(/\s/);
  const word = space < 0 ? line : line.slice(0, space);
  if (/^[A-Za-z_][A-Za-z0-9_]*=/.test(word)) {
    return true;
  }
  if (!/^(?:[a-z_~]|\.{0,2}\/)/.test(word)) {
    return false;
  }
  return !word.endsWith(':') && !/^[0-9a-f]{12,}$/.test(word);
}

/**
 * The printed text of a block, when the block is the output of the step before it: its lines
 * without leading and trailing blank lines, and the first and last of them (0-based within the
 * block's content). `intro` is the paragraph between the two blocks, if there is one.
 */
export function outputBlockText(
  content: string,
  info: string,
  intro: string | undefined,
  programs: readonly string[],
): { text: string; first: number; last: number } | undefined {
  if (isCheckFence(info) || NAMES_FILE.test(info)) {
    return undefined;
  }
  const language = fenceLanguage(info);
  const lines = content.split('\n');
  let first = 0;
  while (first < lines.length && lines[first].trim() === '') {
    first++;
  }
  let last = lines.length - 1;
  while (last >= first && lines[last].trim() === '') {
    last--;
  }
  if (first > last) {
    return undefined;
  }
  if (!OUTPUT_BY_NAME.has(language)) {
    if (intro === undefined) {
      return undefined;
    }
    const sentence = lastSentence(intro);
    const strong = STRONG_CUE.test(sentence);
    if (FILE_CUE.test(sentence) || !(strong ? OUTPUT_TEXT.has(language) || PRINTED.has(language) : OUTPUT_TEXT.has(language) && WEAK_CUE.test(sentence))) {
      return undefined;
    }
    // "Now run:" then `curl localhost:8080`, or "Let's see what's there:" then `ls -la`: commands.
    if (SHELLISH.has(language) && readsAsCommand(lines[first].trim()) && (!strong || RUN_CUE.test(sentence))) {
      return undefined;
    }
    // Prompts or commands of the note's programs: a block to run, whatever the sentence says.
    const block = lines.slice(first, last + 1);
    if (blockPrompts(block, programs).usesPrompts || block.some((line) => matchCommand(line.trim(), programs, false)?.leading === true)) {
      return undefined;
    }
  }
  return { text: lines.slice(first, last + 1).join('\n'), first, last };
}
