/**
 * Shell words for reading a command (never for running it: runs go through the real shell or the
 * Engine API with words parsed here only when every word is plain).
 */

/** A word of a command line and whether it was written without any shell syntax. */
export interface ShellWord {
  /** The word's value after quote removal. */
  readonly value: string;
  /** True when the word had no quotes, escapes, `$`, globs or backticks: what you see is what runs. */
  readonly plain: boolean;
}

/** The result of splitting one command line. */
export interface SplitResult {
  readonly words: ShellWord[];
  /** True when the line holds operators, redirections, substitutions or other syntax beyond words. */
  readonly hasShellSyntax: boolean;
}

const OPERATOR = new Set([';', '&', '|', '<', '>', '(', ')']);

/**
 * Splits a command line into words as a POSIX shell would for simple commands: single and double
 * quotes, backslash escapes and `\`-newline continuations. Operators and substitutions mark the
 * line as having shell syntax (the words are still returned as best read).
 */
export function splitShellWords(text: string): SplitResult {
  const words: ShellWord[] = [];
  let hasShellSyntax = false;
  let current = '';
  let inWord = false;
  let plain = true;
  const finish = () => {
    if (inWord) {
      words.push({ value: current, plain });
    }
    current = '';
    inWord = false;
    plain = true;
  };
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r') {
      finish();
      continue;
    }
    if (ch === '#' && !inWord) {
      break; // a comment runs to the end of the line
    }
    if (ch === '\\' && text[i + 1] === '\n') {
      i++; // a continuation joins lines and is no word of its own
      continue;
    }
    if (OPERATOR.has(ch)) {
      hasShellSyntax = true;
      finish(); // an operator ends the word before it and starts none
      continue;
    }
    inWord = true;
    if (ch === '\\') {
      plain = false;
      if (i + 1 < text.length) {
        current += text[++i];
      }
    } else if (ch === "'") {
      plain = false;
      const end = text.indexOf("'", i + 1);
      const stop = end < 0 ? text.length : end;
      current += text.slice(i + 1, stop);
      i = stop;
    } else if (ch === '"') {
      plain = false;
      let j = i + 1;
      for (; j < text.length && text[j] !== '"'; j++) {
        if (text[j] === '\\' && '"\\$`\n'.includes(text[j + 1] ?? '')) {
          j++;
        } else if (text[j] === '$' || text[j] === '`') {
          hasShellSyntax = true;
        }
        current += text[j];
      }
      i = j;
    } else if (ch === '$' || ch === '`' || ch === '*' || ch === '?' || ch === '~' || ch === '{' || ch === '[') {
      // Expansions and globs: only a shell knows what this word becomes.
      plain = false;
      hasShellSyntax = true;
      current += ch;
    } else {
      current += ch;
    }
  }
  finish();
  return { words, hasShellSyntax };
}

const SAFE = /^[A-Za-z0-9_./:=@%+,-]+$/;

/** Quotes a value so the shell passes it as one literal word: `x; touch F` → `'x; touch F'`. */
export function quoteShellValue(value: string): string {
  if (value !== '' && SAFE.test(value)) {
    return value;
  }
  return `'${value.replace(/'/g, `'\\''`)}'`;
}
