/**
 * A copy of `text` that does not keep a larger string alive. V8 may store a slice or a
 * concatenation of a note's text as a pointer into the whole text, so a model holding a few short
 * strings could retain every note it ever parsed. Prepending a character and slicing it off again
 * makes V8 flatten the string into new memory of its own.
 */
export function detach(text: string): string {
  return text.length === 0 ? '' : (' ' + text).slice(1);
}
