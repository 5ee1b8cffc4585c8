/**
 * Definitions of terms as students write them in their notes:
 * - `bold-term`: `- **Images** - The file system…`, `**Docker Hub**: the registry…`, `**Images:** The…`;
 * - `term-colon`: a list item `Container: a running instance of an image`;
 * - `bold-sentence`: `**A pod** is the smallest deployable unit…`;
 * - `question-heading`: "What are Containers?" and the first paragraph under it;
 * - `glossary-heading`: in `glossary.md`, every H2/H3 and the first paragraph under it.
 *
 * The note parser feeds the markdown-it tokens it already walks into a {@link DefinitionFinder}, so a
 * note is parsed once. Most tokens are turned away by a look at their first character.
 */
import type MarkdownIt from 'markdown-it';
import type { DefinitionForm, NoteDefinition } from './model';
import { stripEstimate } from './timeEstimates';

type Token = ReturnType<MarkdownIt['parse']>[number];

/** Terms longer than this are not terms. */
export const MAX_TERM_LENGTH = 60;
/** Definitions are cut (at a word, with `…`) to at most this many characters. */
export const MAX_DEFINITION_LENGTH = 400;
/** A first sentence shorter than this is followed by the second one. */
const SHORT_SENTENCE = 40;

/**
 * Words that label a paragraph rather than name a concept: `Note: run this first`,
 * `**Warning:** this deletes…`, `Step 2: …`. Compared lowercased, after dropping a trailing number.
 */
const LABELS = new Set([
  'answer', 'answers', 'aside', 'attention', 'bonus', 'careful', 'caution', 'challenge', 'check', 'danger',
  'done', 'e.g.', 'example', 'examples', 'exercise', 'exercises', 'expected', 'expected output',
  'expected result', 'explanation', 'fixme', 'goal', 'goals', 'hint', 'hints', 'important', 'info', 'n.b.',
  'nb', 'note', 'notes', 'objective', 'objectives', 'output', 'prerequisite', 'prerequisites', 'ps', 'q',
  'question', 'questions', 'recap', 'reference', 'references', 'reminder', 'remember', 'requirements',
  'result', 'results', 'see', 'see also', 'solution', 'solutions', 'source', 'sources', 'step', 'summary',
  'syntax', 'time', 'tip', 'tips', 'todo', 'to do', 'update', 'usage', 'warning', 'warnings',
]);

/** Words that are labels only with a number (`Task 2`, `Lab 1`); alone they may be terms (a Swarm task). */
const NUMBERED_LABELS = new Set(['chapter', 'day', 'lab', 'lesson', 'module', 'part', 'section', 'task', 'week']);
const TRAILING_NUMBER = /\s+(?:\d+[a-z]?|[ivx]+)$/;

/** True for admonition-like labels (`Note`, `Tip`, `Step 3`, `Exercise 2b`, `Part IV`, `Task 1`). */
export function isLabel(term: string): boolean {
  const lower = term.toLowerCase();
  if (LABELS.has(lower)) {
    return true;
  }
  const word = lower.replace(TRAILING_NUMBER, '');
  return word !== lower && (LABELS.has(word) || NUMBERED_LABELS.has(word));
}

