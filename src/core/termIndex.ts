/**
 * Concepts and where they are defined: the notes' own definitions ranked above the built-in
 * glossary; matching ignores case and plural forms, and multi-word terms win over their parts.
 */

/** Where a definition comes from. */
export type DefinitionSource =
  | { readonly kind: 'note'; readonly file: string; readonly noteTitle: string; readonly section: string | undefined; readonly line: number; readonly column: number }
  | {
      readonly kind: 'builtin';
      readonly docs: string | undefined;
      /** Names the text must match letter for letter (plurals aside): `Job`, not the everyday "job". */
      readonly matchCase?: readonly string[];
      /** Words after which the term is the everyday word: "kind" before "of". */
      readonly notFollowedBy?: readonly string[];
    };

/** Where a note's definition is, as people read it: `Note title › Section`. */
export function placeOf(source: { readonly noteTitle: string; readonly section: string | undefined }): string {
  return [source.noteTitle, source.section].filter(Boolean).join(' › ');
}

/** One definition of a concept. */
export interface ConceptDefinition {
  /** The term as written where it is defined. */
  readonly term: string;
  readonly definition: string;
  readonly source: DefinitionSource;
}

/** An entry of the built-in glossary (media/glossary.json). */
export interface GlossaryEntry {
  readonly term: string;
  readonly aliases?: readonly string[];
  readonly category?: string;
  readonly definition: string;
  readonly docs?: string;
  /**
   * Match the term and its aliases only as written (plurals aside): for terms that are also everyday
   * words in other cases (`Job` the Kubernetes object, "a job").
   */
  readonly matchCase?: boolean;
  /** Words after which the term is the everyday word ("kind" in "this kind of"): no match then. */
  readonly notFollowedBy?: readonly string[];
}

/** Words that never change in the plural rule (they end in "s" but are not plurals). */
const INVARIANT = new Set([
  'kubernetes', 'status', 'ingress', 'dns', 'aws', 'https', 'http', 'os', 'redis', 'gas', 'bus', 'alias', 'canvas', 'chaos',
  'this', 'is', 'has', 'was', 'its', 'us', 'yes', 'series', 'species', 'news', 'always', 'perhaps', 'across', 'iaas', 'paas',
  'saas', 'faas', 'caas', 'daas', 'ecs', 'eks', 'efs', 'sqs', 'sns', 'nas', 'cas', 'ses', 'vps', 'lvs', 'ipvs', 'cgroups',
]);

/** One word in its singular, lower-case form: Images → image, Policies → policy, VMs → vm. */
export function singular(word: string): string {
  const lower = word.toLowerCase();
  if (lower.length <= 3 || INVARIANT.has(lower)) {
    return lower === 'cgroups' ? 'cgroup' : lower;
  }
  if (/^[A-Z0-9]+s$/.test(word)) {
    return lower.slice(0, -1); // VMs, APIs, AMIs
  }
  if (lower.endsWith('ies') && lower.length > 4) {
    return `${lower.slice(0, -3)}y`;
  }
  if (/(?:ss|us|is|ous)$/.test(lower)) {
    return lower;
  }
  if (/(?:sses|xes|ches|shes|zzes)$/.test(lower)) {
    return lower.slice(0, -2);
  }
  if (lower.endsWith('s')) {
    return lower.slice(0, -1);
  }
  return lower;
}

const LEADING_ARTICLE = /^(?:a|an|the)\s+/i;

