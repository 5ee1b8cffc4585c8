import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { CourseNotesApi } from '../../src/extension';
import { activateExtension } from './helpers';

/**
 * A note's front matter binds a terminal to a machine: the note is a file of the workspace, so the
 * student says yes once (per note and target) before anything runs there.
 */
suite("A note's own node binding (front matter) is asked about once", () => {
  let api: CourseNotesApi;
  let folder: string;
  let document: vscode.TextDocument;

  suiteSetup(async () => {
    api = await activateExtension();
    folder = fs.mkdtempSync(path.join(os.tmpdir(), 'course-notes-binding-'));
    const note = ['---', 'title: Bound lab', 'nodes:', '  term9: unix:///var/run/docker.sock', '---', '', '# Bound lab', '', '```.term9', 'echo "on $DOCKER_HOST"', 'true', '```', ''].join('\n');
    fs.writeFileSync(path.join(folder, 'bound.md'), note);
    document = await vscode.workspace.openTextDocument(vscode.Uri.file(path.join(folder, 'bound.md')));
  });

  suiteTeardown(() => {
    api?.run.controller.terminal('term9')?.terminal.dispose();
    fs.rmSync(folder, { recursive: true, force: true });
  });

  test('refused: nothing runs; allowed: it runs with the target, and is not asked again', async () => {
    const block = api.notes.forDocument(document).blocks[0];
    const ref = { uri: document.uri.toString(), line: block.steps[0].line, column: block.steps[0].column };
    const original = vscode.window.showWarningMessage;
    const asked: string[] = [];
    let answer: string | undefined;
    (vscode.window as { showWarningMessage: unknown }).showWarningMessage = async (message: string) => {
      asked.push(message);
      return answer;
    };
    try {
      assert.equal(await api.run.controller.runAll(ref), undefined, 'refused: nothing ran');
      assert.equal(api.run.controller.terminal('term9'), undefined);
      answer = 'Run There';
      const result = await api.run.controller.runAll(ref);
      assert.equal(result?.status, 'ok');
      assert.match(result?.output ?? '', /on unix:\/\/\/var\/run\/docker\.sock/);
      assert.equal((await api.run.controller.runAll(ref))?.status, 'ok');
      assert.equal(asked.length, 2, 'asked before the first two runs (no, then yes), not the third');
      assert.match(asked[0], /runs its "term9" commands on unix:\/\/\/var\/run\/docker\.sock/);
    } finally {
      (vscode.window as { showWarningMessage: unknown }).showWarningMessage = original;
    }
  });
});
