import * as assert from 'node:assert/strict';
import { inertCli, inertIconLabel, inertLabel, inertMarkdown, inertTerminal, inertTooltip } from '../../src/core/inertText';

/** A note's worst: an escape that recolours, an OSC that retitles, a bell, a C1 CSI, a tab, CRLF. */
const HOSTILE = 'Lab \u001b[31mred\u001b[0m \u001b]0;pwned\u0007 \u009b2J\tend\r\nnext $(check) **bold** `code`';

describe('inertText: note text made inert for each place it ends up', () => {
  const cases: Array<[string, (text: string) => string, string]> = [
    ['a label: one line, controls as spaces, whitespace collapsed', inertLabel, 'Lab [31mred [0m ]0;pwned 2J end next $(check) **bold** `code`'],
    ['a label where icons render: $( escaped too', inertIconLabel, 'Lab [31mred [0m ]0;pwned 2J end next \\$(check) **bold** `code`'],
    ['a tooltip: line breaks kept, other controls as spaces', inertTooltip, 'Lab  [31mred [0m  ]0;pwned   2J end\nnext $(check) **bold** `code`'],
    ['terminal output: controls made visible, tab and line feed kept', inertTerminal, 'Lab ^[[31mred^[[0m ^[]0;pwned^G \uFFFD2J\tend^M\nnext $(check) **bold** `code`'],
    ['CLI output: controls as U+FFFD, a line feed as ⏎', inertCli, 'Lab \uFFFD[31mred\uFFFD[0m \uFFFD]0;pwned\uFFFD \uFFFD2J\tend\uFFFD⏎next $(check) **bold** `code`'],
  ];
  for (const [what, inert, expected] of cases) {
    it(`makes ${what}`, () => {
      assert.equal(inert(HOSTILE), expected);
    });
  }

  it('escapes every Markdown character in hover text, so nothing renders or links', () => {
    assert.equal(inertMarkdown('[x](command:evil) <b>*a*</b> `c` $(icon)\u001b'), '\\[x\\]\\(command\\:evil\\) \\<b\\>\\*a\\*\\</b\\> \\`c\\` \\$\\(icon\\) ');
  });

  it('cuts long labels and tooltips with an ellipsis at the limit', () => {
    assert.equal(inertLabel('a'.repeat(10), 5), 'aaaa…');
    assert.equal(inertTooltip('b'.repeat(10), 4), 'bbb…');
  });
});
