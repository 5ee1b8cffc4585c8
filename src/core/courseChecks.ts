import type { CodeSpan } from './codeSpans';
import type { Finding } from './findings';
import { replaceFix } from './findings';
import type { NoteModel } from './model';
import { allSections } from './model';
import { parseEstimate } from './timeEstimates';

/**
 * Checks of what the notes model knows without running anything: time estimates that do not parse,
 * headings that skip a level, relative links and images whose target is missing, and a term defined
 * twice with different meanings.
 */

/** False when the line's first character rules out a heading or list item (most prose starts with a letter). */
function mayBeHeadingOrItem(line: string): boolean {
  const first = line.charCodeAt(0);
  // `#`, `-`, `*`, `+`, digits, white space; past ASCII, white space of other kinds.
  return first === 0x23 || first === 0x2d || first === 0x2a || first === 0x2b || (first >= 0x30 && first <= 0x39) || first === 0x20 || (first >= 0x09 && first <= 0x0d) || first >= 0x80;
}

/** "(1h30)", "[1 h 30]", "(20 mn)", "(1:30h)": meant as an estimate, not read as one. */
const ALMOST_ESTIMATE = /[([]\s*~?\s*(\d+)\s*(?:h|hr|hrs|hours?)\s*(\d+)\s*[)\]]|[([]\s*~?\s*(\d+)\s*(mn|mns|mnts|minz|mims|hs|hrz)\s*[)\]]|[([]\s*(\d+):(\d{2})\s*h?\s*[)\]]/i;

function suggestEstimate(match: RegExpExecArray): string {
  const open = match[0][0];
  const close = open === '(' ? ')' : ']';
  if (match[1] !== undefined) {
    return `${open}${match[1]}h ${match[2]}m${close}`;
  }
  if (match[3] !== undefined) {
    return /^h/i.test(match[4]) ? `${open}${match[3]}h${close}` : `${open}${match[3]} min${close}`;
  }
  return `${open}${Number(match[5])}h ${Number(match[6])}m${close}`;
}

/**
 * The estimate of a heading or list item of prose (line `lineNumber`) that does not parse, with the
 * form that would, added to `findings`.
 */
