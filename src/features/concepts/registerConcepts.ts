import * as vscode from 'vscode';
import type { Config } from '../../platform/config';
import { ViewIds } from '../../platform/commandIds';
import type { Log } from '../../platform/log';
import type { ExtensionData } from '../extensionData';
import type { WorkspaceNotes } from '../workspaceNotes';
import { BUILTIN_ENTRY_SCHEME, BuiltinEntryDocuments } from './builtinEntryDocument';
import { ConceptHoverProvider } from './conceptHover';
import { ConceptIndex } from './conceptIndex';
import { ConceptDefinitionProvider, ConceptReferenceProvider } from './conceptNavigation';
import { ConceptUsage } from './conceptUsage';
import { GlossaryTreeProvider } from './glossaryView';
import { TermUnderline } from './termUnderline';

export interface ConceptsFeature {
  readonly index: ConceptIndex;
  readonly usage: ConceptUsage;
  readonly glossary: GlossaryTreeProvider;
  readonly disposable: vscode.Disposable;
}

/** Hovers, Go to Definition, Find All References, the Glossary view and the optional underline. */
export function registerConcepts(notes: WorkspaceNotes, data: ExtensionData, config: Config, log: Log): ConceptsFeature {
  const index = new ConceptIndex(notes, data, config, log);
  const usage = new ConceptUsage(notes, index);
  const glossary = new GlossaryTreeProvider(index);
  const selector: vscode.DocumentSelector = { language: 'markdown' };
  const disposable = vscode.Disposable.from(
    index,
    usage,
    glossary,
    vscode.window.createTreeView(ViewIds.glossary, { treeDataProvider: glossary, showCollapseAll: true }),
    vscode.languages.registerHoverProvider(selector, new ConceptHoverProvider(notes, index, usage)),
    vscode.languages.registerDefinitionProvider(selector, new ConceptDefinitionProvider(notes, index)),
    vscode.workspace.registerTextDocumentContentProvider(BUILTIN_ENTRY_SCHEME, new BuiltinEntryDocuments(index)),
    vscode.languages.registerReferenceProvider(selector, new ConceptReferenceProvider(notes, index, usage)),
    new TermUnderline(notes, index, config),
  );
  return { index, usage, glossary, disposable };
}
