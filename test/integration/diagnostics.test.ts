import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activateExtension, waitFor } from './helpers';

/** Real student typos, then the correct forms that must show nothing. */
const NOTE = [
  '# Typos',
  '',
  'Start with `docker conntainer run hello-world`.',
  '',
  '```',
  'docker imabe build --tage <name_of_image> <location of dockerfile>',
  'docker image build --tage <name_of_image> .',
  'docker services voting_stack',
  '```',
  '',
  'Simply using a `dock pull` command, then run docker image inspect alpine.',
  '',
  '## Correct',
  '',
  '```',
  'docker run -it alpine sh',
  'docker compose up -d',
  'kubectl --as alice get pods',
  'docker -H tcp://127.0.0.1:2375 ps',
  'kubectl who-can get pods',
  'docker buildx build -t app .',
  '```',
  '',
].join('\n');

function ours(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((diagnostic) => diagnostic.source === 'course-notes');
}

function row(diagnostic: vscode.Diagnostic): string {
  const { start, end } = diagnostic.range;
  return `${start.line + 1}:${start.character + 1}-${end.character + 1} ${String(diagnostic.code)}: ${diagnostic.message}`;
}

suite('Diagnostics on notes', () => {
  let document: vscode.TextDocument;

  suiteSetup(async () => {
    await activateExtension();
    document = await vscode.workspace.openTextDocument({ language: 'markdown', content: NOTE });
    await vscode.window.showTextDocument(document);
  });

  suiteTeardown(async () => {
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  test('shows each typo with its range and message, and nothing on correct commands', async () => {
    const diagnostics = await waitFor('the diagnostics of the note', () => (ours(document.uri).length >= 6 ? ours(document.uri) : undefined));
    assert.deepEqual(diagnostics.map(row).sort(), [
      "11:17-21 almost-a-program: 'dock' is not a program; did you mean 'docker pull'?",
      "11:46-73 prose-command: 'docker image inspect alpine' reads as a command: in backticks it gets a Run lens",
      "3:20-30 unknown-subcommand: docker has no subcommand 'conntainer'; did you mean 'container'?",
      "6:8-13 unknown-subcommand: docker has no subcommand 'imabe'; did you mean 'image'?",
      '7:20-26 unknown-flag: docker image build has no flag --tage; did you mean --tag?',
      "8:8-16 unknown-subcommand: docker has no subcommand 'services'; did you mean 'service'?",
    ]);
    assert.equal(diagnostics.find((d) => d.code === 'unknown-subcommand')?.severity, vscode.DiagnosticSeverity.Error);
    assert.equal(diagnostics.find((d) => d.code === 'prose-command')?.severity, vscode.DiagnosticSeverity.Hint);
    assert.ok(diagnostics.every((d) => d.range.start.line < 12), 'nothing under ## Correct');
  });

  test('the Run lens of a command with an error says so', async () => {
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', document.uri);
    const titles = (line: number) => lenses.filter((lens) => lens.range.start.line === line - 1).map((lens) => lens.command?.title ?? '');
    assert.ok(titles(6).includes('▶ Run (unknown subcommand)'), titles(6).join(' | '));
    assert.ok(titles(16).includes('▶ Run'), titles(16).join(' | '));
    assert.ok(titles(3).some((title) => title.endsWith('(unknown subcommand)')), titles(3).join(' | '));
  });

  test('applies a quick fix, and the diagnostic goes away', async () => {
    const range = new vscode.Range(2, 20, 2, 20);
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', document.uri, range, vscode.CodeActionKind.QuickFix.value);
    const fix = actions.find((action) => action.title === "Change to 'container'");
    assert.ok(fix?.edit, actions.map((action) => action.title).join(' | '));
    assert.ok(await vscode.workspace.applyEdit(fix.edit));
    assert.equal(document.lineAt(2).text, 'Start with `docker container run hello-world`.');
    await waitFor('the fixed line to have no diagnostic', () => !ours(document.uri).some((d) => d.range.start.line === 2));

    const wrap = (await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', document.uri, new vscode.Range(10, 50, 10, 50), vscode.CodeActionKind.QuickFix.value)).find(
      (action) => action.title === 'Put the command in backticks',
    );
    assert.ok(wrap?.edit);
    assert.ok(await vscode.workspace.applyEdit(wrap.edit));
    assert.equal(document.lineAt(10).text, 'Simply using a `dock pull` command, then run `docker image inspect alpine`.');
  });
});
