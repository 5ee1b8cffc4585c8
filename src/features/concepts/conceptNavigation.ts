import * as vscode from 'vscode';
import type { WorkspaceNotes } from '../workspaceNotes';
import { builtinEntryUri } from './builtinEntryDocument';
import type { ConceptIndex } from './conceptIndex';
import type { ConceptUsage } from './conceptUsage';
import { inCode } from './conceptUsage';

/** The key of the concept under a position in a note's prose, if any. */
async function keyAt(notes: WorkspaceNotes, concepts: ConceptIndex, document: vscode.TextDocument, position: vscode.Position): Promise<string | undefined> {
  if (inCode(notes.forDocument(document).codeBlocks, position.line + 1)) {
    return undefined;
  }
  const index = await concepts.get();
  return index.matchAt(document.lineAt(position.line).text, position.character)?.key;
}

/**
 * Go to Definition / Peek: where the notes define the concept (only this note's own definition when
 * it has one); for a term only the built-in glossary knows, its entry in a read-only document.
 */
export class ConceptDefinitionProvider implements vscode.DefinitionProvider {
  constructor(
    private readonly notes: WorkspaceNotes,
    private readonly concepts: ConceptIndex,
  ) {}

  async provideDefinition(document: vscode.TextDocument, position: vscode.Position): Promise<vscode.Location[] | undefined> {
    try {
      const key = await keyAt(this.notes, this.concepts, document, position);
      if (!key) {
        return undefined;
      }
      const index = await this.concepts.get();
      const all = index.lookupKey(key);
      const here = document.uri.toString();
      // The note's own definition ranks first in it; VS Code sorts several locations by file, so a
      // note that defines the term goes to its own definition (the others are in the Glossary view).
      const own = all.filter((definition) => definition.source.kind === 'note' && definition.source.file === here);
      const definitions = own.length > 0 ? own : all;
      const locations = definitions.flatMap((definition) =>
        definition.source.kind === 'note'
          ? [new vscode.Location(vscode.Uri.parse(definition.source.file, true), new vscode.Position(definition.source.line - 1, definition.source.column - 1))]
          : [],
      );
      if (locations.length > 0) {
        return locations;
      }
      const builtin = definitions.find((definition) => definition.source.kind === 'builtin');
      return builtin ? [new vscode.Location(builtinEntryUri(key, builtin.term), new vscode.Position(0, 2))] : undefined;
    } catch {
      return undefined;
    }
  }
}

/** Find All References: every use of the concept in the notes' prose. */
export class ConceptReferenceProvider implements vscode.ReferenceProvider {
  constructor(
    private readonly notes: WorkspaceNotes,
    private readonly concepts: ConceptIndex,
    private readonly usage: ConceptUsage,
  ) {}

  async provideReferences(document: vscode.TextDocument, position: vscode.Position, context: vscode.ReferenceContext): Promise<vscode.Location[] | undefined> {
    try {
      const key = await keyAt(this.notes, this.concepts, document, position);
      if (!key) {
        return undefined;
      }
      const uses = await this.usage.uses(key);
      if (context.includeDeclaration) {
        return uses;
      }
      const index = await this.concepts.get();
      const declarations = new Set(
        index.lookupKey(key).flatMap((d) => (d.source.kind === 'note' ? [`${d.source.file}#${d.source.line}:${d.source.column - 1}`] : [])),
      );
      return uses.filter((location) => !declarations.has(`${location.uri.toString()}#${location.range.start.line + 1}:${location.range.start.character}`));
    } catch {
      return undefined;
    }
  }
}
