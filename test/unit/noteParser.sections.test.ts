import * as assert from 'node:assert/strict';
import { splitLines } from '../../src/core/markdownEngine';
import { baseName } from '../../src/core/noteNames';
import { parseNote } from '../../src/core/noteParser';
import { sectionRows } from './helpers';

describe('parseNote: titles', () => {
  const cases: Array<[string, string, string, string]> = [
    ['takes the front matter title over the first H1', 'lab.md', '---\ntitle: Docker: the basics\n---\n# Heading\n', 'Docker: the basics'],
    ['takes the first H1 even after an H2', 'lab.md', '## Intro\n\n# Real Title\n\n# Second\n', 'Real Title'],
    ['takes a setext H1', 'lab.md', 'Docker Basics\n=============\n', 'Docker Basics'],
    ['reduces markup in the H1 to plain text', 'lab.md', '# **Docker** `run` [basics](x.md) ![whale](w.png)\n', 'Docker run basics whale'],
    ['falls back to the file name without folders or extension, made readable', 'notes/03-lab.md', 'No heading here.\n', '03 lab'],
    ['reads underscores and dashes in the file name as spaces', 'notes/docker_swarm--lab.md', '## Setup\n', 'docker swarm lab'],
    ['decodes a URI-encoded Windows file name', 'C:\\notes\\my%20lab.markdown', '## Only an H2\n', 'my lab'],
    ['keeps a file name that is not valid URI encoding', 'notes/100%.md', '', '100%'],
    ['skips an empty H1', 'notes/lab.md', '#\n\ntext\n', 'lab'],
    ['keeps the estimate written in the H1', 'lab.md', '# Docker Swarm (1h)\n', 'Docker Swarm (1h)'],
  ];
  for (const [name, file, text, title] of cases) {
    it(name, () => {
      assert.equal(parseNote(file, text).title, title);
    });
  }

  it('does not read front matter as a setext heading', () => {
    const note = parseNote('lab.md', '---\ntitle: x\n---\n\ntext\n');
    assert.deepEqual(note.sections, []);
    assert.equal(note.title, 'x');
  });

  it('keeps line numbers after front matter', () => {
    const note = parseNote('lab.md', '---\ntitle: x\nmodule: 2\n---\n# Heading\n\n`docker ps`\n');
    assert.deepEqual(sectionRows(note), ['Heading|1|5|8|0']);
    assert.equal(note.commands[0].line, 7);
  });
});

describe('parseNote: sections', () => {
  it('builds the heading tree with 1-based lines and end lines', () => {
    const note = parseNote('lab.md', '# A\n\n## B\n\ntext\n\n### C\n\n## D\n\n# E\n');
    assert.deepEqual(sectionRows(note), ['A|1|1|10|0', 'B|2|3|8|0', 'C|3|7|8|0', 'D|2|9|10|0', 'E|1|11|12|0']);
    assert.deepEqual(note.sections.map((s) => s.children.map((c) => c.title)), [['B', 'D'], []]);
  });

  it('nests a heading that skips a level under the last shallower one', () => {
    const note = parseNote('lab.md', '# A\n### C\n## B\n');
    assert.deepEqual(note.sections[0].children.map((c) => `${c.title}|${c.level}`), ['C|3', 'B|2']);
  });

  it('does not take # lines inside fences for headings', () => {
    const note = parseNote('lab.md', '# A\n\n```bash\n# a comment\n```\n');
    assert.deepEqual(sectionRows(note), ['A|1|1|6|0']);
  });

  it('reads setext H2 headings', () => {
    const note = parseNote('lab.md', 'Part one (10 min)\n-----------------\n');
    assert.deepEqual(sectionRows(note), ['Part one (10 min)|2|1|3|10']);
  });
});

