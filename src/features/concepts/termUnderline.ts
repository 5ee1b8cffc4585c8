import * as vscode from 'vscode';
import type { Config } from '../../platform/config';
import type { WorkspaceNotes } from '../workspaceNotes';
import type { ConceptIndex } from './conceptIndex';
import { inCode } from './conceptUsage';

const DELAY_MS = 300;

/** With `courseNotes.underlineTerms`, a subtle dotted underline under defined terms in visible notes. */
export class TermUnderline implements vscode.Disposable {
  private readonly decoration = vscode.window.createTextEditorDecorationType({
    textDecoration: 'underline dotted',
    cursor: 'help',
  });
  private readonly subscriptions: vscode.Disposable[];
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly notes: WorkspaceNotes,
    private readonly concepts: ConceptIndex,
    private readonly config: Config,
  ) {
    this.subscriptions = [
      vscode.window.onDidChangeVisibleTextEditors(() => this.schedule()),
      vscode.workspace.onDidChangeTextDocument(() => this.schedule()),
      vscode.workspace.onDidChangeConfiguration((event) => event.affectsConfiguration('courseNotes.underlineTerms') && this.schedule()),
      concepts.onDidChange(() => this.schedule()),
    ];
    this.schedule();
  }

  private schedule(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.update(), DELAY_MS);
  }

  private async update(): Promise<void> {
    const editors = vscode.window.visibleTextEditors.filter((editor) => editor.document.languageId === 'markdown');
    if (!this.config.underlineTerms()) {
      for (const editor of editors) {
        editor.setDecorations(this.decoration, []);
      }
      return;
    }
    const index = await this.concepts.get();
    for (const editor of editors) {
      const model = this.notes.forDocument(editor.document);
      const ranges: vscode.Range[] = [];
      for (const visible of editor.visibleRanges) {
        for (let line = visible.start.line; line <= visible.end.line; line++) {
          if (inCode(model.codeBlocks, line + 1)) {
            continue;
          }
          for (const match of index.matchesIn(editor.document.lineAt(line).text)) {
            ranges.push(new vscode.Range(line, match.start, line, match.end));
          }
        }
      }
      editor.setDecorations(this.decoration, ranges);
    }
  }

  dispose(): void {
    clearTimeout(this.timer);
    vscode.Disposable.from(...this.subscriptions, this.decoration).dispose();
  }
}
