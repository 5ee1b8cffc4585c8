import * as assert from 'node:assert/strict';
import { formatNote } from '../../src/cli/format';
import { allSections } from '../../src/core/model';
import type { NoteModel } from '../../src/core/model';
import { NoteCache } from '../../src/core/noteCache';
import { addNoteDefinitions } from '../../src/core/noteConcepts';
import { toJson } from '../../src/core/noteJson';
import { parseNote, splitLines } from '../../src/core/noteParser';
import { TermIndex } from '../../src/core/termIndex';
import type { BadInput } from './adversarial';
import { badInputs, coreSlowInputs, goodNotes, LINE_ENDING_NOTE, mixedLineEnds } from './adversarial';
import { parseBoundMs, report, since } from './helpers';

/** A hover's lookup of the term under the mouse, on the longest line of a note, must stay under this. */
const HOVER_BOUND_MS = 250;

/** Control characters a terminal acts on (tab and line feed are layout). */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;

interface Measured {
  readonly name: string;
  readonly kb: number;
  readonly parseMs: number;
  readonly boundMs: number;
  readonly indexMs: number;
  readonly hoverMs: number;
  readonly outcome: string;
}

const measured: Measured[] = [];

/** Decodes a note's bytes as the extension does (WorkspaceNotes: TextDecoder, invalid bytes → U+FFFD). */
function decode(bytes: Buffer): string {
  return new TextDecoder('utf-8').decode(bytes);
}

/** Positions, nesting and serialisations a model must get right whatever the input. */
function checkModel(model: NoteModel, text: string): void {
  const lineCount = splitLines(text.replace(/^\uFEFF/, '')).length;
  for (const command of model.commands) {
    assert.ok(command.line >= 1 && command.line <= command.endLine && command.endLine <= lineCount, `command lines in range: ${command.line}-${command.endLine} of ${lineCount}`);
    assert.ok(command.column >= 1 && command.endColumn >= 1, 'columns are 1-based');
  }
  for (const section of allSections(model.sections)) {
    assert.ok(section.line >= 1 && section.line <= section.endLine && section.endLine <= lineCount, `section lines in range: ${section.line}-${section.endLine}`);
  }
  for (const definition of model.definitions) {
    assert.ok(definition.line >= 1 && definition.line <= lineCount);
  }
  assert.ok(JSON.stringify(toJson(model)).length > 0, 'serialises as the CLI prints it');
  const outline = formatNote(model);
  assert.ok(!CONTROL.test(outline), 'the CLI outline has no control characters');
}

function runInput(input: BadInput): void {
  const text = decode(input.bytes());
  const start = performance.now();
  const model = parseNote(input.name, text);
  const parseMs = since(start);
  const boundMs = Math.round(parseBoundMs(text.length));

  // The concept index the hovers and `course-notes define` build from the note.
  const indexStart = performance.now();
  const index = new TermIndex();
  addNoteDefinitions(index, input.name, model);
  index.add('image', { term: 'image', definition: 'x', source: { kind: 'builtin', docs: undefined } });
  const indexMs = since(indexStart);

  // A hover anywhere on the longest line looks the word up in that line.
  const longest = splitLines(text).reduce((a, b) => (b.length > a.length ? b : a), '');
  let hoverMs = 0;
  for (const offset of [0, Math.floor(longest.length / 2), Math.max(0, longest.length - 1)]) {
    const hoverStart = performance.now();
    index.matchAt(longest, offset);
    hoverMs = Math.max(hoverMs, since(hoverStart));
  }

  const outcome = model.skipped ? `skipped: ${model.skipped}` : `${model.commands.length} commands, ${[...allSections(model.sections)].length} sections, ${model.definitions.length} definitions`;
  measured.push({ name: input.name, kb: Math.round(text.length / 1024), parseMs, boundMs, indexMs, hoverMs, outcome });
  report(`${Math.round(text.length / 1024)} KB: parse ${parseMs} ms (bound ${boundMs} ms), index ${indexMs} ms, hover ${hoverMs} ms → ${outcome}`);

  assert.ok(parseMs <= boundMs, `parsed in ${parseMs} ms, over the ${boundMs} ms bound`);
  assert.ok(indexMs <= boundMs, `indexed its definitions in ${indexMs} ms, over the ${boundMs} ms bound`);
  assert.ok(hoverMs <= HOVER_BOUND_MS, `a hover lookup on its longest line took ${hoverMs} ms`);

  const expect = input.expect;
  if (expect.skipped) {
    assert.match(model.skipped ?? '(parsed)', expect.skipped);
    assert.equal(model.commands.length, 0);
    return;
  }
  assert.equal(model.skipped, undefined, 'parsed, not skipped');
  if (expect.title !== undefined) {
    assert.equal(model.title, expect.title);
  }
  if (expect.commands !== undefined) {
    assert.equal(model.commands.length, expect.commands);
  }
  if (expect.sections !== undefined) {
    assert.equal([...allSections(model.sections)].length, expect.sections);
  }
  checkModel(model, text);
}

