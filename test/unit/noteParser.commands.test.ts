import * as assert from 'node:assert/strict';
import { fenceLanguage } from '../../src/core/fenceKinds';
import { parseNote } from '../../src/core/noteParser';
import type { CommandRow } from './helpers';
import { commandRows } from './helpers';

interface Case {
  readonly name: string;
  readonly note: string;
  readonly commands: readonly CommandRow[];
}

function check(cases: readonly Case[]): void {
  for (const c of cases) {
    it(c.name, () => {
      const rows = commandRows(parseNote('note.md', c.note)).map(({ text, at }) => ({ text, at }));
      assert.deepEqual(rows, c.commands);
    });
  }
}

describe('parseNote: commands in code blocks', () => {
  check([
    {
      name: 'joins backslash continuations',
      note: '```bash\ndocker run \\\n  --rm \\\n  alpine\n```\n',
      commands: [{ text: 'docker run --rm alpine', at: '2:1-4:9' }],
    },
    {
      name: 'strips $ prompts and skips output lines',
      note: '```console\n$ docker ps\nCONTAINER ID   IMAGE\n$ docker images\n```\n',
      commands: [
        { text: 'docker ps', at: '2:3-2:12' },
        { text: 'docker images', at: '4:3-4:16' },
      ],
    },
    {
      name: 'reads every line as a command when a block has no prompts',
      note: '```\ndocker pull alpine\ndocker images\n```\n',
      commands: [
        { text: 'docker pull alpine', at: '2:1-2:19' },
        { text: 'docker images', at: '3:1-3:14' },
      ],
    },
    {
      name: 'reads no command in a text block without prompts (usage lines, output)',
      note: '```text\nUsage:  docker run [OPTIONS] IMAGE [COMMAND] [ARG...]\ndocker ps shows running containers\n```\n',
      commands: [],
    },
    {
      name: 'reads the prompted lines of a text block as commands (a pasted session)',
      note: '```txt\n$ docker ps\nCONTAINER ID   IMAGE\n$ kubectl get pods\nNAME   READY\n```\n',
      commands: [
        { text: 'docker ps', at: '2:3-2:12' },
        { text: 'kubectl get pods', at: '4:3-4:19' },
      ],
    },
    {
      name: 'skips # comment lines',
      note: '```bash\n# docker ps would list them\ndocker info\n```\n',
      commands: [{ text: 'docker info', at: '3:1-3:12' }],
    },
    {
      name: 'keeps sudo in the text',
      note: '```bash\nsudo docker ps -a\n```\n',
      commands: [{ text: 'sudo docker ps -a', at: '2:1-2:18' }],
    },
    {
      name: 'keeps $(…) shell syntax as written',
      note: '```.term1\ndocker swarm init --advertise-addr $(hostname -i)\n```\n',
      commands: [{ text: 'docker swarm init --advertise-addr $(hostname -i)', at: '2:1-2:50' }],
    },
    {
      name: 'drops the > continuation prompt of a pasted session',
      note: '```console\n$ docker run -it --rm \\\n> alpine sh\n/ # exit\n```\n',
      commands: [{ text: 'docker run -it --rm alpine sh', at: '2:3-3:12' }],
    },
    {
      name: 'strips host$ prompts and skips the output and container prompts after them',
      note: '```\nhost$ docker run -it --name c1 busybox sh\n/ # ip addr\n/ # exit\nhost$ docker network inspect bridge\n[\n```\n',
      commands: [
        { text: 'docker run -it --name c1 busybox sh', at: '2:7-2:42' },
        { text: 'docker network inspect bridge', at: '5:7-5:36' },
      ],
    },
    {
      name: 'strips Play-with-Docker prompts and skips the join command the swarm prints',
      note: '```.term1\n[node1] (local) root@192.168.0.13 ~$ docker swarm init --advertise-addr $(hostname -i)\nTo add a worker to this swarm, run the following command:\n    docker swarm join --token SWMTKN-1-x 192.168.0.13:2377\n```\n',
      commands: [{ text: 'docker swarm init --advertise-addr $(hostname -i)', at: '2:38-2:87' }],
    },
    {
      name: 'takes a bare # for a root prompt where the block is a session with output',
      note: '```\n# docker images\nREPOSITORY   TAG\n# docker rmi alpine\nUntagged: alpine:latest\n```\n',
      commands: [
        { text: 'docker images', at: '2:3-2:16' },
        { text: 'docker rmi alpine', at: '4:3-4:20' },
      ],
    },
    {
      name: 'takes a bare # for a root prompt after sudo -i in a $ session',
      note: '```console\n$ sudo -i\n# docker ps -q\n4c01db0b339c\n```\n',
      commands: [{ text: 'docker ps -q', at: '3:3-3:15' }],
    },
    {
      name: 'keeps # lines as comments in a script, even when they name a command',
      note: '```bash\n# Build the image first\ndocker build -t app .\n# docker push app\n```\n\n```bash\n# Install Docker\nsudo apt-get install -y docker.io\n# docker --version prints it\n```\n\n```bash\n# docker ps\n```\n',
      commands: [{ text: 'docker build -t app .', at: '3:1-3:22' }],
    },
    {
      name: 'keeps a > redirection on a continuation line when the block has no prompts',
      note: '```bash\ndocker logs web \\\n> web.log\n```\n',
      commands: [{ text: 'docker logs web > web.log', at: '2:1-3:10' }],
    },
    {
      name: 'continues a command whose line ends with a pipe (kubectl … | jq on the next line)',
      note: "```bash\nkubectl get nodes -o json |\n  jq '.items[].metadata.name'\ndocker ps\n```\n",
      commands: [
        { text: "kubectl get nodes -o json | jq '.items[].metadata.name'", at: '2:1-3:30' },
        { text: 'docker ps', at: '4:1-4:10' },
      ],
    },
    {
      name: 'continues a command whose line ends with && or ||',
      note: '```\ndocker build -t web . &&\n  docker run -d web ||\n  echo failed\n```\n',
      commands: [{ text: 'docker build -t web . && docker run -d web || echo failed', at: '2:1-4:14' }],
    },
    {
      name: 'continues a prompted pipeline over its > continuation prompt',
      note: '```console\n$ docker ps -a |\n> grep Exited\nCONTAINER ID   STATUS\n```\n',
      commands: [{ text: 'docker ps -a | grep Exited', at: '2:3-3:14' }],
    },
    {
      name: 'continues a command inside an open quote, keeping the line break it quotes',
      note: "```bash\ndocker run --rm alpine sh -c 'echo one\necho two'\ndocker ps\n```\n",
      commands: [
        { text: "docker run --rm alpine sh -c 'echo one\necho two'", at: '2:1-3:10' },
        { text: 'docker ps', at: '4:1-4:10' },
      ],
    },
    {
      name: 'does not continue past a pipe inside quotes or a comment',
      note: "```bash\ndocker ps --format '{{.Names}} |'\ndocker ps # a | b |\ndocker images\n```\n",
      commands: [
        { text: "docker ps --format '{{.Names}} |'", at: '2:1-2:34' },
        { text: 'docker ps # a | b |', at: '3:1-3:20' },
        { text: 'docker images', at: '4:1-4:14' },
      ],
    },
    {
      name: 'takes an apostrophe in a line that is not a command for no quote',
      note: "```\nDon't forget the image\ndocker pull alpine\nit's pulled\n```\n",
      commands: [{ text: 'docker pull alpine', at: '3:1-3:19' }],
    },
    {
      name: 'does not follow a quote that never closes in the block',
      note: "```bash\ndocker run -e 'A=1 alpine\ndocker ps\n```\n",
      commands: [
        { text: "docker run -e 'A=1 alpine", at: '2:1-2:26' },
        { text: 'docker ps', at: '3:1-3:10' },
      ],
    },
    {
      name: 'ends a command at a trailing | or & of a table row or a background job',
      note: '```\n| NAME | READY |\ndocker run -d alpine sleep 9 &\ndocker ps\n```\n',
      commands: [
        { text: 'docker run -d alpine sleep 9 &', at: '3:1-3:31' },
        { text: 'docker ps', at: '4:1-4:10' },
      ],
    },
    {
      name: 'continues a PowerShell pipeline ending with |',
      note: '```powershell\ndocker ps -q |\n  ForEach-Object { docker stop $_ }\n```\n',
      commands: [{ text: 'docker ps -q | ForEach-Object { docker stop $_ }', at: '2:1-3:36' }],
    },
    {
      name: 'does not take a Windows path ending in \\ for a continuation in PowerShell',
      note: '```powershell\ncd C:\\Users\\student\\\ndocker ps\n```\n',
      commands: [{ text: 'docker ps', at: '3:1-3:10' }],
    },
    {
      name: 'does not take an escaped backslash for a continuation',
      note: '```\necho \\\\\ndocker ps\n```\n',
      commands: [{ text: 'docker ps', at: '3:1-3:10' }],
    },
    {
      name: 'finds docker after && and keeps the whole line',
      note: '```sh\ncd app && docker compose up -d\n```\n',
      commands: [{ text: 'cd app && docker compose up -d', at: '2:1-2:31' }],
    },
    {
      name: 'ends a command before its trailing spaces',
      note: '```\ndocker ps   \n```\n',
      commands: [{ text: 'docker ps', at: '2:1-2:10' }],
    },
    {
      name: 'reads indented code blocks',
      note: 'Text\n\n    docker ps\n',
      commands: [{ text: 'docker ps', at: '3:5-3:14' }],
    },
    {
      name: 'finds commands in a fence inside a block quote',
      note: '> ```bash\n> docker ps\n> ```\n',
      commands: [{ text: 'docker ps', at: '2:3-2:12' }],
    },
    {
      name: 'finds commands in a fence inside a list item',
      note: '- step\n\n  ```bash\n  docker ps\n  ```\n',
      commands: [{ text: 'docker ps', at: '4:3-4:12' }],
    },
    {
      name: 'reads ~~~ fences',
      note: '~~~\nkubectl get nodes\n~~~\n',
      commands: [{ text: 'kubectl get nodes', at: '2:1-2:18' }],
    },
    {
      name: 'reads no commands in yaml, json or dockerfile blocks',
      note: '```yaml\ncommand: docker ps\n```\n\n```json\n{"cmd": "docker ps"}\n```\n\n```dockerfile\nRUN docker --version\n```\n\n```YAML\ndocker ps\n```\n',
      commands: [],
    },
    {
      name: 'reads no inline commands inside a code block',
      note: '```\necho `docker ps`\n```\n',
      commands: [],
    },
  ]);

  it('records the fence info string and the block index', () => {
    const note = parseNote('note.md', '```yaml\na: 1\n```\n\n```bash {terminal=node2}\ndocker ps\n```\n\n    docker info\n');
    assert.deepEqual(
      note.commands.map((c) => [c.text, c.source, c.info, c.block]),
      [
        ['docker ps', 'block', 'bash {terminal=node2}', 1],
        ['docker info', 'block', '', 2],
      ],
    );
  });

  it('names the program each command runs', () => {
    const note = parseNote('note.md', '```\ndocker compose up\ndocker-compose up\nsudo kubectl get pods\n```\n');
    assert.deepEqual(note.commands.map((c) => c.program), ['docker', 'docker-compose', 'kubectl']);
  });
});

