import type MarkdownIt from 'markdown-it';

/**
 * markdown-it as the notes model drives it: the engine and its stock twin (the benchmarks'
 * baseline), a note's lines read from the engine's block state, and helpers over its tokens.
 */

export type Token = ReturnType<MarkdownIt['parse']>[number];
type StateBlock = InstanceType<MarkdownIt['block']['State']>;

/**
 * The env the parser passes to `parse`: markdown-it's block state puts itself here, so the parser
 * reads the note's lines from it (NoteLines.of). Drop it after reading: it holds the parse's tokens.
 */
export interface ParseEnv {
  blockState?: StateBlock;
}

let markdownIt: MarkdownIt | undefined;
let stockMarkdownIt: MarkdownIt | undefined;
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
        // Handed back through the parse's own env, never through module state (see ParseEnv).
        const env = args[2] as ParseEnv | undefined;
        if (env && typeof env === 'object') {
          env.blockState = this;
        }
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
export function joinText(children: Token[]): void {
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

/** Splits text into lines on LF, CRLF and lone CR, as markdown-it does. */
export function splitLines(text: string): string[] {
  // Most notes use LF only; a plain split is several times faster than the regular expression.
  return text.includes('\r') ? text.split(/\r\n|\r|\n/) : text.split('\n');
}

/** A note's lines as {@link splitLines} splits them: how many, and each one ('' past the end). */
export interface Lines {
  readonly count: number;
  at(index: number): string;
}

/** {@link Lines} over an array of lines. */
export function arrayLines(lines: readonly string[]): Lines {
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
   * The lines of `text` from the block state markdown-it left in the env of its parse (ParseEnv):
   * from there when markdown-it parsed `text` as it is, else (front matter blanked, line ends or NULs
   * normalised, or no state) from a split of `text`.
   */
  static of(text: string, state: StateBlock | undefined): Lines {
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
