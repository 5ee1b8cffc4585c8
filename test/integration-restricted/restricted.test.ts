import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { findFileBlocks } from '../../src/core/fileBlocks';
import type { CourseNotesApi } from '../../src/extension';
import { refOfBlock } from '../../src/features/fileBlocks/fileBlockRef';
import type { SaveOutcome } from '../../src/features/fileBlocks/fileBlockSaver';
import { activateExtension } from '../integration/helpers';

const RUN_LAB = path.resolve(__dirname, '..', '..', '..', 'test', 'fixtures', 'run-lab', 'run-lab.md');
const FILE_BLOCKS = path.resolve(RUN_LAB, '..', 'file-blocks.md');

suite('Restricted Mode: nothing runs', () => {
  let api: CourseNotesApi;
  let document: vscode.TextDocument;

  suiteSetup(async () => {
    api = await activateExtension();
    document = await vscode.workspace.openTextDocument(vscode.Uri.file(RUN_LAB));
    await vscode.window.showTextDocument(document);
  });

  test('the workspace is not trusted, and the notes tree still works', () => {
    assert.equal(vscode.workspace.isTrusted, false);
    assert.ok(api.tree.getChildren().length >= 3, 'the notes are listed');
  });

  test('shows one lens offering to manage trust instead of Run lenses', async () => {
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', document.uri);
    assert.equal(lenses.length, 1);
    assert.equal(lenses[0].command?.command, 'workbench.trust.manage');
    assert.match(lenses[0].command?.title ?? '', /Trust this workspace/);
  });

  test('every run path refuses: lens command, tree action, Run all, cursor, command URI', async () => {
    const model = api.notes.forDocument(document);
    const first = model.commands[0];
    const ref = { uri: document.uri.toString(), line: first.line, column: first.column };
    const terminalsBefore = vscode.window.terminals.length;
    // Each is what a click, a keybinding or a command: link would execute.
    const attempts: [string, unknown[]][] = [
      ['courseNotes.run', [ref]],
      ['courseNotes.runAll', [ref]],
      ['courseNotes.runFromTree', [{ kind: 'command', note: { uri: document.uri }, command: first }]],
      ['courseNotes.runAtCursor', []],
      ['courseNotes.cleanUpNote', [document.uri]],
    ];
    const editor = await vscode.window.showTextDocument(document);
    editor.selection = new vscode.Selection(first.line - 1, first.column, first.line - 1, first.column);
    for (const [command, args] of attempts) {
      // The refusal is a notification the test does not answer; don't wait for it.
      void vscode.commands.executeCommand(command, ...args);
    }
    assert.equal(await api.run.controller.run(ref), undefined);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    assert.equal(vscode.window.terminals.length, terminalsBefore, 'no terminal was opened');
    assert.equal(api.run.results.get(document.uri, first.text), undefined, 'nothing ran');
    assert.equal(api.run.controller.terminal('Run Lab'), undefined, 'no note terminal exists');
  });

  test('no lab session is ever started: Run block, a check and Restart Session start no shell', async () => {
    const lab = path.resolve(RUN_LAB, '..', '..', 'lab', 'lab-session.md');
    const labDocument = await vscode.workspace.openTextDocument(vscode.Uri.file(lab));
    const model = api.notes.forDocument(labDocument);
    const block = model.blocks.find((each) => each.steps.length > 1);
    assert.ok(block && model.checks.length > 0);
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', labDocument.uri);
    assert.deepEqual(lenses.map((lens) => lens.command?.command), ['workbench.trust.manage']);
    void vscode.commands.executeCommand('courseNotes.runAll', { uri: labDocument.uri.toString(), line: block.steps[0].line, column: block.steps[0].column });
    void vscode.commands.executeCommand('courseNotes.check', { uri: labDocument.uri.toString(), line: model.checks[0].line, column: 1 });
    assert.equal(await api.run.controller.runAll({ uri: labDocument.uri.toString(), line: block.steps[0].line, column: block.steps[0].column }), undefined);
    assert.equal(await api.run.controller.check({ uri: labDocument.uri.toString(), line: model.checks[0].line, column: 1 }), undefined);
    await api.run.controller.restartSession();
    await new Promise((resolve) => setTimeout(resolve, 1000));
    // A session's shell and its `script` carry __CN_DIR in their environment from the start.
    const sessions = fs.readdirSync('/proc').filter((pid) => /^\d+$/.test(pid)).filter((pid) => {
      try {
        return fs.readFileSync(`/proc/${pid}/environ`, 'latin1').includes('__CN_DIR=');
      } catch {
        return false;
      }
    });
    assert.deepEqual(sessions, [], 'no session process on the machine');
    assert.equal(api.run.controller.terminal('Lab session: build an image step by step'), undefined);
  });

  test('no Save as lens, and the save command writes nothing', async () => {
    const note = await vscode.workspace.openTextDocument(vscode.Uri.file(FILE_BLOCKS));
    await vscode.window.showTextDocument(note);
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', note.uri);
    assert.deepEqual(lenses.filter((lens) => lens.command?.command === 'courseNotes.saveFileBlock'), []);
    const folder = path.dirname(FILE_BLOCKS);
    const before = fs.readdirSync(folder).sort();
    const blocks = findFileBlocks(note.getText());
    assert.ok(blocks.length >= 3, 'the note has file blocks');
    for (const block of blocks) {
      const outcome = await vscode.commands.executeCommand<SaveOutcome>('courseNotes.saveFileBlock', refOfBlock(note.uri, block));
      assert.deepEqual(outcome, { status: 'refused', reason: 'Restricted Mode' });
    }
    assert.deepEqual(fs.readdirSync(folder).sort(), before, 'nothing was written beside the note');
    assert.equal(fs.existsSync(path.join(folder, 'Dockerfile')), false);
  });
});