describe('parseNote: commands in inline code', () => {
  check([
    {
      name: 'finds the exact column of the second span on a line',
      note: 'Run `docker ps` and then `docker ps -a`.\n',
      commands: [
        { text: 'docker ps', at: '1:6-1:15' },
        { text: 'docker ps -a', at: '1:27-1:39' },
      ],
    },
    {
      name: 'tells two identical spans on a line apart',
      note: '`docker ps` and `docker ps`\n',
      commands: [
        { text: 'docker ps', at: '1:2-1:11' },
        { text: 'docker ps', at: '1:18-1:27' },
      ],
    },
    {
      name: 'counts columns in UTF-16 code units',
      note: '🐳 café `docker info`\n',
      commands: [{ text: 'docker info', at: '1:10-1:21' }],
    },
    {
      name: 'skips backslash-escaped backticks before a span',
      note: '\\`docker ps\\` vs `docker ps -q`\n',
      commands: [{ text: 'docker ps -q', at: '1:19-1:31' }],
    },
    {
      name: 'strips a $ prompt from an inline span',
      note: 'Type `$ docker ps` now.\n',
      commands: [{ text: 'docker ps', at: '1:9-1:18' }],
    },
    {
      name: 'keeps sudo and environment assignments inline',
      note: 'Use `sudo docker ps` or `DOCKER_HOST=ssh://lab docker ps`.\n',
      commands: [
        { text: 'sudo docker ps', at: '1:6-1:20' },
        { text: 'DOCKER_HOST=ssh://lab docker ps', at: '1:26-1:57' },
      ],
    },
    {
      name: 'spans the line break of a wrapped span',
      note: 'A `docker run\nalpine` b\n',
      commands: [{ text: 'docker run alpine', at: '1:4-2:7' }],
    },
    {
      name: 'finds commands in headings',
      note: '## Run `docker ps -a` (5min)\n',
      commands: [{ text: 'docker ps -a', at: '1:9-1:21' }],
    },
    {
      name: 'keeps incomplete commands that name a tool',
      note: 'When you call `docker run` or `kubectl scale`…\n',
      commands: [
        { text: 'docker run', at: '1:16-1:26' },
        { text: 'kubectl scale', at: '1:32-1:45' },
      ],
    },
    {
      name: 'needs the program name and a space',
      note: 'The `docker`, `kubectl` and `docker-compose` tools; not `dock pull alpine` nor `dockerd -D`.\n',
      commands: [],
    },
    {
      name: 'reads CRLF notes with the same columns',
      note: 'Run `docker ps`\r\nthen `docker info`\r\n',
      commands: [
        { text: 'docker ps', at: '1:6-1:15' },
        { text: 'docker info', at: '2:7-2:18' },
      ],
    },
  ]);

  it('records placeholders with their offsets in the command text', () => {
    const note = parseNote('note.md', 'Run `docker container exec <container ID> ls`.\n');
    assert.deepEqual(note.commands[0].placeholders, [{ text: '<container ID>', name: 'container ID', offset: 22 }]);
    assert.equal(note.commands[0].source, 'inline');
    assert.equal(note.commands[0].block, -1);
    assert.equal(note.commands[0].info, '');
  });
});

