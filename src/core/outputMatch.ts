/**
 * Does a run's output match the output its note prints under the command? The note's text is what
 * the author saw, often years ago on another machine; the run's text is raw terminal output. The
 * rules, as a person comparing the two would apply them (each is a row of test/unit/outputMatch.test.ts):
 *
 * - **Terminal noise is not content.** Colours, OSC sequences and other escapes are dropped; a `\r`
 *   not followed by `\n` redraws its line (the final state is kept, `ESC[K` erases); CRLF is LF;
 *   spaces at either end of a line, runs of spaces inside one, and blank lines do not count.
 * - **What changes from run to run matches any value of its kind**: container, image, task, node
 *   and swarm IDs (12, 25 or 64 characters), `sha256:` digests, Docker's generated names
 *   (`vibrant_chaum`: Docker's adjectives only, so `my_app` stays strict), Kubernetes' generated pod
 *   and replica-set suffixes (`web-7c5b9d8f6-x2x9k`), timestamps (ISO, `2024-01-02 15:04:05`,
 *   `Mon Jan  2 15:04:05 UTC 2024`), relative times (`Up 3 seconds`, `About an hour ago`,
 *   `Less than a second ago`), durations and kubectl ages (`0.5s`, `1m30s`, `5m`, `3d`), sizes
 *   (`7.8MB`, `13.3 kB`), percentages, IPv4/IPv6/MAC addresses, swarm join tokens, and the host side
 *   of a port mapping (`0.0.0.0:8080->80/tcp`, `:::32768->80/tcp` and `[::]:32768->80/tcp` are all
 *   `→80/tcp`; a repeated mapping for the second address family counts once). `kubectl apply`'s
 *   `created`, `configured` and `unchanged` are the same outcome (a lab step run twice says
 *   `unchanged`). Everything else is strict: words, numbers, status values (`Running` vs
 *   `CrashLoopBackOff`, `Exited (0)` vs `Exited (1)`, `(healthy)`), and an error where the note
 *   shows success.
 * - **Pulling is cache state, not output**: `Unable to find image 'x' locally`, `latest: Pulling
 *   from …`, layer lines (`a1b2c3d4e5f6: Pull complete`, `Already exists`, `Downloading`…),
 *   `Digest:`, `Status: Downloaded newer image…`/`Image is up to date…` and the reference printed
 *   after them are ignored on both sides, so a note written before the image was cached matches a
 *   run that found it, and the reverse.
 * - **Tables** (a header of upper-case column names separated by 2+ spaces, as `docker ps`,
 *   `docker images`, `kubectl get` print, up to the next blank line) are compared by cells, not by
 *   column widths: the header must match, and each row of the note must match a distinct row of the
 *   run, in any order; the run may list more rows (the student's machine has other containers and
 *   images than the author's had). A table the note shows empty therefore matches any rows.
 * - **Elisions**: a note line that is only `...`, `…`, `[...]`, `(...)`, `<...>` or `[snip]`
 *   matches any number of lines (greedy: each part after it matches at its first place). The run
 *   may go on after the note's text ends (authors paste the first lines of long output), unless
 *   what follows is an error (`Error response from daemon`, `command not found`, `Unable to …`…).
 *   Lines the run prints before the note's first line are a difference.
 * - **Bounded**: at most `maxBytes` characters of each side are read (default 256 KiB): of a longer
 *   text its first and last halves, the part in between taken as unseen (`partial` says so). Every
 *   pattern is anchored on one word of at most 200 characters, and the search after an elision is
 *   Knuth–Morris–Pratt over lines, so time is linear in the text compared.
 */
export interface OutputVerdict {
  readonly matches: boolean;
  /** One sentence for the user when it differs: the first line that differs, note vs run. */
  readonly reason?: string;
  /** 1-based line in the expected text of the first difference. */
  readonly expectedLine?: number;
  /** 1-based line in the actual output of the first difference (absent near the end of a bounded output). */
  readonly actualLine?: number;
  /** The actual output was longer than maxBytes: only its first and last halves were compared. */
  readonly partial?: boolean;
}

export interface MatchOptions {
  /** Characters read from each side; a longer text is read as its first and last halves. Default 256 KiB. */
  readonly maxBytes?: number;
}

export const DEFAULT_MAX_BYTES = 256 * 1024;

// ---------------------------------------------------------------------------------------------
// Terminal text

const ESC = 0x1b;
const BEL = 0x07;

/**
 * The text without terminal escapes: CSI (`ESC [ … final`), OSC (`ESC ] … BEL` or `ESC \`; an
 * unterminated one ends at the line's end), and two-character escapes. Other characters, control
 * characters included, are kept. One pass, no regular expression.
 */
export function stripTerminalEscapes(text: string): string {
  if (text.indexOf('\x1b') < 0 && text.indexOf('\x9b') < 0) {
    return text;
  }
  let out = '';
  let start = 0;
  let i = 0;
  while (i < text.length) {
    const code = text.charCodeAt(i);
    if (code !== ESC && code !== 0x9b) {
      i++;
      continue;
    }
    out += text.slice(start, i);
    i = skipEscape(text, i).end;
    start = i;
  }
  return out + text.slice(start);
}

