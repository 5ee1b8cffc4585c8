import { blockPrompts } from './blockPrompts';
import { findCodeSpans } from './codeSpans';
import { findPlaceholders, heredocDelimiter, matchCommand, promptLength } from './commandLine';
import { DefinitionFinder, INLINE_MARKUP, normaliseSpace } from './definitions';
import { detacherFor } from './detach';
import type { FrontMatter } from './frontMatter';
import { readFrontMatter } from './frontMatter';
import type { LineRange, NoteBlock, NoteCheck, NoteCommand, NoteModel, NoteSection, NoteStep, ParseOptions } from './model';
import { DEFAULT_MAX_LENGTH, DEFAULT_PROGRAMS, tooLargeReason } from './model';
import { agendaKey, estimateAt, MAX_AGENDA_TITLE } from './agenda';
import { fenceLanguage, isCheckFence, NOT_SHELL, PLAIN_TEXT, POWERSHELL, terminalFromInfo } from './fenceKinds';
import type { Lines, ParseEnv, Token } from './markdownEngine';
import { arrayLines, getMarkdownIt, joinText, NoteLines, plainText, splitLines } from './markdownEngine';
import { readableName } from './noteNames';
import { checksInComments } from './checkComments';
import { outputBlockText, readsAsCommand } from './outputBlocks';
import { CONTINUATION_PROMPT, continuedCommand, findHeredocEnd } from './shellContinuations';
import { parseEstimate } from './timeEstimates';


/** One frozen empty list shared by every model that has nothing in a list (most sections). */
const NONE: readonly never[] = Object.freeze([]);

/**
 * A list the model keeps, at its own length: a list grown by push has room for 16 more (V8), which
 * in a course's many short lists (a block's steps, a section's commands) was a quarter of the
 * model's heap (bench memory-big). Empty lists are the one shared NONE.
 */
function exact<T>(list: readonly T[]): readonly T[] {
  return list.length === 0 ? NONE : list.slice();
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
  blocks: NoteBlock[];
  checks: NoteCheck[];
}

/** A step while its block is read: its expected output may come from a block read later. */
type StepBuilder = { -readonly [K in keyof NoteStep]: NoteStep[K] };

/**
 * The last step of a block, waiting to learn whether the next block prints its output: set after a
 * block with steps, kept across at most one paragraph (the intro), dropped by anything else.
 */
interface PendingOutput {
  readonly step: StepBuilder;
  intro: string | undefined;
}

/** The longest paragraph read as the intro of an output block ("one short paragraph"). */
const MAX_INTRO = 400;


function looksBinary(text: string): boolean {
  const head = text.slice(0, 8192);
  return head.includes('\u0000');
}

