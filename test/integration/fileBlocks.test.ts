import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { findFileBlocks } from '../../src/core/fileBlocks';
import type { FileBlockRef } from '../../src/features/fileBlocks/fileBlockRef';
import { refOfBlock } from '../../src/features/fileBlocks/fileBlockRef';
import type { CwdFor, SaveOutcome } from '../../src/features/fileBlocks/fileBlockSaver';
import { FileBlockSaver, SavedFiles } from '../../src/features/fileBlocks/fileBlockSaver';
import { FILE_BLOCK_SCHEME, FileBlockPreviews } from '../../src/features/fileBlocks/fileBlockPreviews';
import type { CourseNotesApi } from '../../src/extension';
import type { Log } from '../../src/platform/log';
import { activateExtension, waitFor } from './helpers';

const FIXTURE = path.resolve(__dirname, '..', '..', '..', 'test', 'fixtures', 'run-lab', 'file-blocks.md');
const SAVE = 'courseNotes.saveFileBlock';

/** Every entry under `dir`, links shown with their target: what a test compares before and after. */
function listing(dir: string): string[] {
  const out: string[] = [];
  const walk = (at: string): void => {
    for (const entry of fs.readdirSync(at, { withFileTypes: true })) {
      const full = path.join(at, entry.name);
      const shown = path.relative(dir, full);
      if (entry.isSymbolicLink()) {
        out.push(`${shown} -> ${fs.readlinkSync(full)}`);
      } else if (entry.isDirectory()) {
        out.push(`${shown}/`);
        walk(full);
      } else {
        out.push(`${shown} (${fs.statSync(full).size})`);
      }
    }
  };
  walk(dir);
  return out.sort();
}

type WarningStub = (message: string, ...rest: unknown[]) => Thenable<unknown>;

