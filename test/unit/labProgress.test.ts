import * as assert from 'node:assert/strict';
import type { StatusOf, StepsOf } from '../../src/core/labProgress';
import { courseProgress, nextStep, noteProgress } from '../../src/core/labProgress';
import type { NoteModel } from '../../src/core/model';
import { parseNote } from '../../src/core/noteParser';
import { blockResultKey, checkResultKey, resultKeys } from '../../src/core/resultKeys';

const LAB = [
  '# Lab (1h)', // 1
  '',
  '## Intro (5min)', // 3
  '',
  'Read this first.',
  '',
  '## One (20min)', // 7
  '',
  '```bash',
  'mkdir demo', // 10
  'cd demo',
  'docker build -t x .', // 12
  '```',
  '',
  '## Two (30min)', // 15
  '',
  '### Two a (10min)', // 17
  '',
  '```bash',
  'docker run x', // 20
  '```',
  '',
  '### Two b (10min)', // 23
  '',
  '```bash',
  'echo hi', // 26
  '```',
  '',
  '## Wrap up (5min)', // 29
  '',
  'That was it.',
  '',
].join('\n');

/** Results given as `block N: status [step:exit,…]`, `command TEXT: status`, `check N: status` (N from 0). */
type Given = readonly string[];

function lookups(model: NoteModel, given: Given): { statusOf: StatusOf; stepsOf: StepsOf } {
  const status = new Map<string, string>();
  const steps = new Map<string, { step: number; exitCode: number }[]>();
  const stepBlocks = model.blocks.filter((block) => !block.check && block.steps.length > 0);
  const keys = resultKeys(model.commands);
  for (const row of given) {
    const match = /^(block|command|check) (.+?): (\w+)(?: \[(.*)\])?$/.exec(row);
    assert.ok(match, row);
    const [, kind, which, value, list] = match;
    let key: string;
    if (kind === 'block') {
      key = blockResultKey(model.blocks, stepBlocks[Number(which)]);
    } else if (kind === 'check') {
      key = checkResultKey(model.checks, model.checks[Number(which)]);
    } else {
      const index = model.commands.findIndex((command) => command.text === which);
      assert.ok(index >= 0, which);
      key = keys[index];
    }
    status.set(key, value);
    if (list) {
      steps.set(
        key,
        list.split(',').map((pair) => {
          const [step, exitCode] = pair.split(':').map(Number);
          return { step, exitCode };
        }),
      );
    }
  }
  return { statusOf: (key) => status.get(key), stepsOf: (key) => steps.get(key) };
}

/** A section's progress as `Title done/total[ ✓] minutesDone/minutes`. */
function rows(model: NoteModel, given: Given): string[] {
  const { statusOf, stepsOf } = lookups(model, given);
  const progress = noteProgress(model, statusOf, stepsOf);
  return [
    `note ${progress.done}/${progress.total}${progress.complete ? ' ✓' : ''} ${progress.minutesDone}/${progress.minutes}`,
    ...progress.sections.map((section) => `${section.title} ${section.done}/${section.total}${section.complete ? ' ✓' : ''} ${section.minutesDone}/${section.minutes}`),
  ];
}

