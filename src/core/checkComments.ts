import type { NoteCheck } from './model';

/**
 * Checks an author writes in HTML comments: `<!-- check: docker service ps web -q | wc -l | grep -qx 3 -->`,
 * or over several lines (`<!-- check:`, the command, `-->`). A comment does not show in the preview,
 * so the note reads the same with or without its checks. Only comments markdown-it reads as HTML
 * blocks count (a comment on lines of its own); one in a code block or inside a paragraph does not.
 */

const CHECK_WORD = /^check[ \t]*:/i;

/**
 * The checks in an HTML block's text whose first line is note line `firstLine` (1-based). One pass:
 * each comment is found from where the last one ended, and lines are counted as the scan moves on.
 */
export function checksInComments(html: string, firstLine: number, detach: (part: string) => string): NoteCheck[] {
  const checks: NoteCheck[] = [];
  let line = firstLine;
  let counted = 0; // `line` is the line of offset `counted`
  const lineAt = (offset: number): number => {
    for (let i = html.indexOf('\n', counted); i >= 0 && i < offset; i = html.indexOf('\n', i + 1)) {
      line++;
    }
    counted = offset;
    return line;
  };
  let from = 0;
  for (;;) {
    const open = html.indexOf('<!--', from);
    if (open < 0) {
      return checks;
    }
    const close = html.indexOf('-->', open + 4);
    if (close < 0) {
      return checks; // an unclosed comment hides the rest of the note: no check in it
    }
    const body = html.slice(open + 4, close).trimStart();
    const word = CHECK_WORD.exec(body);
    if (word) {
      const text = body.slice(word[0].length).trim();
      const start = lineAt(open);
      const end = lineAt(close);
      if (text !== '') {
        checks.push({ text: detach(text), line: start, endLine: end, source: 'comment' });
      }
    }
    from = close + 3;
  }
}
