import * as vscode from 'vscode';
import type { ConceptDefinition } from '../../core/termIndex';
import type { ConceptIndex } from './conceptIndex';

/** The scheme of the read-only documents that show a built-in glossary entry (Go to Definition). */
export const BUILTIN_ENTRY_SCHEME = 'course-notes-glossary';

/** The document of the built-in entry a term key names: `course-notes-glossary:/Hypervisor.md?hypervisor`. */
export function builtinEntryUri(key: string, term: string): vscode.Uri {
  const name = term.replace(/[\\/?#%]/g, ' ').trim() || 'entry';
  return vscode.Uri.from({ scheme: BUILTIN_ENTRY_SCHEME, path: `/${name}.md`, query: key });
}

/** An entry as a reader sees it: its term, its definition and its documentation link, as Markdown text. */
export function builtinEntryText(definition: ConceptDefinition): string {
  const docs = definition.source.kind === 'builtin' ? definition.source.docs : undefined;
  return [
    `# ${definition.term}`,
    '',
    definition.definition,
    '',
    ...(docs ? [`Documentation: <${docs}>`, ''] : []),
    '_From the built-in glossary of Course Notes (read-only). A note of yours that defines this term is shown first._',
    '',
  ].join('\n');
}

/**
 * Serves the read-only documents of built-in glossary entries. Their text is ours
 * (media/glossary.json), shown as source text in an editor, never rendered as trusted markup.
 */
export class BuiltinEntryDocuments implements vscode.TextDocumentContentProvider {
  constructor(private readonly concepts: ConceptIndex) {}

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string | undefined> {
    try {
      const index = await this.concepts.get();
      const entry = index.lookupKey(uri.query).find((definition) => definition.source.kind === 'builtin');
      return entry ? builtinEntryText(entry) : `No built-in glossary entry for "${uri.query}".\n`;
    } catch {
      return undefined;
    }
  }
}
