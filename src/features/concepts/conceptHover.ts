import * as vscode from 'vscode';
import type { CliOption, Explanation } from '../../core/cliReference';
import { explainWord } from '../../core/cliReference';
import type { NoteCommand } from '../../core/model';
import type { ConceptDefinition, TermIndex } from '../../core/termIndex';
import { ownFirst, placeOf } from '../../core/termIndex';
import { commandAt } from '../shared/commandRef';
import type { WorkspaceNotes } from '../workspaceNotes';
import type { ConceptIndex } from './conceptIndex';
import type { ConceptUsage } from './conceptUsage';
import { inCode } from './conceptUsage';
import { inertMarkdown } from '../../core/inertText';
import { openLocation } from '../shared/commands';

/** How long a first hover waits for the term's use count before it shows without one. */
const FIRST_COUNT_WAIT_MS = 150;

function delay(ms: number): Promise<undefined> {
  return new Promise((resolve) => setTimeout(() => resolve(undefined), ms));
}

/**
 * A hover's Markdown: note text only through `inertMarkdown`, no HTML, no theme icons, and command
 * links enabled for our own navigation command only (with arguments we make).
 */
export function safeMarkdown(): vscode.MarkdownString {
  const markdown = new vscode.MarkdownString('', false);
  markdown.supportHtml = false;
  markdown.isTrusted = { enabledCommands: [openLocation.id] };
  return markdown;
}

function openLink(uri: string, line: number, column: number): string {
  return openLocation.link(uri, line, column);
}

function docsLink(url: string | undefined): string | undefined {
  return url && /^https:\/\/[^\s()<>]+$/.test(url) ? url : undefined;
}

/** The hover of a concept: its definition, where it comes from, and how many other notes define or use it. */
export function conceptMarkdown(definitions: readonly ConceptDefinition[], here: string, uses: number | undefined): vscode.MarkdownString {
  const [first] = definitions;
  const markdown = safeMarkdown();
  markdown.appendMarkdown(`**${inertMarkdown(first.term)}**\n\n${inertMarkdown(first.definition)}\n\n`);
  const source = first.source;
  if (source.kind === 'note') {
    const where = placeOf(source);
    markdown.appendMarkdown(`*Defined in* [${inertMarkdown(`${where}, line ${source.line}`)}](${openLink(source.file, source.line, source.column)})`);
  } else {
    const docs = docsLink(source.docs);
    markdown.appendMarkdown(`*Built-in glossary*${docs ? ` · [Documentation](${docs})` : ''}`);
  }
  const otherNotes = new Set(definitions.filter((d) => d.source.kind === 'note' && d.source.file !== here && d !== first).map((d) => (d.source.kind === 'note' ? d.source.file : '')));
  const parts: string[] = [];
  if (otherNotes.size > 0) {
    parts.push(`also defined in ${otherNotes.size} other note${otherNotes.size === 1 ? '' : 's'}`);
  }
  if (uses !== undefined) {
    parts.push(`used ${uses} time${uses === 1 ? '' : 's'} across the notes`);
  }
  if (parts.length > 0) {
    markdown.appendMarkdown(`\n\n${inertMarkdown(parts.join(' · '))}`);
  }
  return markdown;
}

function optionLabel(flag: string, option: CliOption): string {
  const names = [option.short, option.long].filter(Boolean).join(', ');
  return `${names || flag}${option.value ? ` ${option.value}` : ''}`;
}

