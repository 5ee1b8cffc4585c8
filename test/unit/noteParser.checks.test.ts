import * as assert from 'node:assert/strict';
import { allSections } from '../../src/core/model';
import { parseNote } from '../../src/core/noteParser';

/** A note's checks as `source line-endLine: text`. */
function checkRows(note: string): string[] {
  return parseNote('note.md', note).checks.map((check) => `${check.source} ${check.line}-${check.endLine}: ${check.text}`);
}

describe('parseNote: the checks an author writes', () => {
  const cases: [string, string, string[]][] = [
    ['a ```bash {check} fence', '```bash {check}\ndocker service ps web -q | wc -l | grep -qx 3\n```\n', ['fence 1-3: docker service ps web -q | wc -l | grep -qx 3']],
    ['a ```sh {.check} fence of several lines', '```sh {.check}\ntest -f Dockerfile\ndocker image inspect demo >/dev/null\n```\n', ['fence 1-4: test -f Dockerfile\ndocker image inspect demo >/dev/null']],
    ['a comment on a line of its own', 'Scale it.\n\n<!-- check: docker service ps web -q | wc -l | grep -qx 3 -->\n', ['comment 3-3: docker service ps web -q | wc -l | grep -qx 3']],
    ['a comment over several lines', '<!-- check:\ndocker node ls --format "{{.Hostname}}" | grep -q node2\n-->\n', ['comment 1-3: docker node ls --format "{{.Hostname}}" | grep -q node2']],
    ['two comments on one line, and an ordinary comment between', '<!-- check: test -d demo --> <!-- a note to self --> <!-- CHECK : test -f demo/Dockerfile -->\n', ['comment 1-1: test -d demo', 'comment 1-1: test -f demo/Dockerfile']],
    ['a comment that is not a check', '<!-- checklist: do the lab -->\n<!-- TODO check this -->\n', []],
    ['an empty check', '<!-- check: -->\n\n```bash {check}\n```\n', []],
    ['a comment inside a code block does not count', '```html\n<!-- check: rm -rf / -->\n```\n\n```bash\necho "<!-- check: no -->"\n```\n', []],
    ['a comment inside a paragraph does not count', 'Some prose <!-- check: test -d demo --> and more.\n', []],
    ['an unclosed comment holds no check', '<!-- check: test -d demo\n\nstill in the comment\n', []],
    ['a fence whose braces say something else is no check', '```bash {checked}\necho hi\n```\n', []],
  ];
  for (const [name, note, rows] of cases) {
    it(name, () => {
      assert.deepEqual(checkRows(note), rows);
    });
  }

  it("a check fence's lines are neither steps nor commands, and its block is marked as a check", () => {
    const model = parseNote('note.md', '```bash\ndocker service create --name web --replicas 3 nginx\n```\n\n```bash {check}\ndocker service ps web -q | wc -l | grep -qx 3\n```\n');
    assert.equal(model.commands.length, 1, 'no Run lens on the check');
    assert.deepEqual(
      model.blocks.map((block) => [block.index, block.check, block.steps.length]),
      [
        [0, false, 1],
        [1, true, 0],
      ],
    );
  });

  it('a check fence is not taken for the output of the step before it', () => {
    const model = parseNote('note.md', '```bash\ndocker ps\n```\n\nYou should see:\n\n```bash {check}\ndocker ps -q | grep -q .\n```\n');
    assert.equal(model.blocks[0].steps[0].expected, undefined);
    assert.equal(model.checks.length, 1);
  });

  it('each section holds its own checks, and a check before the first heading is the note\'s only', () => {
    const note = '<!-- check: docker info -->\n\n# Lab\n\n## Build\n\n<!-- check: docker image inspect demo -->\n\n### Run\n\n```sh {check}\ndocker ps | grep -q demo\n```\n\n## Clean up\n';
    const model = parseNote('note.md', note);
    assert.equal(model.checks.length, 3);
    const bySection = Object.fromEntries([...allSections(model.sections)].map((section) => [section.title, section.checks.map((check) => check.text)]));
    assert.deepEqual(bySection, { Lab: [], Build: ['docker image inspect demo'], Run: ['docker ps | grep -q demo'], 'Clean up': [] });
  });

  it('reads a check comment in a list item', () => {
    assert.deepEqual(checkRows('1. Start the service.\n\n   <!-- check: docker service ls -q | grep -q . -->\n'), ['comment 3-3: docker service ls -q | grep -q .']);
  });
});
