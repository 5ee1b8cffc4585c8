import type MarkdownIt from 'markdown-it';
import { blockPrompts } from './blockPrompts';
import { findCodeSpans } from './codeSpans';
import type { LineEnd, OpenQuote } from './commandLine';
import { findPlaceholders, heredocDelimiter, lineEnd, matchCommand, promptLength } from './commandLine';
import { DefinitionFinder, INLINE_MARKUP, normaliseSpace } from './definitions';
import { detacherFor } from './detach';
import type { FrontMatter } from './frontMatter';
import { readFrontMatter } from './frontMatter';
import type { LineRange, NoteCommand, NoteModel, NoteSection, ParseOptions } from './model';
import { DEFAULT_MAX_LENGTH, DEFAULT_PROGRAMS, tooLargeReason } from './model';
import { parseEstimate } from './timeEstimates';

type Token = ReturnType<MarkdownIt['parse']>[number];
type StateBlock = InstanceType<MarkdownIt['block']['State']>;

/** One frozen empty list shared by every model that has nothing in a list (most sections). */
const NONE: readonly never[] = Object.freeze([]);

let markdownIt: MarkdownIt | undefined;
let stockMarkdownIt: MarkdownIt | undefined;
/** The block state of the latest parse by getMarkdownIt() (taken, and cleared, by NoteLines.of). */
let lastBlockState: StateBlock | undefined;

function keepBlockState(state: StateBlock): void {
  lastBlockState = state;
}

function loadMarkdownIt(): typeof MarkdownIt {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('markdown-it') as typeof MarkdownIt;
}

/**
 * markdown-it as the notes model uses it, loaded on first use so activation does not pay for it:
 * html on as in VS Code's preview, no linkify or typographer. Inline content is not parsed with the
 * blocks: the model reads commands from the source text of code spans (see inlineCommands) and asks
 * for an inline token's children only where it needs them (see NoteParser.inlineChildren), which is
 * most of the saving over a full parse. Line ends are normalised only when a note has CR or NUL.
 */
export function getMarkdownIt(): MarkdownIt {
  if (!markdownIt) {
    const md = loadMarkdownIt()({ html: true });
    md.core.ruler.at('normalize', (state) => {
      // The stock rule runs a replace over the whole text even when there is nothing to replace.
      const src = state.src;
      if (src.includes('\r') || src.includes('\0')) {
        state.src = src.replace(/\r\n?/g, '\n').replace(/\0/g, '\uFFFD');
      }
    });
    md.core.ruler.disable(['inline', 'text_join']);
    // The block state splits the text into lines (offsets of each line's start and end): the parser
    // reads its lines from there instead of splitting the text a second time (see NoteLines).
    const BlockState = md.block.State;
    md.block.State = class extends BlockState {
      constructor(...args: ConstructorParameters<typeof BlockState>) {
        super(...args);
        keepBlockState(this);
      }
    };
    markdownIt = md;
  }
  return markdownIt;
}

/**
 * What markdown-it's text_join rule does to one inline token's children: escaped characters and
 * entities (`text_special`) become text, and runs of text tokens become one.
 */
function joinText(children: Token[]): void {
  let kept = 0;
  for (let i = 0; i < children.length; i++) {
    const child = children[i];
    if (child.type === 'text_special') {
      child.type = 'text';
    }
    const previous = kept > 0 ? children[kept - 1] : undefined;
    if (child.type === 'text' && previous?.type === 'text') {
      previous.content += child.content;
    } else {
      children[kept++] = child;
    }
  }
  children.length = kept;
}

/** Stock markdown-it with the same options, parsing everything: the baseline of the benchmarks. */
export function getStockMarkdownIt(): MarkdownIt {
  stockMarkdownIt ??= loadMarkdownIt()({ html: true });
  return stockMarkdownIt;
}

/**
 * Fence languages that are not shell: their lines are never commands. Anything else (`bash`,
 * `console`, `.term1`, `powershell`, none…) is read as shell.
 */
