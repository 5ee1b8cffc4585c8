import type { Placeholder } from './model';

/**
 * Recognising one command line: prompts, `sudo`, environment assignments, the program, placeholders.
 * Shell syntax is only scanned (quotes, `$(…)`, operators), never evaluated.
 */

/**
 * Shell prompts people paste in notes: `$ `, `user@host:~$ `, `[user@host dir]$ `, `root@host:/# `,
 * `host$ `, `node1:~$ `, Killercoda's `controlplane $ `, `~/app$ `, `bash-4.4$ `, zsh's `➜  ~ `, Play-with-Docker's
 * `[node1] (local) root@192.168.0.13 ~$ `, `PS C:\Users\me> `, `PS> `, `C:\> `. A bare `# ` is a
 * comment here; a block may still use it as a root prompt (see blockPrompts.ts). A container's
 * `/ # ` is not a prompt for the note's commands: what runs there is not docker or kubectl.
 */
const PROMPT = new RegExp(
  '^(?:' +
    [
      '\\$', // $
      // An optional [node1] tag and (venv) or (local) group, then user@host with an optional `:dir` or ` dir`.
      '(?:\\[[^\\]\\n]*\\]\\s*)?(?:\\([^)\\n]*\\)\\s*)?(?:[\\w.-]+@[\\w.-]+(?:(?::|\\s+)[^\\s$#]*)?\\s?[$#]|\\[[^\\]\\n]+\\]\\s?[$#])',
      // host$, node1:~$, controlplane $ (a name, no user), host:/# (a root prompt needs its `:dir`).
      '[A-Za-z][\\w.-]*(?::[^\\s$#]*)?\\s?\\$',
      '[A-Za-z][\\w.-]*:[^\\s$#]*#',
      '~[^\\s$#]*\\$', // ~$, ~/app$
      '(?:ba|z)?sh-\\d+(?:\\.\\d+)*[$#]', // bash-4.4$, sh-4.2# (a shell without a prompt of its own)
      '\u279c +[^\\s$#]+(?: git:\\([^)\\s]*\\))?(?: \u2717)?', // zsh's default theme: ➜  ~, ➜  app git:(main) ✗
      'PS(?: [^>\\n]*)?>',
      '[A-Za-z]:\\\\[^>\\n]*>',
    ].join('|') +
    ')(?:[ \\t]+|$)',
);

/**
 * Prompts whose shape says so on its own: `$`, `user@host…`, `[…]`, `bash-4.4$`, zsh's `➜`, `C:\>`.
 * The others (`host$`, `name:dir#`, `~$`, `PS …>`) also end ordinary lines (`echo $`, a URL ending
 * in `#`), so a block is read as a session by one of them only when a command follows it (blockPrompts).
 */
const STRONG_PROMPT = new RegExp(
  '^(?:' +
    [
      '\\$',
      '(?:\\[[^\\]\\n]*\\]\\s*)?(?:\\([^)\\n]*\\)\\s*)?(?:[\\w.-]+@[\\w.-]+(?:(?::|\\s+)[^\\s$#]*)?\\s?[$#]|\\[[^\\]\\n]+\\]\\s?[$#])',
      '(?:ba|z)?sh-\\d+(?:\\.\\d+)*[$#]',
      '\u279c +[^\\s$#]+(?: git:\\([^)\\s]*\\))?(?: \u2717)?',
      '[A-Za-z]:\\\\[^>\\n]*>',
    ].join('|') +
    ')(?:[ \\t]+|$)',
);

/** The prompt at the start of `line` says it is a prompt by its shape alone (see STRONG_PROMPT). */
export function hasStrongPrompt(line: string): boolean {
  return STRONG_PROMPT.test(line);
}

