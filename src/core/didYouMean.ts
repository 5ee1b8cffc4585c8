/**
 * Suggestions for misspelt words: the closest known word by edit distance (a swap of two
 * neighbouring letters counts as one edit), or a known word the typed one starts with
 * (`execute` → `exec`, `services` → `service`).
 */

/** Optimal string alignment distance between `a` and `b`, or `max + 1` as soon as it exceeds `max`. */
export function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) {
    return max + 1;
  }
  let previous2: number[] = [];
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        value = Math.min(value, previous2[j - 2] + 1);
      }
      current.push(value);
      rowMin = Math.min(rowMin, value);
    }
    if (rowMin > max) {
      return max + 1;
    }
    previous2 = previous;
    previous = current;
  }
  return previous[b.length];
}

/** The edits a word of this length may be off by and still be taken for a typo. */
function allowedEdits(length: number): number {
  return length <= 2 ? 0 : length <= 5 ? 1 : 2;
}

/**
 * The known word `word` was most likely meant to be, or undefined when none is close enough.
 * Short words need an exact prefix match or nothing: `ns` is not a typo of `rm`.
 */
export function didYouMean(word: string, known: Iterable<string>): string | undefined {
  const lower = word.toLowerCase();
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  // The limit depends on the typed word only, so it is the same for every candidate.
  let prefix: string | undefined;
  for (const candidate of known) {
    if (candidate === word) {
      return undefined;
    }
    // `execute` → `exec`, `services` → `service`: the typed word runs on past a real one.
    // Not a dash after it: `kubectl exec-as` is a plugin of its own name.
    if (candidate.length >= 4 && lower.startsWith(candidate) && /^[a-z]+$/.test(lower.slice(candidate.length)) && (!prefix || candidate.length > prefix.length)) {
      prefix = candidate;
    }
    const max = Math.min(allowedEdits(lower.length), candidate.length - 1);
    if (max <= 0) {
      continue;
    }
    const distance = editDistance(lower, candidate, max);
    if (distance <= max && (distance < bestDistance || (distance === bestDistance && best !== undefined && candidate < best))) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best ?? prefix;
}
