import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { parseNote } from '../../src/core/noteParser';
import type { CommandRow } from './helpers';
import { commandRows, coveredText, fixturePath, readFixture, sectionRows } from './helpers';

/**
 * The messy notes of test/fixtures/notes, each with every command it must yield: text, exact
 * range (line:column-endLine:endColumn, columns in UTF-16 units, end exclusive) and source.
 * The ranges were counted by hand from the fixture files.
 */
const expected: Record<string, { title: string; minutes: number; commands: CommandRow[] }> = {
  'crlf.md': {
    title: 'CRLF Lab (45 min)',
    minutes: 45,
    commands: [
      { text: 'docker ps', at: '3:22-3:31', source: 'inline' },
      { text: 'kubectl get nodes', at: '3:38-3:55', source: 'inline' },
      { text: 'docker run --rm alpine echo hi', at: '6:1-7:17', source: 'block' },
      { text: 'docker images', at: '8:1-8:14', source: 'block' },
    ],
  },
  'bom-front-matter.md': {
    title: 'Docker: the basics',
    minutes: 0,
    commands: [{ text: 'docker container run --detach', at: '7:6-7:35', source: 'inline' }],
  },
  'prompts-and-output.md': {
    title: 'Prompts and output',
    minutes: 0,
    commands: [
      { text: 'docker run alpine echo "hello"', at: '4:3-4:33', source: 'block' },
      { text: 'docker ps -a', at: '6:3-6:15', source: 'block' },
      { text: 'sudo docker images', at: '12:16-12:34', source: 'block' },
      { text: "docker info --format '{{.ServerVersion}}'", at: '15:13-15:54', source: 'block' },
      { text: 'docker pull busybox', at: '21:1-21:20', source: 'block' },
      { text: 'docker run busybox echo hi && docker ps', at: '22:1-22:40', source: 'block' },
      { text: 'docker run -it --rm busybox sh', at: '26:3-27:13', source: 'block' },
      { text: 'kubectl get pods', at: '30:3-30:19', source: 'block' },
    ],
  },
  'continuations.md': {
    title: 'Continuations',
    minutes: 0,
    commands: [
      { text: 'docker run --detach --name web -p 127.0.0.1:8080:80 nginx', at: '4:1-7:8', source: 'block' },
      { text: 'docker ps', at: '9:1-9:10', source: 'block' },
      { text: 'kubectl get pods --all-namespaces -o wide', at: '10:1-12:12', source: 'block' },
      { text: 'sudo docker build -t course/web:1.0 .', at: '18:3-19:24', source: 'block' },
    ],
  },
  'inline-spans.md': {
    title: 'Inline spans',
    minutes: 0,
    commands: [
      { text: 'docker ps', at: '3:6-3:15', source: 'inline' },
      { text: 'docker ps -a', at: '3:24-3:36', source: 'inline' },
      { text: 'docker images', at: '3:45-3:58', source: 'inline' },
      { text: 'docker run --entrypoint `echo` alpine', at: '5:21-5:58', source: 'inline' },
      { text: 'docker logs web', at: '7:38-7:53', source: 'inline' },
      { text: 'docker container run --detach nginx', at: '9:19-10:15', source: 'inline' },
      { text: 'docker ps', at: '16:4-16:13', source: 'inline' },
      { text: 'kubectl get pods -o wide', at: '17:4-17:28', source: 'inline' },
      { text: 'docker stats', at: '19:9-19:21', source: 'inline' },
      { text: 'docker top web', at: '19:42-19:56', source: 'inline' },
      { text: 'docker image ls', at: '22:17-22:32', source: 'inline' },
      { text: 'docker image rm <image name>', at: '23:21-23:49', source: 'inline' },
      { text: 'docker container exec <container ID> ls', at: '24:16-24:55', source: 'inline' },
      { text: 'docker run -it alpine sh', at: '26:17-26:41', source: 'inline' },
    ],
  },
  'indented-code.md': {
    title: 'Indented code',
    minutes: 0,
    commands: [
      { text: 'docker run -it alpine sh', at: '5:5-5:29', source: 'block' },
      { text: 'docker ps', at: '7:5-7:14', source: 'block' },
      { text: 'kubectl get pods', at: '11:7-11:23', source: 'block' },
      { text: 'docker images', at: '17:2-17:15', source: 'block' },
    ],
  },
  'heredoc.md': {
    title: 'Heredocs',
    minutes: 0,
    commands: [
      {
        text: 'cat <<EOF | kubectl apply -f -\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: lab\nEOF',
        at: '4:1-9:4',
        source: 'block',
      },
      { text: 'kubectl get namespace lab', at: '10:1-10:26', source: 'block' },
      {
        text: "kubectl apply -f - <<'YAML'\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: docker-settings\nYAML",
        at: '11:1-16:5',
        source: 'block',
      },
    ],
  },
  'unterminated-fence.md': {
    title: 'Unterminated fence (10min)',
    minutes: 10,
    commands: [
      { text: 'docker version', at: '3:14-3:28', source: 'inline' },
      { text: 'docker run hello-world', at: '6:1-6:23', source: 'block' },
      { text: 'docker ps', at: '9:1-9:10', source: 'block' },
    ],
  },
  'powershell.md': {
    title: 'Docker on Windows (PowerShell)',
    minutes: 0,
    commands: [
      { text: 'docker run --rm -v C:\\Users\\student\\course:/course alpine ls /course', at: '4:22-6:23', source: 'block' },
      { text: 'docker ps', at: '7:22-7:31', source: 'block' },
      { text: 'docker run --rm -it -v "${PWD}:/work" -w /work alpine sh', at: '12:1-14:12', source: 'block' },
      { text: 'docker volume ls', at: '16:1-16:17', source: 'block' },
      { text: 'docker info', at: '20:6-20:17', source: 'block' },
      { text: 'docker ps', at: '23:32-23:41', source: 'inline' },
    ],
  },
  'non-shell.md': {
    title: 'Not shell',
    minutes: 0,
    commands: [
      { text: 'docker ps', at: '17:1-17:10', source: 'block' },
      { text: 'docker info', at: '21:1-21:12', source: 'block' },
      { text: 'docker version', at: '25:1-25:15', source: 'block' },
    ],
  },
  'estimates.md': {
    title: 'Workshop',
    minutes: 390,
    commands: [],
  },
};

