import { DEFAULT_MAX_LENGTH, DEFAULT_PROGRAMS, tooLargeReason } from '../core/model';
import type { CliReference } from '../core/cliReference';
import type { NoteModel } from '../core/model';
import { parseNote, skippedNote } from '../core/noteParser';
import { toJson } from '../core/noteJson';
import type { FileProblem } from './findNotes';
import { checkNotes, checkStatus, formatFinding, summary } from './check';
import type { CheckedNote } from './check';
import { findNotes, readNote } from './findNotes';
import { inertCli } from '../core/inertText';
import { formatNote } from './format';
import { addNoteDefinitions } from '../core/noteConcepts';
import type { GlossaryEntry } from '../core/termIndex';
import { placeOf, TermIndex } from '../core/termIndex';
import type { RunIo } from './run';
import { DEFAULT_TIMEOUT_SECONDS, parseRunArgs, runCommand } from './run';

const USAGE = `Usage: course-notes list [--json] [--programs docker,kubectl,...] [paths...]
       course-notes define TERM [paths...]
       course-notes check [--json] [--max-warnings N] [paths...]
       course-notes run NOTE.md... [--section TITLE]... [--all] [--report FILE [--force]]
                        [--node NAME=TARGET]... [--set NAME=VALUE]... [--timeout SECONDS]

list     Lists the notes under the given files and folders (default: the current
         folder): their titles, sections with time estimates, the docker /
         docker compose / kubectl commands, and the terms they define.
define   Prints the definition of TERM that a hover shows, and where it comes
         from: a note under the given paths, else the built-in glossary.
check    Checks the notes as the editor's diagnostics do (commands against the
         docker / kubectl / compose reference, prose commands, estimates,
         headings) and across notes (relative links and images, a term
         defined twice with different meanings). Prints one finding a line:
         file:line:column: severity code: message
run      Runs each note's steps in order, headless, in one bash session per
         terminal name (a fence's .term1 / {terminal=node2}, else "default"),
         started in the note's folder; prints each step and its result, and
         compares it with the output the note prints under it. Stops a note at
         its first failure: a step that fails, times out or differs from the
         note, or a check that fails. Asks nothing.

Options:
  --json            print {"notes":[...]} as described in the README
  --programs LIST   programs whose command lines count (default: ${DEFAULT_PROGRAMS.join(',')})
  --max-warnings N  check: exit 1 when there are more than N warnings
  --section TITLE   run: only the steps under this heading (and its sub-headings),
                    named without its estimate, case-insensitive; repeatable
  --all             run: every section (the default)
  --report FILE     run: write a Markdown lab report (inside the current folder;
                    an existing file only with --force)
  --node NAME=TARGET  run: terminal NAME's Docker target: a DOCKER_HOST
                    (tcp://, ssh://, unix://) or a Docker context; over the
                    note's front matter nodes:
  --set NAME=VALUE  run: the value of the placeholder <NAME>, or the arguments
                    of an incomplete command (--set 'docker run=hello-world')
  --timeout SECONDS run: how long one step may take (default ${DEFAULT_TIMEOUT_SECONDS}; 0: no limit)
  -h, --help        show this help
  -v, --version     show the version

Exit status: 0 when every note was read, 1 when some could not be (they are
reported on stderr and the rest is listed), 2 on a usage error. check also
exits 1 on an error-level finding (or more warnings than --max-warnings).
run exits 0 when every selected step passed, 1 when one failed, timed out or
differs from the note (it is named: file:line and command) or a check failed,
2 on a usage error or a step needing a value --set did not give (then nothing
runs), 130 when interrupted.`;

export interface CliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly version: string;
  /** The built-in glossary's entries (media/glossary.json beside the CLI). */
  readonly glossary?: () => readonly GlossaryEntry[];
  /** The CLI reference (media/cli-reference.json beside the CLI), for `check`. */
  readonly cliReference?: () => CliReference;
  /** For `run`: its folder, environment and interruption (default: this process's). */
  readonly run?: Omit<RunIo, 'stdout' | 'stderr'>;
}

interface ListOptions {
  json: boolean;
  programs: string[];
  paths: string[];
  maxWarnings: number | undefined;
}

function parseArgs(args: readonly string[]): ListOptions | string {
  const options: ListOptions = { json: false, programs: [...DEFAULT_PROGRAMS], paths: [], maxWarnings: undefined };
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
    } else if (arg === '--max-warnings' || arg.startsWith('--max-warnings=')) {
      const value = arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : args[++i];
      if (!value || !/^\d+$/.test(value)) {
        return '--max-warnings needs a number';
      }
      options.maxWarnings = Number(value);
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

/** Reads and parses every note under the paths; problems are collected, never thrown. */
function loadNotes(options: ListOptions, texts?: Map<string, string>): { notes: NoteModel[]; problems: FileProblem[] } {
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
      notes.push(skippedNote(file, tooLargeReason(read.tooLarge, DEFAULT_MAX_LENGTH)));
      continue;
    }
    try {
      notes.push(parseNote(file, read.text, { programs: options.programs }));
      texts?.set(file, read.text);
    } catch (error) {
      problems.push({ file, message: `could not be parsed: ${error instanceof Error ? error.message : String(error)}` });
    }
  }
  return { notes, problems };
}

