import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { repoRoot } from '../../bench/repoRoot';
import type { NoteCommand, NoteModel, NoteSection } from '../../src/core/model';
import { allSections } from '../../src/core/model';

/** The repository root. Tests run compiled from out/test/unit, so it is looked up (see repoRoot). */
export const ROOT = repoRoot();

/** A path under test/fixtures. */
export function fixturePath(...parts: string[]): string {
  return path.join(ROOT, 'test', 'fixtures', ...parts);
}

/** A fixture note's text, exactly as stored (BOM and CRLF included). */
export function readFixture(name: string): string {
  return fs.readFileSync(fixturePath('notes', name), 'utf8');
}

/** A command's range as `line:column-endLine:endColumn`, so expected positions read like an editor's. */
export function range(command: Pick<NoteCommand, 'line' | 'column' | 'endLine' | 'endColumn'>): string {
  return `${command.line}:${command.column}-${command.endLine}:${command.endColumn}`;
}

/** The fields of a command the tables below compare. */
export interface CommandRow {
  readonly text: string;
  readonly at: string;
  readonly source?: 'block' | 'inline';
}

/** A note's commands as table rows (text, range, source). */
export function commandRows(note: NoteModel): CommandRow[] {
  return note.commands.map((command) => ({ text: command.text, at: range(command), source: command.source }));
}

/** Sections depth first as `title|level|line|endLine|minutes`. */
export function sectionRows(note: NoteModel): string[] {
  return [...allSections(note.sections)].map((s: NoteSection) => `${s.title}|${s.level}|${s.line}|${s.endLine}|${s.minutes}`);
}

/**
 * The text a command's range covers in the note, with line ends as `\n`: what an editor would
 * highlight for it.
 */
export function coveredText(note: string, command: NoteCommand): string {
  const lines = note.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);
  if (command.line === command.endLine) {
    return lines[command.line - 1].slice(command.column - 1, command.endColumn - 1);
  }
  const parts = [lines[command.line - 1].slice(command.column - 1)];
  for (let line = command.line + 1; line < command.endLine; line++) {
    parts.push(lines[line - 1]);
  }
  parts.push(lines[command.endLine - 1].slice(0, command.endColumn - 1));
  return parts.join('\n');
}

/** A fresh temporary folder, removed by the returned function. */
export function tempDir(prefix: string): { dir: string; remove: () => void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `course-notes-${prefix}-`));
  return {
    dir,
    remove: () => {
      // Give back any permission a test took away, so the folder can be removed.
      const restore = (folder: string): void => {
        fs.chmodSync(folder, 0o755);
        for (const entry of fs.readdirSync(folder, { withFileTypes: true })) {
          if (entry.isDirectory()) {
            restore(path.join(folder, entry.name));
          }
        }
      };
      try {
        restore(dir);
      } catch {
        // Best effort; rmSync reports what is left.
      }
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Writes files under `dir`; keys are relative paths. */
export function writeTree(dir: string, files: Record<string, string>): void {
  for (const [name, text] of Object.entries(files)) {
    const file = path.join(dir, name);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
  }
}