describe('noteProgress: steps done and time done per section and note', () => {
  const model = parseNote('lab.md', LAB);
  const cases: [string, Given, string[]][] = [
    ['nothing ran: no step done, no time done', [], ['note 0/5 0/60', 'Lab (1h) 0/5 0/60', 'Intro (5min) 0/0 0/5', 'One (20min) 0/3 0/20', 'Two (30min) 0/2 0/30', 'Two a (10min) 0/1 0/10', 'Two b (10min) 0/1 0/10', 'Wrap up (5min) 0/0 0/5']],
    [
      "a block that ran ok completes its section, and a reading section before it counts as read",
      ['block 0: ok [1:0,2:0,3:0]'],
      ['note 3/5 25/60', 'Lab (1h) 3/5 25/60', 'Intro (5min) 0/0 ✓ 5/5', 'One (20min) 3/3 ✓ 20/20', 'Two (30min) 0/2 0/30', 'Two a (10min) 0/1 0/10', 'Two b (10min) 0/1 0/10', 'Wrap up (5min) 0/0 0/5'],
    ],
    [
      'a block that failed at its third step: the two before it are done, the section is not',
      ['block 0: failed [1:0,2:0,3:1]'],
      ['note 2/5 5/60', 'Lab (1h) 2/5 5/60', 'Intro (5min) 0/0 ✓ 5/5', 'One (20min) 2/3 0/20', 'Two (30min) 0/2 0/30', 'Two a (10min) 0/1 0/10', 'Two b (10min) 0/1 0/10', 'Wrap up (5min) 0/0 0/5'],
    ],
    [
      'a cancelled block counts the steps it got through with exit 0',
      ['block 0: cancelled [1:0,2:130]'],
      ['note 1/5 5/60', 'Lab (1h) 1/5 5/60', 'Intro (5min) 0/0 ✓ 5/5', 'One (20min) 1/3 0/20', 'Two (30min) 0/2 0/30', 'Two a (10min) 0/1 0/10', 'Two b (10min) 0/1 0/10', 'Wrap up (5min) 0/0 0/5'],
    ],
    [
      "a command step's own ok counts; a failed one does not",
      ['command docker build -t x .: ok', 'command docker run x: failed'],
      ['note 1/5 5/60', 'Lab (1h) 1/5 5/60', 'Intro (5min) 0/0 ✓ 5/5', 'One (20min) 1/3 0/20', 'Two (30min) 0/2 0/30', 'Two a (10min) 0/1 0/10', 'Two b (10min) 0/1 0/10', 'Wrap up (5min) 0/0 0/5'],
    ],
    [
      'a sub-section done gives its own time to its parent, not the parent\'s',
      ['command docker run x: ok'],
      ['note 1/5 15/60', 'Lab (1h) 1/5 15/60', 'Intro (5min) 0/0 ✓ 5/5', 'One (20min) 0/3 0/20', 'Two (30min) 1/2 10/30', 'Two a (10min) 1/1 ✓ 10/10', 'Two b (10min) 0/1 0/10', 'Wrap up (5min) 0/0 0/5'],
    ],
    [
      'a result that is still running or was only sent counts as nothing',
      ['block 0: running', 'command docker run x: sent'],
      ['note 0/5 0/60', 'Lab (1h) 0/5 0/60', 'Intro (5min) 0/0 0/5', 'One (20min) 0/3 0/20', 'Two (30min) 0/2 0/30', 'Two a (10min) 0/1 0/10', 'Two b (10min) 0/1 0/10', 'Wrap up (5min) 0/0 0/5'],
    ],
    [
      'every step done: the note is complete, the last reading section too, and the time is the note\'s whole estimate once',
      ['block 0: ok', 'block 1: ok', 'block 2: ok [1:0]'],
      ['note 5/5 ✓ 60/60', 'Lab (1h) 5/5 ✓ 60/60', 'Intro (5min) 0/0 ✓ 5/5', 'One (20min) 3/3 ✓ 20/20', 'Two (30min) 2/2 ✓ 30/30', 'Two a (10min) 1/1 ✓ 10/10', 'Two b (10min) 1/1 ✓ 10/10', 'Wrap up (5min) 0/0 ✓ 5/5'],
    ],
  ];
  for (const [name, given, expected] of cases) {
    it(name, () => {
      assert.deepEqual(rows(model, given), expected);
    });
  }

  it("never counts more time than a heading's estimate when its parts add up to more", () => {
    const note = parseNote('lab.md', '## Parent (15min)\n\n```bash\necho own\n```\n\n### A (10min)\n\n```bash\necho a\n```\n\n### B (10min)\n\n```bash\necho b\n```\n');
    assert.deepEqual(rows(note, ['block 1: ok', 'block 2: ok']), ['note 2/3 15/15', 'Parent (15min) 2/3 15/15', 'A (10min) 1/1 ✓ 10/10', 'B (10min) 1/1 ✓ 10/10']);
    // With no estimate on the heading, its minutes are its parts' sum, counted once.
    const sum = parseNote('lab.md', '## Parent\n\n```bash\necho own\n```\n\n### A (10min)\n\n```bash\necho a\n```\n\n### B (10min)\n\n```bash\necho b\n```\n');
    assert.deepEqual(rows(sum, ['block 0: ok', 'block 1: ok', 'block 2: ok']), ['note 3/3 ✓ 20/20', 'Parent 3/3 ✓ 20/20', 'A (10min) 1/1 ✓ 10/10', 'B (10min) 1/1 ✓ 10/10']);
    assert.deepEqual(rows(sum, ['block 1: ok']), ['note 1/3 10/20', 'Parent 1/3 10/20', 'A (10min) 1/1 ✓ 10/10', 'B (10min) 0/1 0/10']);
  });

  it("a section whose author's check passed is complete whatever its steps say; a failed check changes nothing", () => {
    const note = parseNote('lab.md', '## Scale (10min)\n\n```bash\ndocker service scale web=3\n```\n\n<!-- check: docker service ps web -q | wc -l | grep -qx 3 -->\n\n## Next (5min)\n\n```bash\ndocker service rm web\n```\n');
    assert.deepEqual(rows(note, ['check 0: ok']), ['note 0/2 10/15', 'Scale (10min) 0/1 ✓ 10/10', 'Next (5min) 0/1 0/5']);
    assert.deepEqual(rows(note, ['check 0: failed']), ['note 0/2 0/15', 'Scale (10min) 0/1 0/10', 'Next (5min) 0/1 0/5']);
    // A section with only a check must pass it: nothing else completes it.
    const only = parseNote('lab.md', '## Verify (5min)\n\n```bash {check}\ntest -d demo\n```\n');
    assert.deepEqual(rows(only, []), ['note 0/0 0/5', 'Verify (5min) 0/0 0/5']);
    assert.deepEqual(rows(only, ['check 0: ok']), ['note 0/0 ✓ 5/5', 'Verify (5min) 0/0 ✓ 5/5']);
  });

  it('keeps two copies of the same block apart (their result keys differ)', () => {
    const note = parseNote('lab.md', '## A (5min)\n\n```bash\ndocker ps\n```\n\n## B (5min)\n\n```bash\ndocker ps\n```\n');
    assert.deepEqual(rows(note, ['block 1: ok']), ['note 1/2 5/10', 'A (5min) 0/1 0/5', 'B (5min) 1/1 ✓ 5/5']);
  });

  it('counts steps before the first heading in the note, and time written there once the note is complete', () => {
    const note = parseNote('lab.md', 'Agenda:\n\n- Setup (5min)\n\n```bash\ndocker pull busybox\n```\n\n## Run (10min)\n\n```bash\ndocker run busybox\n```\n');
    assert.deepEqual(rows(note, ['block 1: ok']), ['note 1/2 10/15', 'Run (10min) 1/1 ✓ 10/10']);
    assert.deepEqual(rows(note, ['block 0: ok', 'block 1: ok']), ['note 2/2 ✓ 15/15', 'Run (10min) 1/1 ✓ 10/10']);
  });

  it('a note with nothing to run is never complete, and has no time done', () => {
    const note = parseNote('lab.md', '# Reading (20min)\n\n## Part (10min)\n\nProse.\n');
    assert.deepEqual(rows(note, []), ['note 0/0 0/20', 'Reading (20min) 0/0 0/20', 'Part (10min) 0/0 0/10']);
  });
});

