import * as vscode from 'vscode';
import type { Finding, FindingSeverity } from '../../core/findings';
import type { NoteFindings } from '../noteFindings';
import type { WorkspaceNotes } from '../workspaceNotes';
import { rangeOf } from '../shared/positions';

/** The `source` of every diagnostic Course Notes reports. */
export const DIAGNOSTIC_SOURCE = 'course-notes';

const EDIT_DEBOUNCE_MS = 250;

const SEVERITY: Record<FindingSeverity, vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  info: vscode.DiagnosticSeverity.Information,
  hint: vscode.DiagnosticSeverity.Hint,
};

function toDiagnostic(finding: Finding): vscode.Diagnostic {
  const diagnostic = new vscode.Diagnostic(rangeOf(finding), finding.message, SEVERITY[finding.severity]);
  diagnostic.source = DIAGNOSTIC_SOURCE;
  diagnostic.code = finding.code;
  return diagnostic;
}

function isMarkdown(document: vscode.TextDocument): boolean {
  return document.languageId === 'markdown' && document.uri.scheme !== 'git' && document.uri.scheme !== 'output';
}

/** Quick fixes for our diagnostics: each finding's fixes, matched by code and range. */
class NoteQuickFixes implements vscode.CodeActionProvider {
  static readonly kinds = [vscode.CodeActionKind.QuickFix];

  constructor(private readonly findings: NoteFindings) {}

  provideCodeActions(document: vscode.TextDocument, _range: vscode.Range, context: vscode.CodeActionContext, token: vscode.CancellationToken): vscode.CodeAction[] {
    const ours = context.diagnostics.filter((diagnostic) => diagnostic.source === DIAGNOSTIC_SOURCE);
    if (ours.length === 0 || token.isCancellationRequested) {
      return [];
    }
    const actions: vscode.CodeAction[] = [];
    for (const finding of this.findings.forDocument(document)) {
      const diagnostic = ours.find((candidate) => candidate.code === finding.code && candidate.range.isEqual(rangeOf(finding)));
      if (!diagnostic) {
        continue;
      }
      for (const fix of finding.fixes) {
        const action = new vscode.CodeAction(fix.title, vscode.CodeActionKind.QuickFix);
        action.diagnostics = [diagnostic];
        action.isPreferred = finding.fixes.length === 1;
        action.edit = new vscode.WorkspaceEdit();
        for (const edit of fix.edits) {
          action.edit.replace(document.uri, rangeOf(edit), edit.newText);
        }
        actions.push(action);
      }
    }
    return actions;
  }
}

/**
 * Diagnostics on open notes (a DiagnosticCollection kept current as notes change) and their quick
 * fixes. Only notes of the workspace (by the include/exclude settings) and untitled Markdown are checked.
 */
export function registerDiagnostics(notes: WorkspaceNotes, findings: NoteFindings): vscode.Disposable {
  const collection = vscode.languages.createDiagnosticCollection(DIAGNOSTIC_SOURCE);
  const pending = new Map<string, NodeJS.Timeout>();
  const shouldCheck = (document: vscode.TextDocument) => isMarkdown(document) && (document.uri.scheme === 'untitled' || notes.isNote(document.uri) || !!notes.get(document.uri));
  const update = (document: vscode.TextDocument) => {
    if (document.isClosed || !shouldCheck(document)) {
      collection.delete(document.uri);
      return;
    }
    collection.set(document.uri, findings.forDocument(document).map(toDiagnostic));
  };
  const updateAll = () => vscode.workspace.textDocuments.forEach(update);
  const schedule = (document: vscode.TextDocument) => {
    const key = document.uri.toString();
    clearTimeout(pending.get(key));
    pending.set(
      key,
      setTimeout(() => {
        pending.delete(key);
        update(document);
      }, EDIT_DEBOUNCE_MS),
    );
  };
  void notes.ready().then(updateAll); // don't wait: which files are notes is known after the scan
  return vscode.Disposable.from(
    collection,
    findings.onDidChange(updateAll),
    notes.onDidChange((uri) => (uri ? vscode.workspace.textDocuments.filter((document) => document.uri.toString() === uri.toString()).forEach(update) : updateAll())),
    vscode.workspace.onDidOpenTextDocument(update),
    vscode.workspace.onDidChangeTextDocument((event) => schedule(event.document)),
    vscode.workspace.onDidCloseTextDocument((document) => {
      clearTimeout(pending.get(document.uri.toString()));
      collection.delete(document.uri);
    }),
    vscode.languages.registerCodeActionsProvider({ language: 'markdown' }, new NoteQuickFixes(findings), { providedCodeActionKinds: NoteQuickFixes.kinds }),
    { dispose: () => pending.forEach((timer) => clearTimeout(timer)) },
  );
}