function reportProblems(notes: readonly NoteModel[], problems: readonly FileProblem[], io: CliIo): void {
  for (const problem of problems) {
    io.stderr(`course-notes: ${inertCli(problem.file)}: ${problem.message}`);
  }
  for (const note of notes) {
    if (note.skipped) {
      io.stderr(`course-notes: ${inertCli(note.file)}: skipped, ${note.skipped}`);
    }
  }
}

function list(options: ListOptions, io: CliIo): number {
  const { notes, problems } = loadNotes(options);
  reportProblems(notes, problems, io);
  if (options.json) {
    io.stdout(JSON.stringify({ notes: notes.map(toJson), errors: problems }, null, 2));
  } else if (notes.length === 0) {
    io.stdout('No notes found.');
  } else {
    io.stdout(notes.map(formatNote).join('\n\n'));
  }
  return problems.length > 0 ? 1 : 0;
}

function define(term: string, options: ListOptions, io: CliIo): number {
  const { notes, problems } = loadNotes(options);
  reportProblems(notes, problems, io);
  const index = new TermIndex();
  for (const note of notes) {
    addNoteDefinitions(index, note.file, note);
  }
  index.addGlossary(io.glossary?.() ?? []);
  const [first, ...others] = index.lookup(term);
  if (!first) {
    io.stderr(`course-notes: no definition of '${inertCli(term)}' in the notes or the built-in glossary`);
    return 1;
  }
  const source = first.source;
  const where =
    source.kind === 'note'
      ? `Defined in ${placeOf(source)}, line ${source.line} (${source.file}:${source.line}:${source.column})`
      : `Built-in glossary${source.docs ? ` · ${source.docs}` : ''}`;
  const more = others.filter((d) => d.source.kind === 'note').length;
  io.stdout([`${inertCli(first.term)}: ${inertCli(first.definition)}`, inertCli(where), ...(more > 0 ? [`Also defined in ${more} other place${more === 1 ? '' : 's'}.`] : [])].join('\n'));
  return problems.length > 0 ? 1 : 0;
}

function check(options: ListOptions, io: CliIo): number {
  const texts = new Map<string, string>();
  const { notes, problems } = loadNotes(options, texts);
  reportProblems(notes, problems, io);
  const checked: CheckedNote[] = notes.map((model) => ({ model, text: texts.get(model.file) ?? '' }));
  const findings = checkNotes(checked, io.cliReference?.() ?? {});
  if (options.json) {
    io.stdout(JSON.stringify({ findings, errors: problems }, null, 2));
  } else {
    for (const finding of findings) {
      io.stdout(formatFinding(finding));
    }
    io.stderr(summary(findings, notes.length));
  }
  return Math.max(checkStatus(findings, options.maxWarnings), problems.length > 0 ? 1 : 0);
}

/** Runs the CLI with `args` (without node and the script); returns the exit status (`run`: a promise of it). */
export function main(args: readonly string[], io: CliIo): number | Promise<number> {
  const [command, ...rest] = args;
  if (command === undefined || command === '-h' || command === '--help' || command === 'help') {
    io.stdout(USAGE);
    return command === undefined ? 2 : 0;
  }
  if (command === '-v' || command === '--version') {
    io.stdout(io.version);
    return 0;
  }
  if (command === 'run') {
    const options = parseRunArgs(rest);
    if (typeof options === 'string') {
      io.stderr(`course-notes: ${options}\n\n${USAGE}`);
      return 2;
    }
    return runCommand(options, { stdout: io.stdout, stderr: io.stderr, ...io.run });
  }
  if (command !== 'list' && command !== 'define' && command !== 'check') {
    io.stderr(`course-notes: unknown command '${inertCli(command)}'\n\n${USAGE}`);
    return 2;
  }
  const term = command === 'define' ? rest[0] : undefined;
  const paths = command === 'define' ? rest.slice(1) : rest;
  if (command === 'define' && (!term || term.startsWith('-'))) {
    io.stderr(`course-notes: define needs a term\n\n${USAGE}`);
    return 2;
  }
  const options = parseArgs(paths);
  if (typeof options === 'string') {
    io.stderr(`course-notes: ${options}\n\n${USAGE}`);
    return 2;
  }
  if (command === 'check') {
    return check(options, io);
  }
  return command === 'define' && term ? define(term, options, io) : list(options, io);
}