const NOT_SHELL = new Set([
  'yaml', 'yml', 'json', 'jsonc', 'json5', 'dockerfile', 'containerfile', 'xml', 'html', 'css', 'scss',
  'javascript', 'js', 'jsx', 'ts', 'typescript', 'tsx', 'python', 'py', 'go', 'golang', 'java', 'c', 'cpp',
  'c++', 'csharp', 'cs', 'rust', 'rs', 'ruby', 'rb', 'php', 'sql', 'toml', 'ini', 'hcl', 'terraform', 'tf',
  'groovy', 'kotlin', 'swift', 'nginx', 'apache', 'diff', 'patch', 'makefile', 'make', 'properties', 'env',
  'markdown', 'md', 'mermaid', 'plantuml', 'math', 'latex', 'tex', 'http', 'graphql', 'proto', 'protobuf',
  'output', 'log', 'csv', 'lua', 'perl', 'r', 'scala', 'elixir', 'erlang', 'haskell', 'vue', 'svelte',
]);

const POWERSHELL = new Set(['powershell', 'ps', 'ps1', 'pwsh']);

/**
 * Fence languages for plain text: usage lines (`docker run [OPTIONS] IMAGE`) and printed output more
 * often than commands, so only lines behind a prompt (`$ docker ps`, a pasted session) are commands.
 */
const PLAIN_TEXT = new Set(['text', 'txt', 'plaintext', 'plain']);

const SIMPLE_LANGUAGE = /^[A-Za-z0-9_+-]*$/;

/** The language word of a fence info string: "bash {terminal=node2}" → "bash", "{.term1}" → "term1". */
export function fenceLanguage(info: string): string {
  if (SIMPLE_LANGUAGE.test(info)) {
    return info.toLowerCase(); // `bash`, `yaml`, `console`: most fences
  }
  const first = info.trim().split(/\s+/)[0] ?? '';
  return first.replace(/^[{.]+|[}]+$/g, '').replace(/^\./, '').toLowerCase();
}

interface SectionBuilder {
  title: string;
  level: number;
  line: number;
  endLine: number;
  ownMinutes: number | undefined;
  listMinutes: number;
  children: SectionBuilder[];
  commands: NoteCommand[];
}


/** The file name without folders or extension, for notes with no title. */
export function baseName(file: string): string {
  const name = file.replace(/[\\/]+$/, '').split(/[\\/]/).pop() ?? file;
  let decoded = name;
  try {
    decoded = decodeURIComponent(name);
  } catch {
    // Not URI-encoded: keep it as it is.
  }
  return decoded.replace(/\.(md|markdown)$/i, '') || decoded;
}

/**
 * The title of a note with no H1 and no front matter title: its file name made readable, with
 * underscores and dashes as spaces (`docker_swarm-lab.md` → "docker swarm lab").
 */
export function readableName(file: string): string {
  const name = baseName(file);
  return name.replace(/[_-]+/g, ' ').replace(/\s+/g, ' ').trim() || name;
}

/** Splits text into lines on LF, CRLF and lone CR, as markdown-it does. */
export function splitLines(text: string): string[] {
  // Most notes use LF only; a plain split is several times faster than the regular expression.
  return text.includes('\r') ? text.split(/\r\n|\r|\n/) : text.split('\n');
}

function looksBinary(text: string): boolean {
  const head = text.slice(0, 8192);
  return head.includes('\u0000');
}

/** The model of a note that was not parsed, saying why. */
export function skippedNote(file: string, reason: string): NoteModel {
  return { file, title: readableName(file), minutes: 0, sections: [], preambleCommands: [], commands: [], definitions: [], codeBlocks: [], skipped: reason };
}

/**
 * Parses one note into its title, section tree (with time estimates) and commands.
 * Never throws on content: a note it cannot parse comes back with `skipped` set.
 */
export function parseNote(file: string, input: string, options: ParseOptions = {}): NoteModel {
  const programs = options.programs && options.programs.length > 0 ? options.programs : DEFAULT_PROGRAMS;
  const maxLength = options.maxLength ?? DEFAULT_MAX_LENGTH;
  const text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  if (text.length > maxLength) {
    return skippedNote(file, tooLargeReason(text.length, maxLength));
  }
  if (looksBinary(text)) {
    return skippedNote(file, 'not a text file');
  }
  return new NoteParser(file, text, programs).parse();
}

/** A note's lines as {@link splitLines} splits them: how many, and each one ('' past the end). */
export interface Lines {
  readonly count: number;
  at(index: number): string;
}

/** {@link Lines} over an array of lines. */
function arrayLines(lines: readonly string[]): Lines {
  return { count: lines.length, at: (index) => lines[index] ?? '' };
}