/** The key a term is matched by: words singular and lower case, hyphens and runs of spaces as one space. */
export function termKey(term: string): string {
  const words = term
    .replace(LEADING_ARTICLE, '')
    .replace(/\([^)]*\)/g, ' ')
    .split(/[\s\-–—_/]+/)
    .map((word) => word.replace(/[^\p{L}\p{N}.+#]/gu, '').replace(/\.+$/, ''))
    .filter(Boolean);
  return words.map(singular).join(' ');
}

/** A word of a line with its position, for matching terms in text. */
interface Word {
  readonly text: string;
  readonly start: number;
  readonly end: number;
}

const WORD = /[\p{L}\p{N}][\p{L}\p{N}.+#']*[\p{L}\p{N}+#]|[\p{L}\p{N}]/gu;

/** The words of a line with their columns (0-based offsets). */
export function wordsOf(line: string): Word[] {
  const words: Word[] = [];
  for (const match of line.matchAll(WORD)) {
    const start = match.index ?? 0;
    words.push({ text: match[0].replace(/'s$/, ''), start, end: start + match[0].length });
  }
  return words;
}

/** Two neighbouring words belong to one term only when nothing but spaces or a hyphen is between them. */
function joined(line: string, left: Word, right: Word): boolean {
  return /^[ \t]*[-–]?[ \t]*$/.test(line.slice(left.end, right.start)) && right.start > left.end;
}

/** A match of a term in a line. */
export interface TermMatch {
  readonly key: string;
  /** 0-based offsets of the matched words in the line. */
  readonly start: number;
  readonly end: number;
}

/** The concepts known to the extension and the means to find them in text. */
export class TermIndex {
  private readonly byKey = new Map<string, ConceptDefinition[]>();
  private longest = 1;

  /** Adds definitions; notes' definitions are kept before built-in ones for the same key. */
  add(term: string, definition: ConceptDefinition): void {
    const key = termKey(term);
    if (!key) {
      return;
    }
    let list = this.byKey.get(key);
    if (!list) {
      list = [];
      this.byKey.set(key, list);
    }
    // Notes' definitions before built-in ones, each kind in the order added (no sort per add).
    if (rank(definition) === 0 && list.length > 0 && rank(list[list.length - 1]) > 0) {
      const firstBuiltin = list.findIndex((existing) => rank(existing) > 0);
      list.splice(firstBuiltin, 0, definition);
    } else {
      list.push(definition);
    }
    this.longest = Math.max(this.longest, key.split(' ').length);
  }

  /** Adds the built-in glossary: each entry under its term and its aliases. */
  addGlossary(entries: readonly GlossaryEntry[]): void {
    for (const entry of entries) {
      const names = [entry.term, ...(entry.aliases ?? [])];
      const definition: ConceptDefinition = {
        term: entry.term,
        definition: entry.definition,
        source: {
          kind: 'builtin',
          docs: entry.docs,
          matchCase: entry.matchCase === true ? names : undefined,
          notFollowedBy: Array.isArray(entry.notFollowedBy) ? entry.notFollowedBy.filter((word) => typeof word === 'string').map((word) => word.toLowerCase()) : undefined,
        },
      };
      for (const name of names) {
        this.add(name, definition);
      }
    }
  }

  /** Definitions of a term (notes first), or an empty list. */
  lookup(term: string): readonly ConceptDefinition[] {
    return this.byKey.get(termKey(term)) ?? [];
  }

  lookupKey(key: string): readonly ConceptDefinition[] {
    return this.byKey.get(key) ?? [];
  }

  /** Every key, A–Z. */
  keys(): string[] {
    return [...this.byKey.keys()].sort((a, b) => a.localeCompare(b));
  }

  get size(): number {
    return this.byKey.size;
  }

  /**
   * The longest known term covering `offset` (0-based) in `line`: `Docker daemon` wins over
   * `daemon`, `bind mount` over `mount`.
   */
  matchAt(line: string, offset: number): TermMatch | undefined {
    const words = wordsOf(line);
    const index = words.findIndex((word) => word.start <= offset && offset < word.end);
    if (index < 0) {
      return undefined;
    }
    for (let size = Math.min(this.longest, words.length); size >= 1; size--) {
      for (let first = Math.max(0, index - size + 1); first <= index && first + size <= words.length; first++) {
        const match = this.matchWords(line, words, first, size);
        if (match) {
          return match;
        }
      }
    }
    return undefined;
  }

  /** Every known term in a line, longest first where they overlap, left to right. */
  matchesIn(line: string): TermMatch[] {
    const words = wordsOf(line);
    const found: TermMatch[] = [];
    for (let i = 0; i < words.length; ) {
      let matched: TermMatch | undefined;
      for (let size = Math.min(this.longest, words.length - i); size >= 1 && !matched; size--) {
        matched = this.matchWords(line, words, i, size);
        if (matched) {
          i += size;
        }
      }
      if (matched) {
        found.push(matched);
      } else {
        i++;
      }
    }
    return found;
  }

  private matchWords(line: string, words: readonly Word[], first: number, size: number): TermMatch | undefined {
    for (let k = first; k < first + size - 1; k++) {
      if (!joined(line, words[k], words[k + 1])) {
        return undefined;
      }
    }
    const key = words
      .slice(first, first + size)
      .map((word) => singular(word.text))
      .join(' ');
    const definitions = this.byKey.get(key);
    if (!definitions || !definitions.some((definition) => accepts(definition, line, words, first, size))) {
      return undefined;
    }
    return { key, start: words[first].start, end: words[first + size - 1].end };
  }
}

/** Whether a definition takes the words `[first, first + size)` of a line for its term (see GlossaryEntry). */
function accepts(definition: ConceptDefinition, line: string, words: readonly Word[], first: number, size: number): boolean {
  const source = definition.source;
  if (source.kind !== 'builtin' || (!source.matchCase && !source.notFollowedBy)) {
    return true;
  }
  const next = words[first + size];
  if (source.notFollowedBy && next && joined(line, words[first + size - 1], next) && source.notFollowedBy.includes(next.text.toLowerCase())) {
    return false;
  }
  if (source.matchCase) {
    const text = words
      .slice(first, first + size)
      .map((word) => word.text)
      .join(' ');
    return source.matchCase.some((name) => text === name || text === `${name}s` || text === `${name}es`);
  }
  return true;
}

function rank(definition: ConceptDefinition): number {
  return definition.source.kind === 'note' ? 0 : 1;
}

/**
 * Definitions of a term as seen from the note `file`: the note's own first (a lab that defines
 * *Docker daemon* explains it in its own words), then the others in their rank. The list is not
 * copied when the note defines nothing of it, or its definition is first already.
 */
export function ownFirst(definitions: readonly ConceptDefinition[], file: string): readonly ConceptDefinition[] {
  const own = (definition: ConceptDefinition) => definition.source.kind === 'note' && definition.source.file === file;
  const first = definitions.findIndex(own);
  if (first <= 0) {
    return definitions;
  }
  return [...definitions.filter(own), ...definitions.filter((definition) => !own(definition))];
}
