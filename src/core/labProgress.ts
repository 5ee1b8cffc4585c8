import type { NoteBlock, NoteModel, NoteSection, NoteStep } from './model';
import { blockResultKey, checkResultKey, resultKeys } from './resultKeys';

/**
 * How far a student is through a lab, from the last result of each run (the run ledger) and the
 * note's own estimates. Pure: results come in through two lookups by result key (core/resultKeys).
 *
 * A step is a command line of a shell block (NoteBlock.steps); inline commands in prose are not
 * steps. A step is done when
 * - it is a command (step.command ≥ 0) whose own last result is `ok`, or
 * - its block's last result is `ok`, or that run reached past it: its entry in the block result's
 *   steps (numbered from 1) has exit code 0 (a failed block keeps its steps up to the failing one).
 *
 * A section counts the steps in it and in its sub-sections. It is complete when
 * - every check the author wrote directly in it passed (last result `ok` under checkResultKey), or
 * - it has something to run, every step directly in it is done, and every sub-section with
 *   something to run is complete (sub-sections with nothing to run do not hold their parent back);
 * - a section with nothing to run at all (reading, no steps or checks in it or below) is complete
 *   once the student did something after it (a step after its last line is done, or a check after
 *   it passed) or the whole note is complete.
 *
 * Time done never counts a minute twice: a complete section gives its `minutes` (its heading's
 * estimate, or the sum of its parts), an incomplete one the time done of its sub-sections, at most
 * its own `minutes` (a heading's estimate may be smaller than the sum of its parts). The note's time
 * done is the sum over its top-level sections, or all its minutes once it is complete (which also
 * counts estimates written before the first heading).
 */

/** The status of a last result under a key (`ok`, `failed`, `cancelled`, `error`, `sent`…), undefined when none. */
export type StatusOf = (key: string) => string | undefined;
/** The steps of a block's last result (see RunResult.steps), undefined when none. */
export type StepsOf = (key: string) => readonly { readonly step: number; readonly exitCode: number }[] | undefined;

export interface SectionProgress {
  readonly title: string;
  readonly line: number;
  /** The section's last line (1-based, inclusive). */
  readonly endLine: number;
  readonly level: number;
  /** Steps done and steps in the section and its sub-sections. */
  readonly done: number;
  readonly total: number;
  /** Checks directly in the section, and how many of them passed. */
  readonly checks: number;
  readonly checksPassed: number;
  /** The section or a sub-section has a step or a check. */
  readonly runnable: boolean;
  readonly complete: boolean;
  /** The section's estimate (NoteSection.minutes) and how much of it is done. */
  readonly minutes: number;
  readonly minutesDone: number;
}

export interface NoteProgress {
  /** Steps done and steps in the note (sections and before the first heading). */
  readonly done: number;
  readonly total: number;
  readonly minutes: number;
  readonly minutesDone: number;
  /** The note has something to run, and all of it is done (see the rules above). */
  readonly complete: boolean;
  /** Every section, depth first, parents before children (the order of allSections). */
  readonly sections: readonly SectionProgress[];
}

export interface CourseProgress {
  readonly done: number;
  readonly total: number;
  readonly minutes: number;
  readonly minutesDone: number;
  readonly notes: number;
  readonly notesComplete: number;
}

/** Where the next step not done is: the note's index in the list given, its file, the step's position. */
export interface NextStep {
  readonly index: number;
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly text: string;
}

interface StepState {
  readonly step: NoteStep;
  readonly done: boolean;
}

/** Every step of the note with whether it is done, in document order. */
function stepStates(model: NoteModel, statusOf: StatusOf, stepsOf: StepsOf): Map<NoteBlock, StepState[]> {
  const keys = resultKeys(model.commands);
  const states = new Map<NoteBlock, StepState[]>();
  for (const block of model.blocks) {
    if (block.check || block.steps.length === 0) {
      continue;
    }
    const blockKey = blockResultKey(model.blocks, block);
    const blockOk = statusOf(blockKey) === 'ok';
    const reached = new Set((stepsOf(blockKey) ?? []).filter((entry) => entry.exitCode === 0).map((entry) => entry.step));
    states.set(
      block,
      block.steps.map((step, i) => ({
        step,
        done: blockOk || reached.has(i + 1) || (step.command >= 0 && step.command < keys.length && statusOf(keys[step.command]) === 'ok'),
      })),
    );
  }
  return states;
}

