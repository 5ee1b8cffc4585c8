import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { CliIo } from '../../src/cli/main';
import { main } from '../../src/cli/main';
import type { NoteJson } from '../../src/core/noteJson';
import { MAX_EXPECTED_JSON } from '../../src/core/noteJson';
import { fixturePath, tempDir, writeTree } from './helpers';

interface Run {
  readonly status: number;
  readonly stdout: string;
  readonly stderr: string;
}

const GLOSSARY = [{ term: 'hypervisor', definition: 'Software that runs virtual machines on a host.', docs: 'https://en.wikipedia.org/wiki/Hypervisor' }];

function run(...args: string[]): Run {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = { stdout: (text) => out.push(text), stderr: (text) => err.push(text), version: '9.9.9-test', glossary: () => GLOSSARY };
  const status = main(args, io);
  assert.equal(typeof status, 'number', 'only run is asynchronous');
  return { status: status as number, stdout: out.join('\n'), stderr: err.join('\n') };
}

function json(result: Run): { notes: NoteJson[]; errors: Array<{ file: string; message: string }> } {
  return JSON.parse(result.stdout) as { notes: NoteJson[]; errors: Array<{ file: string; message: string }> };
}

const WORKSPACE = fixturePath('workspace');

describe('course-notes CLI: main(args, io)', () => {
  describe('usage', () => {
    it('prints the usage and exits 2 with no arguments', () => {
      const result = run();
      assert.equal(result.status, 2);
      assert.match(result.stdout, /^Usage: course-notes list/);
    });

    for (const flag of ['-h', '--help', 'help']) {
      it(`prints the usage and exits 0 for ${flag}`, () => {
        const result = run(flag);
        assert.equal(result.status, 0);
        assert.match(result.stdout, /^Usage: course-notes list/);
        assert.equal(result.stderr, '');
      });
    }

    for (const flag of ['-v', '--version']) {
      it(`prints the version for ${flag}`, () => {
        assert.deepEqual(run(flag), { status: 0, stdout: '9.9.9-test', stderr: '' });
      });
    }

    const errors: Array<[string, string[], RegExp]> = [
      ['an unknown command', ['frob'], /^course-notes: unknown command 'frob'\n\nUsage:/],
      ['an unknown option', ['list', '--bogus'], /^course-notes: unknown option --bogus\n\nUsage:/],
      ['--programs without a list', ['list', '--programs'], /^course-notes: --programs needs a comma-separated list/],
      ['an empty --programs=', ['list', '--programs='], /^course-notes: --programs needs a comma-separated list/],
    ];
    for (const [what, args, message] of errors) {
      it(`exits 2 on ${what}, explaining on stderr`, () => {
        const result = run(...args);
        assert.equal(result.status, 2);
        assert.equal(result.stdout, '');
        assert.match(result.stderr, message);
      });
    }

    it('makes control characters in an unknown command inert', () => {
      const result = run('\u001b[2Jx');
      assert.match(result.stderr, /unknown command '\uFFFD\[2Jx'/);
    });
  });

  describe('list', () => {
    it('lists the fixture workspace as JSON, without node_modules, in natural order', () => {
      const result = run('list', '--json', WORKSPACE);
      assert.equal(result.status, 0);
      assert.equal(result.stderr, '');
      const { notes, errors } = json(result);
      assert.deepEqual(errors, []);
      assert.deepEqual(
        notes.map((note) => [path.relative(WORKSPACE, note.file).split(path.sep).join('/'), note.title, note.minutes, note.commands.length]),
        [
          ['01-intro.md', 'Intro to Docker (20min)', 20, 3],
          ['02-services.md', 'Services on a Swarm', 15, 4],
          ['labs/lab-1.md', 'Lab 1: Kubernetes (1h)', 60, 3],
        ],
      );
      assert.ok(!result.stdout.includes('should-not-be-listed'));
      assert.deepEqual(notes[1].commands[1], {
        text: 'docker service create --replicas 2 --name web -p 127.0.0.1:8080:80 nginx',
        program: 'docker',
        line: 11,
        column: 1,
        endLine: 12,
        endColumn: 29,
        source: 'block',
        placeholders: [],
        interactive: false,
        destructive: false,
        block: 0,
      });
      assert.deepEqual(notes[2].commands[2].placeholders, ['<name>', '<name>', '<url>', '<version>']);
      assert.deepEqual(notes[0].definitions, [
        { term: 'Image', definition: 'a read-only template a container is created from.', line: 3 },
        { term: 'Container', definition: 'a running instance of an image.', line: 4 },
      ]);
      assert.deepEqual(notes[2].definitions, []);
    });

    it('prints a readable outline of a note', () => {
      const result = run('list', path.join(WORKSPACE, '01-intro.md'));
      assert.equal(result.status, 0);
      assert.equal(
        result.stdout,
        [
          `${path.join(WORKSPACE, '01-intro.md')} — Intro to Docker (20min) (3 commands, 20 min)`,
          '  # Intro to Docker (20min) [20 min]  (line 1)',
          '    ## Hello (5min) [5 min]  (line 6)',
          '        $ docker run hello-world  (9:1, block)',
          '        $ docker ps -a  (12:57, inline)',
          '    ## A shell (15min) [15 min]  (line 14)',
          '        $ docker run -it alpine sh  (17:3, block)',
        ].join('\n'),
      );
    });

    it('counts only the programs given with --programs', () => {
      for (const args of [['--programs', 'kubectl'], ['--programs=kubectl']]) {
        const { notes } = json(run('list', '--json', ...args, WORKSPACE));
        assert.deepEqual(notes.map((note) => note.commands.length), [0, 0, 3]);
      }
    });

    it('reports a missing path on stderr, lists the rest and exits 1', () => {
      const missing = path.join(WORKSPACE, 'missing.md');
      const result = run('list', '--json', missing, path.join(WORKSPACE, 'labs'));
      assert.equal(result.status, 1);
      assert.equal(result.stderr, `course-notes: ${missing}: no such file or folder`);
      const { notes, errors } = json(result);
      assert.equal(notes.length, 1);
      assert.deepEqual(errors, [{ file: missing, message: 'no such file or folder' }]);
    });

    describe('in a temporary folder', () => {
      let dir: string;
      let remove: () => void;
      beforeEach(() => {
        ({ dir, remove } = tempDir('cli'));
      });
      afterEach(() => remove());

      it('says "No notes found." for a folder without notes and exits 0', () => {
        assert.deepEqual(run('list', dir), { status: 0, stdout: 'No notes found.', stderr: '' });
      });

      it('takes arguments after -- as paths, even when they look like options', () => {
        writeTree(dir, { '-odd.md': '# Odd\n' });
        const previous = process.cwd();
        process.chdir(dir);
        try {
          const result = run('list', '--json', '--', '-odd.md');
          assert.equal(result.status, 0);
          assert.deepEqual(json(result).notes.map((note) => note.title), ['Odd']);
        } finally {
          process.chdir(previous);
        }
      });

      it('lists a note over 5 MB as skipped, saying so on stderr, and exits 0', () => {
        const file = path.join(dir, 'huge.md');
        fs.writeFileSync(file, Buffer.alloc(5 * 1024 * 1024 + 1024, 0x61));
        const result = run('list', '--json', dir);
        assert.equal(result.status, 0);
        assert.equal(result.stderr, `course-notes: ${file}: skipped, too large (5121 KB; the limit is 5120 KB)`);
        assert.equal(json(result).notes[0].skipped, 'too large (5121 KB; the limit is 5120 KB)');
      });

      it('lists each block with its steps, terminal, check and expected output (capped), and each command with its block', () => {
        const longOutput = Array.from({ length: 400 }, (_, i) => `line ${i} of the output`).join('\n');
        const note = [
          '# Lab',
          '',
          '```.term1',
          'cd app',
          'docker swarm init',
          '```',
          '',
          '```console {terminal=node2}',
          '$ docker node ls',
          longOutput,
          '```',
          '',
          '```sh {check}',
          'docker node ls -q | wc -l | grep -qx 2',
          '```',
          '',
          '<!-- check: test -d app -->',
          '',
          'Or `docker info`.',
          '',
        ].join('\n');
        writeTree(dir, { 'lab.md': note });
        const result = run('list', '--json', dir);
        assert.equal(result.status, 0, result.stderr);
        const [json0] = json(result).notes;
        assert.deepEqual(json0.commands.map((command) => [command.text, command.block]), [
          ['docker swarm init', 0],
          ['docker node ls', 1],
          ['docker info', -1],
        ]);
        assert.deepEqual(json0.blocks[0], {
          index: 0,
          line: 3,
          endLine: 6,
          info: '.term1',
          language: 'term1',
          terminal: 'term1',
          usesPrompts: false,
          check: false,
          steps: [
            { text: 'cd app', line: 4, column: 1, endLine: 4, endColumn: 7, command: -1 },
            { text: 'docker swarm init', line: 5, column: 1, endLine: 5, endColumn: 18, command: 0 },
          ],
        });
        const [nodeLs] = json0.blocks[1].steps;
        assert.equal(json0.blocks[1].terminal, 'node2');
        assert.equal(nodeLs.command, 1);
        assert.deepEqual({ ...nodeLs.expected, text: nodeLs.expected?.text.length }, { text: MAX_EXPECTED_JSON, line: 10, endLine: 409, source: 'prompted', truncated: true });
        assert.ok(longOutput.startsWith(nodeLs.expected?.text ?? '-'));
        assert.deepEqual(
          json0.blocks.map((block) => [block.index, block.check, block.steps.length, block.terminal]),
          [
            [0, false, 2, 'term1'],
            [1, false, 1, 'node2'],
            [2, true, 0, null],
          ],
        );
        assert.deepEqual(json0.checks, [
          { text: 'docker node ls -q | wc -l | grep -qx 2', line: 412, endLine: 414, source: 'fence' },
          { text: 'test -d app', line: 416, endLine: 416, source: 'comment' },
        ]);
      });

      it('makes terminal escapes in file names and titles inert in the outline', () => {
        const name = 'evil\u001b[31m.md';
        writeTree(dir, { [name]: '# Title\u001b]0;pwned\u0007\n\n`docker ps`\n' });
        const result = run('list', dir);
        assert.equal(result.status, 0);
        const controls = [...result.stdout].filter((ch) => ch !== '\n' && ch !== '\t' && (ch < ' ' || (ch >= '\u007f' && ch <= '\u009f')));
        assert.deepEqual(controls, [], JSON.stringify(result.stdout));
        assert.ok(result.stdout.includes('evil\uFFFD[31m.md — Title\uFFFD]0;pwned\uFFFD'));
      });
    });
  });

  describe('define', () => {
    it('prints the definition a note gives and where, matching plurals and case', () => {
      const result = run('define', 'images', WORKSPACE);
      assert.equal(result.status, 0, result.stderr);
      const [first, second] = result.stdout.split('\n');
      assert.match(first, /^Image: a read-only template a container is created from/);
      assert.match(second, /^Defined in .*, line 3 \(.*01-intro\.md:3:\d+\)$/);
    });

    it('falls back to the built-in glossary, with its documentation link', () => {
      const result = run('define', 'Hypervisors', WORKSPACE);
      assert.equal(result.status, 0);
      assert.equal(result.stdout, 'hypervisor: Software that runs virtual machines on a host.\nBuilt-in glossary · https://en.wikipedia.org/wiki/Hypervisor');
    });

    it('says so and exits 1 for an unknown term; exits 2 without a term', () => {
      const unknown = run('define', 'flux capacitor', WORKSPACE);
      assert.equal(unknown.status, 1);
      assert.match(unknown.stderr, /no definition of 'flux capacitor'/);
      assert.equal(run('define').status, 2);
    });
  });
});