/** The hover of a command word: what the subcommand or flag does, from the CLI's own help. */
export function explanationMarkdown(explanation: Explanation): vscode.MarkdownString {
  const markdown = safeMarkdown();
  if (explanation.kind === 'command') {
    markdown.appendMarkdown(`**${inertMarkdown(`${explanation.tool} ${explanation.path}`)}** — ${inertMarkdown(explanation.command.description)}`);
    if (explanation.command.usage) {
      markdown.appendMarkdown('\n\n');
      markdown.appendCodeblock(explanation.command.usage, 'text');
    }
  } else {
    for (const { flag, option } of explanation.options) {
      // Inside a code span Markdown escapes would show; a span without backticks needs none.
      markdown.appendMarkdown(`\`${optionLabel(flag, option).replace(/`/g, '')}\` — ${inertMarkdown(option.description)}\n\n`);
    }
    markdown.appendMarkdown(`*${inertMarkdown(`${explanation.tool}${explanation.path ? ` ${explanation.path}` : ''} --help`)}*`);
  }
  return markdown;
}

/** The command word (subcommand or flag) under a position, and its range on the line. */
function commandWordAt(line: string, character: number): { word: string; range: [number, number] } | undefined {
  for (const match of line.matchAll(/--?[A-Za-z0-9][\w-]*(?:=\S*)?|[A-Za-z][\w-]*/g)) {
    const start = match.index ?? 0;
    const end = start + match[0].length;
    if (start <= character && character <= end) {
      return { word: match[0], range: [start, end] };
    }
  }
  return undefined;
}

/** True when the position is inside the command's own text (not only on its line). */
function inside(command: NoteCommand, position: vscode.Position): boolean {
  const line = position.line + 1;
  const column = position.character + 1;
  if (line < command.line || line > command.endLine) {
    return false;
  }
  return (line > command.line || column >= command.column) && (line < command.endLine || column <= command.endColumn);
}

/** Hovers for concepts in prose and for subcommands and flags in commands. */
export class ConceptHoverProvider implements vscode.HoverProvider {
  constructor(
    private readonly notes: WorkspaceNotes,
    private readonly concepts: ConceptIndex,
    private readonly usage: ConceptUsage,
  ) {}

  async provideHover(document: vscode.TextDocument, position: vscode.Position, token: vscode.CancellationToken): Promise<vscode.Hover | undefined> {
    try {
      const model = this.notes.forDocument(document);
      const lineText = document.lineAt(position.line).text;
      const command = commandAt(model, position);
      if (command && inside(command, position)) {
        return await this.explain(command, lineText, position);
      }
      if (inCode(model.codeBlocks, position.line + 1) || token.isCancellationRequested) {
        return undefined;
      }
      return await this.define(document, lineText, position);
    } catch {
      return undefined; // a hover never throws into the editor
    }
  }

  private async explain(command: NoteCommand, lineText: string, position: vscode.Position): Promise<vscode.Hover | undefined> {
    const found = commandWordAt(lineText, position.character);
    if (!found) {
      return undefined;
    }
    const explanation = explainWord(await this.concepts.cliReference(), command.text, found.word);
    if (!explanation) {
      return undefined;
    }
    return new vscode.Hover(explanationMarkdown(explanation), new vscode.Range(position.line, found.range[0], position.line, found.range[1]));
  }

  private async define(document: vscode.TextDocument, lineText: string, position: vscode.Position): Promise<vscode.Hover | undefined> {
    const index: TermIndex = await this.concepts.get();
    const match = index.matchAt(lineText, position.character);
    if (!match) {
      return undefined;
    }
    // The note's own definition first: hovering a term on the line of the lab that defines it shows that lab's words.
    const definitions = ownFirst(index.lookupKey(match.key), document.uri.toString());
    if (definitions.length === 0) {
      return undefined;
    }
    // The first hover of a term waits a moment for its count (a course of a few dozen notes is
    // scanned in milliseconds); a larger one goes on counting in the background for the next hover.
    // A count already made resolves at once; one being made is not waited for longer either.
    const uses = await Promise.race([this.usage.uses(match.key).catch(() => undefined), delay(FIRST_COUNT_WAIT_MS)]);
    return new vscode.Hover(
      conceptMarkdown(definitions, document.uri.toString(), uses?.length),
      new vscode.Range(position.line, match.start, position.line, match.end),
    );
  }
}
