/**
 * Agenda lists (`- Images (20min)`) matched to the headings they name, so a section's time is not
 * counted twice: the keys both are compared by, and where an item's estimate starts.
 */

/**
 * What an agenda item and a heading are compared by: their words up to the estimate, lowercased,
 * without markup, link targets or a leading number (`1. [Images](#images) (20min)` and
 * `Images (20 min)` → `images`). A plain loop: notes have many headings and list items with estimates.
 */
export function agendaKey(text: string): string {
  const words: string[] = [];
  let start = -1;
  let i = 0;
  for (; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (isWordCharacter(c)) {
      if (start < 0) {
        start = i;
      }
      continue;
    }
    if (start >= 0) {
      words.push(text.slice(start, i));
      start = -1;
    }
    if (c === 0x5d && text.charCodeAt(i + 1) === 0x28) {
      // `](target)`: the link's target is not a word of it.
      const close = text.indexOf(')', i + 2);
      if (close < 0) {
        break;
      }
      i = close;
    } else if ((c === 0x28 || c === 0x5b) && startsEstimate(text, i + 1)) {
      break;
    }
  }
  if (start >= 0 && i === text.length) {
    words.push(text.slice(start));
  }
  // A numbered heading (`1. Images`) names the same part as the item `Images`.
  const from = words.length > 1 && /^\d+$/.test(words[0]) ? 1 : 0;
  return (from === 0 ? words : words.slice(from)).join(' ').toLowerCase();
}

/** Agenda items name a part of the note: longer text before the estimate is prose. */
export const MAX_AGENDA_TITLE = 80;

/** Where an item's estimate starts (its `(` or `[`), or the text's length. */
export function estimateAt(text: string): number {
  for (let i = text.search(/[([]/); i >= 0 && i < text.length; i++) {
    const c = text.charCodeAt(i);
    if ((c === 0x28 || c === 0x5b) && startsEstimate(text, i + 1)) {
      return i;
    }
  }
  return text.length;
}

/** An estimate starts here (after `(` or `[`): spaces, a `~`, then a digit. */
function startsEstimate(text: string, from: number): boolean {
  let i = from;
  while (text.charCodeAt(i) === 0x20 || text.charCodeAt(i) === 0x7e) {
    i++;
  }
  const c = text.charCodeAt(i);
  return c >= 0x30 && c <= 0x39;
}

/** Letters and digits, ASCII or not; common non-ASCII punctuation (dashes, arrows, quotes) is not. */
function isWordCharacter(c: number): boolean {
  if (c < 0x80) {
    return (c >= 0x30 && c <= 0x39) || ((c | 0x20) >= 0x61 && (c | 0x20) <= 0x7a);
  }
  return c !== 0xa0 && !(c >= 0x2000 && c <= 0x206f) && !(c >= 0x2190 && c <= 0x21ff);
}