suite('File blocks: Save as (trusted workspace)', () => {
  let base: string;
  let lab: string;
  let outside: string;
  let document: vscode.TextDocument;
  let api: CourseNotesApi;
  const originalWarning = vscode.window.showWarningMessage;

  /** Answers the modal question (and records it), passing every other warning through. */
  function answerModal(answer: string | undefined, asked: { message: string; diffOpen: boolean }[]): void {
    (vscode.window as { showWarningMessage: WarningStub }).showWarningMessage = (message: string, ...rest: unknown[]) => {
      const options = rest[0] as vscode.MessageOptions | undefined;
      if (options && typeof options === 'object' && options.modal) {
        const diffOpen = vscode.window.tabGroups.all
          .flatMap((group) => group.tabs)
          .some((tab) => tab.input instanceof vscode.TabInputTextDiff && tab.input.modified.scheme === FILE_BLOCK_SCHEME);
        asked.push({ message, diffOpen });
        return Promise.resolve(answer);
      }
      return (originalWarning as WarningStub)(message, ...rest);
    };
  }

  function ref(name: string): FileBlockRef {
    const block = findFileBlocks(document.getText()).find((b) => b.name === name);
    assert.ok(block, `file-blocks.md has a block named ${name}`);
    return refOfBlock(document.uri, block);
  }

  async function save(value: unknown): Promise<SaveOutcome> {
    return (await vscode.commands.executeCommand<SaveOutcome>(SAVE, value)) as SaveOutcome;
  }

  async function lensTitles(): Promise<string[]> {
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', document.uri);
    return lenses.filter((lens) => lens.command?.command === SAVE).map((lens) => lens.command?.title ?? '');
  }

  suiteSetup(async () => {
    api = await activateExtension();
    base = fs.mkdtempSync(path.join(os.tmpdir(), 'course-notes-fileblocks-'));
    lab = path.join(base, 'lab');
    outside = path.join(base, 'outside');
    fs.mkdirSync(lab);
    fs.mkdirSync(outside);
    fs.writeFileSync(path.join(outside, 'keep.txt'), 'keep\n');
    fs.copyFileSync(FIXTURE, path.join(lab, 'file-blocks.md'));
    fs.symlinkSync(outside, path.join(lab, 'link'));
    document = await vscode.workspace.openTextDocument(vscode.Uri.file(path.join(lab, 'file-blocks.md')));
    await vscode.window.showTextDocument(document);
  });

  teardown(() => {
    (vscode.window as { showWarningMessage: unknown }).showWarningMessage = originalWarning;
  });

  suiteTeardown(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    fs.rmSync(base, { recursive: true, force: true });
  });

  test('puts Save as NAME on each file block, and Can\'t save on a refused name', async () => {
    assert.equal(vscode.workspace.isTrusted, true);
    assert.deepEqual(await lensTitles(), [
      '$(save) Save as Dockerfile',
      '$(save) Save as compose.yaml',
      '$(save) Save as app/main.go',
      "$(warning) Can't save as ../../.bashrc",
      "$(warning) Can't save as /etc/passwd",
      '$(save) Save as link/escape.txt',
      "$(warning) Can't save as evil [2Jname.txt",
    ]);
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', document.uri);
    const first = lenses.find((lens) => lens.command?.command === SAVE);
    assert.equal(first?.range.start.line, 7, 'on the opening fence of the Dockerfile block (line 8)');
    for (const lens of lenses.filter((l) => l.command?.command === SAVE)) {
      assert.deepEqual(Object.keys(lens.command?.arguments?.[0] ?? {}).sort(), ['block', 'hash', 'uri'], 'a reference, never the text');
    }
  });

  test('Save as writes the block into the note\'s folder, and the lens says so', async () => {
    const outcome = await save(ref('Dockerfile'));
    assert.deepEqual(outcome, { status: 'saved', path: path.join(fs.realpathSync(lab), 'Dockerfile'), created: true });
    assert.equal(fs.readFileSync(path.join(lab, 'Dockerfile'), 'utf8'), 'FROM busybox\nCMD ["echo", "hello from the file block"]\n');
    await waitFor('the lens to say Saved', async () => (await lensTitles()).includes('✓ Saved as Dockerfile'));
    // A second save finds the same text: nothing is asked, nothing written.
    const mtime = fs.statSync(path.join(lab, 'Dockerfile')).mtimeMs;
    assert.equal((await save(ref('Dockerfile'))).status, 'unchanged');
    assert.equal(fs.statSync(path.join(lab, 'Dockerfile')).mtimeMs, mtime);
  });

  test('makes a missing subfolder inside the folder', async () => {
    const outcome = await save(ref('app/main.go'));
    assert.equal(outcome.status, 'saved');
    assert.equal(fs.readFileSync(path.join(lab, 'app', 'main.go'), 'utf8'), 'package main\n\nfunc main() {}\n');
  });

  test('an existing file that differs is shown as a diff and replaced only after Replace', async () => {
    const target = path.join(lab, 'compose.yaml');
    fs.writeFileSync(target, 'services: {}\n');
    const asked: { message: string; diffOpen: boolean }[] = [];
    answerModal(undefined, asked); // the user closes the question
    assert.equal((await save(ref('compose.yaml'))).status, 'cancelled');
    assert.equal(fs.readFileSync(target, 'utf8'), 'services: {}\n', 'kept as it was');
    assert.deepEqual(asked, [{ message: 'Replace compose.yaml?', diffOpen: true }]);

    answerModal('Replace', asked);
    assert.equal((await save(ref('compose.yaml'))).status, 'saved');
    assert.equal(fs.readFileSync(target, 'utf8'), 'services:\n  web:\n    build: .\n');
    assert.equal(asked.length, 2);
    assert.equal(asked[1].diffOpen, true);
    const diffs = vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((tab) => tab.input instanceof vscode.TabInputTextDiff);
    assert.deepEqual(diffs, [], 'the diff is closed once answered');
  });

  test('refuses hostile names with a message and writes nothing anywhere', async () => {
    const before = { base: listing(base), tmp: fs.existsSync(path.join(os.tmpdir(), '.bashrc')) };
    for (const name of ['../../.bashrc', '/etc/passwd', 'link/escape.txt', 'evil\u001b[2Jname.txt']) {
      const outcome = await save(ref(name));
      assert.equal(outcome.status, 'refused', name);
      assert.match(outcome.status === 'refused' ? outcome.reason : '', /did not save/, name);
    }
    assert.deepEqual({ base: listing(base), tmp: fs.existsSync(path.join(os.tmpdir(), '.bashrc')) }, before);
    assert.deepEqual(listing(outside), ['keep.txt (5)']);
  });

  test('refuses anything but a reference to a block as it is now', async () => {
    const good = ref('Dockerfile');
    const forged: unknown[] = [
      'Dockerfile',
      { ...good, name: '../../x', content: 'pwned' },
      { ...good, hash: '0'.repeat(32) }, // the text the lens showed is not the text now
      { ...good, block: -1 },
      { uri: good.uri, block: good.block },
      undefined,
    ];
    const before = listing(base);
    for (const value of forged) {
      assert.equal((await save(value)).status, 'refused', JSON.stringify(value));
    }
    assert.deepEqual(listing(base), before);
  });

  test('follows its block when lines are added above it, and refuses once its text changed', async () => {
    const good = ref('app/main.go');
    const editor = await vscode.window.showTextDocument(document);
    await editor.edit((edit) => edit.insert(new vscode.Position(2, 0), '```\nanother block above\n```\n\n'));
    fs.rmSync(path.join(lab, 'app', 'main.go'));
    try {
      assert.equal((await save(good)).status, 'saved', 'the same name and text, one block later');
      assert.ok(fs.existsSync(path.join(lab, 'app', 'main.go')));
      const line = document.getText().split('\n').indexOf('func main() {}');
      await editor.edit((edit) => edit.replace(new vscode.Range(line, 0, line, 14), 'func main() { panic(1) }'));
      const outcome = await save(good);
      assert.equal(outcome.status, 'refused');
      assert.match(outcome.status === 'refused' ? outcome.reason : '', /note changed/);
    } finally {
      await vscode.commands.executeCommand('workbench.action.files.revert');
    }
  });

  test('saves in the folder the session gives, only inside the workspace or the note\'s folder', async () => {
    // The saver as registerFileBlocks builds it, with a session cwd of the test's choosing.
    const log: Log = { info: () => undefined, warn: () => undefined, error: () => undefined, show: () => undefined };
    let cwd: string | undefined;
    const cwdFor: CwdFor = () => cwd;
    const previews = new FileBlockPreviews();
    const saved = new SavedFiles();
    const saver = new FileBlockSaver(api.notes, log, cwdFor, saved, previews);
    try {
      fs.mkdirSync(path.join(lab, 'demo'));
      cwd = path.join(lab, 'demo'); // after `cd demo`
      assert.equal((await saver.save(ref('Dockerfile'))).status, 'saved');
      assert.ok(fs.existsSync(path.join(lab, 'demo', 'Dockerfile')));
      const before = listing(base);
      cwd = outside; // after `cd ../outside`: not a folder the user chose
      const away = await saver.save(ref('Dockerfile'));
      assert.equal(away.status, 'refused');
      assert.match(away.status === 'refused' ? away.reason : '', /outside the workspace and the note's folder/);
      cwd = path.join(lab, 'link'); // a link out, given as the session's folder
      assert.equal((await saver.save(ref('Dockerfile'))).status, 'refused');
      cwd = path.join(lab, 'gone');
      const missing = await saver.save(ref('Dockerfile'));
      assert.match(missing.status === 'refused' ? missing.reason : '', /does not exist/);
      assert.deepEqual(listing(base), before, 'nothing written');
    } finally {
      saved.dispose();
      previews.dispose();
    }
  });
});
