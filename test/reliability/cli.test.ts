import * as assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { NoteJson } from '../../src/core/noteJson';
import type { NoteSet } from './adversarial';
import { goodNotes, removeNoteSet, writeNoteSet } from './adversarial';
import { NOBODY, readableBundles } from '../unit/helpers';
import { parseNote } from '../../src/core/noteParser';
import { ratio, report, tempDir } from './helpers';

/** The CLI as compiled next to these tests (out/src/cli.js; the same source esbuild bundles into dist/cli.js). */
const CLI = path.resolve(__dirname, '..', '..', 'src', 'cli.js');

interface CliRun {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly ms: number;
}

interface Listing {
  readonly notes: NoteJson[];
  readonly errors: { file: string; message: string }[];
}

/** Runs the CLI in its own process; kills it and fails after `timeoutMs` (a hang is a failure, not a wait). */
function cli(args: readonly string[], options: { timeoutMs: number; asNobody?: boolean }): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    // nobody gets a copy of its own: the checkout may sit in a folder only its owner can enter.
    const bundle = options.asNobody ? readableBundles([CLI]) : undefined;
    const started = performance.now();
    const child = spawn(process.execPath, [bundle?.files[0] ?? CLI, ...args], {
      cwd: '/',
      stdio: ['ignore', 'pipe', 'pipe'],
      ...(options.asNobody ? NOBODY : {}),
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`course-notes ${args.join(' ')} did not exit within ${options.timeoutMs} ms`));
    }, options.timeoutMs);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      bundle?.remove();
      resolve({ code, signal, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8'), ms: Math.round(performance.now() - started) });
    });
  });
}

/** A hang guard, not a timing bound: a run still going after this long is killed and fails. */
const HANG_MS = 150_000;

/**
 * A listing may take at most this many times its same-run baseline: the CLI's own start-up
 * (`course-notes --version`) plus parsing every note of the set in this process, which is the work
 * a listing cannot avoid. Measured: 1.3–2× (walking, reading, JSON and the outline are the rest).
 */
const LISTING_RATIO = 6;

/** The listing's baseline in ms, measured now: see LISTING_RATIO. */
async function listingBaselineMs(set: NoteSet): Promise<number> {
  const startup = await cli(['--version'], { timeoutMs: HANG_MS });
  const decoder = new TextDecoder('utf-8');
  const started = performance.now();
  for (const input of set.bad) {
    parseNote(input.name, decoder.decode(input.bytes()));
  }
  for (const note of set.good) {
    parseNote(note.name, note.text);
  }
  return startup.ms + (performance.now() - started);
}

/** Fails when a listing took more than LISTING_RATIO times the baseline. */
function checkListingTime(run: CliRun, baselineMs: number, what: string): void {
  const times = ratio(run.ms, baselineMs);
  report(`${what}: exit ${run.code} in ${run.ms} ms = ${times}× its baseline (${Math.round(baselineMs)} ms: start-up + parsing the set in-process)`);
  assert.ok(times <= LISTING_RATIO, `${what} took ${times}× its baseline, over the ${LISTING_RATIO}× bound`);
}

/** Control characters a terminal acts on (tab and line feed are layout). */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;

