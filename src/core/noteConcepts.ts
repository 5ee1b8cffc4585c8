import type { NoteModel, NoteSection } from './model';
import { allSections } from './model';
import type { TermIndex } from './termIndex';

/** The section a line belongs to (deepest heading at or above it), for "Defined in Note › Section". */
export function sectionAt(model: NoteModel, line: number): NoteSection | undefined {
  let found: NoteSection | undefined;
  for (const section of allSections(model.sections)) {
    if (section.line <= line && line <= section.endLine && (!found || section.level > found.level)) {
      found = section;
    }
  }
  return found;
}

/** Adds a note's definitions to the index with where they are. */
export function addNoteDefinitions(index: TermIndex, file: string, model: NoteModel): void {
  for (const definition of model.definitions) {
    index.add(definition.term, {
      term: definition.term,
      definition: definition.definition,
      source: {
        kind: 'note',
        file,
        noteTitle: model.title,
        section: sectionAt(model, definition.line)?.title,
        line: definition.line,
        column: definition.column,
      },
    });
  }
}
