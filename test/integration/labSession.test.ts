import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { NoteBlock, NoteModel } from '../../src/core/model';
import type { CourseNotesApi } from '../../src/extension';
import { activateExtension, waitFor } from './helpers';
import { aliveInSession } from '../processes';

const LAB = path.resolve(__dirname, '..', '..', '..', 'test', 'fixtures', 'lab', 'lab-session.md');
const TERMINAL = 'Lab session: build an image step by step';

suite('Lab sessions: state carries from step to step (real VS Code, real bash, real Docker engine)', () => {
  let api: CourseNotesApi;
  let folder: string;
  let document: vscode.TextDocument;
  let model: NoteModel;

  suiteSetup(async () => {
    api = await activateExtension();
    // A copy in a folder of its own: the lab's steps write there (demo/, its Dockerfile).
    folder = fs.mkdtempSync(path.join(os.tmpdir(), 'course-notes-lab-'));
    fs.copyFileSync(LAB, path.join(folder, 'lab-session.md'));
    document = await vscode.workspace.openTextDocument(vscode.Uri.file(path.join(folder, 'lab-session.md')));
    await vscode.window.showTextDocument(document);
    model = api.notes.forDocument(document);
  });

  suiteTeardown(() => {
    for (const args of [['rm', '-f', 'cn-lab-web'], ['rmi', '-f', 'cn-lab-demo'], ['rmi', '-f', 'cn-lab-again']]) {
      try {
        execFileSync('docker', args, { stdio: 'ignore' });
      } catch {
        // not there
      }
    }
    fs.rmSync(folder, { recursive: true, force: true });
  });

  function block(firstStep: string): NoteBlock {
    const found = model.blocks.find((each) => each.steps[0]?.text.startsWith(firstStep));
    assert.ok(found, `the lab has a block starting with ${firstStep}`);
    return found;
  }

  function blockRef(found: NoteBlock) {
    return { uri: document.uri.toString(), line: found.steps[0].line, column: found.steps[0].column };
  }

  function transcript(): string {
    return api.run.controller.terminal(TERMINAL)?.pty.transcript ?? '';
  }

  async function lensTitles(line: number): Promise<string[]> {
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', document.uri);
    return lenses.filter((lens) => lens.range.start.line === line - 1).map((lens) => lens.command?.title ?? '');
  }

  test('offers ▶ Run block on blocks of several steps and ▶ Run on a lone shell step', async () => {
    assert.ok((await lensTitles(block('mkdir').steps[0].line)).includes('▶ Run block (2)'));
    assert.ok((await lensTitles(block('cat > Dockerfile').steps[0].line)).includes('▶ Run'), 'a block of one shell step');
  });

  test('mkdir, cd, a heredoc, docker build and docker run, block by block, each ✓, in the folder the cd went to', async function () {
    this.timeout(180_000);
    for (const first of ['mkdir', 'cat > Dockerfile', 'docker build']) {
      const result = await api.run.controller.runAll(blockRef(block(first)));
      assert.equal(result?.status, 'ok', `${first}: ${JSON.stringify(result)}\n${transcript().slice(-2000)}`);
    }
    assert.equal(fs.readFileSync(path.join(folder, 'demo', 'Dockerfile'), 'utf8'), 'FROM busybox\nCMD ["echo", "hello from demo"]\n');
    assert.match(transcript(), /hello from demo\r\n/);
    assert.match(transcript(), /Successfully tagged cn-lab-demo:latest/);
    const built = block('docker build');
    assert.ok((await lensTitles(built.steps[0].line)).some((title) => /^✓ 2 steps · /.test(title)), 'the block lens shows ✓ 2 steps');
    // The command steps' own lenses show how they went in the block.
    assert.equal(api.run.results.get(document.uri, 'docker run --rm cn-lab-demo')?.status, 'ok');
    assert.match(vscode.window.terminals.map((terminal) => terminal.name).join('\n'), /Notes: Lab session: build an image step by step · .*demo/);
  });

  test('the step whose output the note shows says ✓ matches the note; changed in the note, ≠ differs and opens the diff', async function () {
    this.timeout(120_000);
    const key = 'docker run --rm cn-lab-demo';
    assert.equal(api.run.results.get(document.uri, key)?.status, 'ok');
    const status = api.run.results.get(document.uri, key);
    assert.deepEqual(status && 'match' in status ? status.match : undefined, { matches: true });
    const command = model.commands.find((each) => each.text === key);
    assert.ok(command);
    assert.ok((await lensTitles(command.line)).includes('✓ matches the note'));
    // The note's expected output changed: the same run now differs.
    const editor = await vscode.window.showTextDocument(document);
    const line = document.getText().split('\n').indexOf('hello from demo');
    assert.ok(line > 0);
    await editor.edit((edit) => edit.replace(new vscode.Range(line, 0, line, 'hello from demo'.length), 'hello from elsewhere'));
    await document.save(); // our copy: nothing is left unsaved
    model = api.notes.forDocument(document);
    const again = model.commands.find((each) => each.text === key);
    assert.ok(again);
    const result = await api.run.controller.run({ uri: document.uri.toString(), line: again.line, column: again.column });
    assert.equal(result?.status, 'ok');
    assert.equal(result?.match?.matches, false);
    assert.match(result?.match?.reason ?? '', /hello from elsewhere|hello from demo/);
    assert.ok((await lensTitles(again.line)).includes('≠ differs from the note'));
    assert.match(transcript(), /≠ differs from the note/);
    await vscode.commands.executeCommand('courseNotes.showDifference', { uri: document.uri.toString(), line: again.line, column: again.column });
    await waitFor('the diff editor', () => vscode.window.tabGroups.activeTabGroup.activeTab?.input instanceof vscode.TabInputTextDiff, 5000);
    const input = vscode.window.tabGroups.activeTabGroup.activeTab?.input as vscode.TabInputTextDiff;
    assert.match((await vscode.workspace.openTextDocument(input.original)).getText(), /hello from elsewhere/);
    assert.match((await vscode.workspace.openTextDocument(input.modified)).getText(), /hello from demo/);
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    await vscode.window.showTextDocument(document);
  });

  test("an author's check passes in the session (a comment check), and fails with its output as the hint, then passes (a {check} fence)", async function () {
    this.timeout(60_000);
    const [fileCheck, nameCheck] = model.checks;
    assert.equal(fileCheck?.source, 'comment');
    assert.equal(nameCheck?.source, 'fence');
    assert.ok((await lensTitles(fileCheck.line)).includes('$(pass) Check'));
    assert.equal((await api.run.controller.check({ uri: document.uri.toString(), line: fileCheck.line, column: 1 }))?.status, 'ok');
    assert.ok((await lensTitles(fileCheck.line)).includes('✓ check passed'));
    const failed = await api.run.controller.check({ uri: document.uri.toString(), line: nameCheck.line, column: 1 });
    assert.equal(failed?.status, 'failed');
    assert.match(failed?.message ?? '', /NAME is '', not x: run the export above first/);
    assert.ok((await lensTitles(nameCheck.line)).some((title) => title.startsWith('✗ check failed: NAME is')));
    // The fence's lines are a check, never steps: no Run lens on them.
    assert.ok(!(await lensTitles(nameCheck.line + 1)).some((title) => title.startsWith('▶ Run')));
  });

  test('`export NAME=x` in one block, then `docker run --rm busybox echo $NAME` in a later one prints x', async function () {
    this.timeout(60_000);
    assert.equal((await api.run.controller.runAll(blockRef(block('export NAME'))))?.status, 'ok');
    const nameCheck = model.checks[1];
    assert.equal((await api.run.controller.check({ uri: document.uri.toString(), line: nameCheck.line, column: 1 }))?.status, 'ok', 'the check passes once the variable is set');
    const command = model.commands.find((each) => each.text === 'docker run --rm busybox echo $NAME');
    assert.ok(command);
    const result = await api.run.controller.run({ uri: document.uri.toString(), line: command.line, column: command.column });
    assert.equal(result?.status, 'ok');
    assert.match(result?.output ?? '', /^x\r\n/);
  });

  test('an -it run after cd sees the folder the session is in', async function () {
    this.timeout(60_000);
    const command = model.commands.find((each) => each.text.startsWith('docker run --rm -it -v'));
    assert.ok(command);
    const result = await api.run.controller.run({ uri: document.uri.toString(), line: command.line, column: command.column });
    assert.equal(result?.status, 'ok', transcript().slice(-1000));
    assert.match(result?.output ?? '', /Dockerfile/);
  });

  test('a run that publishes a port offers Open http://localhost:PORT, the port read from the engine', async function () {
    this.timeout(60_000);
    const command = model.commands.find((each) => each.text.includes('--name cn-lab-web'));
    assert.ok(command);
    const result = await api.run.controller.run({ uri: document.uri.toString(), line: command.line, column: command.column });
    assert.equal(result?.status, 'ok', transcript().slice(-1000));
    const port = execFileSync('docker', ['port', 'cn-lab-web', '80/tcp'], { encoding: 'utf8' }).split('\n')[0].replace(/^.*:/, '');
    assert.deepEqual(result?.links, [`http://localhost:${port}`]);
    assert.ok((await lensTitles(command.line)).includes(`$(link-external) Open http://localhost:${port}`));
    assert.match(transcript(), new RegExp(`Open http://localhost:${port}`));
  });

  test('the same five steps as one Run block: each step ✓, in order, in the folder its cd made', async function () {
    this.timeout(180_000);
    const result = await api.run.controller.runAll(blockRef(block('mkdir -p again')));
    assert.equal(result?.status, 'ok', transcript().slice(-2000));
    assert.deepEqual(result?.steps?.map((step) => [step.step, step.exitCode]), [[1, 0], [2, 0], [3, 0], [4, 0], [5, 0]]);
    assert.match(result?.output ?? '', /hello again\r\n/);
    assert.equal(fs.readFileSync(path.join(folder, 'demo', 'again', 'Dockerfile'), 'utf8'), 'FROM busybox\nCMD ["echo", "hello again"]\n');
    assert.equal(api.run.controller.terminal(TERMINAL)?.current?.cwd, path.join(folder, 'demo', 'again'));
  });

  test('the lab report holds every run, command as run, exit code, verdict and output, with the secret masked', async () => {
    const entries = api.runLog.entries(document.uri);
    assert.ok(entries.some((entry) => entry.kind === 'block' && entry.steps?.length === 2), 'the blocks');
    assert.ok(entries.some((entry) => entry.kind === 'check' && entry.status === 'ok'), 'the checks');
    assert.ok(entries.some((entry) => entry.kind === 'command' && entry.text === 'docker run --rm busybox echo $NAME'), 'the commands');
    const report = await api.progress.reportText({ uri: document.uri, folder: undefined, relativePath: 'lab-session.md', model });
    assert.match(report, /# Lab report: Lab session: build an image step by step/);
    assert.match(report, /✓ matches the note/);
    assert.match(report, /≠ differs from the note/);
    assert.match(report, /hello from demo/);
    assert.match(report, /export REGISTRY_TOKEN=••••••/);
    assert.ok(!report.includes('tok-1234567890-secret'), 'the token is masked everywhere');
  });

  test('Stop on a block stops the container of the step it stopped, not one an earlier step started with -d', async function () {
    this.timeout(90_000);
    const file = path.join(folder, 'stop-block.md');
    fs.writeFileSync(file, '# Stop a block\n\n```bash\ndocker run -d --name cn-lab-kept busybox sleep 300\ndocker run --rm --name cn-lab-stopped busybox sleep 300\n```\n');
    const note = await vscode.workspace.openTextDocument(vscode.Uri.file(file));
    const [only] = api.notes.forDocument(note).blocks;
    const ref = { uri: note.uri.toString(), line: only.steps[0].line, column: only.steps[0].column };
    const running = (name: string) => {
      try {
        return execFileSync('docker', ['inspect', '-f', '{{.State.Running}}', name], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim() === 'true';
      } catch {
        return false;
      }
    };
    try {
      const result = api.run.controller.runAll(ref);
      await waitFor('the second step\'s container', () => running('cn-lab-stopped'), 60_000);
      await api.run.controller.cancel(ref);
      const ended = await result;
      assert.equal(ended?.status, 'cancelled');
      assert.match(ended?.message ?? '', /stopped the container it started: cn-lab-stopped/);
      await waitFor('the stopped step\'s container gone', () => !running('cn-lab-stopped'), 15_000);
      assert.equal(running('cn-lab-kept'), true, 'the container of the step before still runs');
    } finally {
      for (const name of ['cn-lab-kept', 'cn-lab-stopped']) {
        try {
          execFileSync('docker', ['rm', '-f', name], { stdio: 'ignore' });
        } catch {
          // not there
        }
      }
    }
  });

  test('Stop ends what runs and the session lives on, with its folder; Restart Session starts afresh; closing leaves no process', async function () {
    this.timeout(60_000);
    const lab = api.run.controller.terminal(TERMINAL);
    assert.ok(lab?.current, 'the session is running');
    const sid = lab.current.pid ?? -1;
    const running = lab.current.run('sleep 4711');
    await waitFor('sleep to run', () => aliveInSession(sid).length > 1, 5000);
    lab.current.cancelRun();
    assert.equal((await running.done).exitCode, 130);
    assert.equal((await lab.current.run('pwd').done).output, `${path.join(folder, 'demo', 'again')}\r\n`);
    await api.run.controller.restartSession(TERMINAL);
    await waitFor('the old session gone', () => aliveInSession(sid).length === 0, 5000);
    assert.ok(lab.current && lab.current.pid !== sid);
    assert.equal((await lab.current.run('pwd').done).output, `${folder}\r\n`, 'a restarted session starts in the note\'s folder');
    const newSid = lab.current.pid ?? -1;
    // Closed in the middle of a run: the run ends, and nothing of the session is left.
    const midRun = lab.current.run('sleep 4712 & sleep 4713');
    await waitFor('both sleeps', () => aliveInSession(newSid).length >= 3, 5000);
    lab.terminal.dispose();
    assert.notEqual((await midRun.done).status, 'ok');
    await waitFor('no process of the session left after the terminal closed', () => aliveInSession(newSid).length === 0, 5000);
  });
});