/**
 * A note's lines, read on demand from the line offsets markdown-it's block state computed while
 * parsing, so the text is not split a second time and no string is made for a line nobody reads.
 * markdown-it restores the offsets it moves inside block quotes and lists before the parse ends.
 */
export class NoteLines implements Lines {
  private constructor(
    private readonly src: string,
    private readonly bMarks: readonly number[],
    private readonly eMarks: readonly number[],
    private readonly lineMax: number,
    readonly count: number,
  ) {}

  /**
   * The lines of `text`, right after getMarkdownIt() parsed it (or a version of it): from the block
   * state when markdown-it parsed `text` as it is, else (front matter blanked, line ends or NULs
   * normalised) from a split of `text`.
   */
  static of(text: string): Lines {
    const state = lastBlockState;
    lastBlockState = undefined; // it holds the parse's tokens
    if (!state || state.src !== text) {
      return arrayLines(splitLines(text));
    }
    const source = text;
    const lineMax = state.lineMax;
    // After the last line markdown-it kept, a line end means one more line (empty, or only spaces).
    const lastEnd = lineMax > 0 ? state.eMarks[lineMax - 1] : -1;
    const count = lineMax === 0 ? 1 : lastEnd < source.length ? lineMax + 1 : lineMax;
    return new NoteLines(source, state.bMarks, state.eMarks, lineMax, count);
  }

  /** Line `index` (0-based) without its line end; '' past the end. */
  at(index: number): string {
    if (index < this.lineMax) {
      return this.src.slice(this.bMarks[index], this.eMarks[index]);
    }
    if (index === this.lineMax && index < this.count) {
      return this.src.slice(this.lineMax > 0 ? this.eMarks[this.lineMax - 1] + 1 : 0);
    }
    return '';
  }
}

class NoteParser {
  /** The note's lines, known once markdown-it has parsed it. */
  private lines: Lines = arrayLines([]);
  private readonly roots: SectionBuilder[] = [];
  private readonly stack: SectionBuilder[] = [];
  private readonly commands: NoteCommand[] = [];
  private readonly preambleCommands: NoteCommand[] = [];
  private preambleMinutes = 0;
  /** List items with estimates, counted once the headings are known (see countListEstimates). */
  private readonly listEstimates: { readonly minutes: number; readonly text: string; readonly section: SectionBuilder | undefined }[] = [];
  private firstH1: string | undefined;
  private blockIndex = 0;
  private readonly codeBlocks: LineRange[] = [];
  private readonly definitions: DefinitionFinder;
  private readonly md = getMarkdownIt();
  /** Copies the strings the model keeps out of the note's text (see detach.ts). */
  private readonly detach: (part: string) => string;
  /** The parse's environment (link references), which inline parses read. */
  private readonly env = {};

  constructor(
    private readonly file: string,
    private readonly text: string,
    private readonly programs: readonly string[],
  ) {
    this.detach = detacherFor(text);
    this.definitions = new DefinitionFinder((index) => this.line(index), file, (inline) => this.inlineChildren(inline), this.detach);
  }

  parse(): NoteModel {
    let source = this.text;
    let frontMatter: FrontMatter = { lineCount: 0, title: undefined };
    if (source.startsWith('---')) {
      const lines = splitLines(source);
      frontMatter = readFrontMatter(lines);
      if (frontMatter.lineCount > 0) {
        // Blank the front matter so markdown-it does not read it as a rule and a heading.
        source = '\n'.repeat(frontMatter.lineCount) + lines.slice(frontMatter.lineCount).join('\n');
      }
    }
    const tokens = this.md.parse(source, this.env);
    this.lines = NoteLines.of(this.text);
    this.walk(tokens);
    this.countListEstimates();
    const sections = this.roots.map((root) => this.finish(root, this.lines.count));
    const minutes = this.preambleMinutes + sections.reduce((sum, section) => sum + section.minutes, 0);
    return {
      file: this.file,
      title: this.detach(frontMatter.title ?? this.firstH1 ?? readableName(this.file)),
      minutes,
      sections,
      preambleCommands: this.preambleCommands.length > 0 ? this.preambleCommands : NONE,
      commands: this.commands,
      definitions: this.definitions.definitions,
      codeBlocks: this.codeBlocks,
    };
  }