describe('fixture notes (test/fixtures/notes)', () => {
  it('has an expectation for every fixture note', () => {
    const files = fs.readdirSync(fixturePath('notes')).filter((name) => name.endsWith('.md')).sort();
    assert.deepEqual(files, Object.keys(expected).sort());
  });

  it('keeps crlf.md in CRLF and bom-front-matter.md with its BOM (see .gitattributes)', () => {
    const crlf = readFixture('crlf.md');
    assert.equal(crlf.split('\r\n').length, 10);
    assert.ok(!/[^\r]\n/.test(crlf), 'every LF follows a CR');
    assert.equal(readFixture('bom-front-matter.md').charCodeAt(0), 0xfeff);
  });

  for (const [name, want] of Object.entries(expected)) {
    describe(name, () => {
      const text = readFixture(name);
      const note = parseNote(name, text);

      it(`is titled ${JSON.stringify(want.title)} with ${want.minutes} minutes`, () => {
        assert.equal(note.title, want.title);
        assert.equal(note.minutes, want.minutes);
      });

      it('yields exactly the expected commands at their exact ranges', () => {
        assert.deepEqual(commandRows(note), want.commands);
      });

      it('covers exactly the command text on one-line commands', () => {
        for (const command of note.commands.filter((c) => c.line === c.endLine)) {
          assert.equal(coveredText(text, command), command.text, `${name} ${command.line}:${command.column}`);
        }
      });
    });
  }

  it('estimates.md: sums agenda items, hides a breakdown under an estimated item, lets headings win', () => {
    const note = parseNote('estimates.md', readFixture('estimates.md'));
    assert.deepEqual(sectionRows(note), [
      'Workshop|1|1|27|390',
      'Agenda|2|3|14|285',
      'Lab (90min)|2|15|21|90',
      'Lab details (1h)|3|20|21|60',
      'Wrap-up|2|22|27|15',
      'Feedback (10min)|3|24|25|10',
      'Next steps [~5 mins]|3|26|27|5',
    ]);
  });

  it('unterminated-fence.md: reads a fence left open to the end of the note, with no heading inside it', () => {
    const note = parseNote('unterminated-fence.md', readFixture('unterminated-fence.md'));
    assert.deepEqual(sectionRows(note), ['Unterminated fence (10min)|1|1|10|10']);
  });

  it('non-shell.md: keeps the info string and counts every block for the index', () => {
    const note = parseNote('non-shell.md', readFixture('non-shell.md'));
    assert.deepEqual(note.commands.map((c) => [c.info, c.block]), [
      ['{.term1}', 3],
      ['bash {terminal=node2}', 4],
      ['', 5],
    ]);
  });

  it('inline-spans.md: records the placeholders of inline commands', () => {
    const note = parseNote('inline-spans.md', readFixture('inline-spans.md'));
    assert.deepEqual(
      note.commands.filter((c) => c.placeholders.length > 0).map((c) => c.placeholders.map((p) => `${p.text}@${p.offset}`)),
      [['<image name>@16'], ['<container ID>@22']],
    );
  });
});
