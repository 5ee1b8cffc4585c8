export * from './model';
export { parseNote, skippedNote, baseName, fenceLanguage, splitLines } from './noteParser';
export { parseEstimate, stripEstimate, formatMinutes } from './timeEstimates';
export { findPlaceholders, matchCommand, promptLength } from './commandLine';
export { findCodeSpans } from './codeSpans';
export { NoteCache } from './noteCache';
export { toJson } from './noteJson';
export type { NoteJson, CommandJson, SectionJson } from './noteJson';