  private walk(tokens: Token[]): void {
    // Estimates of list items: an item with one hides those of the items nested in it (a breakdown).
    const items: boolean[] = [];
    let itemNeedsText = false;
    let lastMap: [number, number] | null = null;
    for (let i = 0; i < tokens.length; i++) {
      const token = tokens[i];
      if (token.map && token.nesting >= 0) {
        lastMap = token.map;
      }
      switch (token.type) {
        case 'heading_open': {
          const inline = tokens[i + 1];
          const title = inline?.type === 'inline' ? this.headingText(inline) : '';
          const level = Number(token.tag.slice(1));
          if (title !== '') {
            // An empty heading (a bare `#` line) names nothing: what follows stays in the section before it.
            this.openSection(title, level, (token.map?.[0] ?? 0) + 1);
          }
          this.definitions.heading(level, title, token.map);
          break;
        }
        case 'list_item_open':
          items.push(false);
          itemNeedsText = true;
          break;
        case 'list_item_close':
          items.pop();
          itemNeedsText = false;
          break;
        case 'inline':
          if (itemNeedsText && items.length > 0) {
            itemNeedsText = false;
            this.listItemEstimate(token, items);
          }
          if (token.content.includes('`')) {
            this.inlineCommands(token, token.map ?? lastMap);
          }
          if (tokens[i - 1]?.type === 'paragraph_open') {
            this.definitions.paragraph(token, tokens[i - 2]?.type === 'list_item_open');
          }
          break;
        case 'fence':
        case 'code_block':
          if (token.map) {
            // Fence lines included; an unterminated fence runs to the end of its container.
            this.codeBlocks.push({ startLine: token.map[0] + 1, endLine: token.map[1] });
          }
          this.blockCommands(token);
          this.blockIndex++;
          break;
        default:
          break;
      }
    }
  }

  /**
   * An inline token's children, parsed on first use: the block parse leaves them empty (see
   * getMarkdownIt), and most paragraphs never need them.
   */
  private inlineChildren(inline: Token): Token[] {
    const children = (inline.children ??= []);
    if (children.length === 0 && inline.content !== '') {
      this.md.inline.parse(inline.content, this.md, this.env, children);
      joinText(children);
    }
    return children;
  }

  /** A heading's text without markup; most headings have none and need no inline parse. */
  private headingText(inline: Token): string {
    const content = inline.content;
    return INLINE_MARKUP.test(content) ? plainText(this.inlineChildren(inline)) : normaliseSpace(content);
  }

  /** Line `index` (0-based) of the note, '' past its end. */
  private line(index: number): string {
    return this.lines.at(index);
  }

  private listItemEstimate(inline: Token, items: boolean[]): void {
    if (items.some((estimated) => estimated)) {
      return;
    }
    const minutes = parseEstimate(inline.content);
    if (minutes === undefined) {
      return;
    }
    items[items.length - 1] = true;
    this.listEstimates.push({ minutes, text: inline.content, section: this.stack[this.stack.length - 1] });
  }

  /**
   * Adds the list items' estimates to their sections, except an agenda's: an item naming another
   * section that has an estimate of its own (`- Images (20min)` and later `## Images (20min)`)
   * announces that section, and counting both would count its time twice.
   */
  private countListEstimates(): void {
    if (this.listEstimates.length === 0) {
      return;
    }
    // An agenda item is a title and its estimate; a longer item is prose with an estimate in it.
    const keys = this.listEstimates.map((item) => (estimateAt(item.text) <= MAX_AGENDA_TITLE ? agendaKey(item.text) : undefined));
    const wanted = new Set(keys.filter((key) => key !== undefined && key !== ''));
    // How many sections with their own estimate each name has: each stands for one item, so two
    // lists with a `Break (15min)` and one `## Break (15min)` count one break twice, not none.
    const named = new Map<string, number>();
    const visit = (sections: readonly SectionBuilder[]): void => {
      for (const section of sections) {
        if (section.ownMinutes !== undefined) {
          const key = agendaKey(section.title);
          if (wanted.has(key)) {
            named.set(key, (named.get(key) ?? 0) + 1);
          }
        }
        visit(section.children);
      }
    };
    if (wanted.size > 0) {
      visit(this.roots);
    }
    for (const [i, item] of this.listEstimates.entries()) {
      const key = keys[i];
      const sections = key === undefined ? 0 : (named.get(key) ?? 0);
      if (key !== undefined && sections > 0) {
        named.set(key, sections - 1);
        continue;
      }
      if (item.section) {
        item.section.listMinutes += item.minutes;
      } else {
        this.preambleMinutes += item.minutes;
      }
    }
  }

