import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { NoteBlock } from '../../src/core/model';
import type { CourseNotesApi } from '../../src/extension';
import type { StartedNodes } from '../harness/netnsNodesApi';
import { loadNetnsNodes } from '../harness/netnsNodesApi';
import { activateExtension, waitFor } from './helpers';

const LAB = path.resolve(__dirname, '..', '..', '..', 'test', 'fixtures', 'lab', 'swarm-lab.md');
const PREFIX = 'cnlab';

/** docker against one node's engine, as the test checks what the note did. */
function onNode(host: string, ...args: string[]): string {
  return execFileSync('docker', args, { encoding: 'utf8', env: { ...process.env, DOCKER_HOST: host, DOCKER_CONTEXT: '' } });
}

/**
 * The multi-node lab of issue 13, from a note: two real engines, each in a network namespace this
 * test makes and joined only to each other, bound as `term1`/`term2` by the courseNotes.nodes
 * setting. The `.term1` block makes a swarm, the `.term2` block runs the join command it printed, and
 * a service with 2 replicas gets a task on each node.
 */
suite('A two-node Swarm lab from a note (two real engines in network namespaces)', function () {
  this.timeout(240_000);
  let api: CourseNotesApi;
  let started: StartedNodes;
  let folder: string;
  let document: vscode.TextDocument;

  suiteSetup(async function () {
    this.timeout(240_000);
    api = await activateExtension();
    const harness = await loadNetnsNodes();
    started = await harness.startNodes({ count: 2, prefix: PREFIX, images: ['busybox:latest'] });
    await vscode.workspace.getConfiguration('courseNotes').update('nodes', { term1: started.nodes[0].host, term2: started.nodes[1].host }, vscode.ConfigurationTarget.Global);
    folder = fs.mkdtempSync(path.join(os.tmpdir(), 'course-notes-swarm-lab-'));
    fs.copyFileSync(LAB, path.join(folder, 'swarm-lab.md'));
    document = await vscode.workspace.openTextDocument(vscode.Uri.file(path.join(folder, 'swarm-lab.md')));
    await vscode.window.showTextDocument(document);
  });

  suiteTeardown(async function () {
    this.timeout(120_000);
    await vscode.workspace.getConfiguration('courseNotes').update('nodes', undefined, vscode.ConfigurationTarget.Global);
    for (const name of ['term1', 'term2']) {
      api?.run.controller.terminal(name)?.terminal.dispose();
    }
    await started?.stop();
    fs.rmSync(folder, { recursive: true, force: true });
  });

  function blocks(): NoteBlock[] {
    return [...api.notes.forDocument(document).blocks];
  }

  function refOf(block: NoteBlock) {
    return { uri: document.uri.toString(), line: block.steps[0].line, column: block.steps[0].column };
  }

  test('swarm init on node 1, the printed join on node 2, then node ls lists both and 2 replicas run one on each', async () => {
    const [init] = blocks();
    assert.equal(init.terminal, 'term1');
    const initResult = await api.run.controller.runAll(refOf(init));
    assert.equal(initResult?.status, 'ok', initResult?.output);
    const join = /docker swarm join --token \S+ [\d.]+:2377/.exec(initResult?.output ?? '')?.[0];
    assert.ok(join, `swarm init printed the join command: ${initResult?.output}`);
    assert.match(api.run.controller.terminal('term1')?.where() ?? '', new RegExp(`term1 → ${started.nodes[0].host.replace(/[/.]/g, '\\$&')}`));

    // The student pastes the join command into the .term2 block, and runs it there.
    const joinBlock = blocks()[1];
    assert.equal(joinBlock.terminal, 'term2');
    const editor = await vscode.window.showTextDocument(document);
    const line = joinBlock.steps[0].line - 1;
    await editor.edit((edit) => edit.replace(document.lineAt(line).range, join));
    await document.save();
    const joined = await api.run.controller.runAll(refOf(blocks()[1]));
    assert.equal(joined?.status, 'ok', joined?.output);
    assert.match(joined?.output ?? '', /This node joined a swarm as a worker/);

    const service = await api.run.controller.runAll(refOf(blocks()[2]));
    assert.equal(service?.status, 'ok', service?.output);
    assert.match(service?.output ?? '', /node1\s.*Leader/);
    assert.match(service?.output ?? '', /node2\s/);
    await waitFor(
      'a running task of web on each node',
      () => {
        const nodes = onNode(started.nodes[0].host, 'service', 'ps', 'web', '--filter', 'desired-state=running', '--format', '{{.Node}} {{.CurrentState}}')
          .trim()
          .split('\n')
          .filter((row) => / Running /.test(`${row} `))
          .map((row) => row.split(' ')[0])
          .sort();
        return nodes.join(',') === 'node1,node2';
      },
      60_000,
    );
  });

  test("a node whose engine was killed: the next run there fails with a message naming the node", async () => {
    process.kill(started.nodes[1].pid, 'SIGKILL');
    await waitFor('node 2 gone', () => {
      try {
        onNode(started.nodes[1].host, 'version');
        return false;
      } catch {
        return true;
      }
    }, 20_000);
    const lab = api.run.controller.terminal('term2');
    assert.ok(lab?.current);
    // What runs in a bound terminal goes through the same path as a lens: a block of node 2.
    const result = await api.run.controller.runAll(refOf(blocks()[1]));
    assert.notEqual(result?.status, 'ok');
    assert.match(result?.message ?? '', /the engine of term2 → unix:\/\/.*node2.* is not reachable/);
  });
});
