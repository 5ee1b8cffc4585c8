import * as assert from 'node:assert/strict';
import type * as vscode from 'vscode';
import type * as RunLedgerModule from '../../src/features/shared/runLedger';
import { installVscodeStub } from '../vscodeStub';

installVscodeStub(); // before the feature module loads: a static import would load `vscode` first
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { RunLedger } = require('../../src/features/shared/runLedger') as typeof RunLedgerModule;

/** A workspace state in memory, as VS Code's Memento keeps it. */
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
const terminal = {} as vscode.Terminal;

describe('RunLedger: the one record of what runs and how it ended', () => {
  const note = uri('/course/lab.md');

  it('says running while a run is on, then its result, in one change each', async () => {
    const ledger = new RunLedger(new MemoryMemento() as unknown as vscode.Memento);
    const changes: string[] = [];
    ledger.onDidChange((changed) => changes.push(String(changed)));
    assert.ok(ledger.start(note, 'docker ps', { cancel: () => undefined, terminal }));
    assert.equal(ledger.isRunning(note, 'docker ps'), true);
    assert.equal(ledger.get(note, 'docker ps')?.status, 'running');
    await ledger.finish(note, 'docker ps', { status: 'ok', exitCode: 0, durationMs: 12 });
    assert.equal(ledger.isRunning(note, 'docker ps'), false);
    assert.equal(ledger.get(note, 'docker ps')?.status, 'ok');
    assert.deepEqual(changes, ['file:///course/lab.md', 'file:///course/lab.md']);
  });

  it('refuses a second start of the same command while it runs, and stops it through its own cancel', () => {
    const ledger = new RunLedger(new MemoryMemento() as unknown as vscode.Memento);
    let cancelled = 0;
    ledger.start(note, 'docker ps', { cancel: () => cancelled++, terminal });
    assert.equal(ledger.start(note, 'docker ps', { cancel: () => assert.fail('the second run never starts'), terminal }), undefined);
    ledger.cancel(note, 'docker ps');
    ledger.cancel(uri('/course/other.md'), 'docker ps');
    assert.equal(cancelled, 1);
    assert.equal(ledger.runningEntry(note, 'docker ps')?.terminal, terminal);
  });

  it('keeps results per note and per copy of a command, across a reload, and counts progress over them', async () => {
    const memento = new MemoryMemento();
    const first = new RunLedger(memento as unknown as vscode.Memento);
    first.start(note, 'docker ps', { cancel: () => undefined, terminal });
    await first.finish(note, 'docker ps', { status: 'failed', exitCode: 1, durationMs: 5 });
    const reloaded = new RunLedger(memento as unknown as vscode.Memento);
    assert.equal(reloaded.get(note, 'docker ps')?.status, 'failed');
    assert.equal(reloaded.get(uri('/course/other.md'), 'docker ps'), undefined);
    assert.equal(reloaded.isRunning(note, 'docker ps'), false, 'nothing runs after a reload');
    assert.equal(reloaded.progress(note, ['docker ps', 'docker images']), 1);
    await reloaded.reset(note);
    assert.equal(reloaded.get(note, 'docker ps'), undefined);
  });

  it('reads and writes its results as { note: { result key: status } } under courseNotes.results.v1, as earlier versions did', async () => {
    const memento = new MemoryMemento();
    const earlier = { 'file:///course/lab.md': { 'docker ps': { status: 'ok', exitCode: 0, durationMs: 3, finishedAt: 7 } }, 'file:///course/other.md': { 'docker images': { status: 'sent', finishedAt: 8 } } };
    memento.values.set('courseNotes.results.v1', earlier);
    const ledger = new RunLedger(memento as unknown as vscode.Memento);
    assert.deepEqual(ledger.get(note, 'docker ps'), { status: 'ok', exitCode: 0, durationMs: 3, finishedAt: 7 });
    await ledger.finish(note, 'docker info', { status: 'failed', exitCode: 1, durationMs: 4, output: 'not kept' });
    const written = memento.values.get('courseNotes.results.v1') as Record<string, Record<string, { finishedAt: number }>>;
    assert.deepEqual(Object.keys(written), ['file:///course/lab.md', 'file:///course/other.md']);
    assert.deepEqual(written['file:///course/other.md'], earlier['file:///course/other.md']);
    const { finishedAt, ...info } = written['file:///course/lab.md']['docker info'];
    assert.equal(typeof finishedAt, 'number');
    assert.deepEqual(info, { status: 'failed', exitCode: 1, durationMs: 4 });
  });

  it('forgets a run that ended without a result (abandon), and only its own entry', () => {
    const ledger = new RunLedger(new MemoryMemento() as unknown as vscode.Memento);
    let changes = 0;
    ledger.onDidChange(() => changes++);
    ledger.abandon(note, 'docker ps', undefined);
    assert.equal(changes, 0);
    const first = ledger.start(note, 'docker ps', { cancel: () => undefined, terminal });
    ledger.abandon(note, 'docker ps', first);
    assert.equal(changes, 2);
    assert.equal(ledger.get(note, 'docker ps'), undefined);
    // A run that finished, then a newer run of the same command: the first's clean-up leaves it alone.
    const older = ledger.start(note, 'docker ps', { cancel: () => undefined, terminal });
    void ledger.finish(note, 'docker ps', { status: 'ok', exitCode: 0, durationMs: 1 });
    const newer = ledger.start(note, 'docker ps', { cancel: () => undefined, terminal });
    assert.ok(older && newer && older !== newer);
    ledger.abandon(note, 'docker ps', older);
    assert.equal(ledger.isRunning(note, 'docker ps'), true, 'the newer run is still running');
  });

  it('cancels every run in progress on shutdown', () => {
    const ledger = new RunLedger(new MemoryMemento() as unknown as vscode.Memento);
    const cancelled: string[] = [];
    ledger.start(note, 'a', { cancel: () => cancelled.push('a'), terminal });
    ledger.start(uri('/course/other.md'), 'b', { cancel: () => cancelled.push('b'), terminal });
    ledger.cancelAll();
    assert.deepEqual(cancelled.sort(), ['a', 'b']);
  });
});