const PROMPT_CHARACTER = /[$#>\u279c]/;

/** Length of the shell prompt at the start of `line` (after indentation), or 0 when there is none. */
export function promptLength(line: string): number {
  // `$ ` is the prompt most notes paste: what the regular expression would match, without it
  // (its first alternative, `$`, then the blanks after it).
  if (line.charCodeAt(0) === 0x24) {
    let end = 1;
    while (line.charCodeAt(end) === 0x20 || line.charCodeAt(end) === 0x09) {
      end++;
    }
    if (end > 1 || line.length === 1) {
      return end;
    }
  }
  // Every prompt holds `$`, `#`, `>` or zsh's `➜`: most lines are ruled out without the long regular expression.
  if (!PROMPT_CHARACTER.test(line)) {
    return 0;
  }
  const match = PROMPT.exec(line);
  return match ? match[0].length : 0;
}

const ENV_ASSIGNMENT = /^[A-Za-z_][A-Za-z0-9_]*=(?:'[^']*'|"(?:[^"\\]|\\.)*"|[^\s'"]*)\s+/;
const SUDO = /^sudo(?:\s+-[A-Za-z]+)*\s+/;

/** Where the program word starts in a shell segment: after `VAR=value` assignments and `sudo`. */
function programStart(segment: string): number {
  let offset = 0;
  for (;;) {
    const rest = segment.slice(offset);
    const match = ENV_ASSIGNMENT.exec(rest) ?? SUDO.exec(rest);
    if (!match) {
      return offset;
    }
    offset += match[0].length;
  }
}

/**
 * The program a shell segment runs, when it is one of `programs`.
 * `requireArgs`: the program word must be followed by a space (the rule for inline code spans).
 */
function segmentProgram(segment: string, programs: readonly string[], requireArgs: boolean): string | undefined {
  // Most segments start with the program itself: no `VAR=value` or `sudo` to skip first.
  const direct = programAt(segment, programs, requireArgs);
  if (direct !== undefined && direct !== 'sudo') {
    return direct;
  }
  const start = programStart(segment);
  return start === 0 ? direct : programAt(segment.slice(start), programs, requireArgs);
}

/** The one of `programs` that `text` starts with: its word, then a space (or the end, unless `requireArgs`). */
function programAt(text: string, programs: readonly string[], requireArgs: boolean): string | undefined {
  for (const program of programs) {
    if (text.startsWith(program)) {
      const next = text.charCodeAt(program.length);
      if (next === 0x20 || next === 0x09 || (!requireArgs && Number.isNaN(next))) {
        return program;
      }
    }
  }
  return undefined;
}

/**
 * Splits a command line into the starts of its shell segments (after `;`, `&&`, `||`, `|`, `&`),
 * skipping quoted text, `$(…)` and backticks.
 */
export function segmentStarts(text: string): number[] {
  const starts = [0];
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '\\') {
      i++;
    } else if (ch === "'") {
      const end = text.indexOf("'", i + 1);
      i = end < 0 ? text.length : end;
    } else if (ch === '"') {
      i = skipDoubleQuoted(text, i);
    } else if (ch === '`') {
      const end = text.indexOf('`', i + 1);
      i = end < 0 ? text.length : end;
    } else if (ch === '$' && text[i + 1] === '(') {
      depth++;
      i++;
    } else if (ch === '(' && depth > 0) {
      depth++;
    } else if (ch === ')' && depth > 0) {
      depth--;
    } else if (depth === 0 && (ch === ';' || ch === '|' || ch === '&')) {
      // `2>&1` and `&>` are redirections, not separators.
      if (ch === '&' && (text[i - 1] === '>' || text[i + 1] === '>' || text[i - 1] === '<')) {
        continue;
      }
      if ((ch === '|' || ch === '&') && text[i + 1] === ch) {
        i++;
      }
      let next = i + 1;
      while (text[next] === ' ' || text[next] === '\t') {
        next++;
      }
      if (next < text.length) {
        starts.push(next);
      }
    }
  }
  return starts;
}

function skipDoubleQuoted(text: string, open: number): number {
  for (let i = open + 1; i < text.length; i++) {
    if (text[i] === '\\') {
      i++;
    } else if (text[i] === '"') {
      return i;
    }
  }
  return text.length;
}

/** A recognised command line. */
export interface CommandMatch {
  readonly program: string;
  /** True when the program starts the line (after prompt, assignments and `sudo`). */
  readonly leading: boolean;
}

/**
 * Recognises a command line for one of `programs`. Inline code spans must start with the program and
 * a space; block lines may also run the program after `&&`, `;` or `|` (`cd app && docker compose up`).
 */
export function matchCommand(text: string, programs: readonly string[], inline: boolean): CommandMatch | undefined {
  const leading = segmentProgram(text, programs, inline);
  if (leading) {
    return { program: leading, leading: true };
  }
  if (inline || !containsAny(text, programs)) {
    return undefined;
  }
  for (const start of segmentStarts(text).slice(1)) {
    const program = segmentProgram(text.slice(start), programs, false);
    if (program) {
      return { program, leading: false };
    }
  }
  return undefined;
}

function containsAny(text: string, programs: readonly string[]): boolean {
  return programs.some((program) => text.includes(program));
}

/**
 * Placeholders: `<container ID>`, `<name>:<version>`, `[options]`, `[OPTIONS]`. Not redirections
 * (`< file`, `<<EOF`), not shell tests (`[ -f x ]`), not array indexes (`[0]`, `[*]`).
 */