/** Where the escape sequence at `i` ends, and its final character for CSI (`K` erases). */
function skipEscape(text: string, i: number): { end: number; csiFinal?: string; params?: string } {
  const code = text.charCodeAt(i);
  let j: number;
  if (code === 0x9b) {
    j = i + 1;
  } else {
    const next = text.charCodeAt(i + 1);
    if (next === 0x5b /* [ */) {
      j = i + 2;
    } else if (next === 0x5d /* ] */ || next === 0x50 /* P: DCS */ || next === 0x5f /* _ */ || next === 0x5e /* ^ */) {
      // A string: up to BEL or ST (ESC \), or the end of the line when unterminated.
      let k = i + 2;
      while (k < text.length) {
        const c = text.charCodeAt(k);
        if (c === BEL) {
          return { end: k + 1 };
        }
        if (c === ESC && text.charCodeAt(k + 1) === 0x5c) {
          return { end: k + 2 };
        }
        if (c === 0x0a) {
          return { end: k };
        }
        k++;
      }
      return { end: k };
    } else if (Number.isNaN(next)) {
      return { end: i + 1 };
    } else if (next >= 0x20 && next <= 0x2f) {
      // ESC ( B and friends: intermediates, then one final character.
      let k = i + 1;
      while (k < text.length && text.charCodeAt(k) >= 0x20 && text.charCodeAt(k) <= 0x2f) {
        k++;
      }
      return { end: Math.min(text.length, k + 1) };
    } else {
      return { end: i + 2 };
    }
  }
  const paramsStart = j;
  while (j < text.length) {
    const c = text.charCodeAt(j);
    if (c >= 0x40 && c <= 0x7e) {
      return { end: j + 1, csiFinal: text[j], params: text.slice(paramsStart, j) };
    }
    if (c < 0x20 || c > 0x3f) {
      // Not a CSI byte (a newline, say): the sequence was broken off here.
      return { end: j };
    }
    j++;
  }
  return { end: j };
}

/**
 * One line (no `\n`) as a terminal shows it: `\r` returns to the first column and later text
 * overwrites, `\b` steps back, `ESC[K`/`ESC[2K` erase, other escapes and control characters vanish,
 * tabs are spaces.
 */
function renderLine(line: string): string {
  // CRLF: a `\r` at the very end redraws nothing.
  const raw = line.charCodeAt(line.length - 1) === 0x0d ? line.slice(0, -1) : line;
  let plain = true;
  for (let i = 0; i < raw.length; i++) {
    const c = raw.charCodeAt(i);
    if (c < 0x20 || c === 0x7f || c === 0x9b) {
      plain = false;
      break;
    }
  }
  if (plain) {
    return raw;
  }
  const cells: string[] = [];
  let cursor = 0;
  let i = 0;
  while (i < raw.length) {
    const c = raw.charCodeAt(i);
    if (c === ESC || c === 0x9b) {
      const escape = skipEscape(raw, i);
      if (escape.csiFinal === 'K') {
        const mode = escape.params ?? '';
        if (mode === '2') {
          cells.length = 0;
        } else if (mode === '1') {
          for (let k = 0; k < cursor && k < cells.length; k++) {
            cells[k] = ' ';
          }
        } else {
          cells.length = Math.min(cells.length, cursor);
        }
      }
      i = escape.end;
      continue;
    }
    if (c === 0x0d) {
      cursor = 0;
    } else if (c === 0x08) {
      cursor = Math.max(0, cursor - 1);
    } else if (c === 0x09) {
      cells[cursor++] = ' ';
    } else if (c >= 0x20 && c !== 0x7f) {
      while (cells.length < cursor) {
        cells.push(' ');
      }
      cells[cursor++] = raw[i];
    }
    i++;
  }
  return cells.join('');
}

/** The lines of a text as a terminal shows them, trailing spaces trimmed. */
function renderLines(text: string): string[] {
  const raw = text.split('\n');
  const lines = new Array<string>(raw.length);
  for (let i = 0; i < raw.length; i++) {
    lines[i] = renderLine(raw[i]).trimEnd();
  }
  return lines;
}

/**
 * What the diff editor shows for a text: escapes stripped, `\r` redraws resolved, CRLF as LF,
 * trailing spaces trimmed, blank lines at the start and end dropped. With `maxBytes`, a longer text
 * is shown as its first and last halves around a line saying how much was left out.
 */
export function normalizeForDiff(text: string, options: MatchOptions = {}): string {
  const window = boundedWindow(text, options.maxBytes ?? Number.POSITIVE_INFINITY);
  const parts = window.tail === undefined
    ? renderLines(window.head)
    : [...renderLines(window.head), `[… ${window.omitted} characters not shown …]`, ...renderLines(window.tail)];
  let start = 0;
  let end = parts.length;
  while (start < end && parts[start] === '') {
    start++;
  }
  while (end > start && parts[end - 1] === '') {
    end--;
  }
  return parts.slice(start, end).join('\n');
}

