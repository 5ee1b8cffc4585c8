import { classifyCommand } from './commandKinds';
import type { NoteCommand, NoteModel } from './model';
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
