import { classifyCommand, isIncomplete } from './commandKinds';
import type { ExpectedOutput, NoteBlock, NoteCheck, NoteModel, NoteSection } from './model';
import { allSections, sectionAt } from './model';
import { fillPlaceholders } from './placeholderValues';
import { stripEstimate } from './timeEstimates';

/**
 * What a headless run of a note (`course-notes run`) will do, decided before anything runs: the
 * note's steps in document order, grouped in the runs a session makes of them, with their
 * placeholders filled, and the author's checks where they fall. Pure: the same plan is tested
 * without a shell.
 *
 * Rules:
 * - **Which steps.** Every step of every block that is not a check, in document order; with
 *   `sections`, only those under a selected heading (its sub-sections included). A section is named
 *   by its title without its estimate ("Build it (10min)" → `Build it`), compared case-insensitively
 *   with runs of spaces as one.
 * - **Terminals.** A block runs in the terminal its fence names (`.term1` → `term1`,
 *   `{terminal=node2}` → `node2`), else in `default`.
 * - **Runs.** A block's steps go to its session as one block run (as the editor's Run block does),
 *   cut after each step the note prints output for, so a step that differs from the note is found
 *   before the next one runs.
 * - **Checks** of a section run after the last step under its heading (or where they stand when
 *   that comes later), in the terminal a check fence names, else in the terminal of the section's
 *   last step, else `default`.
 * - **Values.** Nothing is ever asked. A `<placeholder>` in a command is filled from `values` by its
 *   name as written inside the brackets (`<container ID>` ← `container ID=…`; case-insensitive,
 *   runs of spaces as one, the brackets may be given too), quoted so the shell reads it literally;
 *   an `[optional]` placeholder without a value is left out. A command the note names without its
 *   arguments (`docker run`) takes the rest of its line from the value named by the command itself
 *   (`docker run=--rm hello-world` runs `docker run --rm hello-world`). A step still needing a value
 *   makes the plan say so, and nothing runs.
 */

/** One step as it will run. */
export interface PlannedStep {
  /** The block's index among the note's code blocks. */
  readonly block: number;
  /** 1-based number of the step in its block. */
  readonly step: number;
  readonly line: number;
  /** The text that runs: placeholders filled, an incomplete command completed. */
  readonly text: string;
  readonly expected?: ExpectedOutput;
}

/** Steps that go to one session as one block run. */
export interface PlannedRun {
  readonly kind: 'steps';
  readonly terminal: string;
  readonly section?: string;
  readonly steps: readonly PlannedStep[];
}

export interface PlannedCheck {
  readonly kind: 'check';
  readonly terminal: string;
  readonly section?: string;
  readonly check: NoteCheck;
}

/** A block the note asks the reader to save (core/fileBlocks): written into the session's folder when reached. */
export interface PlannedFile {
  readonly kind: 'file';
  readonly terminal: string;
  readonly section?: string;
  readonly block: number;
  readonly line: number;
  readonly name: string;
  readonly content: string;
}

export type PlannedItem = PlannedRun | PlannedCheck | PlannedFile;

/** A value a step needs and `values` does not give. */
export interface NeededValue {
  /** The name to give it by: `container ID`, or the incomplete command `docker run`. */
  readonly name: string;
  readonly kind: 'placeholder' | 'incomplete';
  readonly line: number;
  /** The step as the note has it. */
  readonly text: string;
}

export interface LabPlan {
  readonly items: readonly PlannedItem[];
  /** Terminal names in the order they are first used. */
  readonly terminals: readonly string[];
  readonly stepCount: number;
  readonly checkCount: number;
}

export type LabPlanOutcome =
  | { readonly plan: LabPlan }
  | { readonly needs: readonly NeededValue[] }
  | { readonly unknownSections: readonly string[]; readonly titles: readonly string[] };

export const DEFAULT_TERMINAL = 'default';

/** The key a name is compared by (see the module comment). */
export function valueKey(name: string): string {
  let key = name.trim();
  if (/^<[^<>]*>$|^\[[^[\]]*\]$/.test(key)) {
    key = key.slice(1, -1);
  }
  return key.trim().replace(/\s+/g, ' ').toLowerCase();
}

function sectionKey(title: string): string {
  return stripEstimate(title).trim().replace(/\s+/g, ' ').toLowerCase();
}

