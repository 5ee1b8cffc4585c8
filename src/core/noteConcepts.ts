import type { NoteModel, NoteSection } from './model';
import { allSections } from './model';
import type { TermIndex } from './termIndex';

/** Adds a note's definitions to the index with where they are. */
export function addNoteDefinitions(index: TermIndex, file: string, model: NoteModel): void {
  if (model.definitions.length === 0) {
    return;
  }
  // Sections and definitions are both in document order: one pass finds each definition's section.
  const sections = [...allSections(model.sections)];
  let next = 0;
  const open: NoteSection[] = [];
  const sectionOf = (line: number): NoteSection | undefined => {
    while (next < sections.length && sections[next].line <= line) {
      open.push(sections[next++]);
    }
    while (open.length > 0 && open[open.length - 1].endLine < line) {
      open.pop();
    }
    return open[open.length - 1];
  };
  for (const definition of model.definitions) {
    index.add(definition.term, {
      term: definition.term,
      definition: definition.definition,
      source: {
        kind: 'note',
        file,
        noteTitle: model.title,
        section: sectionOf(definition.line)?.title,
        line: definition.line,
        column: definition.column,
      },
    });
  }
}