describe('reliability: the course-notes CLI on the adversarial note set', function () {
  this.timeout(180_000);
  let set: NoteSet;
  let baselineMs: number;

  before(async () => {
    set = writeNoteSet(tempDir('cli'));
    baselineMs = await listingBaselineMs(set);
  });
  after(() => removeNoteSet(set.dir));

  function byName(listing: Listing): Map<string, NoteJson> {
    return new Map(listing.notes.map((note) => [path.relative(set.dir, note.file), note]));
  }

  function checkGoodAndBad(listing: Listing): void {
    const notes = byName(listing);
    for (const note of goodNotes()) {
      const found = notes.get(note.name);
      assert.ok(found, `${note.name} is listed`);
      assert.equal(found.title, note.title);
      assert.deepEqual(found.commands.map((command) => command.text), note.commands);
      assert.ok(found.definitions.some((definition) => definition.term === note.term));
    }
    for (const input of set.bad) {
      const found = notes.get(input.name);
      assert.ok(found, `${input.name} is listed`);
      if (input.expect.skipped) {
        assert.match(found.skipped ?? '(parsed)', input.expect.skipped, input.name);
      } else {
        assert.equal(found.skipped, undefined, `${input.name} is parsed`);
        if (input.expect.commands !== undefined) {
          assert.equal(found.commands.length, input.expect.commands, `${input.name} commands`);
        }
        if (input.expect.title !== undefined) {
          assert.equal(found.title, input.expect.title, `${input.name} title`);
        }
      }
    }
    // The folder loop is walked once: the note inside it is listed once, never through the link.
    const inside = listing.notes.filter((note) => note.file.endsWith('inside.md'));
    assert.deepEqual(inside.map((note) => path.relative(set.dir, note.file)), [path.join('bad-loop', 'inside.md')]);
  }

  it('lists the whole set and exits in bounded time: every good note, every bad input as expected, the self-link reported', async () => {
    const run = await cli(['list', '--json', set.dir], { timeoutMs: HANG_MS });
    checkListingTime(run, baselineMs, `course-notes list --json over ${set.bad.length} bad inputs and ${set.good.length} good notes`);
    assert.equal(run.signal, null);
    assert.equal(run.code, 1, 'exit 1: some files could not be read');
    const listing = JSON.parse(run.stdout) as Listing;
    checkGoodAndBad(listing);
    const readsDenied = process.getuid?.() === 0; // root reads mode 000 anyway
    const expectedErrors = [
      { file: set.loops.file, message: 'too many levels of symbolic links' },
      ...(readsDenied ? [] : [{ file: set.denied.file, message: 'permission denied' }, { file: set.denied.folder, message: 'permission denied' }]),
    ].sort((a, b) => a.file.localeCompare(b.file));
    assert.deepEqual([...listing.errors].sort((a, b) => a.file.localeCompare(b.file)), expectedErrors);
    assert.match(run.stderr, /bad-self-link\.md: too many levels of symbolic links/);
    assert.match(run.stderr, /bad-10mb\.md: skipped, too large/);
    assert.match(run.stderr, /bad-binary\.md: skipped, not a text file/);
    assert.ok(!CONTROL.test(run.stderr), 'stderr is inert');
  });

  it('as a user who may not read them: reports the mode-000 note and folder as permission denied and lists the rest', async function () {
    if (process.getuid?.() !== 0) {
      this.skip(); // not root: the test above already ran as a user the modes apply to
    }
    const run = await cli(['list', '--json', set.dir], { timeoutMs: HANG_MS, asNobody: true });
    report(`as nobody: exit ${run.code} in ${run.ms} ms`);
    assert.equal(run.code, 1);
    const listing = JSON.parse(run.stdout) as Listing;
    checkGoodAndBad(listing);
    assert.deepEqual(
      [...listing.errors].sort((a, b) => a.file.localeCompare(b.file)),
      [
        { file: set.denied.file, message: 'permission denied' },
        { file: set.denied.folder, message: 'permission denied' },
        { file: set.loops.file, message: 'too many levels of symbolic links' },
      ].sort((a, b) => a.file.localeCompare(b.file)),
    );
    assert.match(run.stderr, /bad-denied\.md: permission denied/);
    assert.ok(!byName(listing).has('bad-denied.md'));
  });

  it('prints the outline of every note with no control characters from the notes', async () => {
    const run = await cli(['list', set.dir], { timeoutMs: HANG_MS });
    checkListingTime(run, baselineMs, `course-notes list (outline, ${Math.round(run.stdout.length / 1024)} KB)`);
    assert.equal(run.code, 1);
    assert.ok(!CONTROL.test(run.stdout), 'stdout is inert');
    assert.ok(!CONTROL.test(run.stderr), 'stderr is inert');
    for (const note of goodNotes()) {
      assert.ok(run.stdout.includes(`${path.join(set.dir, note.name)} — ${note.title}`), note.name);
    }
    assert.match(run.stdout, /bad-control-characters\.md — Title \uFFFD\[31mred/);
  });

  describe('notes deleted or rewritten while it lists them', () => {
    let dir: string;
    let churner: ChildProcess | undefined;
    const CHURN_FILES = 200;

    before(() => {
      dir = tempDir('churn');
      for (const note of goodNotes()) {
        fs.writeFileSync(path.join(dir, note.name), note.text);
      }
    });
    after(() => {
      churner?.kill('SIGKILL');
      fs.rmSync(dir, { recursive: true, force: true });
    });

    it('reports a vanished note and goes on; never crashes; always lists the notes that stay', async () => {
      // Another process deletes every churn note, then writes them again (half of them longer
      // each time), over and over: each is gone about half the time.
      const script = `
        const fs = require('node:fs'); const path = require('node:path');
        const dir = ${JSON.stringify(dir)};
        let round = 0;
        const names = Array.from({ length: ${CHURN_FILES} }, (_, i) => path.join(dir, 'churn-' + i + '.md'));
        const tick = () => {
          round++;
          for (const name of names) { try { fs.unlinkSync(name); } catch {} }
          setTimeout(() => {
            names.forEach((name, i) => fs.writeFileSync(name, '# Churn ' + i + '\\n\\n' + '\`docker ps\` '.repeat(i % 2 ? round % 500 : 1) + '\\n'));
            setTimeout(tick, 1);
          }, 1);
        };
        tick();`;
      churner = spawn(process.execPath, ['-e', script], { stdio: 'ignore' });
      await new Promise((resolve) => setTimeout(resolve, 200));
      let races = 0;
      let runs = 0;
      const started = Date.now();
      while (runs < 15) {
        runs++;
        const run = await cli(['list', '--json', dir], { timeoutMs: 20_000 });
        assert.ok(run.code === 0 || run.code === 1, `exit ${run.code}: ${run.stderr.slice(0, 500)}`);
        assert.ok(!/\bat .*\.js:\d+/.test(run.stderr), `no stack trace: ${run.stderr.slice(0, 500)}`);
        const listing = JSON.parse(run.stdout) as Listing;
        const names = listing.notes.map((note) => path.basename(note.file));
        for (const note of goodNotes()) {
          assert.ok(names.includes(note.name), `${note.name} is listed in run ${runs}`);
        }
        for (const error of listing.errors) {
          assert.match(path.basename(error.file), /^churn-\d+\.md$/);
          assert.equal(error.message, 'no such file or folder');
        }
        assert.equal(run.code, listing.errors.length > 0 ? 1 : 0);
        if (listing.errors.length > 0) {
          races++;
        }
      }
      churner.kill('SIGKILL');
      churner = undefined;
      report(`${runs} listings while ${CHURN_FILES} notes were deleted and rewritten: ${races} saw notes vanish between finding and reading them; all exited 0/1 with every stable note listed (${Date.now() - started} ms)`);
      assert.ok(races > 0, 'the race happened at least once (else this test proved nothing)');
    });
  });
});
