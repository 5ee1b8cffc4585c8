import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { generateCourse } from '../../bench/generateCourse';
import type { Lines, ParseEnv } from '../../src/core/markdownEngine';
import { getMarkdownIt, NoteLines, splitLines } from '../../src/core/markdownEngine';
import { ROOT } from './helpers';

/** The lines the parser reads for `text`: from markdown-it's block state, as parseNote gets them. */
function parsedLines(text: string): Lines {
  const env: ParseEnv = {};
  getMarkdownIt().parse(text, env);
  return NoteLines.of(text, env.blockState);
}

/** Every line both ways, a few past the end too. */
function assertSameLines(text: string, what: string): void {
  const lines = parsedLines(text);
  const expected = splitLines(text);
  assert.equal(lines.count, expected.length, `${what}: line count`);
  for (let i = 0; i < expected.length + 3; i++) {
    assert.equal(lines.at(i), expected[i] ?? '', `${what}: line ${i}`);
  }
}

function markdownFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? markdownFiles(full) : entry.name.endsWith('.md') ? [full] : [];
  });
}

describe('NoteLines (lines read from markdown-it instead of a second split)', () => {
  const cases: [string, string][] = [
    ['empty', ''],
    ['one line', 'docker ps'],
    ['a final line end', 'a\n'],
    ['blank lines at the end', 'a\n\n\n'],
    ['only spaces on the last line', 'a\n   '],
    ['only spaces', '   '],
    ['only a line end', '\n'],
    ['tabs and spaces', '\t\n  \t x\n\t'],
    ['block quotes and lists, nested', '> quote\n> - item\n>   - nested `docker ps`\n>\n> > deeper\n\n- a\n  b\n\n  c\n    1. d\n'],
    ['an unterminated fence', '```bash\ndocker ps\n  docker images\n'],
    ['a table', '| a | b |\n|---|---|\n| `docker ps` | x |\n'],
    ['html', '<details>\n<summary>x</summary>\n\n```\ndocker ps\n```\n</details>\n'],
    ['CRLF (normalised: split instead)', 'a\r\nb\r\n'],
    ['a lone CR', 'a\rb'],
    ['a NUL (normalised: split instead)', 'a\n\u0000b\n'],
    ['non-ASCII', '# Überblick → Docker\n\nÄ `docker ps` – ok\n'],
    ['front matter (blanked before parsing: split instead)', '---\ntitle: A\n---\n# B\n'],
  ];
  for (const [what, text] of cases) {
    it(`gives the lines of splitLines: ${what}`, () => assertSameLines(text, what));
  }

  it('gives the lines of splitLines for every fixture note and the sample course', () => {
    const files = [...markdownFiles(path.join(ROOT, 'test', 'fixtures')), ...markdownFiles(path.join(ROOT, 'sample-course'))];
    assert.ok(files.length > 15, `${files.length} notes`);
    for (const file of files) {
      assertSameLines(fs.readFileSync(file, 'utf8').replace(/^\uFEFF/, ''), path.relative(ROOT, file));
    }
  });

  it('gives the lines of splitLines for 300 generated notes', () => {
    for (const note of generateCourse({ notes: 300, totalBytes: 1_500_000, seed: 11 })) {
      assertSameLines(note.text, note.name);
    }
  });
});

describe('the notes model\'s markdown-it', () => {
  it('runs with linkify off, so the bundles\' stand-in for linkify-it (src/core/noLinkify.ts) is never asked', () => {
    const md = getMarkdownIt();
    assert.equal(md.options.linkify, false);
    const tokens = md.parse('See https://example.com and www.example.com.\n', {});
    assert.ok(!tokens.some((token) => token.markup === 'linkify'));
  });
});
