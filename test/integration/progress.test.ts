import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { NoteModel } from '../../src/core/model';
import { blockResultKey } from '../../src/core/resultKeys';
import { MASK } from '../../src/core/secrets';
import type { CourseNotesApi } from '../../src/extension';
import type { NotesTreeNode } from '../../src/features/notesTree/notesTreeProvider';
import { NotesTreeProvider } from '../../src/features/notesTree/notesTreeProvider';
import { RunLedger } from '../../src/features/shared/runLedger';
import { RunLog } from '../../src/features/shared/runLog';
import { activateExtension, labelOf, waitFor, workspaceFolder } from './helpers';

const LAB = path.resolve(__dirname, '..', '..', '..', 'test', 'fixtures', 'lab', 'lab-session.md');

/**
 * Progress you can resume and the lab report (issue 14), in the real VS Code: a copy of the lab
 * fixture in a folder of the workspace that sorts first ("00-…"), so it is the course's first note.
 */
suite('Lab progress, Continue Lab and the lab report', () => {
  let api: CourseNotesApi;
  let folder: vscode.Uri;
  let uri: vscode.Uri;
  let model: NoteModel;

  suiteSetup(async function () {
    this.timeout(60_000);
    api = await activateExtension();
    folder = vscode.Uri.joinPath(workspaceFolder().uri, '00-progress');
    uri = vscode.Uri.joinPath(folder, 'lab-session.md');
    await vscode.workspace.fs.createDirectory(folder);
    await vscode.workspace.fs.writeFile(uri, fs.readFileSync(LAB));
    const note = await waitFor('the lab in the notes index', () => api.notes.get(uri), 5000).catch(async () => {
      await api.notes.rescan();
      return waitFor('the lab in the notes index', () => api.notes.get(uri));
    });
    model = note.model;
    await api.run.results.reset(uri);
    await api.runLog.reset(uri);
  });

  suiteTeardown(async () => {
    await api.run.results.reset(uri);
    await api.runLog.reset(uri);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.workspace.fs.delete(folder, { recursive: true, useTrash: false }).then(undefined, () => undefined);
  });

  function noteNode(tree = api.tree): NotesTreeNode {
    const node = tree.getChildren().find((each) => each.kind === 'note' && each.note.uri.toString() === uri.toString());
    assert.ok(node, 'the lab is in the tree');
    return node;
  }

  /** Every section row of the lab as `label: description`. */
  function sectionRows(tree = api.tree): string[] {
    return tree.getChildren(noteNode(tree)).filter((node) => node.kind === 'section').map((node) => `${labelOf(tree.getTreeItem(node))}: ${String(tree.getTreeItem(node).description)}`);
  }

  function blockStarting(text: string) {
    const found = model.blocks.find((block) => block.steps[0]?.text.startsWith(text));
    assert.ok(found, text);
    return found;
  }

  const stepCount = (): number => model.blocks.filter((block) => !block.check).reduce((sum, block) => sum + block.steps.length, 0);

  test('before anything ran: each section shows its estimate and 0 of its steps, the note its estimate and commands', () => {
    assert.deepEqual(sectionRows(), ['Make a folder: 5 min · 0/2 steps', 'Write the Dockerfile: 5 min · 0/1 step', 'Build and run it: 10 min · 0/2 steps', 'Variables carry: 5 min · 0/3 steps', 'Look inside: 5 min · 0/1 step', 'All at once: 5 min · 0/5 steps']);
    assert.equal(api.tree.getTreeItem(noteNode()).description, `30 min · ${model.commands.length} commands`);
  });

  test('runs in the session show in the tree: ✓ per section, time done of the note and of the course', async function () {
    this.timeout(120_000);
    for (const first of ['mkdir', 'cat > Dockerfile']) {
      const block = blockStarting(first);
      const result = await api.run.controller.runAll({ uri: uri.toString(), line: block.steps[0].line, column: block.steps[0].column });
      assert.equal(result?.status, 'ok', `${first}: ${JSON.stringify(result)}`);
    }
    await waitFor('the tree to show the runs', () => sectionRows()[1]?.endsWith('✓'));
    assert.deepEqual(sectionRows().slice(0, 3), ['Make a folder: 5 min · 2/2 steps ✓', 'Write the Dockerfile: 5 min · 1/1 step ✓', 'Build and run it: 10 min · 0/2 steps']);
    assert.equal(api.tree.getTreeItem(noteNode()).description, `10 min of 30 min · 3/${stepCount()} steps`);
    // The course: this note's 10 minutes are among the time done, over every note's estimate.
    const course = api.tree.courseProgress();
    assert.ok(course.minutesDone >= 10 && course.minutes >= 30, JSON.stringify(course));
    // The view is told of results once for a run's start and end (within 100 ms of them).
    await waitFor('the view\'s title bar to show the course\'s progress', () => api.notesView.description === api.tree.courseDescription());
    assert.match(String(api.notesView.description), /^\d.* of \d.* done$/);
  });

  test('a block that failed part way counts the steps before the failure', async () => {
    const block = blockStarting('docker build');
    await api.run.results.finish(uri, blockResultKey(model.blocks, block), { status: 'failed', exitCode: 1, durationMs: 30, steps: [{ step: 1, exitCode: 0, durationMs: 20, output: '' }, { step: 2, exitCode: 1, durationMs: 10, output: '' }] });
    assert.equal(sectionRows()[2], 'Build and run it: 10 min · 1/2 steps');
  });

  test('progress survives a reload: a new ledger over the same workspace state shows the same tree', () => {
    const ledger = new RunLedger(api.workspaceState);
    const tree = new NotesTreeProvider(api.notes, ledger);
    try {
      assert.deepEqual(sectionRows(tree), sectionRows());
      assert.equal(tree.getTreeItem(noteNode(tree)).description, api.tree.getTreeItem(noteNode()).description);
    } finally {
      tree.dispose();
      ledger.dispose();
    }
  });

  test('Continue Lab opens the note with the cursor on the next step not done, in the middle of the editor', async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.commands.executeCommand('courseNotes.continueLab');
    const editor = await waitFor('the lab open', () => vscode.window.activeTextEditor?.document.uri.toString() === uri.toString() && vscode.window.activeTextEditor);
    const build = blockStarting('docker build');
    // docker build ran ok in the failed block; the run after it did not.
    assert.equal(editor.selection.active.line + 1, build.steps[1].line);
    assert.equal(editor.selection.active.character + 1, build.steps[1].column);
    assert.ok(editor.visibleRanges.some((range) => range.contains(editor.selection.active)));
  });

  test('Continue Lab goes on to the next note when this one is done', async () => {
    for (const block of model.blocks.filter((each) => !each.check && each.steps.length > 0)) {
      await api.run.results.finish(uri, blockResultKey(model.blocks, block), { status: 'ok', exitCode: 0, durationMs: 1 });
    }
    assert.equal(api.tree.getTreeItem(noteNode()).description, `30 min of 30 min · ${stepCount()}/${stepCount()} steps ✓`);
    const next = api.progress.next();
    if (next) {
      assert.notEqual(next.note.uri.toString(), uri.toString());
      await vscode.commands.executeCommand('courseNotes.continueLab');
      const editor = await waitFor('the next note open', () => vscode.window.activeTextEditor?.document.uri.toString() === next.note.uri.toString() && vscode.window.activeTextEditor);
      assert.equal(editor.selection.active.line + 1, next.step.line);
    }
  });

  test('Export Lab Report writes every run with its steps and the secrets masked, inside the workspace only', async function () {
    this.timeout(60_000);
    const secrets = {
      token: 'SWMTKN-1-49nj1cmql0jkz5s954yi3oex3nedyz0fb0xx14ie39trti4wxv-8vxv8rssmk743ojnwacrr2e7c',
      password: 'hunter2pw',
      env: 'my-secret-pw',
      github: 'tok_abcdef123456',
      auth: 'dXNlcjpwYXNzd29yZA==',
    };
    const started = Date.now();
    // The runs above were logged too (the controller keeps every run): this report is of these four.
    await api.runLog.reset(uri);
    await api.runLog.record(uri, {
      kind: 'block',
      text: 'mkdir -p demo\ncd demo',
      terminal: 'Lab session: build an image step by step',
      startedAt: started,
      durationMs: 40,
      exitCode: 0,
      status: 'ok',
      output: '',
      steps: [
        { text: 'mkdir -p demo', exitCode: 0, durationMs: 20, output: '' },
        { text: 'cd demo', exitCode: 0, durationMs: 20, output: '' },
      ],
    });
    await api.runLog.record(uri, { kind: 'command', text: `docker swarm join --token ${secrets.token} 10.0.0.1:2377`, terminal: 'term2', target: 'ssh://me@node2', startedAt: started + 1000, durationMs: 900, exitCode: 0, status: 'ok', output: 'This node joined a swarm as a worker.\n' });
    await api.runLog.record(uri, { kind: 'command', text: `docker login -u me --password ${secrets.password}`, terminal: 'term1', startedAt: started + 2000, durationMs: 300, exitCode: 1, status: 'failed', output: `{"auth": "${secrets.auth}"}\n` });
    await api.runLog.record(uri, { kind: 'command', text: `docker run -e MYSQL_ROOT_PASSWORD=${secrets.env} -e GITHUB_TOKEN=${secrets.github} mysql`, terminal: 'term1', startedAt: started + 3000, durationMs: 100, exitCode: 0, status: 'ok', output: '```\n# not a heading\n```\n', verdict: 'matched' });

    const target = vscode.Uri.joinPath(folder, 'lab-session-report.md');
    let defaultOffered: vscode.Uri | undefined;
    const outcome = await api.progress.exportReport(uri, {
      pick: (offered) => ((defaultOffered = offered), Promise.resolve(target)),
      confirmReplace: () => Promise.reject(new Error('nothing to replace yet')),
    });
    assert.deepEqual(outcome, { status: 'written', path: fs.realpathSync(target.fsPath) });
    assert.equal(defaultOffered?.fsPath, target.fsPath, 'offers <note>-report.md beside the note');
    const report = fs.readFileSync(target.fsPath, 'utf8');
    for (const secret of Object.values(secrets)) {
      // The token's value: `SWMTKN-1-` stays, as a reader should see a token was given.
      const value = secret.replace(/^SWMTKN-1-/, '');
      assert.ok(!report.includes(value), `${secret} leaked into the report`);
    }
    assert.ok(report.includes(`--password ${MASK}`) && report.includes(`SWMTKN-1-${MASK}`) && report.includes(`MYSQL_ROOT_PASSWORD=${MASK}`));
    for (const step of ['mkdir -p demo', 'cd demo', 'docker swarm join --token', 'docker login -u me', 'docker run -e MYSQL_ROOT_PASSWORD']) {
      assert.ok(report.includes(step), `${step} is in the report`);
    }
    assert.match(report, /^## Runs \(4, 3 ok\)$/m);
    assert.match(report, /^- Docker: client \d+\.\d+\S*, server \S+/m);
    assert.match(report, /^ {2}- ` term2 `: ` ssh:\/\/me@node2 `$/m);
    assert.ok(!/^# not a heading$/m.test(report.replace(/^(`{3,})[^\n]*\n[\s\S]*?^\1$/gm, '')), 'output stays inside its fence');
    // The stored log itself holds no secret either.
    assert.ok(!JSON.stringify(api.workspaceState.get('courseNotes.runLog.v1')).includes(secrets.password));
    // And a new log over the same state (a reload) has the same runs.
    assert.equal(new RunLog(api.workspaceState).entries(uri).length, 4);

    // The file exists now: replaced only after the confirmation.
    fs.writeFileSync(target.fsPath, 'mine\n');
    const kept = await api.progress.exportReport(uri, { pick: () => Promise.resolve(target), confirmReplace: () => Promise.resolve(false) });
    assert.deepEqual(kept, { status: 'cancelled' });
    assert.equal(fs.readFileSync(target.fsPath, 'utf8'), 'mine\n');
    const asked: string[] = [];
    const replaced = await api.progress.exportReport(uri, { pick: () => Promise.resolve(target), confirmReplace: (shown) => (asked.push(shown), Promise.resolve(true)) });
    assert.equal(replaced.status, 'written');
    assert.deepEqual(asked, ['00-progress/lab-session-report.md']);
    assert.match(fs.readFileSync(target.fsPath, 'utf8'), /^# Lab report: Lab session: build an image step by step$/m);

    // Outside the workspace folders, or through a link out of them: refused, nothing written.
    const outsideDir = fs.mkdtempSync(path.join(os.tmpdir(), 'course-notes-report-'));
    try {
      const outside = vscode.Uri.file(path.join(outsideDir, 'report.md'));
      const refused = await api.progress.exportReport(uri, { pick: () => Promise.resolve(outside), confirmReplace: () => Promise.resolve(true) });
      assert.equal(refused.status, 'refused');
      assert.ok(!fs.existsSync(outside.fsPath));
      fs.symlinkSync(outsideDir, path.join(folder.fsPath, 'link-out'));
      const linked = await api.progress.exportReport(uri, { pick: () => Promise.resolve(vscode.Uri.joinPath(folder, 'link-out', 'report.md')), confirmReplace: () => Promise.resolve(true) });
      assert.equal(linked.status, 'refused');
      assert.match(linked.status === 'refused' ? linked.reason : '', /symbolic link/);
      assert.deepEqual(fs.readdirSync(outsideDir), []);
    } finally {
      fs.rmSync(outsideDir, { recursive: true, force: true });
    }
  });
});
