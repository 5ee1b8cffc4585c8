import * as vscode from 'vscode';
import type { CliReference } from '../core/cliReference';
import type { GlossaryEntry } from '../core/termIndex';
import type { Log } from '../platform/log';

/**
 * The data files the extension ships (media/), each read once on first use, for every feature that
 * needs them: the CLI reference (hovers over commands, the notes' findings) and the built-in
 * glossary. A file that cannot be read is logged and treated as empty.
 */
export class ExtensionData {
  private reference: Promise<CliReference> | undefined;
  private glossary: Promise<readonly GlossaryEntry[]> | undefined;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly log: Log,
  ) {}

  /** media/cli-reference.json. */
  cliReference(): Promise<CliReference> {
    this.reference ??= this.readJson<CliReference>('cli-reference.json', 'commands are not explained or checked').then((data) => data ?? {});
    return this.reference;
  }

  /** media/glossary.json: its well-formed entries. */
  builtinGlossary(): Promise<readonly GlossaryEntry[]> {
    this.glossary ??= this.readJson<{ terms?: unknown[] }>('glossary.json', 'the built-in glossary is empty').then((data) =>
      Array.isArray(data?.terms) ? data.terms.filter(isGlossaryEntry) : [],
    );
    return this.glossary;
  }

  private async readJson<T>(name: string, consequence: string): Promise<T | undefined> {
    try {
      const bytes = await vscode.workspace.fs.readFile(vscode.Uri.joinPath(this.extensionUri, 'media', name));
      return JSON.parse(new TextDecoder().decode(bytes)) as T;
    } catch (error) {
      this.log.error(`Could not read media/${name}: ${consequence}`, error);
      return undefined;
    }
  }
}

function isGlossaryEntry(value: unknown): value is GlossaryEntry {
  const entry = value as GlossaryEntry | undefined;
  return typeof entry?.term === 'string' && typeof entry.definition === 'string';
}