interface Window {
  readonly head: string;
  /** Present when the text was cut: its last part, from a line start. */
  readonly tail?: string;
  readonly omitted: number;
  /** Lines before the tail starts (only computed where asked: the expected side). */
  readonly tailFirstLine?: number;
}

/** The text, or its first and last halves of `maxBytes` characters cut at line boundaries. */
function boundedWindow(text: string, maxBytes: number, countLines = false): Window {
  if (text.length <= maxBytes) {
    return { head: text, omitted: 0 };
  }
  const half = Math.max(1, Math.floor(maxBytes / 2));
  let headEnd = text.lastIndexOf('\n', half);
  headEnd = headEnd <= 0 ? half : headEnd;
  let tailStart = text.indexOf('\n', text.length - half);
  tailStart = tailStart < 0 || tailStart < headEnd ? text.length - half : tailStart + 1;
  let tailFirstLine: number | undefined;
  if (countLines) {
    let lines = 1;
    for (let at = text.indexOf('\n'); at >= 0 && at < tailStart; at = text.indexOf('\n', at + 1)) {
      lines++;
    }
    tailFirstLine = lines;
  }
  return { head: text.slice(0, headEnd), tail: text.slice(tailStart), omitted: tailStart - headEnd, tailFirstLine };
}

// ---------------------------------------------------------------------------------------------
// Lines as keys

const MAX_WORD = 200;

/** Docker's generated-name adjectives (moby pkg/namesgenerator, current and earlier lists). */
const DOCKER_ADJECTIVES = new Set(
  ('admiring adoring affectionate agitated amazing angry awesome backstabbing berserk beautiful bold blissful boring brave busy '
    + 'charming clever cocky compassionate competent condescending confident cool cranky crazy dazzling desperate determined '
    + 'distracted dreamy drunk eager ecstatic elastic elated elegant eloquent epic evil exciting fervent festive flamboyant '
    + 'focused friendly frosty funny furious gallant gifted goofy gracious grave great happy hardcore heuristic hopeful hungry '
    + 'infallible insane inspiring intelligent interesting jolly jovial keen kind laughing lonely loving lucid magical modest '
    + 'mad musing mystifying naughty nervous nice nifty nostalgic objective optimistic peaceful pedantic pensive practical '
    + 'prickly priceless quirky quizzical recursing relaxed reverent romantic sad serene sharp sick silly sleepy small stoic '
    + 'strange stupefied suspicious sweet tender thirsty tiny trusting unruffled upbeat vibrant vigilant vigorous wizardly '
    + 'wonderful xenodochial youthful zealous zen').split(' '),
);

