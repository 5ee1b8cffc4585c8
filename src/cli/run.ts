import * as fs from 'node:fs';
import * as path from 'node:path';
import type { LabPlan, NeededValue } from '../core/labPlan';
import { findFileBlocks } from '../core/fileBlocks';
import { planLab } from '../core/labPlan';
import { DEFAULT_MAX_LENGTH } from '../core/model';
import type { NoteModel } from '../core/model';
import { readFrontMatter } from '../core/frontMatter';
import { splitLines } from '../core/markdownEngine';
import type { NodeTarget } from '../core/nodeTargets';
import { nodeTarget } from '../core/nodeTargets';
import { parseNote } from '../core/noteParser';
import { inertCli, inertTerminal } from '../core/inertText';
import type { LabEvent, LabRecord, LabRunResult } from '../runner/labRun';
import { DEFAULT_MAX_OUTPUT, runLab } from '../runner/labRun';
import { sessionLauncher } from '../runner/shellSession';
import type { ToolVersions } from './labReport';
import { formatLabReport, toolVersions } from './labReport';
import { findNotes, readNote } from './findNotes';

/**
 * `course-notes run NOTE.md… [--section TITLE]… [--all] [--report FILE [--force]] [--node NAME=TARGET]…
 * [--set NAME=VALUE]… [--timeout SECONDS]`: runs each note's steps headless (see runner/labRun and
 * core/labPlan for the rules), printing each step and its result, and writes a Markdown lab report.
 */

export interface RunOptions {
  readonly notes: readonly string[];
  readonly sections: readonly string[];
  readonly report?: string;
  readonly force: boolean;
  /** `--node NAME=TARGET`, as the courseNotes.nodes setting binds them (they win over front matter). */
  readonly nodes: Readonly<Record<string, string>>;
  readonly values: Readonly<Record<string, string>>;
  /** Per step, in ms; 0: no limit. */
  readonly timeoutMs: number;
}

export const DEFAULT_TIMEOUT_SECONDS = 600;

/** Parses `run`'s arguments; a string is a usage error. */
export function parseRunArgs(args: readonly string[]): RunOptions | string {
  const notes: string[] = [];
  const sections: string[] = [];
  const nodes: Record<string, string> = {};
  const values: Record<string, string> = {};
  let report: string | undefined;
  let force = false;
  let all = false;
  let timeoutMs = DEFAULT_TIMEOUT_SECONDS * 1000;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    const option = /^(--[a-z]+)(?:=([\s\S]*))?$/.exec(arg);
    const name = option?.[1];
    const value = (): string | undefined => (option?.[2] !== undefined ? option[2] : args[++i]);
    if (arg === '--') {
      notes.push(...args.slice(i + 1));
      break;
    }
    switch (name) {
      case '--all':
        all = true;
        continue;
      case '--force':
        force = true;
        continue;
      case '--section': {
        const title = value();
        if (!title?.trim()) {
          return '--section needs a section title';
        }
        sections.push(title);
        continue;
      }
      case '--report': {
        const file = value();
        if (!file) {
          return '--report needs a file name';
        }
        report = file;
        continue;
      }
      case '--timeout': {
        const seconds = value();
        if (!seconds || !/^\d+(?:\.\d+)?$/.test(seconds)) {
          return '--timeout needs a number of seconds (0: no limit)';
        }
        timeoutMs = Math.round(Number(seconds) * 1000);
        continue;
      }
      case '--node':
      case '--set': {
        const pair = value();
        const at = pair?.indexOf('=') ?? -1;
        if (!pair || at <= 0) {
          return `${name} needs NAME=${name === '--node' ? 'TARGET' : 'VALUE'}`;
        }
        const key = pair.slice(0, at).trim();
        (name === '--node' ? nodes : values)[key] = pair.slice(at + 1);
        continue;
      }
      default:
        if (arg.startsWith('-') && arg !== '-') {
          return `unknown option ${arg}`;
        }
        notes.push(arg);
    }
  }
  if (notes.length === 0) {
    return 'run needs a note (course-notes run NOTE.md)';
  }
  if (all && sections.length > 0) {
    return '--all and --section do not go together';
  }
  return { notes, sections, ...(report !== undefined ? { report } : {}), force, nodes, values, timeoutMs };
}

