import type { NoteCommand, NoteModel, NoteSection } from '../core/model';
import { inertCli } from '../core/inertText';
import { formatMinutes } from '../core/timeEstimates';


function commandLine(command: NoteCommand, indent: string): string {
  const where = `${command.line}:${command.column}`;
  const kind = command.source === 'inline' ? 'inline' : 'block';
  return `${indent}$ ${inertCli(command.text)}  (${where}, ${kind})`;
}

function sectionLines(section: NoteSection, indent: string, out: string[]): void {
  const time = section.minutes > 0 ? ` [${formatMinutes(section.minutes)}]` : '';
  out.push(`${indent}${'#'.repeat(section.level)} ${inertCli(section.title)}${time}  (line ${section.line})`);
  for (const command of section.commands) {
    out.push(commandLine(command, `${indent}    `));
  }
  for (const child of section.children) {
    sectionLines(child, `${indent}  `, out);
  }
}

/** A note as a readable outline: title, sections with their times, commands with positions. */
export function formatNote(note: NoteModel): string {
  const out: string[] = [];
  const count = note.commands.length;
  const time = note.minutes > 0 ? `, ${formatMinutes(note.minutes)}` : '';
  out.push(`${inertCli(note.file)} — ${inertCli(note.title)} (${count} command${count === 1 ? '' : 's'}${time})`);
  if (note.skipped) {
    out.push(`  skipped: ${note.skipped}`);
  }
  for (const command of note.preambleCommands) {
    out.push(commandLine(command, '    '));
  }
  for (const section of note.sections) {
    sectionLines(section, '  ', out);
  }
  return out.join('\n');
}
