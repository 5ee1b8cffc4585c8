import { DEFAULT_MAX_LENGTH, DEFAULT_PROGRAMS } from '../core/model';
import type { NoteModel } from '../core/model';
import { parseNote, skippedNote } from '../core/noteParser';
import { toJson } from '../core/noteJson';
import type { FileProblem } from './findNotes';
import { findNotes, readNote } from './findNotes';
import { formatNote, inert } from './format';

const USAGE = `Usage: course-notes list [--json] [--programs docker,kubectl,...] [paths...]

Lists the notes under the given files and folders (default: the current folder):
their titles, sections with time estimates, and the docker / docker compose /
kubectl commands they contain.

Options:
  --json            print {"notes":[...]} as described in the README
  --programs LIST   programs whose command lines count (default: ${DEFAULT_PROGRAMS.join(',')})
  -h, --help        show this help
  -v, --version     show the version

Exit status: 0 when every note was read, 1 when some could not be (they are
reported on stderr and the rest is listed), 2 on a usage error.`;

export interface CliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly version: string;
}

interface ListOptions {
  json: boolean;
  programs: string[];
  paths: string[];
}

function parseArgs(args: readonly string[]): ListOptions | string {
  const options: ListOptions = { json: false, programs: [...DEFAULT_PROGRAMS], paths: [] };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--json') {
      options.json = true;
    } else if (arg === '--programs' || arg.startsWith('--programs=')) {
      const value = arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : args[++i];
      if (!value) {
        return '--programs needs a comma-separated list';
      }
      options.programs = value.split(',').map((p) => p.trim()).filter(Boolean);
    } else if (arg === '--') {
      options.paths.push(...args.slice(i + 1));
      break;
    } else if (arg.startsWith('-') && arg !== '-') {
      return `unknown option ${arg}`;
    } else {
      options.paths.push(arg);
    }
  }
  if (options.paths.length === 0) {
    options.paths.push('.');
  }
  return options;
}

function list(options: ListOptions, io: CliIo): number {
  const found = findNotes(options.paths);
  const problems: FileProblem[] = [...found.problems];
  const notes: NoteModel[] = [];
  for (const file of found.files) {
    const read = readNote(file, DEFAULT_MAX_LENGTH);
    if ('problem' in read) {
      problems.push({ file, message: read.problem });
      continue;
    }
    if ('tooLarge' in read) {
      notes.push(skippedNote(file, `too large (${Math.round(read.tooLarge / 1024)} KB; the limit is ${DEFAULT_MAX_LENGTH / 1024} KB)`));
      continue;
    }
    try {
      notes.push(parseNote(file, read.text, { programs: options.programs }));
    } catch (error) {
      problems.push({ file, message: `could not be parsed: ${error instanceof Error ? error.message : String(error)}` });
    }
  }
  for (const problem of problems) {
    io.stderr(`course-notes: ${inert(problem.file)}: ${problem.message}`);
  }
  for (const note of notes) {
    if (note.skipped) {
      io.stderr(`course-notes: ${inert(note.file)}: skipped, ${note.skipped}`);
    }
  }
  if (options.json) {
    io.stdout(JSON.stringify({ notes: notes.map(toJson), errors: problems }, null, 2));
  } else if (notes.length === 0) {
    io.stdout('No notes found.');
  } else {
    io.stdout(notes.map(formatNote).join('\n\n'));
  }
  return problems.length > 0 ? 1 : 0;
}

/** Runs the CLI with `args` (without node and the script); returns the exit status. */
export function main(args: readonly string[], io: CliIo): number {
  const [command, ...rest] = args;
  if (command === undefined || command === '-h' || command === '--help' || command === 'help') {
    io.stdout(USAGE);
    return command === undefined ? 2 : 0;
  }
  if (command === '-v' || command === '--version') {
    io.stdout(io.version);
    return 0;
  }
  if (command !== 'list') {
    io.stderr(`course-notes: unknown command '${inert(command)}'\n\n${USAGE}`);
    return 2;
  }
  const options = parseArgs(rest);
  if (typeof options === 'string') {
    io.stderr(`course-notes: ${options}\n\n${USAGE}`);
    return 2;
  }
  return list(options, io);
}