describe('courseProgress and nextStep: across the notes of a course', () => {
  const first = parseNote('a.md', LAB);
  const second = parseNote('b.md', '# B (10min)\n\n```bash\ndocker ps\ndocker images\n```\n');

  it('sums steps and time over the notes', () => {
    const a = lookups(first, ['block 0: ok']);
    const b = lookups(second, ['block 0: ok']);
    const course = courseProgress([noteProgress(first, a.statusOf, a.stepsOf), noteProgress(second, b.statusOf, b.stepsOf)]);
    assert.deepEqual(course, { done: 5, total: 7, minutes: 70, minutesDone: 35, notes: 2, notesComplete: 1 });
    assert.deepEqual(courseProgress([]), { done: 0, total: 0, minutes: 0, minutesDone: 0, notes: 0, notesComplete: 0 });
  });

  const cases: [string, Given, Given, string | undefined][] = [
    ['nothing ran: the first step of the first note', [], [], 'a.md:10:1 mkdir demo'],
    ['a block failed at step 3: that step', ['block 0: failed [1:0,2:0,3:1]'], [], 'a.md:12:1 docker build -t x .'],
    ['a later step done does not skip an earlier one left', ['command docker run x: ok'], [], 'a.md:10:1 mkdir demo'],
    ['the first note done: the second note', ['block 0: ok', 'block 1: ok', 'block 2: ok'], [], 'b.md:4:1 docker ps'],
    ['everything done: nothing', ['block 0: ok', 'block 1: ok', 'block 2: ok'], ['block 0: failed [1:0,2:0]'], undefined],
  ];
  for (const [name, givenA, givenB, expected] of cases) {
    it(name, () => {
      const a = lookups(first, givenA);
      const b = lookups(second, givenB);
      const next = nextStep([
        { model: first, ...a },
        { model: second, ...b },
      ]);
      assert.equal(next && `${next.file}:${next.line}:${next.column} ${next.text}`, expected);
    });
  }

  it("skips the steps of a section whose check passed, and notes that were not parsed", () => {
    const checked = parseNote('c.md', '## Scale (10min)\n\n```bash\ndocker service scale web=3\n```\n\n<!-- check: docker service ps web -q | wc -l | grep -qx 3 -->\n\n## Next (5min)\n\n```bash\ndocker service rm web\n```\n');
    const c = lookups(checked, ['check 0: ok']);
    const skipped = { ...parseNote('big.md', '```bash\ndocker ps\n```\n'), skipped: 'too large' };
    const none = { statusOf: () => undefined, stepsOf: () => undefined };
    assert.deepEqual(nextStep([{ model: skipped, ...none }, { model: checked, ...c }]), { index: 1, file: 'c.md', line: 12, column: 1, text: 'docker service rm web' });
  });
});

describe('checkResultKey: the key a check result is kept under', () => {
  it('is the check text behind a mark, with the copy number for a second copy of the same check', () => {
    const model = parseNote('lab.md', '<!-- check: test -d demo -->\n\n<!-- check: test -f x -->\n\n<!-- check: test -d demo -->\n');
    assert.deepEqual(
      model.checks.map((check) => checkResultKey(model.checks, check)),
      ['\u0001check\u0001test -d demo', '\u0001check\u0001test -f x', '\u0001check\u0001test -d demo\u00002'],
    );
    // Not among them (the note changed): the text alone.
    assert.equal(checkResultKey(model.checks, { text: 'test -d demo', line: 99 }), '\u0001check\u0001test -d demo');
  });
});
