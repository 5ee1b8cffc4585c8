/**
 * The words of one command of a note, with what each was written as, for the checks: quotes,
 * `$(…)`, backticks and placeholders (`<container ID>`, `[stack name]`) each make one word that is
 * not plain; shell operators end the command.
 */

export interface CommandWord {
  /** The word as written. */
  readonly raw: string;
  /** The word with its quotes removed. */
  readonly value: string;
  /** False when the word holds quotes, escapes, `$`, backticks or a placeholder. */
  readonly plain: boolean;
}

/** `;|&<>()`: the characters that end a shell word and the command segment. */
function isOperator(code: number): boolean {
  return code === 0x3b || code === 0x7c || code === 0x26 || code === 0x3c || code === 0x3e || code === 0x28 || code === 0x29;
}

/** Where a `$(…)` / `${…}` opened at `at` closes (the index after it). */
function closeSubstitution(text: string, at: number): number {
  const open = text[at + 1];
  const close = open === '(' ? ')' : '}';
  let depth = 0;
  for (let i = at + 1; i < text.length; i++) {
    if (text[i] === open) {
      depth++;
    } else if (text[i] === close && --depth === 0) {
      return i + 1;
    }
  }
  return text.length;
}

/** Where a placeholder opened at `at` (`<name …>`, `[name …]`) closes, or -1 when it is not one. */
function closePlaceholder(text: string, at: number): number {
  const open = text[at];
  const next = text.charCodeAt(at + 1);
  const letter = (next >= 0x41 && next <= 0x5a) || (next >= 0x61 && next <= 0x7a);
  if (!letter) {
    return -1;
  }
  const end = text.indexOf(open === '<' ? '>' : ']', at + 1);
  if (end < 0 || text.slice(at + 1, end).includes(open)) {
    return -1;
  }
  return end + 1;
}

/**
 * The words of a command line's shell segments (split at `;`, `|`, `&&`, `&`, redirections), each
 * segment a list of words. Only the first line is read: what follows is a heredoc body.
 */
export function commandSegments(text: string): CommandWord[][] {
  const newline = text.indexOf('\n');
  const line = newline < 0 ? text : text.slice(0, newline);
  const segments: CommandWord[][] = [[]];
  // Words are slices of the line: most are plain, and their value is the slice itself.
  let start = -1;
  let plain = true;
  let quoted = false;
  const finish = (end: number) => {
    if (start >= 0) {
      const raw = line.slice(start, end);
      segments[segments.length - 1].push({ raw, value: quoted ? unquote(raw) : raw, plain });
    }
    start = -1;
    plain = true;
    quoted = false;
  };
  // Character codes, not one-character strings: this loop reads every character of every command.
  for (let i = 0; i < line.length; i++) {
    const ch = line.charCodeAt(i);
    if (ch === 0x20 || ch === 0x09 || ch === 0x0d || ch === 0x0a) {
      finish(i);
      continue;
    }
    if (ch === 0x23 /* # */ && start < 0) {
      break;
    }
    if (isOperator(ch) && !(ch === 0x3c /* < */ && closePlaceholder(line, i) > 0)) {
      finish(i);
      if (segments[segments.length - 1].length > 0) {
        segments.push([]);
      }
      for (let next = line.charCodeAt(i + 1); isOperator(next) || (next >= 0x30 && next <= 0x39); next = line.charCodeAt(i + 1)) {
        i++; // `&&`, `2>&1`, `>>`
      }
      continue;
    }
    if (start < 0) {
      start = i;
    }
    if (ch === 0x27 /* ' */ || ch === 0x22 /* " */ || ch === 0x60 /* ` */) {
      const quote = line[i];
      let end = line.indexOf(quote, i + 1);
      while (ch === 0x22 && end > 0 && line.charCodeAt(end - 1) === 0x5c) {
        end = line.indexOf(quote, end + 1);
      }
      i = end < 0 ? line.length : end;
      plain = false;
      quoted = true;
    } else if (ch === 0x5c /* \ */) {
      i++;
      plain = false;
      quoted = true;
    } else if (ch === 0x24 /* $ */ && (line.charCodeAt(i + 1) === 0x28 || line.charCodeAt(i + 1) === 0x7b)) {
      i = closeSubstitution(line, i) - 1;
      plain = false;
    } else if (ch === 0x3c /* < */ || ch === 0x5b /* [ */) {
      const close = closePlaceholder(line, i);
      if (close > 0) {
        i = close - 1;
        plain = false;
      }
    } else if (ch === 0x24 /* $ */ || ch === 0x2a /* * */ || ch === 0x3f /* ? */) {
      plain = false;
    }
  }
  finish(line.length);
  return segments.filter((segment) => segment.length > 0);
}

/** A word's value: quotes removed, backslash escapes resolved (`$(…)` and placeholders kept as written). */
function unquote(raw: string): string {
  let value = '';
  for (let i = 0; i < raw.length; i++) {
    const ch = raw[i];
    if (ch === "'" || ch === '"' || ch === '`') {
      const end = raw.indexOf(ch, i + 1);
      value += raw.slice(i + 1, end < 0 ? raw.length : end);
      i = end < 0 ? raw.length : end;
    } else if (ch === '\\') {
      value += raw[i + 1] ?? '';
      i++;
    } else {
      value += ch;
    }
  }
  return value;
}

const ASSIGNMENT = /^[A-Za-z_][A-Za-z0-9_]*=/;

/** The words of the segment that runs `program`, from the word after the program, or undefined. */
export function programWords(text: string, program: string): { readonly program: CommandWord; readonly words: readonly CommandWord[] } | undefined {
  for (const segment of commandSegments(text)) {
    let at = 0;
    while (at < segment.length && (ASSIGNMENT.test(segment[at].raw) || segment[at].value === 'sudo' || (at > 0 && segment[at - 1].value === 'sudo' && segment[at].value.startsWith('-')))) {
      at++;
    }
    if (segment[at]?.value === program) {
      return { program: segment[at], words: segment.slice(at + 1) };
    }
  }
  return undefined;
}

/** True when the word stands for something to fill in (`<name>`, `[OPTIONS]`, `COMMAND`, `{{.ID}}`) or is shell syntax. */
export function isPlaceholderWord(word: CommandWord): boolean {
  return !word.plain || /^[A-Z][A-Z_]*(?:\.\.\.)?$/.test(word.value) || word.value.includes('{{') || word.value.includes('...') || word.value.includes('…');
}
