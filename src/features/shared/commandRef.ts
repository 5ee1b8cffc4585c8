import type * as vscode from 'vscode';
import type { NoteBlock, NoteCommand, NoteModel } from '../../core/model';
import { lineColumnOf } from './positions';
import { commandOfNode } from './treeNodes';
import { commandAt as commandAtLine, findBlock as findBlockAt, findCommand as findCommandAt, findStepBlock } from '../../core/noteQueries';

/**
 * An opaque reference to a command in a note: where it is, never what it says. The run path reads
 * the command again from the note's current text, so no command string from an argument ever runs.
 */
export interface CommandRef {
  readonly uri: string;
  readonly line: number;
  readonly column: number;
}

/** A reference to a fenced block: its first command's position. */
export type BlockRef = CommandRef;

export function refOf(uri: vscode.Uri, command: NoteCommand): CommandRef {
  return { uri: uri.toString(), line: command.line, column: command.column };
}

function isPositiveInteger(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value > 0;
}

/**
 * Accepts only `{uri, line, column}` with a URI string and positive integers (or a tree node that
 * carries a note and a command); anything else, a command string above all, is refused.
 */
export function parseRef(value: unknown): CommandRef | undefined {
  if (!value || typeof value !== 'object') {
    return undefined;
  }
  const node = commandOfNode(value);
  if (node) {
    const { line, column } = node;
    return isPositiveInteger(line) && isPositiveInteger(column) ? { uri: node.uri.toString(), line, column } : undefined;
  }
  const ref = value as { uri?: unknown; line?: unknown; column?: unknown };
  const keys = Object.keys(value);
  if (keys.some((key) => key !== 'uri' && key !== 'line' && key !== 'column')) {
    return undefined;
  }
  if (typeof ref.uri !== 'string' || !isPositiveInteger(ref.line) || !isPositiveInteger(ref.column)) {
    return undefined;
  }
  return { uri: ref.uri, line: ref.line, column: ref.column };
}

/** The command the reference points at in the current model, if it is still there. */
export function findCommand(model: NoteModel, ref: CommandRef): NoteCommand | undefined {
  return findCommandAt(model, ref.line, ref.column);
}

/** A reference to a block of steps: its first step's position. */
export function blockRefOf(uri: vscode.Uri, block: NoteBlock): BlockRef {
  return { uri: uri.toString(), line: block.steps[0].line, column: block.steps[0].column };
}

/** The block of steps whose first step the reference points at, if the note still has it. */
export function findSteps(model: NoteModel, ref: BlockRef): NoteBlock | undefined {
  return findStepBlock(model, ref.line, ref.column);
}

/** The commands of the fenced block whose first command the reference points at. */
export function findBlock(model: NoteModel, ref: BlockRef): NoteCommand[] {
  return findBlockAt(model, ref.line, ref.column);
}

/** The command under a cursor position (0-based VS Code position). */
export function commandAt(model: NoteModel, position: vscode.Position): NoteCommand | undefined {
  const { line, column } = lineColumnOf(position);
  return commandAtLine(model, line, column);
}
