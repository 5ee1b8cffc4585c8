import { execFileSync } from 'node:child_process';
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

/** The uid and gid of `nobody`, for the tests that check what a user without rights sees. */
export const NOBODY = { uid: 65534, gid: 65534 };

/**
 * A copy of compiled modules that user `nobody` can load, wherever the clone lives: each entry
 * (a .js file under out/) is bundled with everything it requires into one file in a fresh
 * world-readable folder. A clone inside a 0700 folder (as `mktemp -d` makes) is unreadable to
 * other users, so they must never be handed paths into the checkout.
 */
export function readableBundles(entries: readonly string[]): { files: string[]; remove: () => void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'course-notes-nobody-'));
  fs.chmodSync(dir, 0o755);
  const files = entries.map((entry, i) => {
    const outfile = path.join(dir, `${i}-${path.basename(entry)}`);
    // esbuild's own command, not its JS API: buildSync keeps a service process alive, which the
    // leak checks of the reliability suite would count.
    execFileSync(path.join(ROOT, 'node_modules', '.bin', 'esbuild'), [
      entry, '--bundle', '--platform=node', '--target=node20', '--format=cjs', '--log-level=error', `--outfile=${outfile}`,
      // As in esbuild.js: dockerode's optional native pieces are loaded in try/catch.
      '--external:vscode', '--external:cpu-features', '--external:*.node',
    ], { stdio: ['ignore', 'ignore', 'inherit'] });
    fs.chmodSync(outfile, 0o644);
    return outfile;
  });
  return { files, remove: () => fs.rmSync(dir, { recursive: true, force: true }) };
}
