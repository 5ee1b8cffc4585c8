import * as assert from 'node:assert/strict';
import { findPlaceholders } from '../../src/core/commandLine';
import type { PlaceholderSource } from '../../src/core/placeholderValues';
import { fillPlaceholders, placeholderSource } from '../../src/core/placeholderValues';
import { splitShellWords } from '../../src/core/shellWords';

/** Fills the placeholders a note's command has, as the run controller does. */
function fill(text: string, values: Record<string, string>): string {
  return fillPlaceholders(text, findPlaceholders(text), new Map(Object.entries(values)));
}

describe('placeholderValues', () => {
  describe('fillPlaceholders', () => {
    const cases: Array<[string, string, Record<string, string>, string]> = [
      ['a single placeholder', 'docker logs <container>', { '<container>': 'web' }, 'docker logs web'],
      ['a repeated placeholder, every time', 'docker stop <name> && docker rm <name>', { '<name>': 'web' }, 'docker stop web && docker rm web'],
      ['two different placeholders', 'kubectl logs <pod> -c <container>', { '<pod>': 'web-1', '<container>': 'app' }, 'kubectl logs web-1 -c app'],
      ['an optional placeholder left empty', 'docker run [options] <image>', { '[options]': '', '<image>': 'alpine' }, 'docker run alpine'],
      ['an optional placeholder left empty at the end', 'docker ps [options]', { '[options]': '' }, 'docker ps'],
      ['two optional placeholders left empty', 'docker ps [a] [b] -q', { '[a]': '', '[b]': '' }, 'docker ps -q'],
      ['an optional placeholder given a plain value', 'docker ps [options]', { '[options]': '-a' }, 'docker ps -a'],
      ['a value with blanks (one quoted word)', 'docker run --rm busybox echo <message>', { '<message>': 'hello  world' }, "docker run --rm busybox echo 'hello  world'"],
      ['a value with a ; (no second command)', 'docker run --rm busybox echo <message>', { '<message>': 'x; touch MARKER' }, "docker run --rm busybox echo 'x; touch MARKER'"],
      ['a command substitution', 'docker run --rm busybox echo <message>', { '<message>': '$(touch MARKER)' }, "docker run --rm busybox echo '$(touch MARKER)'"],
      ['backticks', 'docker run --rm busybox echo <message>', { '<message>': '`touch MARKER`' }, "docker run --rm busybox echo '`touch MARKER`'"],
      ['a single quote inside the value', 'docker run --rm busybox echo <message>', { '<message>': "it's" }, "docker run --rm busybox echo 'it'\\''s'"],
      ['a placeholder inside an assignment', 'docker run -e PASSWORD=<password> mysql', { '<password>': 'a b' }, "docker run -e PASSWORD='a b' mysql"],
      ['a placeholder the note put in double quotes', 'docker run --rm busybox echo "<message>"', { '<message>': '$(touch MARKER) `x` "q" \\' }, 'docker run --rm busybox echo "\\$(touch MARKER) \\`x\\` \\"q\\" \\\\"'],
      ['a placeholder the note put in single quotes', "docker run --rm busybox echo '<message>'", { '<message>': "$(touch MARKER) it's" }, "docker run --rm busybox echo '$(touch MARKER) it'\\''s'"],
      ['a blank kept inside the note\'s own quotes', 'docker run --rm busybox echo "a  b" <x>', { '<x>': 'c' }, 'docker run --rm busybox echo "a  b" c'],
    ];
    for (const [what, text, values, expected] of cases) {
      it(`fills ${what}`, () => {
        assert.equal(fill(text, values), expected);
      });
    }

    // Whatever the value, the shell reads it back as exactly that text: one word, nothing run.
    const hostile = ['x; touch MARKER', '$(touch MARKER)', '`touch MARKER`', "it's; touch MARKER", 'a && touch MARKER', '"; touch MARKER; "', '\\', '$HOME', 'a\nb'];
    const forms: Array<[string, string]> = [
      ['unquoted', 'docker run --rm busybox echo <message>'],
      ['in double quotes', 'docker run --rm busybox echo "<message>"'],
      ['in single quotes', "docker run --rm busybox echo '<message>'"],
    ];
    for (const [where, text] of forms) {
      for (const value of hostile) {
        it(`keeps ${JSON.stringify(value)} ${where} one literal word with no shell syntax left`, () => {
          const split = splitShellWords(fill(text, { '<message>': value }));
          assert.deepEqual(
            split.words.map((word) => word.value),
            ['docker', 'run', '--rm', 'busybox', 'echo', value],
          );
          assert.equal(split.hasShellSyntax, false);
        });
      }
    }
  });

  describe('placeholderSource', () => {
    const cases: Array<[string, string, PlaceholderSource]> = [
      ['container ID', 'docker', { tool: 'docker', kind: 'container' }],
      ['container-name', 'docker', { tool: 'docker', kind: 'container' }],
      ['id', 'docker', { tool: 'docker', kind: 'container' }],
      ['image', 'docker', { tool: 'docker', kind: 'image' }],
      ['image name', 'docker', { tool: 'docker', kind: 'image' }],
      ['network', 'docker', { tool: 'docker', kind: 'network' }],
      ['volume name', 'docker', { tool: 'docker', kind: 'volume' }],
      ['service', 'docker', { tool: 'docker', kind: 'service' }],
      ['node', 'docker', { tool: 'docker', kind: 'node' }],
      ['message', 'docker', undefined],
      ['pod name', 'kubectl', { tool: 'kubectl', kind: 'pods' }],
      ['deployment', 'kubectl', { tool: 'kubectl', kind: 'deployments' }],
      ['service', 'kubectl', { tool: 'kubectl', kind: 'services' }],
      ['svc', 'kubectl', { tool: 'kubectl', kind: 'services' }],
      ['node', 'kubectl', { tool: 'kubectl', kind: 'nodes' }],
      ['namespace', 'kubectl', { tool: 'kubectl', kind: 'namespaces' }],
      ['ns', 'kubectl', { tool: 'kubectl', kind: 'namespaces' }],
      ['container', 'kubectl', undefined],
    ];
    for (const [name, program, expected] of cases) {
      it(`reads <${name}> of ${program} as ${expected ? `${expected.tool} ${expected.kind}` : 'free text'}`, () => {
        assert.deepEqual(placeholderSource(name, program), expected);
      });
    }
  });
});