const PLACEHOLDER = /<([A-Za-z][^<>\n]*?)>|\[([A-Za-z][^[\]\n]*?)\]/g;

/** The placeholders in a command text, in order. */
/** Shared by every command without placeholders (most of them), so none carries an empty array of its own. */
const NO_PLACEHOLDERS: readonly Placeholder[] = Object.freeze([]);

export function findPlaceholders(text: string): readonly Placeholder[] {
  if (!text.includes('<') && !text.includes('[')) {
    return NO_PLACEHOLDERS;
  }
  const found: Placeholder[] = [];
  for (const match of text.matchAll(PLACEHOLDER)) {
    const name = (match[1] ?? match[2]).trim();
    const offset = match.index ?? 0;
    // `<<EOF` and `a<b>c` inside words are not placeholders; neither is an HTML-looking `<br/>`.
    if (match[0].startsWith('<') && (text[offset - 1] === '<' || name.endsWith('/'))) {
      continue;
    }
    found.push({ text: match[0], name, offset });
  }
  return found.length > 0 ? found : NO_PLACEHOLDERS;
}

/** The heredoc delimiter a command line opens (`<<EOF`, `<<-'END'`), if any. */
export function heredocDelimiter(text: string): string | undefined {
  if (!text.includes('<<')) {
    return undefined;
  }
  const match = /<<-?\s*(['"]?)([A-Za-z_][A-Za-z0-9_]*)\1/.exec(text);
  return match ? match[2] : undefined;
}

/** The quote a shell line leaves open at its end: none, `'` or `"`. */
export type OpenQuote = '' | "'" | '"';

/** How a shell line ends, as a shell reading it would see: done, or waiting for the next line, and why. */
export interface LineEnd {
  /**
   * `backslash`: a `\` continuation; `operator`: a trailing `|`, `||`, `&&` or `|&` (the pipeline
   * or list goes on); `quote`: a quote is still open; `none`: the command is complete.
   */
  readonly continues: 'none' | 'backslash' | 'operator' | 'quote';
  /** The quote still open at the end of the line (with `continues: 'quote'`). */
  readonly quote: OpenQuote;
}

const COMPLETE: LineEnd = { continues: 'none', quote: '' };

/**
 * How `line` ends when a shell reads it starting inside `quote` (the state the previous line left).
 * Comments (`#` starting a word outside quotes) hide what follows them, so `docker ps # a | b` is
 * complete. Only this line is scanned: a command continued over many lines is read in linear time.
 */
export function lineEnd(line: string, quote: OpenQuote = ''): LineEnd {
  const lastChar = line.charCodeAt(line.length - 1);
  // Most lines: no quote open, none opened, and no `|`, `&` or `\` at the end.
  if (quote === '' && lastChar !== 0x7c && lastChar !== 0x26 && lastChar !== 0x5c && !line.includes("'") && !line.includes('"')) {
    return COMPLETE;
  }
  let open: OpenQuote = quote;
  let last = ''; // the last operator outside quotes, or '' when a word came after it
  let i = 0;
  for (; i < line.length; i++) {
    const ch = line[i];
    if (open === "'") {
      if (ch === "'") {
        open = '';
      }
      continue;
    }
    if (open === '"') {
      if (ch === '\\') {
        if (i === line.length - 1) {
          return { continues: 'quote', quote: '"' };
        }
        i++;
      } else if (ch === '"') {
        open = '';
      }
      continue;
    }
    if (ch === ' ' || ch === '\t') {
      continue;
    }
    if (ch === '\\') {
      if (i === line.length - 1) {
        return { continues: 'backslash', quote: '' };
      }
      i++;
      last = '';
    } else if (ch === "'" || ch === '"') {
      open = ch;
      last = '';
    } else if (ch === '#' && (i === 0 || line[i - 1] === ' ' || line[i - 1] === '\t')) {
      break; // a comment: the rest of the line is not read
    } else if (ch === '|') {
      last = line[i + 1] === '|' || line[i + 1] === '&' ? '||' : '|';
      if (last === '||') {
        i++;
      }
    } else if (ch === '&') {
      if (line[i + 1] === '&') {
        last = '&&';
        i++;
      } else {
        last = ''; // a lone `&` puts the command in the background: it is complete
      }
    } else {
      last = '';
    }
  }
  if (open !== '') {
    return { continues: 'quote', quote: open };
  }
  return last === '' ? COMPLETE : { continues: 'operator', quote: '' };
}
