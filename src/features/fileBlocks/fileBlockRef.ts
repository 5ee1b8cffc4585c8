import { createHash } from 'node:crypto';
import type * as vscode from 'vscode';
import type { FileBlock } from '../../core/fileBlocks';

/**
 * A reference to a file block of a note: which note, which code block, and a hash of the name and
 * text the lens showed. Never the name or the text itself: the save path reads both again from the
 * note, and the hash only says whether they are still what the user saw.
 */
export interface FileBlockRef {
  readonly uri: string;
  readonly block: number;
  readonly hash: string;
}

/** The hash of a block's name and text (the lens and the save path compute it the same way). */
export function hashOf(block: Pick<FileBlock, 'name' | 'content'>): string {
  return createHash('sha256').update(block.name).update('\0').update(block.content).digest('hex').slice(0, 32);
}

export function refOfBlock(uri: vscode.Uri, block: FileBlock): FileBlockRef {
  return { uri: uri.toString(), block: block.block, hash: hashOf(block) };
}

/** Accepts only `{uri, block, hash}` with a URI string, a block index and a hex hash. */
export function parseFileBlockRef(value: unknown): FileBlockRef | undefined {
  if (!value || typeof value !== 'object') {
    return undefined;
  }
  const keys = Object.keys(value);
  if (keys.length !== 3 || keys.some((key) => key !== 'uri' && key !== 'block' && key !== 'hash')) {
    return undefined;
  }
  const ref = value as { uri?: unknown; block?: unknown; hash?: unknown };
  if (typeof ref.uri !== 'string' || typeof ref.block !== 'number' || !Number.isInteger(ref.block) || ref.block < 0) {
    return undefined;
  }
  if (typeof ref.hash !== 'string' || !/^[0-9a-f]{32}$/.test(ref.hash)) {
    return undefined;
  }
  return { uri: ref.uri, block: ref.block, hash: ref.hash };
}

/**
 * The block a reference points at in the note's current file blocks: the same index with the same
 * hash, else the one block anywhere with that hash (lines were added above it). Undefined when the
 * block changed, or when several blocks have that name and text and the index moved.
 */
export function locateFileBlock(blocks: readonly FileBlock[], ref: FileBlockRef): FileBlock | undefined {
  const atIndex = blocks.find((block) => block.block === ref.block);
  if (atIndex && hashOf(atIndex) === ref.hash) {
    return atIndex;
  }
  const same = blocks.filter((block) => hashOf(block) === ref.hash);
  return same.length === 1 ? same[0] : undefined;
}