/**
 * Where the report may be written: inside `cwd` (no `..` out of it, no absolute path elsewhere, no
 * folder that is a link out of it, not a link itself), in a folder that exists, and not over an
 * existing file unless `force`. Returns the absolute path, or why not.
 */
export function reportTarget(file: string, cwd: string, force: boolean, fsApi: Pick<typeof fs, 'realpathSync' | 'lstatSync'> = fs): { path: string } | { error: string } {
  const resolved = path.resolve(cwd, file);
  const inside = (root: string, candidate: string) => {
    const relative = path.relative(root, candidate);
    return relative !== '' && !relative.startsWith(`..${path.sep}`) && relative !== '..' && !path.isAbsolute(relative);
  };
  if (!inside(cwd, resolved)) {
    return { error: `the report ${file} would be outside the current folder (${cwd}); write it inside it` };
  }
  let folder: string;
  let root: string;
  try {
    folder = fsApi.realpathSync(path.dirname(resolved));
    root = fsApi.realpathSync(cwd);
  } catch {
    return { error: `the folder of the report ${file} does not exist` };
  }
  const real = path.join(folder, path.basename(resolved));
  if (!inside(root, real)) {
    return { error: `the report ${file} would be outside the current folder (a link leads out of it)` };
  }
  let stat: fs.Stats | undefined;
  try {
    stat = fsApi.lstatSync(real);
  } catch {
    stat = undefined;
  }
  if (stat?.isSymbolicLink()) {
    return { error: `the report ${file} is a symbolic link; give a plain file` };
  }
  if (stat && !stat.isFile()) {
    return { error: `the report ${file} exists and is not a file` };
  }
  if (stat && !force) {
    return { error: `the report ${file} exists; give --force to replace it` };
  }
  return { path: real };
}

/** `✓ 0.3s`, `✓ 0.3s · matches the note`, `✗ exit 1 · 0.2s`, `≠ differs from the note: …`, `⏱ …`. */
export function resultLines(record: LabRecord): string[] {
  const time = formatDuration(record.durationMs);
  if (record.kind === 'check') {
    if (record.passed) {
      return [`✓ check passed · ${time}`];
    }
    return [`✗ check failed${record.exitCode !== undefined && record.status === 'failed' ? ` (exit ${record.exitCode})` : ''}: ${inertCli(record.reason ?? '')} · ${time}`];
  }
  switch (record.status) {
    case 'timed-out':
      return [`⏱ ${inertCli(record.reason ?? 'timed out')} · ${time}`];
    case 'cancelled':
      return [`✗ interrupted · ${time}`];
    case 'error':
      return [`✗ ${inertCli(record.reason ?? 'error')} · ${time}`];
    default:
      break;
  }
  const lines = [record.status === 'ok' ? `✓ ${time}${record.verdict === 'matched' ? ' · matches the note' : ''}` : `✗ exit ${record.exitCode} · ${time}`];
  if (record.verdict === 'differs') {
    lines.push(`≠ differs from the note: ${inertCli(record.reason ?? '')}`, ...diffExcerpt(record));
  }
  return lines;
}

/** A few lines around the first difference: the note's with `-`, the run's with `+`. */
export function diffExcerpt(record: { readonly expected?: { readonly text: string; readonly line: number }; readonly output: string; readonly expectedLine?: number; readonly actualLine?: number }): string[] {
  if (!record.expected) {
    return [];
  }
  const around = (lines: string[], at: number | undefined) => {
    const center = Math.min(Math.max((at ?? 1) - 1, 0), Math.max(lines.length - 1, 0));
    return { from: Math.max(0, center - 1), lines: lines.slice(Math.max(0, center - 1), center + 2) };
  };
  const note = around(record.expected.text.split('\n'), record.expectedLine);
  const output = record.output.replace(/\n+$/, '');
  const run = output === '' ? { from: 0, lines: [] } : around(output.split('\n'), record.actualLine ?? output.split('\n').length);
  return [
    ...note.lines.map((line, i) => `    - ${String(record.expected!.line + note.from + i).padStart(4)} │ ${inertCli(line)}`),
    ...(run.lines.length > 0 ? run.lines.map((line) => `    + run  │ ${inertCli(line)}`) : ['    + run  │ (no output)']),
  ];
}

function formatDuration(ms: number): string {
  return ms >= 60_000 ? `${Math.floor(ms / 60_000)}m${Math.round((ms % 60_000) / 1000)}s` : `${(ms / 1000).toFixed(1)}s`;
}

