import * as assert from 'node:assert/strict';
import { formatNote } from '../../src/cli/format';
import { inertCli as inert } from '../../src/core/inertText';
import { parseNote, skippedNote } from '../../src/core/noteParser';

describe('inert', () => {
  const cases: Array<[string, string, string]> = [
    ['replaces ESC and BEL', 'a\u001b]0;x\u0007b', 'a\uFFFD]0;x\uFFFDb'],
    ['replaces a C1 control (CSI)', 'a\u009b31mb', 'a\uFFFD31mb'],
    ['replaces CR and DEL', 'a\rb\u007f', 'a\uFFFDb\uFFFD'],
    ['shows line feeds as ⏎', 'a\nb', 'a⏎b'],
    ['keeps tabs and ordinary Unicode', 'café\t🐳', 'café\t🐳'],
  ];
  for (const [name, text, expected] of cases) {
    it(name, () => {
      assert.equal(inert(text), expected);
    });
  }
});

describe('formatNote', () => {
  it('prints title, nested sections with times, and commands with their positions', () => {
    const note = parseNote(
      'lab.md',
      'Preamble `docker version`\n\n# Lab (1h 30m)\n\n## Run\n\n```\n$ docker run -it alpine sh\n```\n\n### Heredoc\n\n```\ncat <<EOF | kubectl apply -f -\nkind: X\nEOF\n```\n',
    );
    assert.equal(
      formatNote(note),
      [
        'lab.md — Lab (1h 30m) (3 commands, 1h 30m)',
        '    $ docker version  (1:11, inline)',
        '  # Lab (1h 30m) [1h 30m]  (line 3)',
        '    ## Run  (line 5)',
        '        $ docker run -it alpine sh  (8:3, block)',
        '      ### Heredoc  (line 11)',
        '          $ cat <<EOF | kubectl apply -f -⏎kind: X⏎EOF  (14:1, block)',
      ].join('\n'),
    );
  });

  it('says "1 command" and shows no time when there is none', () => {
    assert.equal(formatNote(parseNote('a.md', '`docker ps`\n')), 'a.md — a (1 command)\n    $ docker ps  (1:2, inline)');
  });

  it('shows why a note was skipped', () => {
    assert.equal(formatNote(skippedNote('big.md', 'too large')), 'big.md — big (0 commands)\n  skipped: too large');
  });
});
