/**
 * The notes model: what Course Notes knows about one Markdown note.
 * Pure data, no VS Code types, so the same model serves the extension, the CLI and the tests.
 *
 * Positions are 1-based lines and columns; columns count UTF-16 code units (as VS Code does),
 * and `endColumn` is exclusive (the column just after the last character).
 */

/** Where a command was found: a fenced or indented code block, or an inline code span in prose. */
export type CommandSource = 'block' | 'inline';

/** A placeholder the user must fill before a command can run: `<container ID>`, `[options]`. */
export interface Placeholder {
  /** The placeholder as written, brackets included. */
  readonly text: string;
  /** The words inside the brackets, e.g. `container ID`. */
  readonly name: string;
  /** Offset of the placeholder in the command text (0-based). */
  readonly offset: number;
}

/** A command line for one of the configured programs, as it would run. */
export interface NoteCommand {
  /** The command as it would run: prompt stripped, `\` continuations joined, `sudo` kept. */
  readonly text: string;
  /** The program the command runs (`docker`, `docker-compose`, `kubectl`…). */
  readonly program: string;
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
  readonly source: CommandSource;
  readonly placeholders: readonly Placeholder[];
  /** The fence info string for block commands (`bash`, `.term1`, `console {terminal=node2}`), else ''. */
  readonly info: string;
  /** Index of the code block within the note (0-based) for block commands, else -1. */
  readonly block: number;
}

/** A heading and what lies under it until the next heading of the same or a higher level. */
export interface NoteSection {
  /** The heading text as plain text (markup removed). */
  readonly title: string;
  readonly level: number;
  readonly line: number;
  /** Last line of the section (1-based, inclusive). */
  readonly endLine: number;
  /** The estimate written in the heading itself, in minutes, or undefined. */
  readonly ownMinutes: number | undefined;
  /**
   * Minutes for the section: its heading's estimate when it has one (the parts below are a breakdown
   * of it), else the sum of the estimates in its list items and sub-sections. 0 when none is written.
   */
  readonly minutes: number;
  readonly children: readonly NoteSection[];
  /** Commands directly in this section (not in sub-sections). */
  readonly commands: readonly NoteCommand[];
  /** Blocks with steps, and check blocks, directly in this section (not in sub-sections), in document order. */
  readonly blocks: readonly NoteBlock[];
  /** The author's checks directly in this section (not in sub-sections), in document order. */
  readonly checks: readonly NoteCheck[];
}

/** Output a note prints for a step: the text the author saw when they ran it. */
export interface ExpectedOutput {
  /** The printed lines, joined with `\n`, leading and trailing blank lines removed. */
  readonly text: string;
  /** First and last line of the output in the note (1-based, inclusive). */
  readonly line: number;
  readonly endLine: number;
  /**
   * `prompted`: the lines under the step in a block that uses prompts, up to the next prompt line;
   * `output-block`: a block right after the step's block that the note introduces as output
   * ("You should see:", a ```` ```output ```` fence…). See {@link NoteStep.expected}.
   */
  readonly source: 'prompted' | 'output-block';
}

/** One command line of a shell block, whatever its program: a step of a lab. */
export interface NoteStep {
  /** As it would run: prompt stripped, `\` continuations joined, heredoc body included (as {@link NoteCommand.text}). */
  readonly text: string;
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
  /** Index into {@link NoteModel.commands} when the step is a command of the configured programs (it has its own Run lens), else -1. */
  readonly command: number;
  /**
   * The output the note prints for this step, if any: in a block that uses prompts, the lines after
   * the step up to the next prompt line; or, for the last step of a block, an output block that
   * follows it with at most one short paragraph between, which says it is output ("you should see",
   * "the output looks like", "Output:", "should print", "returns"…), or a fence named `output` /
   * `console-output`. A following ```` ```yaml ```` after "Create a file" is not output, nor is a
   * block that holds prompts or commands.
   */
  readonly expected?: ExpectedOutput;
}

/** A fenced or indented code block that holds shell steps, or an author's check. */
export interface NoteBlock {
  /** The block's index among the note's code blocks (0-based): the same numbering as {@link NoteCommand.block}. */
  readonly index: number;
  /** The block's lines, fences included (1-based, inclusive). */
  readonly line: number;
  readonly endLine: number;
  /** The fence's info string, trimmed (`bash`, `.term1`, `sh {check}`), '' for an indented block. */
  readonly info: string;
  /** Its language word (see fenceLanguage): `bash`, `term1`, ''. */
  readonly language: string;
  /** The terminal its fence names (`.term2` → `term2`, `{terminal=node2}` → `node2`), else undefined. */
  readonly terminal?: string;
  /** True when its commands stand behind prompts (its other lines are output). */
  readonly usesPrompts: boolean;
  /** Its command lines in order; empty for a check. */
  readonly steps: readonly NoteStep[];
  /** An author's check (```` ```bash {check} ````), not a step of the lab. */
  readonly check: boolean;
}

