import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { NoteCommand } from '../../src/core/model';
import { resultKeys } from '../../src/core/resultKeys';
import type { CourseNotesApi } from '../../src/extension';
import type { CommandRef } from '../../src/features/shared/commandRef';
import { activateExtension, waitFor } from './helpers';

const RUN_LAB = path.resolve(__dirname, '..', '..', '..', 'test', 'fixtures', 'run-lab', 'run-lab.md');
const TERMINAL = 'Run Lab';

suite('Run commands (trusted workspace, real Docker engine)', () => {
  let api: CourseNotesApi;
  let document: vscode.TextDocument;
  let commands: NoteCommand[];

  suiteSetup(async () => {
    api = await activateExtension();
    document = await vscode.workspace.openTextDocument(vscode.Uri.file(RUN_LAB));
    await vscode.window.showTextDocument(document);
    commands = [...api.notes.forDocument(document).commands];
  });

  function ref(text: string): CommandRef {
    const command = commands.find((c) => c.text === text);
    assert.ok(command, `run-lab.md has the command ${text}`);
    return { uri: document.uri.toString(), line: command.line, column: command.column };
  }

  async function lensTitles(line: number): Promise<string[]> {
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', document.uri);
    return lenses.filter((lens) => lens.range.start.line === line - 1).map((lens) => lens.command?.title ?? '');
  }

  function transcript(): string {
    return api.run.controller.terminal(TERMINAL)?.pty.transcript ?? '';
  }

  test('puts ▶ Run above every command and ▶ Run block (N) on a block with several steps', async () => {
    assert.equal(vscode.workspace.isTrusted, true);
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', document.uri);
    const runs = lenses.filter((lens) => lens.command?.title.startsWith('▶ Run') && !lens.command.title.startsWith('▶ Run block'));
    assert.equal(runs.length, commands.length);
    assert.deepEqual(
      lenses.filter((lens) => lens.command?.title.startsWith('▶ Run block')).map((lens) => lens.command?.title),
      ['▶ Run block (2)'],
    );
    // Inline lenses name their command, as several can share a line.
    const inline = commands.find((c) => c.source === 'inline' && c.text.includes('from inline'));
    assert.ok(inline);
    assert.ok((await lensTitles(inline.line)).some((title) => title.startsWith('▶ Run docker run --rm busybox')));
    // The run command takes a reference, never the text.
    for (const lens of runs) {
      assert.deepEqual(Object.keys(lens.command?.arguments?.[0] ?? {}).sort(), ['column', 'line', 'uri']);
    }
  });

  test('runs a command in the note terminal, streams its output and shows exit code and duration in the lens', async () => {
    const result = await api.run.controller.run(ref('docker run --rm hello-world'));
    assert.equal(result?.status, 'ok');
    assert.equal(result?.exitCode, 0);
    // The title goes on with where the session stands: `Notes: Run Lab · …/run-lab`.
    assert.ok(vscode.window.terminals.some((terminal) => terminal.name === `Notes: ${TERMINAL}` || terminal.name.startsWith(`Notes: ${TERMINAL} · `)));
    const output = transcript();
    // eslint-disable-next-line no-control-regex
    assert.match(output, /\$\x1b\[0m \x1b\[1mdocker run --rm hello-world/);
    assert.match(output, /Hello from Docker!\r\n/);
    assert.match(output, /✓ exit 0 · \d+\.\ds/);
    const line = commands.find((c) => c.text === 'docker run --rm hello-world')?.line ?? 0;
    assert.ok((await lensTitles(line)).some((title) => /^✓ 0 · \d+\.\ds$/.test(title)), 'the lens shows ✓ 0 · duration');
    assert.equal(api.run.results.get(document.uri, 'docker run --rm hello-world')?.status, 'ok');
  });

  test('reports a failing exit code, with stdout and stderr both shown', async () => {
    const text = "docker run --rm busybox sh -c 'echo out; echo err >&2; exit 3'";
    const result = await api.run.controller.run(ref(text));
    assert.equal(result?.status, 'failed');
    assert.equal(result?.exitCode, 3);
    assert.match(transcript(), /out\r\n/);
    assert.match(transcript(), /err\r\n/);
    assert.match(transcript(), /✗ exit 3 · /);
    const line = commands.find((c) => c.text === text)?.line ?? 0;
    assert.ok((await lensTitles(line)).some((title) => title.startsWith('✗ exit 3 · ')));
  });

  test('runs an inline command from a sentence through the shell, as typed', async () => {
    const result = await api.run.controller.run(ref('docker run --rm busybox echo "from inline"'));
    assert.equal(result?.status, 'ok');
    assert.match(transcript(), /from inline\r\n/);
  });

  test('Run all runs a block in order and stops at the first failure', async () => {
    await api.run.results.reset(document.uri);
    const first = "docker run --rm busybox sh -c 'echo out; echo err >&2; exit 3'";
    const result = await api.run.controller.runAll(ref(first));
    assert.equal(result?.status, 'failed');
    assert.equal(api.run.results.get(document.uri, first)?.status, 'failed');
    assert.equal(api.run.results.get(document.uri, "docker version --format '{{.Server.Version}}' | head -c 2"), undefined, 'the second command did not run');
  });

  test('cancels a run that goes on, ending its whole process tree', async () => {
    const text = 'docker events --filter type=volume';
    const running = api.run.controller.run(ref(text));
    await waitFor('the run to start', () => processes().some((args) => args.includes(text)), 15_000);
    const line = commands.find((c) => c.text === text)?.line ?? 0;
    await waitFor('the Stop lens', async () => (await lensTitles(line)).some((title) => title.startsWith('■ Stop')));
    await api.run.controller.cancel(ref(text));
    const result = await running;
    assert.equal(result?.status, 'cancelled');
    await waitFor('no process left', () => !processes().some((args) => args.includes(text)), 5_000);
    assert.ok((await lensTitles(line)).includes('■ cancelled'));
  });

  test('runs docker run -it as an interactive session in the note terminal', async () => {
    const text = 'docker run -it --rm --name cn-it-test alpine sh';
    const running = api.run.controller.run(ref(text));
    const pty = await waitFor('the note terminal', () => api.run.controller.terminal(TERMINAL)?.pty);
    // busybox ash may end its prompt with an erase-to-end-of-screen sequence.
    // eslint-disable-next-line no-control-regex
    await waitFor('the shell prompt', () => /\/ # (?:\u001b\[J)?$/.test(pty.transcript), 30_000);
    pty.handleInput('echo $((6*7))\r');
    await waitFor('the answer', () => pty.transcript.includes('42\r\n'), 15_000);
    // A resize reaches the container's TTY asynchronously: ask until the shell sees the new size.
    pty.setDimensions({ columns: 91, rows: 27 });
    await waitFor('the new size', async () => {
      pty.handleInput('stty size\r');
      await new Promise((resolve) => setTimeout(resolve, 300));
      return pty.transcript.includes('27 91\r\n');
    }, 15_000);
    pty.handleInput('exit 4\r');
    const result = await running;
    assert.equal(result?.status, 'failed');
    assert.equal(result?.exitCode, 4);
    assert.match(pty.transcript, /✗ exit 4 · /);
  });

  test('says what to do when kubectl reaches no cluster', async () => {
    const result = await api.run.controller.run(ref('kubectl get pods --request-timeout=5s'));
    assert.equal(result?.status, 'failed');
    assert.match(transcript(), /kubectl reached no cluster\. Start one/);
  });

  test('with no kube context, the no-cluster hint says how to add one instead of pointing at the empty status-bar list', async () => {
    const saved = process.env.KUBECONFIG;
    // A kubeconfig with no context at all, as on a machine where kubectl was just installed.
    process.env.KUBECONFIG = path.join(os.tmpdir(), `cn-no-contexts-${process.pid}.yaml`);
    try {
      const before = transcript().length;
      const result = await api.run.controller.run(ref('kubectl get pods --request-timeout=5s'));
      assert.equal(result?.status, 'failed');
      const hint = transcript().slice(before);
      assert.match(hint, /kubectl reached no cluster\. Start one .*kubectl config set-context NAME --cluster=NAME/);
      assert.doesNotMatch(hint, /status bar/);
    } finally {
      if (saved === undefined) {
        delete process.env.KUBECONFIG;
      } else {
        process.env.KUBECONFIG = saved;
      }
    }
  });

  test('refuses anything but a reference to a command as the note has it now', async () => {
    const before = transcript();
    const forged: unknown[] = [
      'docker run --rm busybox touch /tmp/forged',
      { uri: document.uri.toString(), line: 9, column: 1, text: 'docker ps' },
      { uri: document.uri.toString(), line: 4, column: 1 },
      { uri: document.uri.toString(), line: 9.5, column: 1 },
      [document.uri.toString(), 9, 1],
      undefined,
    ];
    for (const value of forged) {
      assert.equal(await api.run.controller.run(value), undefined, `refused ${JSON.stringify(value)}`);
    }
    assert.equal(transcript(), before, 'nothing ran');
  });
});

suite('Run results belong to where they ran (trusted workspace, real Docker engine)', () => {
  test('two copies of a command: running the first shows no result on the second, which "ran elsewhere in this note"', async () => {
    const api = await activateExtension();
    const document = await vscode.workspace.openTextDocument(vscode.Uri.file(path.join(path.dirname(RUN_LAB), 'same-command-twice.md')));
    await vscode.window.showTextDocument(document);
    const [first, second] = api.notes.forDocument(document).commands;
    assert.equal(first.text, second.text, 'the fixture has the same command twice');
    const result = await api.run.controller.run({ uri: document.uri.toString(), line: first.line, column: first.column });
    assert.equal(result?.status, 'ok');
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', document.uri);
    const titles = (line: number) => lenses.filter((lens) => lens.range.start.line === line - 1).map((lens) => lens.command?.title ?? '');
    assert.ok(titles(first.line).some((title) => /^✓ 0 · /.test(title)), `line ${first.line} shows its result: ${titles(first.line).join(' | ')}`);
    assert.deepEqual(titles(second.line), ['▶ Run'], `line ${second.line} did not run: ${titles(second.line).join(' | ')}`);
    const keys = resultKeys(api.notes.forDocument(document).commands);
    assert.equal(api.run.results.get(document.uri, keys[1]), undefined);
    assert.equal(api.run.results.ranElsewhere(document.uri, keys[1]), true);
    await api.run.results.reset(document.uri);
  });
});

function processes(): string[] {
  return execFileSync('ps', ['-eo', 'args'], { encoding: 'utf8' }).split('\n');
}