const TIME_UNITS = new Set(['second', 'seconds', 'minute', 'minutes', 'hour', 'hours', 'day', 'days', 'week', 'weeks', 'month', 'months', 'year', 'years']);
const WEEKDAYS = new Set(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday']);
const MONTHS = new Set(['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec']);
const ZONES = /^(?:UTC|GMT|Z|[A-Z]{3,4}|[+-]\d{2}:?\d{2})$/;
const SIZE_UNITS = /^(?:[kKMGTP]i?B|B|[KMGTP]i|bytes)$/;
const APPLY_OUTCOMES = new Set(['created', 'configured', 'unchanged']);

const TIME = '⟨time⟩';
const ID = '⟨id⟩';
const IP = '⟨ip⟩';
const SIZE = '⟨size⟩';

const HEX64 = /^(?:sha256:)?[0-9a-f]{64}$/;
const DIGEST = /^sha256:[0-9a-f]{6,64}$/;
const SHORT_ID = /^(?:[a-z0-9]{12}|[a-z0-9]{25})$/;
const HAS_DIGIT = /\d/;
const VOLATILE_CHARACTERS = /[\d_]/;
const HAS_LETTER = /[a-z]/;
const EMBEDDED_DIGEST = /sha256:[0-9a-f]{6,64}/g;
const IPV4 = /^\d{1,3}(?:\.\d{1,3}){3}(?::\d{1,5})?(?:\/\d{1,2})?$/;
const IPV6 = /^\[?[0-9a-fA-F]{0,4}(?::[0-9a-fA-F]{0,4}){2,7}\]?(?::\d{1,5})?(?:\/\d{1,3})?$/;
const CLOCK = /^\d{1,2}:\d{2}(?::\d{2})?(?:[.,]\d{1,9})?$/;
const DATE = /^\d{4}[-/]\d{2}[-/]\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:[.,]\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;
const SIZE_WORD = /^\d+(?:\.\d+)?(?:[kKMGTP]i?B|B|[KMGTP]i)$/;
const DURATION = /^(?:\d+(?:\.\d+)?(?:ns|µs|us|ms|[smhdy])){1,4}$/;
const PERCENT = /^\d+(?:\.\d+)?%$/;
const NUMBER = /^\d+(?:\.\d+)?$/;
const YEAR = /^(?:19|20)\d{2}$/;
/** The host side of a port mapping: `0.0.0.0:8080`, `:::32768`, `[::]:32768`, `127.0.0.1:8000-8001`. */
const PORT_HOST = /^(?:\d{1,3}(?:\.\d{1,3}){3}|\[[0-9a-fA-F:]{0,39}\]|[0-9a-fA-F:]{0,39})?:\d{1,5}(?:-\d{1,5})?$/;
/** kubectl's generated suffixes use this alphabet (no vowels, no 0, 1, 3). */
const POD = /^([a-z0-9][a-z0-9./-]{0,150}?)-[bcdfghjklmnpqrstvwxz2456789]{6,10}-[bcdfghjklmnpqrstvwxz2456789]{5}$/;
const REPLICA_SET = /^([a-z0-9][a-z0-9./-]{0,150}?)-([bcdfghjklmnpqrstvwxz2456789]{8,10}|[bcdfghjklmnpqrstvwxz2456789]{5})$/;
const SWARM_TOKEN = /^SWMTKN-1-[0-9a-z-]{10,200}$/;
const GENERATED_NAME = /^([a-z]+)_[a-z]+\d{0,3}$/;
const PUNCTUATION = new Set('()"\'[]{}<>,;:.'.split(''));
const LEADING_PUNCT = /^[("'[{<,;]+/;
const TRAILING_PUNCT = /[)"'\]}>,;:.]+$/;

interface Token {
  pre: string;
  value: string;
  suf: string;
  /** The placeholder this word stands for, or undefined for a literal word. */
  cls?: string;
  /** A port mapping (deduplicated when repeated). */
  port?: boolean;
}

/** The placeholder for one word, or undefined when the word is literal. */
function classify(core: string): { cls?: string; value?: string; port?: boolean } {
  if (core.length === 0 || core.length > MAX_WORD || !VOLATILE_CHARACTERS.test(core)) {
    // Most words: with no digit and no `_`, a word can be none of the kinds below.
    return {};
  }
  const arrow = core.indexOf('->');
  if (arrow > 0 && PORT_HOST.test(core.slice(0, arrow))) {
    return { cls: `→${core.slice(arrow + 2)}`, port: true };
  }
  if (HEX64.test(core) || DIGEST.test(core)) {
    return { cls: ID };
  }
  if (SHORT_ID.test(core) && HAS_DIGIT.test(core) && HAS_LETTER.test(core)) {
    return { cls: ID };
  }
  if (SWARM_TOKEN.test(core)) {
    return { cls: '⟨token⟩' };
  }
  if (IPV4.test(core)) {
    return { cls: IP };
  }
  if (CLOCK.test(core) || DATE.test(core)) {
    return { cls: TIME };
  }
  if (IPV6.test(core) && (core.includes('::') || countColons(core) >= 5)) {
    return { cls: IP };
  }
  if (SIZE_WORD.test(core)) {
    return { cls: SIZE };
  }
  if (DURATION.test(core)) {
    return { cls: TIME };
  }
  if (PERCENT.test(core)) {
    return { cls: '⟨pct⟩' };
  }
  const name = GENERATED_NAME.exec(core);
  if (name && DOCKER_ADJECTIVES.has(name[1])) {
    return { cls: '⟨name⟩' };
  }
  const pod = POD.exec(core);
  if (pod) {
    return { value: `${pod[1]}-⟨pod⟩` };
  }
  const replicaSet = REPLICA_SET.exec(core);
  if (replicaSet && HAS_DIGIT.test(replicaSet[2])) {
    return { value: `${replicaSet[1]}-⟨pod⟩` };
  }
  if (core.includes('sha256:')) {
    return { value: core.replace(EMBEDDED_DIGEST, '⟨digest⟩') };
  }
  return {};
}

function countColons(word: string): number {
  let count = 0;
  for (let i = 0; i < word.length; i++) {
    if (word.charCodeAt(i) === 0x3a) {
      count++;
    }
  }
  return count;
}

function tokenize(word: string): Token {
  if (word.length > MAX_WORD) {
    return { pre: '', value: word, suf: '' };
  }
  if (word.includes('->')) {
    // A port mapping keeps its brackets (`[::]:80->80/tcp`); only a list's comma is punctuation.
    const core = word.endsWith(',') ? word.slice(0, -1) : word;
    const mapping = classify(core);
    if (mapping.port) {
      return { pre: '', value: core, suf: '', cls: mapping.cls, port: true };
    }
  }
  const pre = PUNCTUATION.has(word[0]) ? (LEADING_PUNCT.exec(word)?.[0] ?? '') : '';
  let rest = pre === '' ? word : word.slice(pre.length);
  let suf = PUNCTUATION.has(rest[rest.length - 1]) ? (TRAILING_PUNCT.exec(rest)?.[0] ?? '') : '';
  // `0.0.0.0:80->80/tcp,` keeps its own trailing characters but `:::80` must keep its colons.
  if (suf.length === rest.length) {
    suf = '';
  }
  rest = rest.slice(0, rest.length - suf.length);
  const classified = classify(rest);
  if (classified.cls === undefined && classified.value === undefined && suf.length > 0) {
    // `(5m` / `ago)`, `12:04:05.` — try the word with its trailing punctuation once more as one piece.
    const whole = classify(rest + suf);
    if (whole.cls !== undefined) {
      return { pre, value: rest + suf, suf: '', cls: whole.cls, port: whole.port };
    }
  }
  return { pre, value: classified.value ?? rest, suf, cls: classified.cls, port: classified.port };
}

/** Words already read in one comparison (most words of a listing repeat: images, statuses, units). Read-only tokens. */
type WordCache = Map<string, Readonly<Token>>;
const WORD_CACHE_SIZE = 20_000;

const isTime = (token: Token | undefined): boolean => token?.cls === TIME && token.suf === '';

/** The comparison key of a rendered, trimmed line: volatile words as placeholders, spaces collapsed. */
export function lineKey(line: string, words: WordCache = new Map()): string {
  const parts = (line.includes('\t') ? line.replace(/\t/g, ' ') : line).trim().split(/ +/);
  if (parts.length === 1 && parts[0] === '') {
    return '';
  }
  const tokens = parts.map((part) => {
    let token = words.get(part);
    if (!token) {
      token = tokenize(part);
      if (words.size < WORD_CACHE_SIZE) {
        words.set(part, token);
      }
    }
    return token;
  });
  const lower = tokens.map((token) => (token.pre === '' ? token.value.toLowerCase() : ''));
  const out: Token[] = [];
  const ports = new Set<string>();
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i];
    const previous = out[out.length - 1];
    const word = lower[i];
    const startsWithDigit = word.charCodeAt(0) >= 0x30 && word.charCodeAt(0) <= 0x39;
    // Relative times: `3 seconds`, `a minute`, `About an hour`, `Less than a second`, then `ago`.
    let length = 0;
    if (!startsWithDigit && word.length > 5) {
      // none of the phrases below starts with a longer word
    } else if (lower[i] === 'less' && lower[i + 1] === 'than' && (lower[i + 2] === 'a' || lower[i + 2] === 'an') && TIME_UNITS.has(lower[i + 3] ?? '')) {
      length = 4;
    } else if (lower[i] === 'about' && (lower[i + 1] === 'a' || lower[i + 1] === 'an') && TIME_UNITS.has(lower[i + 2] ?? '')) {
      length = 3;
    } else if ((NUMBER.test(lower[i]) || lower[i] === 'a' || lower[i] === 'an') && token.suf === '' && TIME_UNITS.has(lower[i + 1] ?? '')) {
      length = 2;
    }
    if (length > 0) {
      const last = tokens[i + length - 1];
      out.push({ pre: token.pre, value: '', suf: last.suf, cls: TIME });
      i += length - 1;
      continue;
    }
    // A number and its unit as two words: `13.3 kB`.
    if (startsWithDigit && NUMBER.test(token.value) && token.suf === '' && token.cls === undefined && SIZE_UNITS.test(tokens[i + 1]?.value ?? '') && tokens[i + 1].pre === '') {
      out.push({ pre: token.pre, value: '', suf: tokens[i + 1].suf, cls: SIZE });
      i++;
      continue;
    }
    // Dates in words: `Mon Jan  2 15:04:05 UTC 2024`, `Jan 2 15:04:05`, and `ago`, a zone or a year after a time.
    if (!startsWithDigit && word.length >= 3 && word.length <= 10 && WEEKDAYS.has(word.endsWith(',') ? word.slice(0, -1) : word) && MONTHS.has((lower[i + 1] ?? '').slice(0, 3)) && NUMBER.test(lower[i + 2] ?? '')) {
      out.push({ pre: '', value: '', suf: '', cls: TIME });
      continue;
    }
    if (!startsWithDigit && word.length >= 3 && word.length <= 9 && MONTHS.has(word.slice(0, 3)) && /^\d{1,2},?$/.test(lower[i + 1] ?? '') && (CLOCK.test(tokens[i + 2]?.value ?? '') || YEAR.test(lower[i + 2] ?? ''))) {
      if (!isTime(previous)) {
        out.push({ pre: '', value: '', suf: '', cls: TIME });
      }
      i++;
      continue;
    }
    if (isTime(previous) && token.pre === '' && (lower[i] === 'ago' || ZONES.test(token.value) || YEAR.test(token.value) || token.cls === TIME)) {
      out[out.length - 1] = { ...previous, suf: token.suf }; // tokens may be shared through the word cache
      continue;
    }
    if (token.port) {
      // The same port mapped for the other address family counts once, wherever the list puts it.
      if (ports.has(token.cls ?? '')) {
        continue;
      }
      ports.add(token.cls ?? '');
    }
    out.push(token);
  }
  // `deployment.apps/web created` / `unchanged` / `configured`: the same outcome.
  if ((out.length === 2 || (out.length > 2 && out[2].pre === '(')) && out[0].value.includes('/') && APPLY_OUTCOMES.has(out[1].value) && out[1].pre === '' && out[1].suf === '') {
    out[1] = { pre: '', value: '', suf: '', cls: '⟨applied⟩' };
  }
  return out.map((token) => token.pre + (token.cls ?? token.value) + token.suf).join(' ');
}

// ---------------------------------------------------------------------------------------------
// Lines as items

const PULL_LAYER = /^[0-9a-f]{12}: (?:Pulling fs layer|Waiting|Downloading|Verifying Checksum|Download complete|Extracting|Pull complete|Already exists|Retrying in \d+ seconds?|Preparing|Pushing|Pushed|Layer already exists|Mounted from \S+)/;
const PULL_FROM = /^[\w][\w.-]{0,127}: Pulling from [\w./-]{1,255}$/;
const PULL_OTHER = /^(?:Digest: sha256:[0-9a-f]{64}|Status: (?:Downloaded newer image|Image is up to date) for \S+|Unable to find image '[^']{1,300}' locally|Using default tag: latest)$/;
const STATUS_LINE = /^Status: (?:Downloaded newer image|Image is up to date) for /;
const IMAGE_REFERENCE = /^[a-z0-9][a-z0-9._/:@-]{0,300}$/;
const ELLIPSIS = /^(?:\.{3,}|…+|\. \. \.|\[(?:\.{3}|…)\]|\((?:\.{3}|…)\)|<(?:\.{3}|…)>|\[?(?:snip|snipped|output truncated|truncated)\]?|(?:\.{3}|…) ?\(.{0,80}\)|# ?(?:\.{3}|…))$/i;
/** What says a command failed: after the note's text ends, these lines are a difference. */
const ERROR_LINE = /(?:^|: )(?:Error|ERROR|error|fatal|FATAL|panic)\b|Error response from daemon|command not found|: not found$|No such (?:file|container|image|object)|[Pp]ermission denied|Unable to |[Cc]annot |[Cc]ouldn't |connection refused|^E\d{4} /;

interface LineInfo {
  readonly key: string;
  readonly text: string;
  /** 1-based line number, undefined when unknown (the tail of a bounded output). */
  readonly line: number | undefined;
}

type Item =
  | { readonly kind: 'line'; readonly info: LineInfo }
  | { readonly kind: 'table'; readonly header: LineInfo; readonly rows: readonly LineInfo[]; readonly counts?: Map<string, number> }
  | { readonly kind: 'gap'; readonly info: LineInfo };

function isHeader(text: string): boolean {
  const cells = text.trim().split(/ {2,}|\t+/);
  if (cells.length < 2) {
    return false;
  }
  return cells.every((cell) => /^[A-Z][A-Z0-9 _()%/.:-]{0,60}$/.test(cell));
}

/**
 * The items of rendered lines: ignorable lines dropped, tables gathered, elisions (expected side)
 * as gaps. `firstLine` is the number of `lines[0]`, undefined when unknown.
 */
function toItems(lines: readonly string[], firstLine: number | undefined, expected: boolean, words: WordCache): Item[] {
  const items: Item[] = [];
  let table: { header: LineInfo; rows: LineInfo[] } | undefined;
  let afterStatus = false;
  const flush = () => {
    if (table) {
      items.push({ kind: 'table', header: table.header, rows: table.rows });
      table = undefined;
    }
  };
  for (let i = 0; i < lines.length; i++) {
    const text = lines[i].trim();
    const line = firstLine === undefined ? undefined : firstLine + i;
    if (text === '') {
      flush();
      continue;
    }
    if (text.length <= 400 && (PULL_LAYER.test(text) || PULL_FROM.test(text) || PULL_OTHER.test(text) || (afterStatus && IMAGE_REFERENCE.test(text)))) {
      afterStatus = STATUS_LINE.test(text);
      continue;
    }
    afterStatus = false;
    if (expected && text.length <= 100 && ELLIPSIS.test(text)) {
      if (table) {
        continue; // a table is compared row by row in any order: "more rows" is already allowed
      }
      items.push({ kind: 'gap', info: { key: '', text, line } });
      continue;
    }
    const info: LineInfo = { key: lineKey(text, words), text, line };
    if (table) {
      table.rows.push(info);
    } else if (text.length <= 400 && isHeader(text)) {
      table = { header: info, rows: [] };
    } else {
      items.push({ kind: 'line', info });
    }
  }
  flush();
  return items;
}

function selfKey(item: Item): string {
  switch (item.kind) {
    case 'line':
      return `L${item.info.key}`;
    case 'table':
      return `T${item.header.key}\n${item.rows.map((row) => row.key).join('\n')}`;
    default:
      return 'G';
  }
}

function rowCounts(item: Item & { kind: 'table' }): Map<string, number> {
  const counts = new Map<string, number>();
  for (const row of item.rows) {
    counts.set(row.key, (counts.get(row.key) ?? 0) + 1);
  }
  return counts;
}

/** The first row of the note's table with no matching row left in the run's, or undefined when all match. */
function missingRow(expected: Item & { kind: 'table' }, actualCounts: Map<string, number>): LineInfo | undefined {
  const used = new Map<string, number>();
  for (const row of expected.rows) {
    const taken = (used.get(row.key) ?? 0) + 1;
    if (taken > (actualCounts.get(row.key) ?? 0)) {
      return row;
    }
    used.set(row.key, taken);
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Matching

interface Difference {
  readonly expected?: LineInfo;
  readonly actual?: LineInfo;
  readonly why: 'differs' | 'missing' | 'not-found' | 'row' | 'header' | 'error-after' | 'extra-before';
}

class Matcher {
  private readonly counts = new Map<Item, Map<string, number>>();

  constructor(private readonly actual: readonly Item[]) {}

  /** Whether the note's item matches the run's. */
  same(expected: Item, actual: Item): boolean {
    if (expected.kind === 'line' && actual.kind === 'line') {
      return expected.info.key === actual.info.key;
    }
    if (expected.kind === 'table' && actual.kind === 'table') {
      return expected.header.key === actual.header.key && missingRow(expected, this.countsOf(actual)) === undefined;
    }
    return false;
  }

  /** Why two items differ, for the message. */
  explain(expected: Item, actual: Item | undefined): Difference {
    if (!actual) {
      return { expected: infoOf(expected), why: 'missing' };
    }
    if (expected.kind === 'table' && actual.kind === 'table' && expected.header.key === actual.header.key) {
      return { expected: missingRow(expected, this.countsOf(actual)), actual: actual.header, why: 'row' };
    }
    return { expected: infoOf(expected), actual: infoOf(actual), why: expected.kind === 'table' ? 'header' : 'differs' };
  }

  private countsOf(actual: Item & { kind: 'table' }): Map<string, number> {
    let counts = this.counts.get(actual);
    if (!counts) {
      counts = rowCounts(actual);
      this.counts.set(actual, counts);
    }
    return counts;
  }

  /**
   * Finds `pattern` in the run's items from `from` (Knuth–Morris–Pratt: linear). Returns the index
   * after the match, or the furthest partial match for the message.
   */
  search(pattern: readonly Item[], from: number, to: number): { end: number } | { furthest: number; at: number } {
    const keys = pattern.map(selfKey);
    const fail = new Array<number>(pattern.length).fill(0);
    for (let i = 1, k = 0; i < pattern.length; i++) {
      while (k > 0 && keys[i] !== keys[k]) {
        k = fail[k - 1];
      }
      if (keys[i] === keys[k]) {
        k++;
      }
      fail[i] = k;
    }
    let furthest = 0;
    let at = from;
    for (let i = from, j = 0; i < to; i++) {
      while (j > 0 && !this.same(pattern[j], this.actual[i])) {
        j = fail[j - 1];
      }
      if (this.same(pattern[j], this.actual[i])) {
        j++;
      }
      if (j > furthest) {
        furthest = j;
        at = i + 1;
      }
      if (j === pattern.length) {
        return { end: i + 1 };
      }
    }
    return { furthest, at };
  }
}

function infoOf(item: Item): LineInfo {
  return item.kind === 'table' ? item.header : item.info;
}

type Outcome =
  | { readonly kind: 'ok'; readonly end: number }
  | { readonly kind: 'fail'; readonly difference: Difference }
  /** The run's items ran out (a bounded output): the rest of the note is looked for in the tail. */
  | { readonly kind: 'ran-out'; readonly rest: readonly Item[] };

/**
 * Matches the note's items against `actual[from, to)`: before the first gap anchored at `from`
 * (unless `floating`), each part after a gap at its first place. `open` lets the run's items run
 * out before the note's (the rest is then returned).
 */
function matchSegments(expected: readonly Item[], matcher: Matcher, actual: readonly Item[], from: number, to: number, floating: boolean, open: boolean): Outcome {
  const segments: Item[][] = [[]];
  for (const item of expected) {
    if (item.kind === 'gap') {
      segments.push([]);
    } else {
      segments[segments.length - 1].push(item);
    }
  }
  let position = from;
  for (let s = 0; s < segments.length; s++) {
    const segment = segments[s];
    if (segment.length === 0) {
      continue;
    }
    const rest = (k: number): Item[] => [...segment.slice(k), ...segments.slice(s + 1).flatMap((later) => [GAP, ...later])];
    if (s === 0 && !floating) {
      for (let k = 0; k < segment.length; k++) {
        const item = actual[position + k];
        if (position + k >= to && open) {
          return { kind: 'ran-out', rest: rest(k) };
        }
        if (position + k >= to || !matcher.same(segment[k], item)) {
          return { kind: 'fail', difference: matcher.explain(segment[k], position + k < to ? item : undefined) };
        }
      }
      position += segment.length;
      continue;
    }
    const found = matcher.search(segment, position, to);
    if ('end' in found) {
      position = found.end;
      continue;
    }
    if (open) {
      return { kind: 'ran-out', rest: rest(0) };
    }
    const next = found.at < to ? actual[found.at] : undefined;
    return { kind: 'fail', difference: found.furthest === 0 ? { expected: infoOf(segment[0]), why: 'not-found' } : matcher.explain(segment[found.furthest], next) };
  }
  return { kind: 'ok', end: position };
}

const GAP: Item = { kind: 'gap', info: { key: '', text: '...', line: undefined } };

/** The first error among the run's items from `from`. */
function errorAfter(actual: readonly Item[], from: number, to: number): LineInfo | undefined {
  for (let i = from; i < to; i++) {
    const item = actual[i];
    const lines = item.kind === 'table' ? [item.header, ...item.rows] : [item.info];
    const error = lines.find((info) => info.text.length <= 2000 && ERROR_LINE.test(info.text));
    if (error) {
      return error;
    }
  }
  return undefined;
}

function quote(text: string): string {
  const shown = text.length > 80 ? `${text.slice(0, 77)}…` : text;
  return `“${shown}”`;
}

function at(info: LineInfo | undefined, side: 'note' | 'run'): string {
  if (!info) {
    return '';
  }
  if (side === 'note') {
    return info.line === undefined ? 'the note' : `line ${info.line} of the note`;
  }
  return info.line === undefined ? 'this run, near its end' : `line ${info.line} of this run`;
}

function sentence(difference: Difference, partial: boolean): string {
  const { expected, actual } = difference;
  const bounded = partial ? ' (only the first and last part of this long output were compared)' : '';
  switch (difference.why) {
    case 'missing':
      return `The note goes on with ${quote(expected?.text ?? '')} (${at(expected, 'note')}), but this run's output ends there${bounded}.`;
    case 'not-found':
      return `The note's ${quote(expected?.text ?? '')} (${at(expected, 'note')}) is nowhere in this run's output after that point${bounded}.`;
    case 'row':
      return `This run's table (${at(actual, 'run')}) has no row like the note's ${quote(expected?.text ?? '')} (${at(expected, 'note')}).`;
    case 'header':
      return `The note shows the table ${quote(expected?.text ?? '')} (${at(expected, 'note')}); this run shows ${quote(actual?.text ?? '')} (${at(actual, 'run')}).`;
    case 'error-after':
      return `After the note's output, this run printed an error: ${quote(actual?.text ?? '')} (${at(actual, 'run')}).`;
    case 'extra-before':
      return `This run printed ${quote(actual?.text ?? '')} (${at(actual, 'run')}) where the note shows nothing.`;
    default:
      return `The note shows ${quote(expected?.text ?? '')} (${at(expected, 'note')}); this run shows ${quote(actual?.text ?? '')} (${at(actual, 'run')})${bounded}.`;
  }
}

/**
 * Compares a run's raw terminal output with the output its note prints (see the module comment for
 * the rules). Linear in the characters read; at most `maxBytes` of each side are read.
 */
export function matchOutput(expected: string, actual: string, options: MatchOptions = {}): OutputVerdict {
  const maxBytes = Math.max(64, options.maxBytes ?? DEFAULT_MAX_BYTES);
  const note = boundedWindow(expected, maxBytes, true);
  const noteLines = renderLines(note.head);
  const words: WordCache = new Map();
  const noteItems = toItems(noteLines, 1, true, words);
  if (note.tail !== undefined) {
    noteItems.push(GAP, ...toItems(renderLines(note.tail), note.tailFirstLine, true, words));
  }

  const run = boundedWindow(actual, maxBytes);
  const partial = run.tail !== undefined;
  const head = toItems(renderLines(run.head), 1, false, words);
  const tail = run.tail === undefined ? [] : toItems(renderLines(run.tail), undefined, false, words);
  const items = [...head, ...tail];
  const matcher = new Matcher(items);
  const verdict = (difference: Difference): OutputVerdict => ({
    matches: false,
    reason: sentence(difference, partial),
    expectedLine: difference.expected?.line,
    actualLine: difference.actual?.line,
    ...(partial ? { partial } : {}),
  });

  const endsOpen = noteItems.length > 0 && noteItems[noteItems.length - 1].kind === 'gap';
  const startsOpen = noteItems.length > 0 && noteItems[0].kind === 'gap';
  let outcome = matchSegments(noteItems, matcher, items, 0, head.length, startsOpen, partial);
  if (outcome.kind === 'ran-out') {
    // The rest of the note lies in the unseen middle or in the tail: look for it in the tail.
    outcome = matchSegments(outcome.rest, matcher, items, head.length, items.length, true, false);
    if (outcome.kind === 'fail' && outcome.difference.why === 'not-found') {
      // It may as well be in the part not read.
      outcome = { kind: 'ok', end: head.length };
    }
  }
  if (outcome.kind === 'fail') {
    return verdict(outcome.difference);
  }
  if (outcome.kind === 'ok' && !endsOpen) {
    const error = errorAfter(items, outcome.end, items.length);
    if (error) {
      return verdict({ actual: error, why: noteItems.length === 0 ? 'extra-before' : 'error-after' });
    }
  }
  return partial ? { matches: true, partial } : { matches: true };
}
