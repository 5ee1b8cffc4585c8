import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { NoteModel } from '../../src/core/model';
import { allSections, sectionAt } from '../../src/core/model';
import { parseNote } from '../../src/core/noteParser';
import { fixturePath, range, ROOT } from './helpers';

/** A note's blocks as `index|info|terminal|prompts` and their steps as `text @ range → command`. */
function blockRows(model: NoteModel): string[] {
  return model.blocks.flatMap((block) => [
    `block ${block.index} ${block.line}-${block.endLine} |${block.info}|${block.terminal ?? '-'}|${block.usesPrompts ? 'prompts' : 'no prompts'}${block.check ? '|check' : ''}`,
    ...block.steps.map((step) => `  ${step.text} @ ${range(step)}${step.command >= 0 ? ` → command ${step.command}` : ''}`),
  ]);
}

interface Case {
  readonly name: string;
  readonly note: string;
  readonly rows: readonly string[];
}

describe('parseNote: the steps of shell blocks', () => {
  const cases: Case[] = [
    {
      name: 'makes every command line of a lab block a step, docker or not, and points docker steps at their command',
      note: '# Lab\n\n```bash\nmkdir demo\ncd demo\nexport NAME=x\ndocker build -t demo .\ncurl -s localhost:8080\n```\n',
      rows: [
        'block 0 3-9 |bash|-|no prompts',
        '  mkdir demo @ 4:1-4:11',
        '  cd demo @ 5:1-5:8',
        '  export NAME=x @ 6:1-6:14',
        '  docker build -t demo . @ 7:1-7:23 → command 0',
        '  curl -s localhost:8080 @ 8:1-8:23',
      ],
    },
    {
      name: 'keeps a heredoc whole, body included, as one step',
      note: '```sh\ncat > Dockerfile <<EOF\nFROM alpine\nCMD ["echo", "hi"]\nEOF\ndocker build -t demo .\n```\n',
      rows: [
        'block 0 1-7 |sh|-|no prompts',
        '  cat > Dockerfile <<EOF\nFROM alpine\nCMD ["echo", "hi"]\nEOF @ 2:1-5:4',
        '  docker build -t demo . @ 6:1-6:23 → command 0',
      ],
    },
    {
      name: 'joins backslash and pipe continuations of any program',
      note: '```bash\ngit clone \\\n  https://example.com/app.git\nls -la |\n  grep app\n```\n',
      rows: ['block 0 1-6 |bash|-|no prompts', '  git clone https://example.com/app.git @ 2:1-3:30', '  ls -la | grep app @ 4:1-5:11'],
    },
    {
      name: 'in a prompted block takes only the prompted lines, and skips comments and output',
      note: '```console\n$ cd app\n# a comment\n$ # another\n$ docker ps\nCONTAINER ID   IMAGE\n$ ls\nDockerfile  app.py\n```\n',
      rows: ['block 0 1-9 |console|-|prompts', '  cd app @ 2:3-2:9', '  docker ps @ 5:3-5:12 → command 0', '  ls @ 7:3-7:5'],
    },
    {
      name: 'reads the terminal a fence names (Play with Docker .termN, {terminal=NAME})',
      note: '```.term1\ndocker swarm init\n```\n\n```.term2\ndocker swarm join --token T 10.0.0.1:2377\n```\n\n```bash {terminal=node2}\nhostname\n```\n',
      rows: [
        'block 0 1-3 |.term1|term1|no prompts',
        '  docker swarm init @ 2:1-2:18 → command 0',
        'block 1 5-7 |.term2|term2|no prompts',
        '  docker swarm join --token T 10.0.0.1:2377 @ 6:1-6:42 → command 1',
        'block 2 9-11 |bash {terminal=node2}|node2|no prompts',
        '  hostname @ 10:1-10:9',
      ],
    },
    {
      name: 'lists no block for non-shell languages, and counts them in the numbering',
      note: '```yaml\nservices:\n  web:\n    image: nginx\n```\n\n```json\n{"a": 1}\n```\n\n```bash\necho after\n```\n',
      rows: ['block 2 11-13 |bash|-|no prompts', '  echo after @ 12:1-12:11'],
    },
    {
      name: 'lists no block for a text block without prompts, and the prompted lines of one with prompts',
      note: '```text\nUsage: docker run [OPTIONS] IMAGE\nHello from Docker!\n```\n\n```txt\n$ whoami\nroot\n```\n',
      rows: ['block 1 6-9 |txt|-|prompts', '  whoami @ 7:3-7:9'],
    },
    {
      name: 'in a block that names no language takes only lines that read as commands (not printed output)',
      note: '```\ndocker run hello-world\nHello from Docker!\nThis message shows that your installation appears to be working correctly.\nlatest: Pulling from library/hello-world\ne4b0c4ab3c2f   nginx   "/docker-entrypoint.…"\nnode app.js\nPORT=8080 ./run.sh\n```\n',
      rows: ['block 0 1-9 ||-|no prompts', '  docker run hello-world @ 2:1-2:23 → command 0', '  node app.js @ 7:1-7:12', '  PORT=8080 ./run.sh @ 8:1-8:19'],
    },
    {
      name: 'in a bash block takes every line, as the author says it is bash',
      note: '```bash\nHello from Docker!\n```\n',
      rows: ['block 0 1-3 |bash|-|no prompts', '  Hello from Docker! @ 2:1-2:19'],
    },
    {
      name: 'reads indented code blocks',
      note: 'Run:\n\n    cd app\n    docker compose up -d\n',
      rows: ['block 0 3-4 ||-|no prompts', '  cd app @ 3:5-3:11', '  docker compose up -d @ 4:5-4:25 → command 0'],
    },
    {
      name: 'reads PowerShell blocks with their backtick continuations',
      note: '```powershell\nSet-Location C:\\lab\ndocker run --rm `\n  alpine echo hi\n```\n',
      rows: ['block 0 1-5 |powershell|-|no prompts', '  Set-Location C:\\lab @ 2:1-2:20', '  docker run --rm alpine echo hi @ 3:1-4:17 → command 0'],
    },
    {
      name: 'keeps the prompts of a Play with Docker session out of the steps',
      note: '```.term1\n[node1] (local) root@192.168.0.13 ~$ docker swarm init --advertise-addr $(hostname -i)\nSwarm initialized: current node (6dlewb50pj2y66q4zi3egnwbi) is now a manager.\n[node1] (local) root@192.168.0.13 ~$ cd /root\n```\n',
      rows: ['block 0 1-5 |.term1|term1|prompts', '  docker swarm init --advertise-addr $(hostname -i) @ 2:38-2:87 → command 0', '  cd /root @ 4:38-4:46'],
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      assert.deepEqual(blockRows(parseNote('note.md', c.note)), c.rows);
    });
  }

  it('a block without steps is not listed (a comment-only block, an empty block)', () => {
    const model = parseNote('note.md', '```bash\n# nothing to run here\n```\n\n```sh\n```\n');
    assert.deepEqual(model.blocks, []);
  });

  it('gives each section its own blocks and finds the section of a line', () => {
    const note = '# Lab\n\n```bash\necho preamble-of-title\n```\n\n## One\n\n```bash\necho one\n```\n\n### Deeper\n\n```bash\necho deeper\n```\n';
    const model = parseNote('note.md', note);
    const byTitle = new Map([...allSections(model.sections)].map((section) => [section.title, section.blocks.map((block) => block.steps[0].text)]));
    assert.deepEqual(Object.fromEntries(byTitle), { Lab: ['echo preamble-of-title'], One: ['echo one'], Deeper: ['echo deeper'] });
    assert.equal(sectionAt(model, 10)?.title, 'One');
    assert.equal(sectionAt(model, 16)?.title, 'Deeper');
    assert.equal(sectionAt(model, 1)?.title, 'Lab');
    assert.equal(sectionAt(parseNote('n.md', 'prose\n\n# Later\n'), 1), undefined);
  });

  // The invariant the run feature relies on, over every note written for the tests and the sample course.
  const notes = [
    ...fs.readdirSync(path.join(ROOT, 'sample-course')).map((name) => path.join(ROOT, 'sample-course', name)),
    ...['notes', 'prompts', 'prompts-round2', 'run-lab'].flatMap((dir) =>
      fs.existsSync(fixturePath(dir)) ? fs.readdirSync(fixturePath(dir)).filter((name) => name.endsWith('.md')).map((name) => fixturePath(dir, name)) : [],
    ),
  ].filter((file) => file.endsWith('.md'));

  it(`every block command is exactly one step of its block, and steps stay inside their block (${notes.length} notes)`, () => {
    assert.ok(notes.length >= 20, `${notes.length} notes`);
    for (const file of notes) {
      const model = parseNote(file, fs.readFileSync(file, 'utf8'));
      const stepOf = new Map<number, number>();
      for (const block of model.blocks) {
        let previousEnd = block.line - 1;
        for (const step of block.steps) {
          assert.ok(step.line > previousEnd && step.line <= step.endLine && step.endLine <= block.endLine, `${file}: ${step.text} in order inside ${block.line}-${block.endLine}`);
          previousEnd = step.endLine;
          if (step.command >= 0) {
            const command = model.commands[step.command];
            assert.equal(command.block, block.index, `${file}: ${step.text}`);
            assert.deepEqual([command.text, command.line, command.column, command.endLine, command.endColumn], [step.text, step.line, step.column, step.endLine, step.endColumn]);
            stepOf.set(step.command, block.index);
          }
        }
      }
      model.commands.forEach((command, index) => {
        assert.equal(stepOf.get(index), command.source === 'block' ? command.block : undefined, `${file}: ${command.text} has ${command.source === 'block' ? 'one step' : 'no step'}`);
      });
    }
  });
});
