/**
 * Copies of strings taken from a note's text that do not keep the text alive. V8 may store a slice
 * or a concatenation of a string as a pointer into the whole, so a model holding a few short strings
 * could retain every note it ever parsed.
 */

/** A character outside Latin-1: V8 then stores the whole text, and every slice of it, with two bytes per character. */
// eslint-disable-next-line no-control-regex -- the range starts at U+0000 on purpose
const WIDE = /[^\u0000-\u00ff]/;

/**
 * The copier for strings of `text`: {@link detach} for most notes; {@link detachCompact} for a note
 * with a character outside Latin-1 (`→`, `–`), whose slices would otherwise keep two bytes per
 * character. The test costs next to nothing on a one-byte text (V8 knows no such character can be in it).
 */
export function detacherFor(text: string): (part: string) => string {
  return WIDE.test(text) ? detachCompact : detach;
}

/**
 * A copy of `text` of its own: joining two pieces of it makes V8 build a new flat string of exactly
 * the text (56 bytes for 34 characters; `(' ' + text).slice(1)`, the usual trick, keeps a slice
 * header over a copy: 88 bytes, and takes longer).
 */
export function detach(text: string): string {
  // V8 copies substrings shorter than 13 characters anyway; only longer ones can point into a note.
  return text.length < 13 ? text : [text.slice(0, 1), text.slice(1)].join('');
}

/**
 * A copy of `text` of its own, stored with one byte per character when its characters allow.
 * `decodeURIComponent` builds a new flat string from the characters it reads, which is a copy when
 * there is no `%` to decode (160 ns and 56 bytes for 34 characters taken from a two-byte note, against
 * 155 ns and 88 bytes for {@link detach}); with a `%`, a JSON round trip (290 ns) does the same.
 */
export function detachCompact(text: string): string {
  if (text.length < 13) {
    return text;
  }
  return text.includes('%') ? (JSON.parse(JSON.stringify(text)) as string) : decodeURIComponent(text);
}
