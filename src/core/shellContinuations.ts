import type { LineEnd, OpenQuote } from './commandLine';
import { lineEnd, matchCommand } from './commandLine';

/**
 * Where a command of a shell block ends: continuation lines (`\\`, a trailing `|` or `&&`, an open
 * quote, PowerShell's backtick), prompts of continuation lines, and heredoc bodies.
 */

/**
 * The prompt a terminal prints before a continuation line, as pasted in a session with `$ ` prompts:
 * `> ` (bash PS2) or `>> ` (PowerShell). It is not part of the command.
 */
export const CONTINUATION_PROMPT = /^>>?(?: |$)/;

/** How far a shell line continues: as {@link lineEnd} says, or in PowerShell by a backtick or a trailing `|`. */
function continuation(line: string, quote: OpenQuote, powershell: boolean): LineEnd {
  if (!powershell) {
    return lineEnd(line, quote);
  }
  // PowerShell continues lines with a backtick; `C:\Users\me\` ends with a path, not a continuation.
  if (/\s`$/.test(line)) {
    return { continues: 'backslash', quote: '' };
  }
  return { continues: line.endsWith('|') ? 'operator' : 'none', quote: '' };
}

/** A continued line without its continuation mark (`\` or PowerShell's backtick). */
function withoutContinuation(line: string): string {
  return line.replace(/\s*(\\|`)$/, '');
}

/** How many lines a quoted string may span before an open quote is taken for a stray apostrophe. */
const MAX_QUOTED_LINES = 100;

/** True when the quote open at the end of a line closes within the next lines of the block. */
function quoteCloses(content: readonly string[], from: number, quote: OpenQuote): boolean {
  let open = quote;
  for (let i = from; i < content.length && i < from + MAX_QUOTED_LINES; i++) {
    open = lineEnd(content[i].trimEnd(), open).quote;
    if (open === '') {
      return true;
    }
  }
  return false;
}

/**
 * The command that starts with `body` (line `first` of a block, without its prompt) and the last
 * line it takes, as a shell reads it: a line continues on the next after a `\` (joined with a
 * space, the `\` dropped), after a trailing `|`, `||` or `&&` (joined with a space), or inside a
 * quote that closes further down (joined with the line break, which is part of the quoted text).
 * A quote is followed only in a command of `programs`: an apostrophe in prose or output opens none.
 * Each line is checked on its own, so a command continued over thousands of lines stays linear.
 */
export function continuedCommand(
  content: readonly string[],
  first: number,
  body: string,
  usesPrompts: boolean,
  powershell: boolean,
  programs: readonly string[],
): { text: string; last: number } {
  let line = body.trimEnd();
  let end = continuation(line, '', powershell);
  if (end.continues === 'none' || (end.continues === 'operator' && line.startsWith('|'))) {
    // Most commands are one line; a line starting with `|` is a table row, not a pipeline.
    return { text: line, last: first };
  }
  const parts: string[] = [];
  let last = first;
  while (end.continues !== 'none' && last + 1 < content.length) {
    if (end.continues === 'quote' && !(quoteCloses(content, last + 1, end.quote) && matchCommand(parts.join('') + line, programs, false))) {
      break;
    }
    // A session pasted with `$ ` prompts shows `> ` before each continuation line.
    const next = (usesPrompts ? content[last + 1].replace(CONTINUATION_PROMPT, '') : content[last + 1]).trimEnd();
    if (end.continues === 'operator' && next.trim() === '') {
      break; // nothing follows the `|` here: the command ends as written
    }
    last++;
    if (end.continues === 'quote') {
      parts.push(line, '\n');
      line = next;
    } else {
      const kept = end.continues === 'backslash' ? withoutContinuation(line) : line;
      if (kept !== '') {
        parts.push(kept, ' ');
      }
      line = next.trimStart();
    }
    end = continuation(line, end.quote, powershell);
  }
  if (end.continues === 'backslash') {
    // A continuation with nothing after it (the block ends): the shell would wait for more.
    line = withoutContinuation(line);
  }
  parts.push(line);
  return { text: parts.join('').trimEnd(), last };
}

export function findHeredocEnd(content: readonly string[], from: number, delimiter: string): number {
  for (let i = from; i < content.length; i++) {
    if (content[i].trim() === delimiter) {
      return i;
    }
  }
  return -1;
}
