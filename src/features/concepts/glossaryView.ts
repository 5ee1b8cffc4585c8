import * as vscode from 'vscode';
import type { ConceptDefinition } from '../../core/termIndex';
import { placeOf } from '../../core/termIndex';
import { inertLabel } from '../../core/inertText';
import type { ConceptIndex } from './conceptIndex';
import { openLocation } from '../shared/commands';

type TermNode = { readonly kind: 'term'; readonly key: string; readonly definitions: readonly ConceptDefinition[] };
export type GlossaryNode = TermNode | { readonly kind: 'site'; readonly key: string; readonly definition: ConceptDefinition };

/** The Glossary view: terms A–Z, each with the places that define it. Plain-text labels only. */
export class GlossaryTreeProvider implements vscode.TreeDataProvider<GlossaryNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<GlossaryNode | undefined>();
  private readonly subscription: vscode.Disposable;
  readonly onDidChangeTreeData = this.changed.event;

  constructor(private readonly concepts: ConceptIndex) {
    this.subscription = concepts.onDidChange(() => this.changed.fire(undefined));
  }

  async getChildren(node?: GlossaryNode): Promise<GlossaryNode[]> {
    if (node?.kind === 'site') {
      return [];
    }
    if (node?.kind === 'term') {
      return node.definitions.map((definition) => ({ kind: 'site', key: node.key, definition }));
    }
    const index = await this.concepts.get();
    // A concept is listed once even when it is known by several names (glossary aliases, a note's
    // plural): a name whose definitions all show under another name is left out.
    const fromNotes = (key: string) => index.lookupKey(key).some((d) => d.source.kind === 'note');
    const keys = index.keys().sort((a, b) => Number(fromNotes(b)) - Number(fromNotes(a)));
    const shown = new Set<ConceptDefinition>();
    const nodes: TermNode[] = [];
    for (const key of keys) {
      const definitions = index.lookupKey(key);
      if (definitions.every((definition) => shown.has(definition))) {
        continue;
      }
      definitions.forEach((definition) => shown.add(definition));
      nodes.push({ kind: 'term', key, definitions });
    }
    return nodes.sort((a, b) => displayTerm(a).localeCompare(displayTerm(b), 'en', { sensitivity: 'base' }));
  }

  getTreeItem(node: GlossaryNode): vscode.TreeItem {
    if (node.kind === 'term') {
      const notes = node.definitions.filter((d) => d.source.kind === 'note').length;
      const item = new vscode.TreeItem(inertLabel(displayTerm(node), 60), vscode.TreeItemCollapsibleState.Collapsed);
      item.id = `term:${node.key}`;
      item.description = notes > 0 ? `${notes} note${notes === 1 ? '' : 's'}` : 'built-in';
      item.tooltip = inertLabel(node.definitions[0].definition, 400);
      item.iconPath = new vscode.ThemeIcon(notes > 0 ? 'symbol-key' : 'book');
      item.contextValue = 'glossaryTerm';
      return item;
    }
    const { definition } = node;
    const source = definition.source;
    if (source.kind === 'note') {
      const where = placeOf(source);
      const item = new vscode.TreeItem(inertLabel(where, 80), vscode.TreeItemCollapsibleState.None);
      item.description = `line ${source.line}`;
      item.tooltip = inertLabel(definition.definition, 400);
      item.iconPath = new vscode.ThemeIcon('note');
      item.command = openLocation.command('Open', source.file, source.line, source.column);
      return item;
    }
    const item = new vscode.TreeItem('Built-in glossary', vscode.TreeItemCollapsibleState.None);
    item.description = source.docs ? new URL(source.docs).hostname : undefined;
    item.tooltip = inertLabel(definition.definition, 400);
    item.iconPath = new vscode.ThemeIcon('library');
    if (source.docs?.startsWith('https://')) {
      item.command = { command: 'vscode.open', title: 'Open Documentation', arguments: [vscode.Uri.parse(source.docs)] };
    }
    return item;
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}

function displayTerm(node: TermNode): string {
  return node.definitions.find((d) => d.source.kind === 'note')?.term ?? node.definitions[0].term;
}