describe('parseNote: options and odd input', () => {
  it('reads only the configured programs', () => {
    const note = parseNote('note.md', '```\ndocker ps\nkubectl get pods\npodman ps\n```\n', { programs: ['kubectl', 'podman'] });
    assert.deepEqual(note.commands.map((c) => [c.program, c.text]), [
      ['kubectl', 'kubectl get pods'],
      ['podman', 'podman ps'],
    ]);
  });

  it('falls back to the default programs when given none', () => {
    const note = parseNote('note.md', '`docker ps`\n', { programs: [] });
    assert.equal(note.commands.length, 1);
  });

  it('skips a note longer than maxLength, saying why', () => {
    const note = parseNote('big.md', `# Big\n\n${'x'.repeat(3000)}\n`, { maxLength: 2048 });
    assert.equal(note.skipped, 'too large (3 KB; the limit is 2 KB)');
    assert.equal(note.title, 'big');
    assert.deepEqual([note.sections, note.commands, note.minutes], [[], [], 0]);
  });

  it('skips a binary file', () => {
    const note = parseNote('image.md', 'PNG\u0000\u0001\u0002 `docker ps`');
    assert.equal(note.skipped, 'not a text file');
    assert.deepEqual(note.commands, []);
  });

  it('strips a byte order mark without shifting columns', () => {
    const note = parseNote('bom.md', '\uFEFF`docker ps`\n');
    assert.deepEqual(commandRows(note), [{ text: 'docker ps', at: '1:2-1:11', source: 'inline' }]);
  });

  it('parses an empty note', () => {
    const note = parseNote('empty.md', '');
    assert.deepEqual([note.title, note.minutes, note.sections, note.commands], ['empty', 0, [], []]);
  });
});