/** Plans a headless run of `model` (see the module comment). */
export function planLab(
  model: NoteModel,
  options: {
    readonly sections?: readonly string[];
    readonly values?: Readonly<Record<string, string>>;
    /** The note's file blocks (core/fileBlocks findFileBlocks): each is saved when the run reaches it. */
    readonly files?: readonly { readonly name: string; readonly line: number; readonly block: number; readonly content: string }[];
  } = {},
): LabPlanOutcome {
  const values = new Map<string, string>();
  for (const [name, value] of Object.entries(options.values ?? {})) {
    values.set(valueKey(name), value);
  }
  // Line ranges of the selected sections (all of the note by default).
  let ranges: { line: number; endLine: number }[] | undefined;
  if (options.sections && options.sections.length > 0) {
    const sections = [...allSections(model.sections)];
    const unknown: string[] = [];
    ranges = [];
    for (const wanted of options.sections) {
      const found = sections.filter((section) => sectionKey(section.title) === sectionKey(wanted));
      if (found.length === 0) {
        unknown.push(wanted);
      }
      ranges.push(...found.map((section) => ({ line: section.line, endLine: section.endLine })));
    }
    if (unknown.length > 0) {
      return { unknownSections: unknown, titles: sections.map((section) => stripEstimate(section.title)) };
    }
  }
  const selected = (line: number) => ranges === undefined || ranges.some((range) => range.line <= line && line <= range.endLine);

  const needs: NeededValue[] = [];
  const keyed: { key: number; order: number; item: PlannedItem }[] = [];
  const lastStepLine = new Map<NoteSection | undefined, { line: number; terminal: string }>();
  let order = 0;
  let stepCount = 0;
  const blocks = model.blocks.filter((block) => !block.check && block.steps.length > 0 && selected(block.line));
  for (const block of blocks) {
    const terminal = block.terminal ?? DEFAULT_TERMINAL;
    const section = sectionAt(model, block.line);
    // A block counts as the last step of each section it lies in (a parent's check follows its children's steps).
    for (const each of enclosing(model, section)) {
      lastStepLine.set(each, { line: block.endLine, terminal });
    }
    let current: PlannedStep[] = [];
    const flush = () => {
      if (current.length > 0) {
        keyed.push({ key: current[0].line, order: order++, item: { kind: 'steps', terminal, section: section && stripEstimate(section.title), steps: current } });
        current = [];
      }
    };
    block.steps.forEach((step, i) => {
      const text = filledStep(model, block, i, values, needs);
      current.push({ block: block.index, step: i + 1, line: step.line, text, ...(step.expected ? { expected: step.expected } : {}) });
      stepCount++;
      if (step.expected) {
        flush();
      }
    });
    flush();
  }
  if (needs.length > 0) {
    return { needs };
  }
  for (const file of options.files ?? []) {
    if (!selected(file.line)) {
      continue;
    }
    // Saved in the session of the block before it (the folder its `cd` went to).
    const before = blocks.filter((block) => block.line < file.line).pop();
    const section = sectionAt(model, file.line);
    keyed.push({ key: file.line, order: order++, item: { kind: 'file', terminal: before?.terminal ?? DEFAULT_TERMINAL, section: section && stripEstimate(section.title), block: file.block, line: file.line, name: file.name, content: file.content } });
  }
  const checks = model.checks.filter((check) => selected(check.line));
  for (const check of checks) {
    const section = sectionAt(model, check.line);
    const last = lastStepLine.get(section);
    const fence = model.blocks.find((block) => block.check && block.line === check.line);
    const terminal = fence?.terminal ?? last?.terminal ?? DEFAULT_TERMINAL;
    keyed.push({ key: Math.max(check.line, last ? last.line + 0.5 : 0), order: order++, item: { kind: 'check', terminal, section: section && stripEstimate(section.title), check } });
  }
  keyed.sort((a, b) => a.key - b.key || a.order - b.order);
  const items = keyed.map((entry) => entry.item);
  const terminals = [...new Set(items.map((item) => item.terminal))];
  return { plan: { items, terminals, stepCount, checkCount: checks.length } };
}

/** The section and the sections above it (undefined, the part before the first heading, stands alone). */
function enclosing(model: NoteModel, section: NoteSection | undefined): (NoteSection | undefined)[] {
  if (!section) {
    return [undefined];
  }
  const chain: NoteSection[] = [];
  let level = model.sections;
  for (;;) {
    const found: NoteSection | undefined = level.find((each) => each.line <= section.line && section.endLine <= each.endLine);
    if (!found) {
      break;
    }
    chain.push(found);
    if (found === section) {
      break;
    }
    level = found.children;
  }
  return chain;
}

/** The step's text with its values, or the note's text with what it needs pushed to `needs`. */
function filledStep(model: NoteModel, block: NoteBlock, index: number, values: ReadonlyMap<string, string>, needs: NeededValue[]): string {
  const step = block.steps[index];
  const command = step.command >= 0 ? model.commands[step.command] : undefined;
  let text = step.text;
  if (command && command.placeholders.length > 0) {
    const filled = new Map<string, string>();
    let missing = false;
    for (const placeholder of command.placeholders) {
      const value = values.get(valueKey(placeholder.name));
      if (value !== undefined) {
        filled.set(placeholder.text, value);
      } else if (!placeholder.text.startsWith('[')) {
        missing = true;
        if (!needs.some((need) => need.line === step.line && need.name === placeholder.name)) {
          needs.push({ name: placeholder.name, kind: 'placeholder', line: step.line, text: step.text });
        }
      }
    }
    if (missing) {
      return text;
    }
    text = fillPlaceholders(command.text, command.placeholders, filled);
  }
  if (isIncomplete(classifyCommand(text))) {
    const rest = values.get(valueKey(text));
    if (rest === undefined || rest.trim() === '') {
      needs.push({ name: text.trim(), kind: 'incomplete', line: step.line, text: step.text });
      return text;
    }
    text = `${text.trim()} ${rest.trim()}`;
  }
  return text;
}
