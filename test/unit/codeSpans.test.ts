import * as assert from 'node:assert/strict';
import type { CodeSpan } from '../../src/core/codeSpans';
import { findCodeSpans } from '../../src/core/codeSpans';

describe('findCodeSpans', () => {
  const cases: Array<[string, string, CodeSpan[]]> = [
    ['finds a single-backtick span', 'a `b` c', [{ content: 'b', start: 3, end: 4 }]],
    [
      'finds several spans on a line',
      '`docker ps` or `docker ps -a`',
      [
        { content: 'docker ps', start: 1, end: 10 },
        { content: 'docker ps -a', start: 16, end: 28 },
      ],
    ],
    ['strips one space on each side of a double-backtick span', '`` a`b ``', [{ content: 'a`b', start: 3, end: 6 }]],
    ['closes a run only with a run of the same length', '``two` ``', [{ content: 'two` ', start: 2, end: 7 }]],
    ['skips backslash-escaped backticks outside spans', '\\`not\\` `yes`', [{ content: 'yes', start: 9, end: 12 }]],
    ['treats an even run of backslashes as not escaping', '\\\\`code`', [{ content: 'code', start: 3, end: 7 }]],
    ['lets a backslash end a span (no escapes inside code)', '`C:\\Users\\` and `docker ps`', [
      { content: 'C:\\Users\\', start: 1, end: 10 },
      { content: 'docker ps', start: 17, end: 26 },
    ]],
    ['turns a line ending inside a span into a space', '`a\nb`', [{ content: 'a b', start: 1, end: 4 }]],
    ['keeps a span of spaces only as it is', '`  `', [{ content: '  ', start: 1, end: 3 }]],
    ['strips the single spaces around a word', '` a `', [{ content: 'a', start: 2, end: 3 }]],
    ['finds nothing for an unclosed backtick', '`unclosed', []],
    ['finds nothing when no run of the same length closes', '```a``', []],
  ];
  for (const [name, text, expected] of cases) {
    it(name, () => {
      assert.deepEqual(findCodeSpans(text), expected);
    });
  }
});