export function addEstimateFinding(line: string, lineNumber: number, findings: Finding[]): void {
  if (!mayBeHeadingOrItem(line) || (!line.includes('(') && !line.includes('[')) || !/^\s*(?:#{1,6}\s|[-*+]\s|\d+[.)]\s)/.test(line)) {
    return;
  }
  const match = ALMOST_ESTIMATE.exec(line);
  if (!match || parseEstimate(match[0]) !== undefined) {
    return;
  }
  const suggestion = suggestEstimate(match);
  const at = { line: lineNumber, column: match.index + 1, endLine: lineNumber, endColumn: match.index + match[0].length + 1 };
  findings.push({
    code: 'bad-estimate',
    severity: 'warning',
    message: `The time estimate ${match[0]} is not read as one; write ${suggestion}`,
    ...at,
    fixes: [replaceFix(`Change to ${suggestion}`, at, suggestion)],
  });
}

/** Headings that go more than one level deeper than the heading before them (`#` then `###`). */
export function headingFindings(model: NoteModel, lines: readonly string[]): Finding[] {
  const findings: Finding[] = [];
  let previous: number | undefined;
  for (const section of allSections(model.sections)) {
    if (previous !== undefined && section.level > previous + 1) {
      const text = lines[section.line - 1] ?? '';
      const hashes = /^\s*(#+)/.exec(text);
      const column = hashes ? text.indexOf('#') + 1 : 1;
      const endColumn = text.length + 1;
      findings.push({
        code: 'heading-order',
        severity: 'warning',
        message: `Heading level ${section.level} follows level ${previous}: '${section.title}' skips a level (the outline nests it wrongly)`,
        line: section.line,
        column,
        endLine: section.line,
        endColumn,
        fixes: hashes ? [replaceFix(`Make it a level ${previous + 1} heading`, { line: section.line, column, endLine: section.line, endColumn: column + hashes[1].length }, '#'.repeat(previous + 1))] : [],
      });
    }
    previous = section.level;
  }
  return findings;
}

/** A relative link or image of a note. */
export interface NoteLink {
  /** The target as written, without `#fragment` or `?query`, percent-decoded. */
  readonly path: string;
  readonly image: boolean;
  readonly line: number;
  readonly column: number;
  readonly endColumn: number;
}

const LINK = /(!?)\[(?:[^\]\\]|\\.)*\]\(\s*(<[^>]*>|[^\s)]+)(?:\s+["'(][^)]*)?\)/g;

/** Adds the relative links and images of a line of prose (inline form; not in its code `spans`) to `links`. */
export function addRelativeLinks(line: string, lineNumber: number, spans: readonly CodeSpan[], links: NoteLink[]): void {
  if (!line.includes('](')) {
    return;
  }
  LINK.lastIndex = 0;
  for (let match = LINK.exec(line); match; match = LINK.exec(line)) {
    const index = match.index;
    if (spans.some((span) => span.start <= index && index < span.end)) {
      continue;
    }
    const raw = match[2].replace(/^<|>$/g, '');
    // Absolute URLs, mail, anchors within the note, and root-relative paths (site-specific) are not checked.
    if (/^[a-z][a-z0-9+.-]*:/i.test(raw) || raw.startsWith('#') || raw.startsWith('/') || raw === '' || raw.includes('{{')) {
      continue;
    }
    let target = raw.split('#')[0].split('?')[0];
    try {
      target = decodeURIComponent(target);
    } catch {
      // a stray % stays as written
    }
    const start = index + match[0].indexOf(match[2]);
    links.push({ path: target, image: match[1] === '!', line: lineNumber, column: start + 1, endColumn: start + match[2].length + 1 });
  }
}

/** A broken link finding for `link`. */
export function brokenLinkFinding(link: NoteLink): Finding {
  return {
    code: 'broken-link',
    severity: 'error',
    message: `${link.image ? 'Image' : 'Link'} target '${link.path}' does not exist`,
    line: link.line,
    column: link.column,
    endLine: link.line,
    endColumn: link.endColumn,
    fixes: [],
  };
}

const COMMON = new Set(['the', 'and', 'that', 'with', 'for', 'are', 'from', 'which', 'this', 'its', 'into', 'can', 'you', 'your', 'one', 'all', 'any', 'use', 'used', 'uses']);

/** The content words of a definition: each run of three or more of `a-z0-9` in its lower case, a plural `s` dropped, common words left out. */
function meaningWords(text: string): Set<string> {
  const words = new Set<string>();
  const lower = text.toLowerCase();
  // A scan by character code rather than a global regular expression: no match array per word.
  let start = 0;
  for (let i = 0; i <= lower.length; i++) {
    const code = i < lower.length ? lower.charCodeAt(i) : 0;
    if ((code >= 0x61 && code <= 0x7a) || (code >= 0x30 && code <= 0x39)) {
      continue;
    }
    if (i - start >= 3) {
      const word = lower.slice(start, lower.charCodeAt(i - 1) === 0x73 ? i - 1 : i);
      if (!COMMON.has(word)) {
        words.add(word);
      }
    }
    start = i + 1;
  }
  return words;
}

/** How much two definitions share (Jaccard over their content words). */
function similarity(left: ReadonlySet<string>, right: ReadonlySet<string>): number {
  if (left.size === 0 || right.size === 0) {
    return 1;
  }
  let shared = 0;
  for (const word of left) {
    shared += right.has(word) ? 1 : 0;
  }
  return shared / (left.size + right.size - shared);
}

/** The key a term is compared by: lower case, a plural `s` dropped. */
function termKey(term: string): string {
  return term.toLowerCase().replace(/\s+/g, ' ').replace(/s$/, '');
}

/**
 * A term defined again in another note with a definition that shares almost no words with the first
 * one: an info on each later definition (`notes` in course order). Information only: a Compose
 * service and a Kubernetes Service are rightly different, and within one note a second definition
 * usually elaborates the first.
 */
export function conflictingDefinitions(notes: readonly { readonly file: string; readonly model: NoteModel }[]): { file: string; finding: Finding }[] {
  // The first definition of a term is compared with every later one: its words are read once.
  const first = new Map<string, { file: string; line: number; definition: string; words?: Set<string> }>();
  const out: { file: string; finding: Finding }[] = [];
  for (const { file, model } of notes) {
    for (const definition of model.definitions) {
      const key = termKey(definition.term);
      const earlier = first.get(key);
      if (!earlier) {
        first.set(key, { file, line: definition.line, definition: definition.definition });
        continue;
      }
      if (earlier.file === file || similarity((earlier.words ??= meaningWords(earlier.definition)), meaningWords(definition.definition)) >= 0.15) {
        continue;
      }
      out.push({
        file,
        finding: {
          code: 'conflicting-definition',
          severity: 'info',
          message: `'${definition.term}' is defined differently in ${earlier.file}:${earlier.line} ("${earlier.definition.slice(0, 80)}${earlier.definition.length > 80 ? '…' : ''}")`,
          line: definition.line,
          column: definition.column,
          endLine: definition.line,
          endColumn: definition.column + definition.term.length,
          fixes: [],
        },
      });
    }
  }
  return out;
}
