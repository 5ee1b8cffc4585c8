import * as fs from 'node:fs';
import * as path from 'node:path';

/** Folders that hold dependencies or build output, never notes. */
export const SKIPPED_FOLDERS = new Set(['node_modules', '.git', 'dist', 'out', 'build', '.vscode-test', 'test-results']);

const NOTE_FILE = /\.(md|markdown)$/i;

/** A file or folder that could not be read, and why. */
export interface FileProblem {
  readonly file: string;
  readonly message: string;
}

export interface FoundNotes {
  readonly files: string[];
  readonly problems: FileProblem[];
}

function describe(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  switch (code) {
    case 'ENOENT':
      return 'no such file or folder';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'ELOOP':
      return 'too many levels of symbolic links';
    default:
      return error instanceof Error ? error.message : String(error);
  }
}

/**
 * Every note under the given files and folders, in natural order (`2-…` before `10-…`). A file
 * named explicitly is a note whatever its extension; folders are searched for `*.md`/`*.markdown`,
 * skipping dependency and build folders, hidden folders, and symbolic-link loops.
 */
export function findNotes(paths: readonly string[]): FoundNotes {
  const files: string[] = [];
  const problems: FileProblem[] = [];
  const seenFolders = new Set<string>();
  const seenFiles = new Set<string>();

  const addFile = (file: string): void => {
    let real: string;
    try {
      real = fs.realpathSync(file);
    } catch (error) {
      problems.push({ file, message: describe(error) });
      return;
    }
    if (!seenFiles.has(real)) {
      seenFiles.add(real);
      files.push(file);
    }
  };

  const walk = (folder: string): void => {
    let real: string;
    try {
      real = fs.realpathSync(folder);
    } catch (error) {
      problems.push({ file: folder, message: describe(error) });
      return;
    }
    if (seenFolders.has(real)) {
      return; // a symbolic link back into a folder already listed
    }
    seenFolders.add(real);
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(folder, { withFileTypes: true });
    } catch (error) {
      problems.push({ file: folder, message: describe(error) });
      return;
    }
    entries.sort((a, b) => a.name.localeCompare(b.name, 'en', { numeric: true }));
    for (const entry of entries) {
      const full = path.join(folder, entry.name);
      let isDirectory = entry.isDirectory();
      let isFile = entry.isFile();
      if (entry.isSymbolicLink()) {
        try {
          const stat = fs.statSync(full);
          isDirectory = stat.isDirectory();
          isFile = stat.isFile();
        } catch (error) {
          if (NOTE_FILE.test(entry.name)) {
            problems.push({ file: full, message: describe(error) });
          }
          continue;
        }
      }
      if (isDirectory) {
        if (!SKIPPED_FOLDERS.has(entry.name) && !entry.name.startsWith('.')) {
          walk(full);
        }
      } else if (isFile && NOTE_FILE.test(entry.name)) {
        addFile(full);
      }
    }
  };

  for (const given of paths) {
    let stat: fs.Stats;
    try {
      stat = fs.statSync(given);
    } catch (error) {
      problems.push({ file: given, message: describe(error) });
      continue;
    }
    if (stat.isDirectory()) {
      walk(given);
    } else {
      addFile(given);
    }
  }
  return { files, problems };
}

/** Reads a note as UTF-8 text (invalid bytes become U+FFFD), or says why it cannot. */
export function readNote(file: string, maxBytes: number): { text: string } | { tooLarge: number } | { problem: string } {
  try {
    const size = fs.statSync(file).size;
    if (size > maxBytes) {
      return { tooLarge: size };
    }
    return { text: fs.readFileSync(file, 'utf8') };
  } catch (error) {
    return { problem: describe(error) };
  }
}
