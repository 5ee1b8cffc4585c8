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