  private openSection(title: string, level: number, line: number): void {
    if (level === 1 && this.firstH1 === undefined && title !== '') {
      this.firstH1 = title;
    }
    while (this.stack.length > 0 && this.stack[this.stack.length - 1].level >= level) {
      const closed = this.stack.pop();
      if (closed) {
        closed.endLine = line - 1;
      }
    }
    const section: SectionBuilder = {
      title: this.detach(title),
      level,
      line,
      endLine: this.lines.count,
      ownMinutes: parseEstimate(title),
      listMinutes: 0,
      children: [],
      commands: [],
    };
    const parent = this.stack[this.stack.length - 1];
    (parent ? parent.children : this.roots).push(section);
    this.stack.push(section);
  }

  private finish(builder: SectionBuilder, parentEnd: number): NoteSection {
    const endLine = Math.min(builder.endLine, parentEnd);
    const children = builder.children.map((child) => this.finish(child, endLine));
    const minutes = builder.ownMinutes ?? builder.listMinutes + children.reduce((sum, child) => sum + child.minutes, 0);
    return {
      title: builder.title,
      level: builder.level,
      line: builder.line,
      endLine,
      ownMinutes: builder.ownMinutes,
      minutes,
      children: children.length > 0 ? children : NONE,
      commands: builder.commands.length > 0 ? builder.commands : NONE,
    };
  }

  /**
   * `command.text` and `info` must not point into the note's text (see detach): the model keeps them.
   * Placeholders are found in the detached text, so their strings point only into it.
   */
  private addCommand(command: NoteCommand): void {
    this.commands.push(command);
    const section = this.stack[this.stack.length - 1];
    (section ? section.commands : this.preambleCommands).push(command);
  }

  private blockCommands(token: Token): void {
    if (!token.map) {
      return;
    }
    const language = token.type === 'fence' ? fenceLanguage(token.info) : '';
    if (NOT_SHELL.has(language)) {
      return;
    }
    const powershell = POWERSHELL.has(language);
    const content = token.content.split('\n');
    if (content[content.length - 1] === '') {
      content.pop();
    }
    const firstLine = token.type === 'fence' ? token.map[0] + 1 : token.map[0];
    const prompts = blockPrompts(content, this.programs);
    const usesPrompts = prompts.usesPrompts;
    if (!usesPrompts && PLAIN_TEXT.has(language)) {
      return;
    }
    let heredocBody: readonly string[] | undefined;
    let unterminated: Set<string> | undefined;
    let info: string | undefined;
    for (let i = 0; i < content.length; i++) {
      const trimmed = content[i].trimStart();
      if (trimmed === '') {
        continue;
      }
      const prompt = prompts.promptAt(trimmed);
      if (usesPrompts && prompt === 0) {
        continue; // output printed by the previous command
      }
      const body = trimmed.slice(prompt);
      if (body.startsWith('#') || body.trim() === '') {
        continue;
      }
      const joined = continuedCommand(content, i, body, usesPrompts, powershell, this.programs);
      let last = joined.last;
      let text = joined.text;
      const delimiter = heredocDelimiter(text);
      if (delimiter && !unterminated?.has(delimiter)) {
        // A heredoc pasted from a session has its body behind `> ` continuation prompts.
        heredocBody ??= usesPrompts ? content.map((line) => line.replace(CONTINUATION_PROMPT, '')) : content;
        const end = findHeredocEnd(heredocBody, last + 1, delimiter);
        if (end > last) {
          text = [text, ...heredocBody.slice(last + 1, end + 1)].join('\n');
          last = end;
        } else {
          // Not found from here, so not from any later line either: never search for it again.
          (unterminated ??= new Set()).add(delimiter);
        }
      }
      const match = matchCommand(text, this.programs, false);
      if (match) {
        const indent = content[i].length - trimmed.length + prompt;
        const start = this.columnOf(firstLine + i, content[i], indent, body);
        const endRaw = this.line(firstLine + last);
        const own = this.detach(text);
        info ??= token.type === 'fence' ? this.detach(token.info.trim()) : '';
        this.addCommand({
          text: own,
          program: match.program,
          line: firstLine + i + 1,
          column: start,
          endLine: firstLine + last + 1,
          endColumn: endRaw.trimEnd().length + 1,
          source: 'block',
          placeholders: findPlaceholders(own),
          info,
          block: this.blockIndex,
        });
      }
      i = last;
    }
  }

