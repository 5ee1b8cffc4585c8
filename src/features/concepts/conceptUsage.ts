import * as vscode from 'vscode';
import type { LineRange } from '../../core/model';
import { splitLines } from '../../core/markdownEngine';
import type { WorkspaceNotes } from '../workspaceNotes';
import type { ConceptIndex } from './conceptIndex';

/** True when a 1-based line lies in one of the code blocks. */
export function inCode(codeBlocks: readonly LineRange[], line: number): boolean {
  return codeBlocks.some((block) => block.startLine <= line && line <= block.endLine);
}

/**
 * Where each concept is used across the notes (prose only), found by scanning the notes once per
 * term asked for and kept until a note changes.
 */
export class ConceptUsage implements vscode.Disposable {
  private readonly cache = new Map<string, Promise<vscode.Location[]>>();
  private readonly subscription: vscode.Disposable;

  constructor(
    private readonly notes: WorkspaceNotes,
    private readonly concepts: ConceptIndex,
  ) {
    this.subscription = concepts.onDidChange(() => this.cache.clear());
  }

  /** Every use of the term with this key, in workspace order. */
  uses(key: string): Promise<vscode.Location[]> {
    let found = this.cache.get(key);
    if (!found) {
      found = this.scan(key);
      this.cache.set(key, found);
    }
    return found;
  }

  private async scan(key: string): Promise<vscode.Location[]> {
    const index = await this.concepts.get();
    const locations: vscode.Location[] = [];
    for (const note of this.notes.all()) {
      if (note.model.skipped) {
        continue; // too large or not text: never read in full
      }
      const text = await this.textOf(note.uri);
      if (text === undefined) {
        continue;
      }
      const lines = splitLines(text);
      for (let i = 0; i < lines.length; i++) {
        if (inCode(note.model.codeBlocks, i + 1) || !mightHold(lines[i], key)) {
          continue;
        }
        for (const match of index.matchesIn(lines[i])) {
          if (match.key === key) {
            locations.push(new vscode.Location(note.uri, new vscode.Range(i, match.start, i, match.end)));
          }
        }
      }
    }
    return locations;
  }

  private async textOf(uri: vscode.Uri): Promise<string | undefined> {
    const open = vscode.workspace.textDocuments.find((document) => document.uri.toString() === uri.toString());
    if (open) {
      return open.getText();
    }
    try {
      return new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
    } catch {
      return undefined;
    }
  }

  dispose(): void {
    this.subscription.dispose();
    this.cache.clear();
  }
}

/** A cheap test before matching a line: the line holds the first letters of the key's first word. */
function mightHold(line: string, key: string): boolean {
  const stem = key.split(' ')[0].slice(0, 3);
  return line.toLowerCase().includes(stem);
}