describe('parseNote: time estimates', () => {
  it("lets a heading's own estimate win over the breakdown beneath it", () => {
    const note = parseNote('lab.md', '## Lab (90min)\n\n- part 1 (60 min)\n- part 2 (60 min)\n\n### Details (1h)\n');
    const lab = note.sections[0];
    assert.deepEqual([lab.ownMinutes, lab.minutes, lab.children[0].minutes, note.minutes], [90, 90, 60, 90]);
  });

  it('sums list items and sub-sections when the heading has no estimate', () => {
    const note = parseNote('lab.md', '# Day 1\n\n- intro (20min)\n- break\n\n## Lab (1h 30m)\n\n## Q&A (10 min)\n');
    assert.deepEqual(sectionRows(note), ['Day 1|1|1|9|120', 'Lab (1h 30m)|2|6|7|90', 'Q&A (10 min)|2|8|9|10']);
    assert.equal(note.sections[0].ownMinutes, undefined);
    assert.equal(note.minutes, 120);
  });

  it('counts nested items only when their parent item has no estimate', () => {
    const note = parseNote('lab.md', '## Agenda\n\n- a (5min)\n  - a1 (2min)\n  - a2 (2min)\n- b\n  - b1 (4min)\n');
    assert.equal(note.sections[0].minutes, 9);
  });

  it('counts estimates before the first heading in the note total', () => {
    const note = parseNote('lab.md', '- warm-up (5min)\n\n# A (10min)\n');
    assert.deepEqual([note.minutes, note.sections[0].minutes], [15, 10]);
  });

  it('does not count an agenda twice: items naming sections that have their own estimates', () => {
    const note = parseNote(
      'day.md',
      '# Docker Day\n\n## Agenda\n\n1. [Images](#images) (20min)\n2. **Containers** (30 min)\n3. Lunch (1h)\n\n## 1. Images (20 min)\n\n## Containers (30min)\n',
    );
    const [day] = note.sections;
    // Lunch has no section of its own, so its hour counts; Images and Containers count once.
    assert.deepEqual([day.children[0].minutes, day.children[1].minutes, day.children[2].minutes, note.minutes], [60, 20, 30, 110]);
  });

  it('lets one section stand for one agenda item: two breaks listed, one break section', () => {
    const note = parseNote(
      'day.md',
      '# Day\n\n## Morning\n\n- Images (20min)\n- Break (15min)\n\n## Afternoon\n\n- Volumes (30min)\n- Break (15min)\n\n## Break (15min)\n',
    );
    // Morning 20 + 0 (its break is the section), Afternoon 30 + 15, the Break section 15.
    assert.equal(note.minutes, 80);
  });

  it('keeps an agenda in the preamble when the sections it names have no estimates', () => {
    const note = parseNote('day.md', '- Images (20min)\n- Containers (30min)\n\n## Images\n\n## Containers\n');
    assert.equal(note.minutes, 50);
  });

  it('does not count prose such as "wait 5 minutes"', () => {
    const note = parseNote('lab.md', '## Pull\n\n- wait 5 minutes for the pull\n\nIt takes 10 min.\n');
    assert.equal(note.minutes, 0);
  });
});

describe('parseNote: commands by section', () => {
  it('puts each command in the section it is directly under', () => {
    const note = parseNote('lab.md', 'Intro `docker ps`\n\n# A\n\n`docker images`\n\n## B\n\n```\nkubectl get pods\n```\n');
    assert.deepEqual(note.preambleCommands.map((c) => c.text), ['docker ps']);
    assert.deepEqual(note.sections[0].commands.map((c) => c.text), ['docker images']);
    assert.deepEqual(note.sections[0].children[0].commands.map((c) => c.text), ['kubectl get pods']);
    assert.deepEqual(note.commands.map((c) => c.text), ['docker ps', 'docker images', 'kubectl get pods']);
  });
});

describe('parseNote: empty headings', () => {
  it('leaves bare # lines out of the sections, keeping what follows them in the section before', () => {
    const note = parseNote('lab.md', '# Lab\n\n## Steps\n\n#\n\n`docker ps`\n\n#\n\n## More\n');
    assert.deepEqual(sectionRows(note), ['Lab|1|1|12|0', 'Steps|2|3|10|0', 'More|2|11|12|0']);
    assert.deepEqual(note.sections[0].children[0].commands.map((c) => c.text), ['docker ps']);
  });
});

describe('baseName and splitLines', () => {
  const names: Array<[string, string]> = [
    ['notes/03-lab.md', '03-lab'],
    ['C:\\course\\Intro.MD', 'Intro'],
    ['file:///home/me/my%20notes/lab%201.markdown', 'lab 1'],
    ['notes/readme.txt', 'readme.txt'],
    ['notes/folder/', 'folder'],
    ['.md', '.md'],
  ];
  for (const [file, expected] of names) {
    it(`names ${file} ${JSON.stringify(expected)}`, () => {
      assert.equal(baseName(file), expected);
    });
  }

  it('splits on LF, CRLF and lone CR', () => {
    assert.deepEqual(splitLines('a\r\nb\rc\nd\n'), ['a', 'b', 'c', 'd', '']);
  });
});
