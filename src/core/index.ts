export * from './model';
export { parseNote, skippedNote, baseName, fenceLanguage, splitLines } from './noteParser';
export { parseEstimate, stripEstimate, formatMinutes } from './timeEstimates';
export { findPlaceholders, matchCommand, promptLength } from './commandLine';
export { findCodeSpans } from './codeSpans';
export { NoteCache } from './noteCache';
export { toJson } from './noteJson';
export type { NoteJson, CommandJson, SectionJson, DefinitionJson } from './noteJson';
export { isGlossaryFile, isLabel, summarise, MAX_TERM_LENGTH, MAX_DEFINITION_LENGTH } from './definitions';