/** The step's line as `▶ file:line  $ command` (a multi-line command: its first line and how many follow). */
export function stepLine(file: string, line: number, text: string, check = false): string {
  const [first, ...rest] = text.split('\n');
  return `▶ ${inertCli(file)}:${line}  ${check ? 'check ' : ''}$ ${inertCli(first)}${rest.length > 0 ? `  (+${rest.length} line${rest.length === 1 ? '' : 's'})` : ''}`;
}

/** The message for values a note needs and `--set` did not give. */
export function neededMessage(file: string, needs: readonly NeededValue[]): string[] {
  return needs.map((need) =>
    need.kind === 'placeholder'
      ? `${inertCli(file)}:${need.line}: \`${inertCli(need.text.split('\n')[0])}\` needs a value for <${inertCli(need.name)}>: give it with --set '${inertCli(need.name)}=VALUE'`
      : `${inertCli(file)}:${need.line}: \`${inertCli(need.text)}\` is incomplete (the note leaves its arguments to you): give them with --set '${inertCli(need.name)}=ARGUMENTS'`,
  );
}

export interface RunIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly cwd?: string;
  readonly env?: NodeJS.ProcessEnv;
  /** Aborts the run (the CLI: SIGINT, SIGTERM). */
  readonly signal?: AbortSignal;
  readonly now?: () => Date;
}

interface PreparedNote {
  readonly file: string;
  readonly model: NoteModel;
  readonly plan: LabPlan;
  readonly targets: Map<string, NodeTarget>;
}

/** `course-notes run`: 0 when every selected step passed, 1 when one failed, 2 on a usage error or a value not given. */
export async function runCommand(options: RunOptions, io: RunIo): Promise<number> {
  const cwd = io.cwd ?? process.cwd();
  const env = io.env ?? process.env;
  if (!sessionLauncher()) {
    io.stderr('course-notes: run needs bash and util-linux script (Linux); they were not found');
    return 2;
  }
  let reportPath: string | undefined;
  if (options.report !== undefined) {
    const target = reportTarget(options.report, cwd, options.force);
    if ('error' in target) {
      io.stderr(`course-notes: ${inertCli(target.error)}`);
      return 2;
    }
    reportPath = target.path;
  }
  const found = findNotes(options.notes.map((note) => path.resolve(cwd, note)));
  const usage: string[] = found.problems.map((problem) => `${inertCli(path.relative(cwd, problem.file) || problem.file)}: ${problem.message}`);
  const prepared: PreparedNote[] = [];
  const usedTerminals = new Set<string>();
  for (const absolute of found.files) {
    const file = path.relative(cwd, absolute) || absolute;
    const read = readNote(absolute, DEFAULT_MAX_LENGTH);
    if ('problem' in read || 'tooLarge' in read) {
      usage.push(`${inertCli(file)}: ${'problem' in read ? read.problem : `too large (${Math.round(read.tooLarge / 1024)} KB)`}`);
      continue;
    }
    const model = parseNote(absolute, read.text);
    // File blocks are saved as a reader would with Save as, when the run reaches them.
    const outcome = planLab(model, { sections: options.sections, values: options.values, files: findFileBlocks(read.text) });
    if ('needs' in outcome) {
      usage.push(...neededMessage(file, outcome.needs));
      continue;
    }
    if ('unknownSections' in outcome) {
      usage.push(`${inertCli(file)}: no section ${outcome.unknownSections.map((title) => `"${inertCli(title)}"`).join(', ')}; its sections are: ${outcome.titles.map((title) => `"${inertCli(title)}"`).join(', ') || 'none'}`);
      continue;
    }
    const frontMatter = readFrontMatter(splitLines(read.text)).nodes;
    const targets = new Map<string, NodeTarget>();
    for (const terminal of outcome.plan.terminals) {
      usedTerminals.add(terminal);
      const target = nodeTarget(terminal, { setting: options.nodes, frontMatter });
      if (target && 'error' in target) {
        usage.push(`${inertCli(file)}: ${inertCli(target.error.replace('the courseNotes.nodes setting', '--node'))}`);
      } else if (target) {
        targets.set(terminal, target);
      }
    }
    prepared.push({ file, model, plan: outcome.plan, targets });
  }
  if (usage.length > 0) {
    for (const line of usage) {
      io.stderr(`course-notes: ${line}`);
    }
    io.stderr('course-notes: nothing was run');
    return 2;
  }
  for (const name of Object.keys(options.nodes)) {
    if (!usedTerminals.has(name)) {
      io.stderr(`course-notes: --node ${inertCli(name)}: no block of these notes runs in a terminal named "${inertCli(name)}" (terminals: ${[...usedTerminals].map(inertCli).join(', ') || 'none'})`);
    }
  }

  const results: { note: PreparedNote; result: LabRunResult; versions?: Promise<ToolVersions[]> }[] = [];
  for (const note of prepared) {
    if (io.signal?.aborted) {
      break;
    }
    const { plan, file } = note;
    io.stdout(`course-notes run: ${inertCli(file)} — ${plan.stepCount} step${plan.stepCount === 1 ? '' : 's'}${plan.checkCount ? `, ${plan.checkCount} check${plan.checkCount === 1 ? '' : 's'}` : ''}${plan.terminals.length ? `, terminal${plan.terminals.length === 1 ? '' : 's'} ${plan.terminals.join(', ')}` : ''}`);
    // The tools' versions are read while the lab runs, in each terminal's environment.
    const versions = reportPath ? toolVersions(plan.terminals, note.targets, env) : undefined;
    const result = await runLab(note.model, plan, {
      targets: note.targets,
      values: options.values,
      timeoutMs: options.timeoutMs,
      env,
      signal: io.signal,
      onEvent: (event) => printEvent(event, file, io),
    });
    results.push({ note, result, versions });
    io.stdout(summaryLine(file, result));
  }
  if (reportPath) {
    const notes = await Promise.all(results.map(async ({ note, result, versions }) => ({ title: note.model.title, file: note.file, result, versions: (await versions) ?? [] })));
    const text = formatLabReport(notes, { date: (io.now ?? (() => new Date()))(), maxOutput: DEFAULT_MAX_OUTPUT, interrupted: io.signal?.aborted ?? false });
    try {
      fs.writeFileSync(reportPath, text, { flag: options.force ? 'w' : 'wx' });
      io.stderr(`course-notes: wrote the lab report ${inertCli(path.relative(cwd, reportPath))}`);
    } catch (error) {
      io.stderr(`course-notes: could not write the report: ${inertCli((error as Error).message)}`);
      return 1;
    }
  }
  if (io.signal?.aborted) {
    return 130;
  }
  return results.every(({ result }) => result.passed) && results.length === prepared.length ? 0 : 1;
}