/**
 * A check the note's author writes, to tell whether a section's lab worked: exit status 0 passes.
 * Two forms, both read only outside code blocks:
 * - a shell fence marked `{check}` or `{.check}` in its info string (```` ```bash {check} ````,
 *   ```` ```sh {.check} ````): its whole text is the check; its lines are neither steps nor commands;
 * - an HTML comment `<!-- check: docker service ps web -q | wc -l | grep -qx 3 -->` on lines of its
 *   own, which may span lines (`<!-- check:` / the command / `-->`); it does not show in the preview.
 */
export interface NoteCheck {
  /** The check as it would run: the fence's text, or the comment's text after `check:`, trimmed. */
  readonly text: string;
  /** The lines of the fence (fences included) or of the comment (1-based, inclusive). */
  readonly line: number;
  readonly endLine: number;
  readonly source: 'fence' | 'comment';
}

/** How a note defines a term. */
export type DefinitionForm =
  | 'bold-term' // `**Images** - The file system…`, `* **Docker daemon** – The background service…`
  | 'term-colon' // a list item `Term: definition`
  | 'bold-sentence' // `**A pod** is the smallest…`
  | 'question-heading' // "What are Containers?" → the first paragraph under it
  | 'glossary-heading'; // a heading per term in a glossary note → the first paragraph under it

/** A term a note defines, with its definition as plain text. */
export interface NoteDefinition {
  /** The term as written, without markup (`Images`, `Docker daemon`). */
  readonly term: string;
  /** The definition: its first sentence (or two when the first is very short), markup removed. */
  readonly definition: string;
  /** 1-based line of the term. */
  readonly line: number;
  /** 1-based column of the term's first character. */
  readonly column: number;
  readonly form: DefinitionForm;
}

/** A range of lines that hold code (fenced or indented blocks, fences included), 1-based inclusive. */
export interface LineRange {
  readonly startLine: number;
  readonly endLine: number;
}

/** A parsed note. */
export interface NoteModel {
  /** The path or URI the note was parsed from, as given. */
  readonly file: string;
  /** Front matter `title:`, else the first H1, else the file name without extension. */
  readonly title: string;
  /** The note's total estimate in minutes (see {@link NoteSection.minutes}). */
  readonly minutes: number;
  /** Top-level sections; each holds its sub-sections. */
  readonly sections: readonly NoteSection[];
  /** Commands before the first heading. */
  readonly preambleCommands: readonly NoteCommand[];
  /** Every command of the note in document order. */
  readonly commands: readonly NoteCommand[];
  /** Every code block that has steps or is a check, in document order. */
  readonly blocks: readonly NoteBlock[];
  /** Every check of the note (fences and comments) in document order. */
  readonly checks: readonly NoteCheck[];
  /** The terms the note defines, in document order. */
  readonly definitions: readonly NoteDefinition[];
  /** Code blocks: no prose (and so no term) is read inside them. */
  readonly codeBlocks: readonly LineRange[];
  /** Set when the note was not parsed (too large, binary); says why. */
  readonly skipped?: string;
}

/** Options that change what counts as a command. */
export interface ParseOptions {
  /** Programs whose command lines are commands. Default: docker, docker-compose, kubectl. */
  readonly programs?: readonly string[];
  /** Notes larger than this many UTF-16 code units are skipped, not parsed. Default 5 MiB. */
  readonly maxLength?: number;
}

export const DEFAULT_PROGRAMS: readonly string[] = ['docker', 'docker-compose', 'kubectl'];
export const DEFAULT_MAX_LENGTH = 5 * 1024 * 1024;

/** Walks sections depth first, parents before children. */
export function* allSections(sections: readonly NoteSection[]): Generator<NoteSection> {
  for (const section of sections) {
    yield section;
    yield* allSections(section.children);
  }
}

/** The deepest section that holds `line` (1-based), or undefined before the first heading. */
export function sectionAt(model: NoteModel, line: number): NoteSection | undefined {
  let found: NoteSection | undefined;
  let level = model.sections;
  for (;;) {
    const section = level.find((each) => each.line <= line && line <= each.endLine);
    if (!section) {
      return found;
    }
    found = section;
    level = section.children;
  }
}

/** Why a note was skipped for its size, said the same way everywhere (`hint`: where the limit is set). */
export function tooLargeReason(bytes: number, limitBytes: number, hint?: string): string {
  return `too large (${Math.round(bytes / 1024)} KB; the limit is ${Math.round(limitBytes / 1024)} KB${hint ? `, ${hint}` : ''})`;
}
