import * as assert from 'node:assert/strict';
import type { FrontMatter } from '../../src/core/frontMatter';
import { readFrontMatter } from '../../src/core/frontMatter';

describe('readFrontMatter', () => {
  const cases: Array<[string, string[], FrontMatter]> = [
    ['reads a plain title', ['---', 'title: Hello', '---', '# x'], { title: 'Hello', lineCount: 3 }],
    ['unescapes a double-quoted title', ['---', 'title: "Say \\"hi\\""', '---'], { title: 'Say "hi"', lineCount: 3 }],
    ["unescapes a single-quoted title and accepts '...' as the end", ['---', "title: 'It''s'", '...'], { title: "It's", lineCount: 3 }],
    ['drops a trailing YAML comment', ['---', 'title: Lab # draft', '---'], { title: 'Lab', lineCount: 3 }],
    ['keeps the first of two titles', ['---', 'title: A', 'title: B', '---'], { title: 'A', lineCount: 4 }],
    ['accepts trailing spaces on the fences', ['--- ', 'title: A', '---  '], { title: 'A', lineCount: 3 }],
    ['ignores a block-scalar title', ['---', 'title: |', '  multi', '---'], { title: undefined, lineCount: 4 }],
    ['ignores an empty title', ['---', 'title:', '---'], { title: undefined, lineCount: 3 }],
    ['measures front matter without a title', ['---', 'author: me', '---'], { title: undefined, lineCount: 3 }],
    ['finds none when it is never closed', ['---', 'title: x', '# x'], { title: undefined, lineCount: 0 }],
    ['finds none when the note does not start with ---', ['# x', '---'], { title: undefined, lineCount: 0 }],
    ['finds none in a one-line note', ['---'], { title: undefined, lineCount: 0 }],
  ];
  for (const [name, lines, expected] of cases) {
    it(name, () => {
      assert.deepEqual(readFrontMatter(lines), expected);
    });
  }
});
