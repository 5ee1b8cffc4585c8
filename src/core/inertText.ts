/**
 * Note text made inert for each place it ends up: the one module that decides what a note's text
 * may do where it is shown. Notes are untrusted input; none of these lets a note's text recolour or
 * clear a terminal, fake a theme icon, render as Markdown, or run a command link.
 */

/* eslint-disable no-control-regex */
/** Every C0 and C1 control character, line feed and tab included. */
const ALL_CONTROLS = /[\u0000-\u001f\u007f-\u009f]+/g;
/** Control characters but tab and line feed (which are layout in a terminal and CLI output). */
const CONTROLS_BUT_LAYOUT = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;
/** Control characters but line feed (which a tooltip shows as a line break). */
const CONTROLS_BUT_LINE_FEED = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/g;
/* eslint-enable no-control-regex */

const MAX_LABEL = 120;

function cut(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** A label (tree item, glossary entry): one line, no control characters, at most `max` characters. */
export function inertLabel(text: string, max = MAX_LABEL): string {
  return cut(text.replace(ALL_CONTROLS, ' ').replace(/\s+/g, ' ').trim(), max);
}

/** A label where `$(icon)` renders (lens titles, terminal names): `inertLabel` with the syntax escaped. */
export function inertIconLabel(text: string, max = MAX_LABEL): string {
  return inertLabel(text, max).replace(/\$\(/g, '\\$(');
}

/** A plain-text tooltip: line breaks kept (CRLF read as one), other control characters as spaces. */
export function inertTooltip(text: string, max = 2000): string {
  return cut(text.replace(/\r\n?/g, '\n').replace(CONTROLS_BUT_LINE_FEED, ' '), max);
}

/**
 * Terminal output from a note (a command line, a message naming it): control characters made
 * visible (`^[`, `^G`, U+FFFD for C1 codes) so no escape sequence in a note can recolour, retitle,
 * clear the terminal or write the clipboard. Line feeds and tabs stay.
 */
export function inertTerminal(text: string): string {
  return text.replace(CONTROLS_BUT_LAYOUT, (ch) => {
    const code = ch.charCodeAt(0);
    return code < 0x20 ? `^${String.fromCharCode(code + 0x40)}` : code === 0x7f ? '^?' : '\uFFFD';
  });
}

/** Text inside hover Markdown: control characters as spaces, every Markdown punctuation escaped. */
export function inertMarkdown(text: string): string {
  return text.replace(ALL_CONTROLS, (run) => ' '.repeat(run.length)).replace(/[\\`*_{}[\]()#+\-.!|<>$~&:]/g, '\\$&');
}

/** CLI output (one line per item): control characters as U+FFFD, a line feed as ⏎. */
export function inertCli(text: string): string {
  return text.replace(CONTROLS_BUT_LAYOUT, '\uFFFD').replace(/\n/g, '⏎');
}