/** The model of a note that was not parsed, saying why. */
export function skippedNote(file: string, reason: string): NoteModel {
  return { file, title: readableName(file), minutes: 0, sections: [], preambleCommands: [], commands: [], blocks: [], checks: [], definitions: [], codeBlocks: [], skipped: reason };
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
  private readonly blocks: NoteBlock[] = [];
  private readonly checks: NoteCheck[] = [];
  private pendingOutput: PendingOutput | undefined;
  private readonly codeBlocks: LineRange[] = [];
  private readonly definitions: DefinitionFinder;
  private readonly md = getMarkdownIt();
  /** Copies the strings the model keeps out of the note's text (see detach.ts). */
  private readonly detach: (part: string) => string;
  /** The parse's environment (link references), which inline parses read. */
  private readonly env: ParseEnv = {};

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
    this.lines = NoteLines.of(this.text, this.env.blockState);
    delete this.env.blockState; // it holds the parse's tokens
    this.walk(tokens);
    this.countListEstimates();
    const sections = this.roots.map((root) => this.finish(root, this.lines.count));
    const minutes = this.preambleMinutes + sections.reduce((sum, section) => sum + section.minutes, 0);
    return {
      file: this.file,
      title: this.detach(frontMatter.title ?? this.firstH1 ?? readableName(this.file)),
      minutes,
      sections,
      preambleCommands: exact(this.preambleCommands),
      commands: exact(this.commands),
      blocks: exact(this.blocks),
      checks: exact(this.checks),
      definitions: exact(this.definitions.definitions),
      codeBlocks: exact(this.codeBlocks),
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
      if (this.pendingOutput) {
        this.readIntro(token);
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
          if (!this.outputBlock(token)) {
            this.readBlock(token);
          }
          this.blockIndex++;
          break;
        case 'html_block':
          if (token.map && token.content.includes('<!--')) {
            for (const check of checksInComments(token.content, token.map[0] + 1, this.detach)) {
              this.addCheck(check);
            }
          }
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
      blocks: [],
      checks: [],
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
      children: children.length > 0 ? children : NONE, // made by map: at its length already
      commands: exact(builder.commands),
      blocks: exact(builder.blocks),
      checks: exact(builder.checks),
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

  private addBlock(block: NoteBlock): void {
    this.blocks.push(block);
    this.stack[this.stack.length - 1]?.blocks.push(block);
  }

  private addCheck(check: NoteCheck): void {
    this.checks.push(check);
    this.stack[this.stack.length - 1]?.checks.push(check);
  }

  /**
   * While a block's last step waits for its output: one paragraph may stand between (its text is the
   * intro); a second paragraph, or anything else but a code block, ends the wait.
   */
  private readIntro(token: Token): void {
    const pending = this.pendingOutput;
    if (!pending) {
      return;
    }
    switch (token.type) {
      case 'paragraph_open':
      case 'paragraph_close':
      case 'fence':
      case 'code_block':
        return;
      case 'inline':
        if (pending.intro === undefined && token.content.length <= MAX_INTRO) {
          pending.intro = token.content;
          return;
        }
        break;
      default:
        break;
    }
    this.pendingOutput = undefined;
  }

  /**
   * True when this code block is the output of the step before it (see outputBlocks.ts): it then
   * becomes that step's expected output, and has no steps of its own.
   */
  private outputBlock(token: Token): boolean {
    const pending = this.pendingOutput;
    this.pendingOutput = undefined;
    if (!pending || !token.map) {
      return false;
    }
    const info = token.type === 'fence' ? token.info.trim() : '';
    const found = outputBlockText(token.content, info, pending.intro, this.programs);
    if (!found) {
      return false;
    }
    const firstLine = token.type === 'fence' ? token.map[0] + 1 : token.map[0];
    pending.step.expected = { text: this.detach(found.text), line: firstLine + found.first + 1, endLine: firstLine + found.last + 1, source: 'output-block' };
    return true;
  }

  /** A check fence: one check, and a block of no steps (its lines are neither steps nor commands). */
  private checkBlock(token: Token, map: [number, number], info: string, language: string): void {
    const own = this.detach(info);
    this.addBlock(withTerminal({ index: this.blockIndex, line: map[0] + 1, endLine: map[1], info: own, language, usesPrompts: false, steps: NONE, check: true }));
    const text = token.content.trim();
    if (text !== '') {
      this.addCheck({ text: this.detach(text), line: map[0] + 1, endLine: map[1], source: 'fence' });
    }
  }

  /**
   * The steps of a shell block, its commands among them, and the output a prompted block prints
   * under each step: one walk over the block's lines.
   */
  private readBlock(token: Token): void {
    if (!token.map) {
      return;
    }
    const fence = token.type === 'fence';
    const language = fence ? fenceLanguage(token.info) : '';
    if (NOT_SHELL.has(language)) {
      return;
    }
    if (fence && isCheckFence(token.info)) {
      this.checkBlock(token, token.map, token.info.trim(), language);
      return;
    }
    const powershell = POWERSHELL.has(language);
    const content = token.content.split('\n');
    if (content[content.length - 1] === '') {
      content.pop();
    }
    const firstLine = fence ? token.map[0] + 1 : token.map[0];
    const prompts = blockPrompts(content, this.programs);
    const usesPrompts = prompts.usesPrompts;
    if (!usesPrompts && PLAIN_TEXT.has(language)) {
      return;
    }
    // A block that names no language may hold printed output: only lines that read as commands are steps.
    const bare = language === '' && !usesPrompts;
    const steps: StepBuilder[] = [];
    // The step whose printed output the next unprompted lines are, and where that output starts and ends.
    let outputOf: StepBuilder | undefined;
    let outputFirst = -1;
    let outputLast = -1;
    const endOutput = (): void => {
      if (outputOf && outputFirst >= 0) {
        const text = content.slice(outputFirst, outputLast + 1).join('\n');
        outputOf.expected = { text: this.detach(text), line: firstLine + outputFirst + 1, endLine: firstLine + outputLast + 1, source: 'prompted' };
      }
      outputOf = undefined;
      outputFirst = -1;
    };
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
        // Output printed by the previous command; a `> ` line straight after it continues the command.
        if (outputOf && (outputFirst >= 0 || !CONTINUATION_PROMPT.test(trimmed))) {
          if (outputFirst < 0) {
            outputFirst = i;
          }
          outputLast = i;
        }
        continue;
      }
      endOutput();
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
      if (match || !bare || readsAsCommand(body)) {
        const indent = content[i].length - trimmed.length + prompt;
        const start = this.columnOf(firstLine + i, content[i], indent, body);
        const endRaw = this.line(firstLine + last);
        const own = this.detach(text);
        info ??= fence ? this.detach(token.info.trim()) : '';
        const step: StepBuilder = { text: own, line: firstLine + i + 1, column: start, endLine: firstLine + last + 1, endColumn: endRaw.trimEnd().length + 1, command: -1 };
        if (match) {
          step.command = this.commands.length;
          this.addCommand({
            text: own,
            program: match.program,
            line: step.line,
            column: step.column,
            endLine: step.endLine,
            endColumn: step.endColumn,
            source: 'block',
            placeholders: findPlaceholders(own),
            info,
            block: this.blockIndex,
          });
        }
        steps.push(step);
        outputOf = step;
      }
      i = last;
    }
    endOutput();
    if (steps.length === 0 || info === undefined) {
      return;
    }
    this.addBlock(withTerminal({ index: this.blockIndex, line: token.map[0] + 1, endLine: token.map[1], info, language, usesPrompts, steps: exact(steps), check: false }));
    const lastStep = steps[steps.length - 1];
    if (!lastStep.expected) {
      this.pendingOutput = { step: lastStep, intro: undefined };
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

/** A block with the terminal its fence names, when it names one (the key is absent otherwise). */
function withTerminal(block: Omit<NoteBlock, 'terminal'>): NoteBlock {
  const terminal = terminalFromInfo(block.info);
  return terminal === undefined ? block : { ...block, terminal };
}

/** Offsets at which each line of `text` starts. */
function lineStartsOf(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) {
    starts.push(i + 1);
  }
  return starts;
}

