import * as assert from 'node:assert/strict';
import { quoteShellValue, splitShellWords } from '../../src/core/shellWords';

describe('shellWords', () => {
  describe('splitShellWords: words', () => {
    const cases: Array<[string, string, string[]]> = [
      ['plain words', 'docker run -it alpine sh', ['docker', 'run', '-it', 'alpine', 'sh']],
      ['runs of blanks and tabs', '  docker \t ps   -a ', ['docker', 'ps', '-a']],
      ['single quotes', "echo 'a b' c", ['echo', 'a b', 'c']],
      ['double quotes', 'echo "a b" c', ['echo', 'a b', 'c']],
      ['quotes glued to a word', 'FOO="a b"c', ['FOO=a bc']],
      ['an escaped blank', 'echo a\\ b', ['echo', 'a b']],
      ['an escaped quote in double quotes', 'echo "a\\"b"', ['echo', 'a"b']],
      ['a backslash kept in double quotes before other letters', 'echo "a\\nb"', ['echo', 'a\\nb']],
      ['a backslash literal in single quotes', "echo 'a\\b'", ['echo', 'a\\b']],
      ['an empty quoted word', "echo '' \"\"", ['echo', '', '']],
      ['a continuation between words', 'docker run \\\n  -it alpine', ['docker', 'run', '-it', 'alpine']],
      ['a continuation inside a word', 'alp\\\nine', ['alpine']],
      ['a continuation at the start', '\\\ndocker ps', ['docker', 'ps']],
      ['a comment', 'docker ps # list them', ['docker', 'ps']],
      ['a # inside a word', 'echo a#b', ['echo', 'a#b']],
      ['a comment after an operator', 'docker ps;# list', ['docker', 'ps']],
      ['an unterminated quote (best read)', 'echo "abc', ['echo', 'abc']],
      ['&& between commands (no empty words)', 'docker stop x && docker rm x', ['docker', 'stop', 'x', 'docker', 'rm', 'x']],
      ['a pipe without blanks', 'docker ps|wc', ['docker', 'ps', 'wc']],
      ['a redirection', 'docker ps > out.txt', ['docker', 'ps', 'out.txt']],
      ['a background &', 'sleep 1 &', ['sleep', '1']],
    ];
    for (const [what, text, expected] of cases) {
      it(`splits ${what}`, () => {
        assert.deepEqual(
          splitShellWords(text).words.map((word) => word.value),
          expected,
        );
      });
    }
  });

  describe('splitShellWords: plain words and shell syntax', () => {
    const cases: Array<[string, string, boolean[], boolean]> = [
      ['plain words', 'docker ps -a', [true, true, true], false],
      ['a quoted word', "echo 'a'", [true, false], false],
      ['an escaped word', 'echo a\\ b', [true, false], false],
      ['a variable', 'echo $HOME', [true, false], true],
      ['a braced variable', 'echo ${HOME}', [true, false], true],
      ['backticks', 'echo `hostname`', [true, false], true],
      ['a $ inside double quotes', 'echo "$HOME"', [true, false], true],
      ['a $ inside single quotes (literal)', "echo '$HOME'", [true, false], false],
      ['an escaped $ in double quotes', 'echo "\\$HOME"', [true, false], false],
      ['a glob', 'ls *.md', [true, false], true],
      ['a ? glob', 'ls file?.md', [true, false], true],
      ['a tilde', 'ls ~/notes', [true, false], true],
      ['a bracket glob', 'ls [ab].md', [true, false], true],
      ['a pipe', 'docker ps | wc -l', [true, true, true, true], true],
      ['a semicolon', 'docker ps; docker images', [true, true, true, true], true],
      ['a redirection', 'docker ps >out', [true, true, true], true],
      ['a subshell', '(docker ps)', [true, true], true],
      ['an assignment', 'FOO=bar docker ps', [true, true, true], false],
    ];
    for (const [what, text, plain, hasShellSyntax] of cases) {
      it(`reads ${what} as ${hasShellSyntax ? 'shell syntax' : 'no shell syntax'}`, () => {
        const split = splitShellWords(text);
        assert.deepEqual({ plain: split.words.map((word) => word.plain), hasShellSyntax: split.hasShellSyntax }, { plain, hasShellSyntax });
      });
    }
  });

  it('reads a command substitution as shell syntax, its $ word not plain', () => {
    const split = splitShellWords('echo $(hostname)');
    assert.equal(split.hasShellSyntax, true);
    assert.equal(split.words[1].plain, false);
  });

  describe('quoteShellValue', () => {
    const cases: Array<[string, string, string]> = [
      ['a plain name', 'web-1', 'web-1'],
      ['an image reference', 'localhost:5000/app:1.0', 'localhost:5000/app:1.0'],
      ['an assignment', 'FOO=bar', 'FOO=bar'],
      ['an empty value', '', "''"],
      ['blanks', 'a b', "'a b'"],
      ['a command after ;', 'x; touch MARKER', "'x; touch MARKER'"],
      ['a command substitution', '$(touch MARKER)', "'$(touch MARKER)'"],
      ['backticks', '`touch MARKER`', "'`touch MARKER`'"],
      ['a variable', '$HOME', "'$HOME'"],
      ['a single quote inside', "it's", "'it'\\''s'"],
      ['only a single quote', "'", "''\\'''"],
      ['double quotes', 'say "hi"', "'say \"hi\"'"],
      ['a glob', '*', "'*'"],
      ['a tilde', '~', "'~'"],
      ['a newline', 'a\nb', "'a\nb'"],
      ['a pipe and redirection', 'a|b>c', "'a|b>c'"],
    ];
    for (const [what, value, expected] of cases) {
      it(`quotes ${what}`, () => {
        assert.equal(quoteShellValue(value), expected);
      });
    }

    const roundTrips = ['x; touch MARKER', '$(touch MARKER)', '`touch MARKER`', "it's", "'''", 'a  b', 'a\\b', '"$HOME"', '-rf', 'a\tb'];
    for (const value of roundTrips) {
      it(`splits the quoted form of ${JSON.stringify(value)} back into exactly that one word`, () => {
        const split = splitShellWords(`echo ${quoteShellValue(value)}`);
        assert.deepEqual(
          split.words.map((word) => word.value),
          ['echo', value],
        );
      });
    }
  });
});