  /** 1-based column of `body` in the note's line, given the content line markdown-it kept. */
  private columnOf(lineIndex: number, contentLine: string, offsetInContent: number, body: string): number {
    const raw = this.line(lineIndex);
    if (raw.endsWith(contentLine)) {
      return raw.length - contentLine.length + offsetInContent + 1;
    }
    const found = raw.indexOf(body.trimEnd());
    return found >= 0 ? found + 1 : 1;
  }

  /**
   * Commands in the code spans of an inline token. The spans are found in the token's source text
   * (CommonMark's rules, see codeSpans.ts) rather than from markdown-it's inline children, so a
   * paragraph needs no inline parse for its commands, and each span's offset gives its position.
   */
  private inlineCommands(inline: Token, map: [number, number] | null): void {
    if (!map) {
      return;
    }
    const content = inline.content;
    let lineStarts: number[] | undefined;
    const bases: number[] = [];
    for (const span of findCodeSpans(content)) {
      const raw = span.content;
      const first = raw.charCodeAt(0);
      // An ASCII character other than a space cannot be trimmed: most spans start with one.
      const leading = first > 0x20 && first < 0x7f ? 0 : raw.length - raw.trimStart().length;
      let text = raw.trim();
      const prompt = promptLength(text);
      text = text.slice(prompt);
      const match = matchCommand(text, this.programs, true);
      if (!match) {
        continue;
      }
      lineStarts ??= lineStartsOf(content);
      const startOffset = span.start + leading + prompt;
      const endOffset = Math.max(span.end - (raw.length - raw.trimEnd().length), startOffset);
      const start = this.sourcePosition(content, lineStarts, bases, map[0], startOffset);
      const end = this.sourcePosition(content, lineStarts, bases, map[0], endOffset);
      const own = this.detach(text);
      this.addCommand({
        text: own,
        program: match.program,
        line: start.line,
        column: start.column,
        endLine: end.line,
        endColumn: end.column,
        source: 'inline',
        placeholders: findPlaceholders(own),
        info: '',
        block: -1,
      });
    }
  }

  /**
   * The 1-based line and column in the note of an offset in an inline token's content. Content line
   * i is source line `firstLine + i` without its container markers and indentation (a table cell is
   * part of its row's line), so each content line is found within its source line; `bases` caches
   * where, per line of the token.
   */
  private sourcePosition(content: string, lineStarts: readonly number[], bases: number[], firstLine: number, offset: number): { line: number; column: number } {
    let low = 0;
    let high = lineStarts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (lineStarts[mid] <= offset) {
        low = mid;
      } else {
        high = mid - 1;
      }
    }
    let base = bases[low];
    if (base === undefined) {
      // Where this content line starts in its source line; found once per line of the token.
      const lineEnd = low + 1 < lineStarts.length ? lineStarts[low + 1] - 1 : content.length;
      const contentLine = lineStarts.length === 1 ? content : content.slice(lineStarts[low], lineEnd);
      const source = this.line(firstLine + low);
      const found = source.indexOf(contentLine);
      base = found >= 0 ? found : Math.max(0, source.length - contentLine.length);
      bases[low] = base;
    }
    return { line: firstLine + low + 1, column: base + (offset - lineStarts[low]) + 1 };
  }
}

/**
 * What an agenda item and a heading are compared by: their words up to the estimate, lowercased,
 * without markup, link targets or a leading number (`1. [Images](#images) (20min)` and
 * `Images (20 min)` → `images`). A plain loop: notes have many headings and list items with estimates.
 */