function printEvent(event: LabEvent, file: string, io: RunIo): void {
  switch (event.kind) {
    case 'session':
      if (event.target) {
        io.stdout(`  terminal ${inertCli(event.terminal)}: ${inertCli(event.target)}`);
      }
      return;
    case 'step-start':
    case 'check-start':
      io.stdout(stepLine(file, event.line, event.text, event.kind === 'check-start'));
      return;
    case 'end': {
      const output = event.record.output.replace(/\n+$/, '');
      if (output) {
        io.stdout(inertTerminal(output).replace(/^/gm, '    '));
      }
      io.stdout(resultLines(event.record).join('\n'));
      return;
    }
  }
}

/** The line after a note: passed with its counts, or the step it stopped at. */
export function summaryLine(file: string, result: LabRunResult): string {
  const t = result.totals;
  const time = formatDuration(t.durationMs);
  const counts = `${t.stepsPassed}/${t.steps} steps passed${t.matched ? `, ${t.matched} matching the note` : ''}${t.checks ? `, ${t.checksPassed}/${t.checks} checks passed` : ''}`;
  if (result.passed) {
    return `✓ ${inertCli(file)}: ${counts} (${time})`;
  }
  const failure = result.failure;
  if (!failure) {
    return `✗ ${inertCli(file)}: ${inertCli(result.error ?? 'stopped')} — ${counts} (${time})`;
  }
  const what =
    failure.kind === 'check'
      ? 'the check failed'
      : failure.status === 'timed-out'
        ? 'did not end within --timeout'
        : failure.status === 'cancelled'
          ? 'was interrupted'
          : failure.verdict === 'differs'
            ? 'differs from the note'
            : failure.status === 'failed'
              ? `failed (exit ${failure.exitCode})`
              : inertCli(failure.reason ?? 'failed');
  return `✗ ${inertCli(file)}:${failure.line}: \`${inertCli(failure.text.split('\n')[0])}\` ${what} — ${counts} (${time})`;
}