describe('fenceLanguage', () => {
  const cases: Array<[string, string]> = [
    ['bash', 'bash'],
    ['bash {terminal=node2}', 'bash'],
    ['.term1', 'term1'],
    ['{.term1}', 'term1'],
    ['  Console  ', 'console'],
    ['', ''],
  ];
  for (const [info, expected] of cases) {
    it(`reads ${JSON.stringify(info)} as ${JSON.stringify(expected)}`, () => {
      assert.equal(fenceLanguage(info), expected);
    });
  }
});

describe('parseNote: lines that only look like prompts keep a plain block plain', () => {
  const cases: Array<[string, string, string[]]> = [
    ['a URL ending in # (name:dir# shape)', 'docker pull nginx\nhttps://example.com/#\ndocker ps', ['docker pull nginx', 'docker ps']],
    ['echo $ (name $ shape)', 'docker ps\necho $\ndocker images', ['docker ps', 'docker images']],
    ['a price line (word $ shape)', 'docker run --rm busybox echo hi\nTotal $ 5', ['docker run --rm busybox echo hi']],
    ['a PS …> line with no command behind it', 'docker ps\nPS output looks like a > b\ndocker images', ['docker ps', 'docker images']],
    // The weak shapes still make a session when a command of the note stands behind them.
    ['host$ prompts before docker commands', 'host$ docker run -it --name c1 busybox sh\n/ # ls\nbin\nhost$ docker ps\nCONTAINER ID', ['docker run -it --name c1 busybox sh', 'docker ps']],
    ['node1$ before cd, then docker', 'node1$ cd app\nnode1$ docker build -t app .\nSending build context', ['docker build -t app .']],
  ];
  for (const [what, body, expected] of cases) {
    it(`reads ${what}`, () => {
      assert.deepEqual(parseNote('note.md', `# Lab\n\n\`\`\`bash\n${body}\n\`\`\`\n`).commands.map((command) => command.text), expected);
    });
  }
});