/** True for a note named `glossary.md` (any case, any folder, a path or a URI). */
export function isGlossaryFile(file: string): boolean {
  if (!/glossary/i.test(file)) {
    return false;
  }
  const name = file.replace(/[?#].*$/, '').split(/[\\/]/).pop() ?? '';
  let decoded = name;
  try {
    decoded = decodeURIComponent(name);
  } catch {
    // Not URI-encoded: keep it as it is.
  }
  return /^glossary\.(?:md|markdown)$/i.test(decoded);
}

/** "What are Containers?", "What is a Pod", "What's the Docker daemon?" → the noun phrase. */
const QUESTION = /^what(?:'s|’s|\s+(?:is|are))\s+(?:(?:a|an|the)\s+)?(.+?)[\s?]*$/i;
/** Noun phrases of questions that ask about something else than a term ("What is it?", "What is the difference…"). */
const NOT_A_TERM = /^(?:it|this|that|these|those|there|here|going on|happening|next|new|wrong|left|needed|different|the difference|difference|in|inside|on|running)\b/i;
/** Words a question about one concept does not hold: determiners, pronouns, verbs, prepositions. */
const NOT_IN_A_TERM = new Set([
  'all', 'these', 'those', 'this', 'that', 'some', 'any', 'every', 'each', 'such', 'our', 'your', 'my', 'their',
  'his', 'her', 'its', 'we', 'you', 'i', 'they', 'he', 'she', 'it', 'there', 'here', 'do', 'does', 'did', 'doing',
  'done', 'can', 'could', 'should', 'would', 'will', 'going', 'happening', 'used', 'using', 'for', 'about', 'with',
  'to', 'of', 'from', 'in', 'on', 'at', 'by', 'when', 'why', 'how', 'if', 'so', 'then', 'not', 'really', 'actually',
]);
/** Most words a question's term may have: "Docker daemon", "overlay network", "Infrastructure as Code". */
const MAX_QUESTION_TERM_WORDS = 4;

/**
 * True when what a question heading asks about is a short noun phrase, a term: "Containers", "the
 * Docker daemon", not "all these control plane pods" nor "Docker Compose used for".
 */
export function isShortNounPhrase(phrase: string): boolean {
  const words = phrase.split(/\s+/).filter((word) => word !== '');
  return words.length > 0 && words.length <= MAX_QUESTION_TERM_WORDS && words.every((word) => !NOT_IN_A_TERM.has(word.toLowerCase().replace(/[^\p{L}']/gu, '')));
}

/**
 * True when every `(`, `[` and `{` of a term closes in it, in order: "too much information (e.g."
 * is a cut phrase, not a term.
 */
export function bracketsBalanced(term: string): boolean {
  const open: string[] = [];
  for (const ch of term) {
    if (ch === '(' || ch === '[' || ch === '{') {
      open.push(ch === '(' ? ')' : ch === '[' ? ']' : '}');
    } else if (ch === ')' || ch === ']' || ch === '}') {
      if (open.pop() !== ch) {
        return false;
      }
    }
  }
  return open.length === 0;
}

/** The separator after a bold term: `-`, `--`, `–`, `—` or `:`, then a space (or nothing). */
const SEPARATOR = /^\s*(?:--?|–|—|:)(?=\s|$)\s*/;
/** The verb after a bold term that makes the sentence a definition. */
const DEFINING_VERB = /^\s+(?:is|are|refers to|means)\s/;
const ARTICLE = /^(?:a|an|the)\s+/i;
/** A plain term of a `Term: definition` item: a letter first, then words (up to 4, checked apart). */
const PLAIN_TERM = /^\p{L}[\p{L}\p{N}\p{M} '’&+#./()-]*$/u;
const URL_LIKE = /:\/\/|^www\.|\.(?:com|org|net|io|dev|local)\b/i;
/** At least two words with letters. */
const TWO_WORDS = /\p{L}\S*\s+\S*\p{L}/u;

/**
 * Characters with which inline content may be more than plain text (escapes, entities, emphasis,
 * strikethrough, code, links, images, HTML, autolinks). Content without any of them parses into text
 * and line breaks only, so its plain text is the content with whitespace normalised, and the
 * (costly) inline parse can be skipped.
 */
export const INLINE_MARKUP = /[\\&*_~`[\]<]/;

/**
 * A paragraph opening with a bold or italic term and no other markup: `**Images** - The file…`.
 * The term has no markup characters; the delimiter closing it is followed by a space, punctuation or
 * the end, so CommonMark reads the pair as emphasis (see boldTerm's fast path).
 */
const SIMPLE_LEAD = /^(\*\*|__|\*|_)([^\s*_\\&<[\]~`](?:[^*_\\&<[\]~`]*[^\s*_\\&<[\]~`])?)\1(?=$|[\s:.,;!?)\-–—])/;

/** Whitespace to JavaScript's `\s` but not to CommonMark: vertical tab, line and paragraph separators, BOM. */
const ODD_SPACE = /[\v\u2028\u2029\ufeff]/;

/** What boldTerm reads of a paragraph opening with emphasis, from its inline children or, for simple content, its text. */
interface EmphasisLead {
  readonly italic: boolean;
  /** The emphasised text, whitespace normalised. */
  readonly term: string;
  /** The text right after the closing delimiter, to the end of its line. */
  readonly after: string;
  /** Plain text after the closing delimiter, with `strip` removed from its start. */
  rest(strip: RegExp): string;
  /** Plain text of the whole paragraph. */
  whole(): string;
}

interface PendingHeading {
  readonly term: string;
  readonly line: number;
  readonly column: number;
  readonly form: DefinitionForm;
}

/**
 * Collects the definitions of one note from its markdown-it tokens, in document order.
 * The parser calls {@link heading} for every heading and {@link paragraph} for every paragraph's
 * inline token; tokens of code blocks never reach it.
 */
export class DefinitionFinder {
  readonly definitions: NoteDefinition[] = [];
  private readonly glossary: boolean;
  private pending: PendingHeading | undefined;

  /**
   * `line` gives the note's source lines (as markdown-it numbers them, '' past the end); `file` tells a glossary;
   * `childrenOf` gives an inline token's children (parsed on demand: most paragraphs are only looked at);
   * `detach` copies the strings kept out of the note's text (see detach.ts); without `shortcuts`,
   * paragraphs are always read from their inline children (tests compare both ways).
   */
  constructor(
    private readonly line: (index: number) => string,
    file: string,
    private readonly childrenOf: (inline: Token) => Token[],
    private readonly detach: (part: string) => string,
    private readonly shortcuts = true,
  ) {
    this.glossary = isGlossaryFile(file);
  }

  /** A heading: a question or a glossary term waits for the first paragraph under it. */
  heading(level: number, title: string, map: [number, number] | null): void {
    this.pending = undefined;
    if (!map || title === '') {
      return;
    }
    const first = title.charCodeAt(0);
    const question = first === 0x57 || first === 0x77 ? QUESTION.exec(stripEstimate(title)) : null; // W, w
    let term: string;
    let form: DefinitionForm;
    if (question && !NOT_A_TERM.test(question[1]) && isShortNounPhrase(question[1].trim())) {
      term = question[1].trim();
      form = 'question-heading';
    } else if (this.glossary && (level === 2 || level === 3)) {
      term = title.replace(/\s*:$/, '');
      form = 'glossary-heading';
    } else {
      return;
    }
    if (term === '' || term.length > MAX_TERM_LENGTH) {
      return;
    }
    const raw = this.line(map[0]);
    // The term follows the heading's `#`s and, for a question, its "What is".
    const hashes = /^\s*#*/.exec(raw)?.[0].length ?? 0;
    const from = form === 'question-heading' ? Math.max(hashes, raw.search(/what/i) + 4) : hashes;
    this.pending = { term, line: map[0] + 1, column: locate(raw, from, term) + 1, form };
  }

  /**
   * A paragraph's inline token. `firstInListItem` is true for the first paragraph of a list item
   * (the only place a `Term: definition` counts).
   */
  paragraph(inline: Token, firstInListItem: boolean): void {
    const map = inline.map;
    if (!map) {
      return;
    }
    if (this.pending) {
      const pending = this.pending;
      this.pending = undefined;
      this.add(pending.term, this.plainOf(inline), pending.line, pending.column, pending.form);
    }
    const content = inline.content;
    const first = content.charCodeAt(0);
    if (first === 0x2a || first === 0x5f) {
      // `*` or `_`: maybe a bold term.
      this.boldTerm(content, inline, map[0]);
    } else if (firstInListItem) {
      this.termColon(content, inline, map[0]);
    }
  }

  /** Plain text of a paragraph: from its content when it has no markup, else from its inline children. */
  private plainOf(inline: Token): string {
    if (this.shortcuts && !INLINE_MARKUP.test(inline.content)) {
      return normaliseSpace(inline.content);
    }
    const children = this.childrenOf(inline);
    return plainText(children, 0, children.length);
  }

  private boldTerm(content: string, inline: Token, lineIndex: number): void {
    const lead = (this.shortcuts ? simpleLead(content) : undefined) ?? this.leadOf(inline);
    if (!lead) {
      return;
    }
    const italic = lead.italic;
    let term = lead.term;
    let form: DefinitionForm;
    let definition: string;
    if (term.endsWith(':')) {
      // `**Images:** The file system…` (a separator after it too is dropped).
      term = term.slice(0, -1).trimEnd();
      form = 'bold-term';
      definition = lead.rest(SEPARATOR);
    } else if (SEPARATOR.test(lead.after)) {
      form = 'bold-term';
      definition = lead.rest(SEPARATOR);
    } else if (!italic && DEFINING_VERB.test(lead.after)) {
      form = 'bold-sentence';
      definition = lead.whole();
      term = term.replace(ARTICLE, '');
    } else {
      return;
    }
    if (term === '' || isLabel(term)) {
      return;
    }
    // The term's first character: after the `**`, past an article dropped from a bold sentence.
    const space = term.indexOf(' ');
    const marker = italic ? 1 : 2;
    const found = content.indexOf(space > 0 ? term.slice(0, space) : term, marker);
    const offset = found >= 0 && found < marker + MAX_TERM_LENGTH ? found : marker;
    const column = this.contentColumn(lineIndex, content) + offset;
    this.add(term, definition, lineIndex + 1, column + 1, form);
  }

  /** The emphasis a paragraph opens with, read from its inline children; undefined when it opens with none. */
  private leadOf(inline: Token): EmphasisLead | undefined {
    const children = this.childrenOf(inline);
    const open = firstContent(children);
    // Bold, or italic as some labs write it (`*Images* - The file system…`).
    const openType = children[open]?.type;
    if (openType !== 'strong_open' && openType !== 'em_open') {
      return undefined;
    }
    const italic = openType === 'em_open';
    const close = closingTag(children, open, openType, italic ? 'em_close' : 'strong_close');
    if (close < 0) {
      return undefined;
    }
    // Mostly a single text token: `**Images**`.
    const single = close === open + 2 && children[open + 1].type === 'text';
    const next = children[close + 1];
    return {
      italic,
      term: single ? normaliseSpace(children[open + 1].content) : plainText(children, open + 1, close),
      after: next?.type === 'text' ? next.content : '',
      rest: (strip) => plainText(children, close + 1, children.length, strip),
      whole: () => plainText(children, 0, children.length),
    };
  }

  private termColon(content: string, inline: Token, lineIndex: number): void {
    const colon = content.indexOf(':');
    if (colon < 1 || colon > MAX_TERM_LENGTH) {
      return;
    }
    const afterColon = content.charCodeAt(colon + 1);
    if (afterColon !== 0x20 && afterColon !== 0x09 && afterColon !== 0x0a) {
      return; // `http://…`, `nginx:alpine`, `Term:` at the very end
    }
    const raw = content.slice(0, colon);
    if (raw.includes('\n')) {
      return; // `Term` on one line and `: definition` on the next is not the form
    }
    const term = raw.trimEnd();
    if (!PLAIN_TERM.test(term) || term.split(/\s+/).length > 4 || URL_LIKE.test(term) || isLabel(term)) {
      return;
    }
    let definition: string;
    if (this.shortcuts && !INLINE_MARKUP.test(content)) {
      // No markup: the plain text is the content's, and there is no code to leave out of the test below.
      definition = normaliseSpace(content.slice(colon + 1));
      if (!TWO_WORDS.test(definition)) {
        return;
      }
    } else {
      const children = this.childrenOf(inline);
      const start = firstContent(children);
      const head = children[start];
      if (head?.type !== 'text' || !head.content.startsWith(content.slice(0, colon + 1))) {
        return; // an escape or an entity in the term: not a plain term
      }
      // Two words of prose: `Port: 8080` is a setting and `list them: \`docker image ls\`` an instruction.
      if (!TWO_WORDS.test(plainText(children, start, children.length, undefined, colon + 1, false))) {
        return;
      }
      definition = plainText(children, start, children.length, undefined, colon + 1);
    }
    this.add(term, definition, lineIndex + 1, this.contentColumn(lineIndex, content) + 1, 'term-colon');
  }

  /** 0-based column where an inline token's content starts on its first source line. */
  private contentColumn(lineIndex: number, content: string): number {
    const raw = this.line(lineIndex);
    const newline = content.indexOf('\n');
    const firstLine = newline >= 0 ? content.slice(0, newline) : content;
    if (firstLine !== '' && raw.endsWith(firstLine)) {
      return raw.length - firstLine.length;
    }
    const found = raw.indexOf(firstLine.trimEnd());
    return found >= 0 ? found : raw.length - raw.trimStart().length;
  }

  private add(term: string, text: string, line: number, column: number, form: DefinitionForm): void {
    if (term.length > MAX_TERM_LENGTH || !bracketsBalanced(term)) {
      return;
    }
    const definition = firstSentences(text);
    if (definition === '') {
      return;
    }
    this.definitions.push({ term: this.detach(term), definition: this.detach(definition), line, column, form });
  }
}

/**
 * {@link EmphasisLead} read from the text of a paragraph that opens with a bold or italic term and
 * has no other markup (most definitions): what the inline parse would give, without it. Undefined
 * when the paragraph is not that simple.
 */
function simpleLead(content: string): EmphasisLead | undefined {
  // Characters JavaScript counts as whitespace and CommonMark does not: left to the inline parse.
  if (ODD_SPACE.test(content)) {
    return undefined;
  }
  const match = SIMPLE_LEAD.exec(content);
  if (!match) {
    return undefined;
  }
  const restStart = match[0].length;
  if (INLINE_MARKUP.test(content.slice(restStart))) {
    return undefined;
  }
  const rest = content.slice(restStart);
  const newline = rest.indexOf('\n');
  // A text token ends at the line end, without the spaces before it (they make a line break).
  const after = (newline >= 0 ? rest.slice(0, newline) : rest).replace(/ +$/, '');
  const tail = newline >= 0 ? rest.slice(newline) : '';
  return {
    italic: match[1].length === 1,
    term: normaliseSpace(match[2]),
    after,
    rest: (strip) => normaliseSpace(after.replace(strip, '') + tail),
    whole: () => normaliseSpace(match[2] + after + tail),
  };
}

/** Index of the first inline child that is not an empty text token (markdown-it leaves some before markup). */
function firstContent(children: readonly Token[]): number {
  let index = 0;
  while (index < children.length && children[index].type === 'text' && children[index].content === '') {
    index++;
  }
  return index;
}

/** Index of the closing token (`strong_close`, `em_close`) matching the opening one at `open`, or -1. */
function closingTag(children: readonly Token[], open: number, openType: string, closeType: string): number {
  let depth = 0;
  for (let i = open; i < children.length; i++) {
    const type = children[i].type;
    if (type === openType) {
      depth++;
    } else if (type === closeType && --depth === 0) {
      return i;
    }
  }
  return -1;
}

/** 0-based column of `term` in a heading's source line, searching from `from`; its first word if markup splits it. */
function locate(raw: string, from: number, term: string): number {
  let found = raw.indexOf(term, from);
  if (found < 0) {
    found = raw.indexOf(term.split(' ')[0], from);
  }
  if (found < 0) {
    found = raw.length - raw.trimStart().length;
  }
  return found;
}

/**
 * Plain text of inline children `[from, to)`: emphasis and links reduced to their words, code spans
 * to their content, images to their alt text, HTML dropped (`<br>` as a space), whitespace normalised.
 * `strip` is removed from the start of the first child, or the first `skip` characters of it are;
 * without `code`, code spans are left out.
 */
export function plainText(children: readonly Token[], from: number, to: number, strip?: RegExp, skip = 0, code = true): string {
  let text = '';
  for (let i = from; i < to; i++) {
    const child = children[i];
    let piece = '';
    switch (child.type) {
      case 'text':
        piece = child.content;
        break;
      case 'code_inline':
        piece = code ? child.content : ' ';
        break;
      case 'softbreak':
      case 'hardbreak':
        piece = ' ';
        break;
      case 'image':
        piece = child.children ? child.children.map((c) => c.content).join('') : child.content;
        break;
      case 'html_inline':
        piece = /^<br\b/i.test(child.content) ? ' ' : '';
        break;
      default:
        break;
    }
    if (i === from) {
      piece = strip ? piece.replace(strip, '') : piece.slice(skip);
    }
    text += piece;
  }
  return normaliseSpace(text);
}

/** Whitespace that is not a single space: a run, a tab, a line end, a no-break space… */
const UNUSUAL_SPACE = /[^\S ]/;

/** `text` with whitespace runs as single spaces, trimmed; most texts need no replacement (native scans only). */
export function normaliseSpace(text: string): string {
  const unusual = text.indexOf('  ') >= 0 || UNUSUAL_SPACE.test(text);
  return (unusual ? text.replace(/\s+/g, ' ') : text).trim();
}

/** Abbreviations whose period does not end a sentence (single letters too: initials, `e.g.`). */
const ABBREVIATIONS = new Set(['e.g', 'i.e', 'etc', 'vs', 'cf', 'approx', 'incl', 'esp', 'resp', 'fig', 'dr', 'mr', 'mrs']);

/** `.`, `!`, `?` and the closing quotes and brackets that may follow them at the end of a sentence. */
function isSentenceTail(code: number): boolean {
  return code === 0x2e || code === 0x21 || code === 0x3f || code === 0x22 || code === 0x27 || code === 0x29 || code === 0x5d || code === 0x2019 || code === 0x201d;
}

function isLetterOrDot(code: number): boolean {
  return (code >= 0x61 && code <= 0x7a) || (code >= 0x41 && code <= 0x5a) || code === 0x2e;
}

/** True when the word that ends at `end` (before a period) is an abbreviation. */
function isAbbreviation(text: string, end: number): boolean {
  let start = end;
  while (start > 0 && end - start <= 6 && isLetterOrDot(text.charCodeAt(start - 1))) {
    start--;
  }
  const length = end - start;
  if (length === 0 || length > 6 || (start > 0 && text.charCodeAt(start - 1) !== 0x20 && text.charCodeAt(start - 1) !== 0x28)) {
    return false; // not a whole short word (after a space or `(`)
  }
  return length === 1 || ABBREVIATIONS.has(text.slice(start, end).toLowerCase());
}

/**
 * Offset just after the sentence that starts at `from` in whitespace-normalised text: after its `.`,
 * `!` or `?` (and closing quotes or brackets) followed by a space or the end; the text's length when
 * it does not end.
 */
function sentenceEnd(text: string, from: number): number {
  const marks = text.indexOf('!', from) >= 0 || text.indexOf('?', from) >= 0;
  for (let i = from; i < text.length; i++) {
    i = marks ? nextStop(text, i) : text.indexOf('.', i);
    if (i < 0) {
      break;
    }
    const code = text.charCodeAt(i);
    let end = i + 1;
    while (end < text.length && isSentenceTail(text.charCodeAt(end))) {
      end++;
    }
    if ((end === text.length || text.charCodeAt(end) === 0x20) && !(code === 0x2e && isAbbreviation(text, i))) {
      return end;
    }
    i = end - 1;
  }
  return text.length;
}

/** Index of the next `.`, `!` or `?` at or after `from`, or -1. */
function nextStop(text: string, from: number): number {
  let best = -1;
  for (const mark of ['.', '!', '?']) {
    const at = text.indexOf(mark, from);
    if (at >= 0 && (best < 0 || at < best)) {
      best = at;
    }
  }
  return best;
}

/** Separators and spaces left at the end when a definition runs into a list: `… command line —`, `… of:`. */
function dropDangling(text: string): string {
  let end = text.length;
  while (end > 0 && ' :;,–—-'.includes(text[end - 1])) {
    end--;
  }
  return end === text.length ? text : text.slice(0, end);
}

/**
 * A definition as shown: the first sentence of `text`, or the first two when the first is shorter
 * than 40 characters, cut at a word with `…` to at most 400 characters.
 */
export function summarise(text: string): string {
  return firstSentences(normaliseSpace(text));
}

/** {@link summarise} for text whose whitespace is normalised already. */
function firstSentences(plain: string): string {
  let end = sentenceEnd(plain, 0);
  if (end < SHORT_SENTENCE && end < plain.length) {
    end = sentenceEnd(plain, end);
  }
  const sentences = dropDangling(end < plain.length ? plain.slice(0, end) : plain);
  if (sentences.length <= MAX_DEFINITION_LENGTH) {
    return sentences;
  }
  const space = sentences.lastIndexOf(' ', MAX_DEFINITION_LENGTH - 1);
  const cut = dropDangling(sentences.slice(0, space > 0 ? space : MAX_DEFINITION_LENGTH - 1)).replace(/\.+$/, '');
  return `${cut}…`;
}
