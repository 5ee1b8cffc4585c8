import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { generateCourse, generateNote } from '../../bench/generateCourse';
import { runBench, table } from '../../bench/run';
import { parseNote } from '../../src/core/noteParser';
import { ROOT } from './helpers';

// The benchmark harness works: not how fast anything is (benchmarks are not timed tests).
describe('bench', () => {
  it('generates the same course for the same seed, and another for another seed', () => {
    const options = { notes: 20, totalBytes: 100_000, seed: 7 };
    const first = generateCourse(options);
    assert.deepEqual(generateCourse(options), first);
    assert.notDeepEqual(generateCourse({ ...options, seed: 8 }), first);
    assert.equal(first.length, 20);
    assert.equal(new Set(first.map((note) => note.name)).size, 20);
    const bytes = first.reduce((sum, note) => sum + Buffer.byteLength(note.text), 0);
    assert.ok(Math.abs(bytes - options.totalBytes) < options.totalBytes * 0.1, `${bytes} bytes for 100000 asked`);
  });

  it('generates notes the parser finds commands, estimates and definitions in', () => {
    const models = generateCourse({ notes: 10, totalBytes: 80_000, seed: 1 }).map((note) => parseNote(note.name, note.text));
    assert.ok(models.every((model) => model.commands.length > 0));
    assert.ok(models.some((model) => model.minutes > 0));
    assert.ok(models.some((model) => model.commands.some((command) => command.source === 'inline')));
    assert.ok(models.some((model) => model.definitions.length > 0));
  });

  it('generates one big note defining exactly the terms asked for', () => {
    const note = generateNote({ bytes: 50_000, terms: 60, seed: 3 });
    assert.deepEqual(generateNote({ bytes: 50_000, terms: 60, seed: 3 }), note);
    assert.equal(new Set(note.terms.map((term) => term.toLowerCase())).size, 60);
    const model = parseNote(note.name, note.text);
    assert.deepEqual(new Set(model.definitions.map((definition) => definition.term.toLowerCase())), new Set(note.terms.map((term) => term.toLowerCase())));
    assert.ok(Math.abs(note.text.length - 50_000) < 5_000, `${note.text.length} characters for 50000 asked`);
  });

  it('runs in quick mode, prints a table and writes every row', async function () {
    this.timeout(120_000);
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'course-notes-bench-test-'));
    try {
      const outFile = path.join(folder, 'results.json');
      const lines: string[] = [];
      const results = await runBench({ quick: true, outFile, log: (line) => lines.push(line) });
      const written = JSON.parse(fs.readFileSync(outFile, 'utf8')) as typeof results;
      assert.equal(written.mode, 'quick');
      assert.equal(typeof written.machine.cpuModel, 'string');
      const ids = written.rows.map((row) => row.id);
      for (const id of ['index-small', 'index-big', 'index-big-event-loop', 'codelens-first', 'cached-model', 'codelens-again', 'check-small', 'diagnostics-edit', 'output-match', 'output-match-10mb', 'hover-again', 'hover-lookup', 'runner-throughput', 'runner-lag', 'session-command', 'session-block', 'session-first-byte', 'labrun-docker', 'labrun-shell', 'docker-run', 'memory-big', 'bundle-size', 'activate']) {
        assert.ok(ids.includes(id), `row ${id}`);
      }
      for (const row of written.rows.filter((candidate) => candidate.measured)) {
        assert.ok(row.ours && Number.isFinite(row.ours.value), `${row.id}: ours`);
        // A row for information (a fixed cost, say) has no budget to be judged by.
        assert.equal(typeof row.pass, row.budget === 'information' ? 'undefined' : 'boolean', `${row.id}: judged`);
        if (row.baseline) {
          assert.ok(Number.isFinite(row.baseline.value) && row.baseline.value > 0, `${row.id}: baseline`);
        }
      }
      // activate() comes from the integration suite's test-results/activation.json when it has run.
      const activate = written.rows.find((row) => row.id === 'activate');
      assert.equal(activate?.measured, fs.existsSync(path.join(ROOT, 'test-results', 'activation.json')));
      assert.ok(lines.join('\n').includes(table(results.rows)));
    } finally {
      fs.rmSync(folder, { recursive: true, force: true });
    }
  });

  it('runs only the groups of rows it is asked for, and refuses a group it does not know', async function () {
    this.timeout(60_000);
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'course-notes-bench-test-'));
    try {
      const outFile = path.join(folder, 'partial.json');
      const results = await runBench({ quick: true, outFile, only: ['index', 'event-loop'], log: () => undefined });
      assert.deepEqual(
        results.rows.map((row) => row.id),
        ['index-small', 'index-big', 'index-big-event-loop'],
      );
      await assert.rejects(runBench({ quick: true, outFile, only: ['indexes'], log: () => undefined }), /unknown row group indexes/);
    } finally {
      fs.rmSync(folder, { recursive: true, force: true });
    }
  });
});
