import { classifyCommand } from './commandKinds';
import type { NoteBlock, NoteCommand, NoteModel, NoteStep } from './model';
import { allSections } from './model';

/** A command in `course-notes list --json`. */
export interface CommandJson {
  text: string;
  program: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  source: 'block' | 'inline';
  placeholders: string[];
  /** Needs a terminal to type in (`docker run -it`, `exec -it`, `attach`, `compose exec`). */
  interactive: boolean;
  /** Removes something (`docker rm`, `… prune`, `swarm leave`, `kubectl delete`…). */
  destructive: boolean;
  /** The index of its code block (`blocks[].index`), -1 for an inline command. */
  block: number;
}

/** The longest expected output `list --json` prints for a step (in UTF-16 code units); longer is cut and says so. */
export const MAX_EXPECTED_JSON = 2000;

/** A step of a block in `course-notes list --json`. */
export interface StepJson {
  text: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  /** Index into `commands` when the step is one of them, else -1. */
  command: number;
  /** The output the note prints for the step: at most {@link MAX_EXPECTED_JSON} characters, `truncated` when cut. */
  expected?: { text: string; line: number; endLine: number; source: 'prompted' | 'output-block'; truncated?: true };
}

/** A code block with steps, or a check block, in `course-notes list --json` (in document order). */
export interface BlockJson {
  index: number;
  line: number;
  endLine: number;
  info: string;
  language: string;
  /** The terminal its fence names (`.term2`, `{terminal=node2}`), or null. */
  terminal: string | null;
  usesPrompts: boolean;
  check: boolean;
  steps: StepJson[];
}

/** An author's check in `course-notes list --json` (in document order). */
export interface CheckJson {
  text: string;
  line: number;
  endLine: number;
  source: 'fence' | 'comment';
}

/** A section in `course-notes list --json` (flat, in document order). */
export interface SectionJson {
  title: string;
  level: number;
  line: number;
  minutes: number;
}

/** A term the note defines, in `course-notes list --json` (in document order). */
export interface DefinitionJson {
  term: string;
  /** Plain text: the first sentence (or two), at most 400 characters. */
  definition: string;
  line: number;
}

/** A note in `course-notes list --json`. */
export interface NoteJson {
  file: string;
  title: string;
  minutes: number;
  sections: SectionJson[];
  commands: CommandJson[];
  blocks: BlockJson[];
  checks: CheckJson[];
  definitions: DefinitionJson[];
  skipped?: string;
}

function commandJson(command: NoteCommand): CommandJson {
  const kind = classifyCommand(command.text);
  return {
    text: command.text,
    program: command.program,
    line: command.line,
    column: command.column,
    endLine: command.endLine,
    endColumn: command.endColumn,
    source: command.source,
    placeholders: command.placeholders.map((placeholder) => placeholder.text),
    interactive: kind.interactive !== undefined,
    destructive: kind.destructive,
    block: command.block,
  };
}

function stepJson(step: NoteStep): StepJson {
  const json: StepJson = { text: step.text, line: step.line, column: step.column, endLine: step.endLine, endColumn: step.endColumn, command: step.command };
  const expected = step.expected;
  if (expected) {
    const cut = expected.text.length > MAX_EXPECTED_JSON;
    json.expected = { text: cut ? expected.text.slice(0, MAX_EXPECTED_JSON) : expected.text, line: expected.line, endLine: expected.endLine, source: expected.source, ...(cut ? { truncated: true as const } : {}) };
  }
  return json;
}

function blockJson(block: NoteBlock): BlockJson {
  return {
    index: block.index,
    line: block.line,
    endLine: block.endLine,
    info: block.info,
    language: block.language,
    terminal: block.terminal ?? null,
    usesPrompts: block.usesPrompts,
    check: block.check,
    steps: block.steps.map(stepJson),
  };
}

/** The stable JSON shape of a note, as documented in the README. */
export function toJson(note: NoteModel): NoteJson {
  const json: NoteJson = {
    file: note.file,
    title: note.title,
    minutes: note.minutes,
    sections: [...allSections(note.sections)].map((section) => ({
      title: section.title,
      level: section.level,
      line: section.line,
      minutes: section.minutes,
    })),
    commands: note.commands.map(commandJson),
    blocks: note.blocks.map(blockJson),
    checks: note.checks.map((check) => ({ text: check.text, line: check.line, endLine: check.endLine, source: check.source })),
    definitions: note.definitions.map((definition) => ({
      term: definition.term,
      definition: definition.definition,
      line: definition.line,
    })),
  };
  if (note.skipped) {
    json.skipped = note.skipped;
  }
  return json;
}