function agendaKey(text: string): string {
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
const MAX_AGENDA_TITLE = 80;

/** Where an item's estimate starts (its `(` or `[`), or the text's length. */
function estimateAt(text: string): number {
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

/** Offsets at which each line of `text` starts. */
function lineStartsOf(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) {
    starts.push(i + 1);
  }
  return starts;
}

/**
 * The prompt a terminal prints before a continuation line, as pasted in a session with `$ ` prompts:
 * `> ` (bash PS2) or `>> ` (PowerShell). It is not part of the command.
 */
const CONTINUATION_PROMPT = /^>>?(?: |$)/;

/** How far a shell line continues: as {@link lineEnd} says, or in PowerShell by a backtick or a trailing `|`. */
function continuation(line: string, quote: OpenQuote, powershell: boolean): LineEnd {
  if (!powershell) {
    return lineEnd(line, quote);
  }
  // PowerShell continues lines with a backtick; `C:\Users\me\` ends with a path, not a continuation.
  if (/\s`$/.test(line)) {
    return { continues: 'backslash', quote: '' };
  }
  return { continues: line.endsWith('|') ? 'operator' : 'none', quote: '' };
}

/** A continued line without its continuation mark (`\` or PowerShell's backtick). */
function withoutContinuation(line: string): string {
  return line.replace(/\s*(\\|`)$/, '');
}

/** How many lines a quoted string may span before an open quote is taken for a stray apostrophe. */
const MAX_QUOTED_LINES = 100;

/** True when the quote open at the end of a line closes within the next lines of the block. */
function quoteCloses(content: readonly string[], from: number, quote: OpenQuote): boolean {
  let open = quote;
  for (let i = from; i < content.length && i < from + MAX_QUOTED_LINES; i++) {
    open = lineEnd(content[i].trimEnd(), open).quote;
    if (open === '') {
      return true;
    }
  }
  return false;
}

/**
 * The command that starts with `body` (line `first` of a block, without its prompt) and the last
 * line it takes, as a shell reads it: a line continues on the next after a `\` (joined with a
 * space, the `\` dropped), after a trailing `|`, `||` or `&&` (joined with a space), or inside a
 * quote that closes further down (joined with the line break, which is part of the quoted text).
 * A quote is followed only in a command of `programs`: an apostrophe in prose or output opens none.
 * Each line is checked on its own, so a command continued over thousands of lines stays linear.
 */
function continuedCommand(
  content: readonly string[],
  first: number,
  body: string,
  usesPrompts: boolean,
  powershell: boolean,
  programs: readonly string[],
): { text: string; last: number } {
  let line = body.trimEnd();
  let end = continuation(line, '', powershell);
  if (end.continues === 'none' || (end.continues === 'operator' && line.startsWith('|'))) {
    // Most commands are one line; a line starting with `|` is a table row, not a pipeline.
    return { text: line, last: first };
  }
  const parts: string[] = [];
  let last = first;
  while (end.continues !== 'none' && last + 1 < content.length) {
    if (end.continues === 'quote' && !(quoteCloses(content, last + 1, end.quote) && matchCommand(parts.join('') + line, programs, false))) {
      break;
    }
    // A session pasted with `$ ` prompts shows `> ` before each continuation line.
    const next = (usesPrompts ? content[last + 1].replace(CONTINUATION_PROMPT, '') : content[last + 1]).trimEnd();
    if (end.continues === 'operator' && next.trim() === '') {
      break; // nothing follows the `|` here: the command ends as written
    }
    last++;
    if (end.continues === 'quote') {
      parts.push(line, '\n');
      line = next;
    } else {
      const kept = end.continues === 'backslash' ? withoutContinuation(line) : line;
      if (kept !== '') {
        parts.push(kept, ' ');
      }
      line = next.trimStart();
    }
    end = continuation(line, end.quote, powershell);
  }
  if (end.continues === 'backslash') {
    // A continuation with nothing after it (the block ends): the shell would wait for more.
    line = withoutContinuation(line);
  }
  parts.push(line);
  return { text: parts.join('').trimEnd(), last };
}

function findHeredocEnd(content: readonly string[], from: number, delimiter: string): number {
  for (let i = from; i < content.length; i++) {
    if (content[i].trim() === delimiter) {
      return i;
    }
  }
  return -1;
}




/** The text of inline children without markup: emphasis, links and code reduced to their words. */
export function plainText(children: readonly Token[]): string {
  let text = '';
  for (const child of children) {
    switch (child.type) {
      case 'text':
      case 'code_inline':
        text += child.content;
        break;
      case 'softbreak':
      case 'hardbreak':
        text += ' ';
        break;
      case 'image':
        text += child.children ? child.children.map((c) => c.content).join('') : child.content;
        break;
      default:
        break;
    }
  }
  return text.replace(/\s+/g, ' ').trim();
}
