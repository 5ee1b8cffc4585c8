import type { NoteBlock, NoteCommand, NoteModel, NoteStep } from './model';

/**
 * Questions about a note's model by 1-based line and column, as the model counts them. The
 * features convert VS Code positions (0-based) once, in features/shared/commandRef.
 */

/** The command that starts at `line`:`column`, if the model still has one there. */
export function findCommand(model: NoteModel, line: number, column: number): NoteCommand | undefined {
  return model.commands.find((command) => command.line === line && command.column === column);
}

/** The commands of the fenced block whose first command starts at `line`:`column`. */
export function findBlock(model: NoteModel, line: number, column: number): NoteCommand[] {
  const first = findCommand(model, line, column);
  if (!first || first.source !== 'block') {
    return [];
  }
  return model.commands.filter((command) => command.source === 'block' && command.block === first.block);
}

/** The command under `line`:`column`: the one whose range holds it, else the first on that line. */
export function commandAt(model: NoteModel, line: number, column: number): NoteCommand | undefined {
  const onLine = model.commands.filter((command) => command.line <= line && line <= command.endLine);
  if (onLine.length <= 1) {
    return onLine[0];
  }
  return onLine.find((command) => (command.line < line || command.column <= column) && (command.endLine > line || column <= command.endColumn)) ?? onLine[0];
}

/** The block of steps (not a check) whose first step starts at `line`:`column`. */
export function findStepBlock(model: NoteModel, line: number, column: number): NoteBlock | undefined {
  return model.blocks.find((block) => !block.check && block.steps.length > 0 && block.steps[0].line === line && block.steps[0].column === column);
}

/** The step a command of the model is (a block command is one step of its block), if it is one. */
export function stepOfCommand(model: NoteModel, command: NoteCommand): NoteStep | undefined {
  const index = model.commands.findIndex((each) => each.line === command.line && each.column === command.column && each.text === command.text);
  if (index < 0 || command.source !== 'block') {
    return undefined;
  }
  return model.blocks.find((block) => block.index === command.block)?.steps.find((step) => step.command === index);
}

/** Where the result of a step that is not a command goes: a step mark and its position. */
export function stepResultKey(step: NoteStep | undefined): string {
  return step ? `\u0001step\u0001${step.line}:${step.column}` : '\u0001step';
}