describe('reliability: the notes model on adversarial input (time-bounded)', function () {
  this.timeout(120_000);

  const goodBefore = new Map<string, NoteModel>();

  before(() => {
    // Load markdown-it and warm the parser up, so the first bad input does not pay for it.
    for (const note of goodNotes()) {
      goodBefore.set(note.name, parseNote(note.name, note.text));
    }
  });

  after(() => {
    const slowest = [...measured].sort((a, b) => b.parseMs / b.boundMs - a.parseMs / a.boundMs)[0];
    if (slowest) {
      report(`closest to its bound: ${slowest.name}, ${slowest.parseMs} of ${slowest.boundMs} ms`);
    }
  });

  for (const input of badInputs()) {
    it(`${input.what} (${input.name})`, () => runInput(input));
  }

  // Inputs the parser and the concept index were once super-linear on (see TESTING.md).
  for (const input of coreSlowInputs()) {
    it(`[src/core] ${input.what} (${input.name})`, () => runInput(input));
  }

  it('gives the same model for LF, CRLF, lone CR and mixed line ends', () => {
    const lf = parseNote('note.md', LINE_ENDING_NOTE.join('\n'));
    for (const [name, text] of [
      ['CRLF', LINE_ENDING_NOTE.join('\r\n')],
      ['CR', LINE_ENDING_NOTE.join('\r')],
      ['mixed', mixedLineEnds(LINE_ENDING_NOTE)],
    ] as const) {
      assert.deepEqual(parseNote('note.md', text), lf, `${name} reads like LF`);
    }
    assert.deepEqual(lf.commands.map((command) => `${command.line}:${command.column} ${command.text}`), [
      '3:6 docker ps',
      '8:1 docker build -t web .',
      '10:1 docker run --rm web',
    ]);
  });

  it('parses every good note the same after all the bad inputs (no state leaks between notes)', () => {
    for (const note of goodNotes()) {
      const model = parseNote(note.name, note.text);
      assert.deepEqual(model, goodBefore.get(note.name));
      assert.equal(model.title, note.title);
      assert.deepEqual(model.commands.map((command) => command.text), note.commands);
      assert.ok(model.definitions.some((definition) => definition.term === note.term));
    }
  });

  it('keeps serving cached good notes while bad ones come and go in the same cache', () => {
    const cache = new NoteCache();
    const good = goodNotes();
    for (const note of good) {
      cache.get(note.name, 'v1', () => note.text);
    }
    for (const input of badInputs().filter((bad) => bad.name.includes('binary') || bad.name.includes('control') || bad.name.includes('10mb'))) {
      const model = cache.get(input.name, 'v1', () => decode(input.bytes()));
      assert.ok(model.skipped !== undefined || model.commands.length > 0, input.name);
      cache.delete(input.name);
    }
    for (const note of good) {
      let read = false;
      const model = cache.get(note.name, 'v1', () => {
        read = true;
        return note.text;
      });
      assert.equal(read, false, `${note.name} came from the cache`);
      assert.equal(model.title, note.title);
    }
  });
});
