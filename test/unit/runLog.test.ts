import * as assert from 'node:assert/strict';
import type * as vscode from 'vscode';
import type * as RunLogModule from '../../src/features/shared/runLog';
import type { RunLogEntry } from '../../src/core/labReport';
import { MASK } from '../../src/core/secrets';
import { installVscodeStub } from '../vscodeStub';

installVscodeStub(); // before the feature module loads: a static import would load `vscode` first
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { RunLog } = require('../../src/features/shared/runLog') as typeof RunLogModule;

class MemoryMemento {
  readonly values = new Map<string, unknown>();
  get<T>(key: string): T | undefined {
    return this.values.get(key) as T | undefined;
  }
  update(key: string, value: unknown): Promise<void> {
    this.values.set(key, JSON.parse(JSON.stringify(value)));
    return Promise.resolve();
  }
  keys(): readonly string[] {
    return [...this.values.keys()];
  }
}

const uri = (path: string) => ({ toString: () => `file://${path}` }) as unknown as vscode.Uri;

function entry(overrides: Partial<RunLogEntry> = {}): RunLogEntry {
  return { kind: 'command', text: 'docker ps', terminal: 'Lab', startedAt: 1, durationMs: 2, exitCode: 0, status: 'ok', output: 'ok\n', ...overrides };
}

describe('RunLog: what ran from each note, for the lab report', () => {
  const note = uri('/course/lab.md');

  it('keeps runs per note in order, survives a new log over the same workspace state, and says each change', async () => {
    const memento = new MemoryMemento();
    const log = new RunLog(memento as unknown as vscode.Memento);
    const changes: string[] = [];
    log.onDidChange((changed) => changes.push(String(changed)));
    await log.record(note, entry({ text: 'docker ps' }));
    await log.record(note, entry({ text: 'docker images' }));
    await log.record(uri('/course/other.md'), entry({ text: 'kubectl get pods' }));
    assert.deepEqual(log.entries(note).map((each) => each.text), ['docker ps', 'docker images']);
    assert.deepEqual(changes, ['file:///course/lab.md', 'file:///course/lab.md', 'file:///course/other.md']);
    assert.ok(memento.keys().includes('courseNotes.runLog.v1'));
    const reloaded = new RunLog(memento as unknown as vscode.Memento);
    assert.deepEqual(reloaded.entries(note).map((each) => each.text), ['docker ps', 'docker images']);
    await reloaded.reset(note);
    assert.deepEqual(reloaded.entries(note), []);
    assert.equal(reloaded.entries(uri('/course/other.md')).length, 1);
    await reloaded.resetAll();
    assert.equal(new RunLog(memento as unknown as vscode.Memento).entries(uri('/course/other.md')).length, 0);
  });

  it('masks secrets in the command, the output, the steps, the target and the reason before keeping them', async () => {
    const memento = new MemoryMemento();
    const log = new RunLog(memento as unknown as vscode.Memento);
    const token = 'SWMTKN-1-49nj1cmql0jkz5s954yi3oex3nedyz0fb0xx14ie39trti4wxv-8vxv8rssmk743ojnwacrr2e7c';
    await log.record(
      note,
      entry({
        kind: 'block',
        text: `docker swarm join --token ${token} 10.0.0.1:2377`,
        output: 'MYSQL_ROOT_PASSWORD=pw-in-output',
        target: 'ssh://me:sshpass1@node1',
        verdict: 'differs',
        verdictReason: 'expected GITHUB_TOKEN=tok_123456789',
        steps: [{ text: 'docker login -u me --password hunter2pw', exitCode: 0, durationMs: 1, output: '{"auth": "dXNlcjpwYXNz"}' }],
      }),
    );
    const stored = JSON.stringify(memento.values.get('courseNotes.runLog.v1'));
    for (const secret of ['49nj1cmql0jkz5s954yi3oex3nedyz0fb0xx14ie39trti4wxv', 'pw-in-output', 'sshpass1', 'tok_123456789', 'hunter2pw', 'dXNlcjpwYXNz']) {
      assert.ok(!stored.includes(secret), `${secret} kept: ${stored}`);
    }
    assert.ok(stored.includes(MASK));
  });

  it('caps each output (start and end kept, the cut counted) and keeps at most N runs, the oldest dropped', async () => {
    const log = new RunLog(new MemoryMemento() as unknown as vscode.Memento, { entries: 3, outputCap: 100 });
    await log.record(note, entry({ output: `HEAD${'x'.repeat(1000)}TAIL`, steps: [{ text: 's', exitCode: 0, durationMs: 1, output: 'y'.repeat(300) }] }));
    const [first] = log.entries(note);
    assert.ok(first.output.startsWith('HEAD') && first.output.endsWith('TAIL'));
    assert.ok(first.output.length < 150);
    assert.equal(first.outputOmitted, 1008 - 100 + (300 - 100));
    for (let i = 0; i < 5; i++) {
      await log.record(note, entry({ text: `run ${i}` }));
    }
    assert.deepEqual(log.entries(note).map((each) => each.text), ['run 2', 'run 3', 'run 4']);
  });

  it('keeps about a budget of characters per note, dropping the oldest runs, never the newest', async () => {
    const log = new RunLog(new MemoryMemento() as unknown as vscode.Memento, { charsPerNote: 2500, outputCap: 1000 });
    for (let i = 0; i < 10; i++) {
      await log.record(note, entry({ text: `run ${i}`, output: 'z'.repeat(900) }));
    }
    assert.deepEqual(log.entries(note).map((each) => each.text), ['run 8', 'run 9']);
    const one = new RunLog(new MemoryMemento() as unknown as vscode.Memento, { charsPerNote: 10 });
    await one.record(note, entry({ output: 'z'.repeat(500) }));
    assert.equal(one.entries(note).length, 1);
  });

  it('reads a damaged workspace state as empty, keeping the runs it can read', () => {
    const memento = new MemoryMemento();
    memento.values.set('courseNotes.runLog.v1', { 'file:///a.md': 'not a list', 'file:///b.md': [null, 7, { text: 'docker ps', output: '', status: 'ok' }] });
    const log = new RunLog(memento as unknown as vscode.Memento);
    assert.deepEqual(log.entries(uri('/a.md')), []);
    assert.deepEqual(log.entries(uri('/b.md')).map((each) => each.text), ['docker ps']);
    memento.values.set('courseNotes.runLog.v1', 'garbage');
    assert.deepEqual(new RunLog(memento as unknown as vscode.Memento).entries(uri('/b.md')), []);
  });
});
