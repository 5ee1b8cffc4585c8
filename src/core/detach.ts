/**
 * A copy of `text` that does not keep a larger string alive. V8 may store a slice or a
 * concatenation of a note's text as a pointer into the whole text, so a model holding a few short
 * strings could retain every note it ever parsed. Prepending a character and slicing it off again
 * makes V8 flatten the string into new memory of its own.
 */
export function detach(text: string): string {
  // V8 copies substrings shorter than 13 characters anyway; only longer ones can point into a note.
  return text.length < 13 ? text : (' ' + text).slice(1);
}
