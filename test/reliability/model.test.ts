import * as assert from 'node:assert/strict';
import { formatNote } from '../../src/cli/format';
import { allSections } from '../../src/core/model';
import type { NoteModel } from '../../src/core/model';
import { NoteCache } from '../../src/core/noteCache';
import { addNoteDefinitions } from '../../src/core/noteConcepts';
import { toJson } from '../../src/core/noteJson';
import { getStockMarkdownIt, splitLines } from '../../src/core/markdownEngine';
import { parseNote } from '../../src/core/noteParser';
import { TermIndex } from '../../src/core/termIndex';
import type { BadInput } from './adversarial';
import { badInputs, coreSlowInputs, goodNotes, LINE_ENDING_NOTE, mixedLineEnds } from './adversarial';
import { fastestPair, ratio, report, TIME_RATIOS } from './helpers';

/** The same-run baseline of every timing bound (see TIME_RATIOS). */
const baselineParse = (text: string) => () => getStockMarkdownIt().parse(text, {});

/** Control characters a terminal acts on (tab and line feed are layout). */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;

interface Measured {
  readonly name: string;
  readonly kb: number;
  readonly parseMs: number;
  readonly baselineMs: number;
  readonly parseRatio: number;
  readonly indexRatio: number;
  readonly hoverRatio: number;
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
  for (const block of model.blocks) {
    assert.ok(block.line >= 1 && block.line <= block.endLine && block.endLine <= lineCount, `block lines in range: ${block.line}-${block.endLine}`);
    for (const step of block.steps) {
      assert.ok(step.line >= block.line && step.line <= step.endLine && step.endLine <= block.endLine, `step inside its block: ${step.line}-${step.endLine}`);
      assert.ok(step.command === -1 || model.commands[step.command]?.line === step.line, 'a step points at its own command');
      if (step.expected) {
        assert.ok(step.expected.line > step.line && step.expected.line <= step.expected.endLine && step.expected.endLine <= lineCount, `expected output in range: ${step.expected.line}-${step.expected.endLine}`);
      }
    }
  }
  for (const check of model.checks) {
    assert.ok(check.line >= 1 && check.line <= check.endLine && check.endLine <= lineCount, `check lines in range: ${check.line}-${check.endLine}`);
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
  const model = parseNote(input.name, text);
  // A note skipped unread is compared with reading its first 64 KB.
  const baseline = baselineParse(model.skipped ? text.slice(0, 64 * 1024) : text);
  const [parseMs, baselineMs] = fastestPair(() => parseNote(input.name, text), baseline);

  // The concept index the hovers and `course-notes define` build from the note.
  const buildIndex = (): TermIndex => {
    const index = new TermIndex();
    addNoteDefinitions(index, input.name, model);
    index.add('image', { term: 'image', definition: 'x', source: { kind: 'builtin', docs: undefined } });
    return index;
  };
  const [indexMs, indexBaselineMs] = fastestPair(buildIndex, baseline);
  const index = buildIndex();

  // A hover anywhere on the longest line looks the word up in that line.
  const longest = splitLines(text).reduce((a, b) => (b.length > a.length ? b : a), '');
  const offsets = [0, Math.floor(longest.length / 2), Math.max(0, longest.length - 1)];
  const [hoverMs, lineBaselineMs] = fastestPair(() => offsets.map((offset) => index.matchAt(longest, offset)), baselineParse(longest));

  const parseRatio = ratio(parseMs, baselineMs);
  const indexRatio = ratio(indexMs, indexBaselineMs);
  const hoverRatio = ratio(hoverMs, lineBaselineMs);
  const outcome = model.skipped ? `skipped: ${model.skipped}` : `${model.commands.length} commands, ${[...allSections(model.sections)].length} sections, ${model.definitions.length} definitions`;
  measured.push({ name: input.name, kb: Math.round(text.length / 1024), parseMs, baselineMs, parseRatio, indexRatio, hoverRatio, outcome });
  report(
    `${Math.round(text.length / 1024)} KB: parse ${parseMs.toFixed(2)} ms = ${parseRatio}× markdown-it (${baselineMs.toFixed(2)} ms), ` +
      `index ${indexRatio}×, hover ${hoverRatio}× markdown-it on the line → ${outcome}`,
  );

  assert.ok(parseRatio <= TIME_RATIOS.parse, `parsed in ${parseRatio}× the time markdown-it takes over it, over the ${TIME_RATIOS.parse}× bound`);
  assert.ok(indexRatio <= TIME_RATIOS.index, `indexed its definitions in ${indexRatio}× markdown-it's parse, over the ${TIME_RATIOS.index}× bound`);
  assert.ok(hoverRatio <= TIME_RATIOS.hover, `a hover lookup on its longest line took ${hoverRatio}× markdown-it's parse of the line, over the ${TIME_RATIOS.hover}× bound`);

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
    for (const key of ['parseRatio', 'indexRatio', 'hoverRatio'] as const) {
      const worst = [...measured].sort((a, b) => b[key] - a[key])[0];
      if (worst) {
        report(`worst ${key}: ${worst.name}, ${worst[key]}×`);
      }
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
