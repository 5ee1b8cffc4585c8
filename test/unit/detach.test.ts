import * as assert from 'node:assert/strict';
import { fullGc } from '../../bench/run';
import { detach, detachCompact, detacherFor } from '../../src/core/detach';
import { parseNote } from '../../src/core/noteParser';

function heapAfterGc(): number {
  fullGc();
  return process.memoryUsage().heapUsed;
}

describe('detach', () => {
  const texts = [
    '',
    'docker ps',
    'docker run -d --name web -p 8080:80 nginx:alpine',
    'kubectl get pods -o jsonpath="{.items[*].metadata.name}" # 100% of them',
    'docker logs web → the output – with “quotes” and é',
    'a lone surrogate \ud800 and a pair 😀 and %E2%86%92 escapes left as written',
    'x'.repeat(10_000),
  ];

  for (const copy of [detach, detachCompact]) {
    it(`${copy.name} returns exactly the text it is given`, () => {
      for (const text of texts) {
        // Taken out of a larger string, as the parser takes commands out of a note.
        const note = `prefix ${text} suffix`;
        const part = note.slice(7, 7 + text.length);
        assert.equal(copy(part), text);
      }
    });
  }

  it('picks the compact copy for a note with a character outside Latin-1 only', () => {
    assert.equal(detacherFor('# Docker\n\nRun `docker ps` (déjà vu is Latin-1).'), detach);
    assert.equal(detacherFor('# Docker → Kubernetes\n\nRun `docker ps`.'), detachCompact);
  });

  // What detach is for: a model keeps a few short strings of a note, never the note's text.
  for (const [kind, extra] of [
    ['one-byte', ''],
    ['two-byte (a character outside Latin-1)', ' →'],
  ] as const) {
    it(`a parsed model does not keep its ${kind} note's text alive`, () => {
      const prose = `${'Containers share the kernel of the host, which is why they start in milliseconds.'.repeat(40)}\n\n`;
      const noteText = (n: number) => {
        const parts = [`# Note ${n}${extra}\n`];
        for (let section = 0; section < 10; section++) {
          parts.push(
            `## Part ${section} (10min)\n\n**Term ${section}** - a definition of the term.\n\nRun \`docker run --name c${n}-${section} nginx\` now.\n\n` +
              // Steps, their printed output (prompted and in an output block) and checks: all kept by the model.
              `\`\`\`console {terminal=node-${section}}\n$ export GREETING=hello-from-section-${section}\n$ echo "$GREETING and more words"\nhello-from-section-${section} and more words\n\`\`\`\n\n` +
              `\`\`\`bash\nmkdir -p /tmp/lab-${n}-${section}/app\ncd /tmp/lab-${n}-${section}/app\n\`\`\`\n\nYou should see:\n\n\`\`\`\nnothing printed for section ${section}\n\`\`\`\n\n` +
              `<!-- check: test -d /tmp/lab-${n}-${section}/app -->\n\n\`\`\`sh {check}\ntest -d /tmp/lab-${n}-${section}/app && echo present\n\`\`\`\n\n${prose.repeat(60)}`,
          );
        }
        return parts.join('\n');
      };
      // Parsed once first, so the code the parser compiles for this kind of text (and its feedback)
      // is on the heap before the baseline is taken: it is not what the models retain.
      parseNote('warm-up.md', noteText(99));
      const before = heapAfterGc();
      const models = [];
      let textBytes = 0;
      // In a function of its own, so that no variable of this frame still holds the last text.
      const parseOne = (n: number) => {
        const text = noteText(n);
        textBytes += text.length;
        return parseNote(`note-${n}.md`, text);
      };
      for (let n = 0; n < 8; n++) {
        models.push(parseOne(n));
      }
      // V8 keeps the subject of the last regular expression match (RegExp.input): a small one, so it is not a note.
      /x/.exec('x');
      // The least of three measurements: a collection can leave something short-lived of the last
      // parse for one more cycle. Keeping the notes would show as megabytes in all three.
      const retained = Math.min(...[0, 1, 2].map(() => heapAfterGc() - before));
      assert.equal(models.length, 8);
      assert.equal(models[0].commands.length, 10);
      // The note's steps, outputs and checks are in the models, so what they hold is measured too.
      assert.equal(models[0].blocks.length, 30);
      assert.equal(models[0].checks.length, 20);
      assert.equal(models[0].blocks.filter((block) => block.steps.some((step) => step.expected)).length, 20);
      assert.equal(models[0].blocks[0].terminal, 'node-0');
      // 8 notes of ~2 MB: keeping any of them would retain megabytes; the models are a few KB each.
      assert.ok(textBytes > 8 * 1024 * 1024, `${textBytes} bytes of notes`);
      assert.ok(retained < 1024 * 1024, `models retain ${retained} bytes for ${textBytes} bytes of notes`);
    });
  }
});
