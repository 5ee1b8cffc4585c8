/**
 * Positions of inline code spans. markdown-it gives inline tokens no positions, so the spans of a
 * block's source lines are found again here with the CommonMark rules: a run of N backticks opens a
 * span closed by the next run of exactly N backticks; a backslash-escaped backtick outside a span is
 * literal; line endings inside a span become spaces and one leading and trailing space is stripped
 * when both are there (and the span is not all spaces).
 */

/** A code span found in source text. Offsets are into the scanned text. */
export interface CodeSpan {
  /** The span's content as markdown-it gives it (normalised). */
  readonly content: string;
  /** Offset of the first character of `content` in the scanned text. */
  readonly start: number;
  /** Offset just after the last character of `content`. */
  readonly end: number;
}

function runLength(text: string, at: number): number {
  let end = at;
  while (text.charCodeAt(end) === 0x60) {
    end++;
  }
  return end - at;
}

/** All code spans in `text`, in order. */
export function findCodeSpans(text: string): CodeSpan[] {
  const spans: CodeSpan[] = [];
  let i = text.indexOf('`');
  // Only a backslash before the first backtick of a run can escape it; look back from each run.
  while (i >= 0 && i < text.length) {
    if (isEscaped(text, i)) {
      i = text.indexOf('`', i + 1);
      continue;
    }
    const n = runLength(text, i);
    const close = findClosingRun(text, i + n, n);
    if (close < 0) {
      // No closing run: these backticks are literal text.
      i = text.indexOf('`', i + n);
      continue;
    }
    spans.push(makeSpan(text, i + n, close));
    i = text.indexOf('`', close + n);
  }
  return spans;
}

/** True when the backtick at `at` is preceded by an odd number of backslashes. */
function isEscaped(text: string, at: number): boolean {
  let count = 0;
  for (let j = at - 1; j >= 0 && text.charCodeAt(j) === 0x5c; j--) {
    count++;
  }
  return count % 2 === 1;
}

function findClosingRun(text: string, from: number, n: number): number {
  let j = text.indexOf('`', from);
  while (j >= 0) {
    const m = runLength(text, j);
    if (m === n) {
      return j;
    }
    j = text.indexOf('`', j + m);
  }
  return -1;
}

function makeSpan(text: string, rawStart: number, rawEnd: number): CodeSpan {
  let start = rawStart;
  let end = rawEnd;
  const raw = text.slice(start, end);
  let content = raw.includes('\n') || raw.includes('\r') ? raw.replace(/\r\n|\r|\n/g, ' ') : raw;
  if (content.length >= 2 && content.startsWith(' ') && content.endsWith(' ') && content.trim() !== '') {
    content = content.slice(1, -1);
    start++;
    end--;
  }
  return { content, start, end };
}