/** The progress of one note: per section and in all. */
export function noteProgress(model: NoteModel, statusOf: StatusOf, stepsOf: StepsOf): NoteProgress {
  const states = stepStates(model, statusOf, stepsOf);
  const all = [...states.values()].flat();
  const checkPassed = (check: NoteModel['checks'][number]): boolean => statusOf(checkResultKey(model.checks, check)) === 'ok';
  // The last line where the student did something: a done step or a passed check.
  let lastActivity = 0;
  for (const { step, done } of all) {
    if (done) {
      lastActivity = Math.max(lastActivity, step.line);
    }
  }
  for (const check of model.checks) {
    if (checkPassed(check)) {
      lastActivity = Math.max(lastActivity, check.line);
    }
  }

  interface Walked {
    readonly progress: SectionProgress;
    readonly children: readonly Walked[];
    readonly section: NoteSection;
  }
  // First pass: counts and completeness of the sections with something to run.
  const walk = (section: NoteSection): Walked => {
    const children = section.children.map(walk);
    const own = section.blocks.flatMap((block) => states.get(block) ?? []);
    const done = own.filter((each) => each.done).length + children.reduce((sum, child) => sum + child.progress.done, 0);
    const total = own.length + children.reduce((sum, child) => sum + child.progress.total, 0);
    const checksPassed = section.checks.filter(checkPassed).length;
    const runnableChildren = children.filter((child) => child.progress.runnable);
    const runnable = own.length > 0 || section.checks.length > 0 || runnableChildren.length > 0;
    const byChecks = section.checks.length > 0 && checksPassed === section.checks.length;
    const bySteps = (own.length > 0 || runnableChildren.length > 0) && own.every((each) => each.done) && runnableChildren.every((child) => child.progress.complete);
    const progress: SectionProgress = {
      title: section.title,
      line: section.line,
      endLine: section.endLine,
      level: section.level,
      done,
      total,
      checks: section.checks.length,
      checksPassed,
      runnable,
      complete: byChecks || bySteps,
      minutes: section.minutes,
      minutesDone: 0,
    };
    return { progress, children, section };
  };
  const walked = model.sections.map(walk);

  const preamble = [...states.entries()].filter(([block]) => !model.sections.some((section) => section.line <= block.line && block.line <= section.endLine)).flatMap(([, each]) => each);
  const hasWork = all.length > 0 || model.checks.length > 0;
  const noteComplete = hasWork && preamble.every((each) => each.done) && walked.every((top) => !top.progress.runnable || top.progress.complete);

  // Second pass: sections with nothing to run, and time done (bottom-up, capped by each estimate).
  const flat: SectionProgress[] = [];
  const finish = (node: Walked): SectionProgress => {
    const index = flat.length;
    flat.push(node.progress); // placeholder: parents before children
    const children = node.children.map(finish);
    const complete = node.progress.runnable ? node.progress.complete : hasWork && (noteComplete || lastActivity > node.section.endLine);
    const minutesDone = complete ? node.progress.minutes : Math.min(node.progress.minutes, children.reduce((sum, child) => sum + child.minutesDone, 0));
    const progress = { ...node.progress, complete, minutesDone };
    flat[index] = progress;
    return progress;
  };
  const tops = walked.map(finish);
  const minutesDone = noteComplete ? model.minutes : Math.min(model.minutes, tops.reduce((sum, top) => sum + top.minutesDone, 0));
  return {
    done: all.filter((each) => each.done).length,
    total: all.length,
    minutes: model.minutes,
    minutesDone,
    complete: noteComplete,
    sections: flat,
  };
}

/** The course's progress: the sums over its notes. */
export function courseProgress(notes: readonly NoteProgress[]): CourseProgress {
  let done = 0;
  let total = 0;
  let minutes = 0;
  let minutesDone = 0;
  let notesComplete = 0;
  for (const note of notes) {
    done += note.done;
    total += note.total;
    minutes += note.minutes;
    minutesDone += note.minutesDone;
    notesComplete += note.complete ? 1 : 0;
  }
  return { done, total, minutes, minutesDone, notes: notes.length, notesComplete };
}

/**
 * The first step not done, over notes in course order: skipping steps inside a complete section (its
 * check passed, so the student got there another way).
 */
export function nextStep(notes: readonly { readonly model: NoteModel; readonly statusOf: StatusOf; readonly stepsOf: StepsOf }[]): NextStep | undefined {
  for (const [index, { model, statusOf, stepsOf }] of notes.entries()) {
    if (model.skipped) {
      continue;
    }
    const progress = noteProgress(model, statusOf, stepsOf);
    const completeRanges = progress.sections.filter((section) => section.complete && section.runnable);
    for (const { step, done } of [...stepStates(model, statusOf, stepsOf).values()].flat()) {
      if (!done && !completeRanges.some((range) => range.line <= step.line && step.line <= range.endLine)) {
        return { index, file: model.file, line: step.line, column: step.column, text: step.text };
      }
    }
  }
  return undefined;
}
