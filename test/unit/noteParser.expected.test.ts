import * as assert from 'node:assert/strict';
import { parseNote } from '../../src/core/noteParser';

/** Each step that has expected output, as `step ⇒ source lines: text`. */
function expectedRows(note: string): string[] {
  return parseNote('note.md', note).blocks.flatMap((block) =>
    block.steps.flatMap((step) => (step.expected ? [`${step.text} ⇒ ${step.expected.source} ${step.expected.line}-${step.expected.endLine}: ${step.expected.text}`] : [])),
  );
}

describe('parseNote: the output a note prints under a step (prompted blocks)', () => {
  const cases: [string, string, string[]][] = [
    [
      'takes the lines after each prompted step up to the next prompt, without trailing blank lines',
      '```console\n$ docker run hello-world\n\nHello from Docker!\nThis message shows that your installation appears to be working correctly.\n\n$ docker ps\nCONTAINER ID   IMAGE\n\n```\n',
      [
        'docker run hello-world ⇒ prompted 4-5: Hello from Docker!\nThis message shows that your installation appears to be working correctly.',
        'docker ps ⇒ prompted 8-8: CONTAINER ID   IMAGE',
      ],
    ],
    [
      'keeps blank lines inside the output',
      '```console\n$ cat notes.txt\none\n\ntwo\n```\n',
      ['cat notes.txt ⇒ prompted 3-5: one\n\ntwo'],
    ],
    ['a step with nothing under it has no expected output', '```console\n$ cd app\n$ ls\napp.py\n```\n', ['ls ⇒ prompted 4-4: app.py']],
    [
      'a `> ` continuation line belongs to the command, not to its output',
      '```console\n$ docker run --rm \\\n> alpine echo hi\nhi\n```\n',
      ['docker run --rm alpine echo hi ⇒ prompted 4-4: hi'],
    ],
    [
      'a heredoc body pasted behind `> ` prompts is the command, and what follows is output',
      '```console\n$ cat <<EOF > hello.txt\n> hello\n> EOF\n$ cat hello.txt\nhello\n```\n',
      ['cat hello.txt ⇒ prompted 6-6: hello'],
    ],
    [
      'a `> ` line after some output is output (a shell prints such lines too)',
      '```console\n$ cat quote.md\nIntro\n> a quoted line\n```\n',
      ['cat quote.md ⇒ prompted 3-4: Intro\n> a quoted line'],
    ],
    [
      'a comment behind a prompt ends the output before it, and has none of its own',
      '```console\n$ docker ps -q\n3f4e\n$ # now list images\nnot output of the comment\n```\n',
      ['docker ps -q ⇒ prompted 3-3: 3f4e'],
    ],
    [
      'Play with Docker prompts: the output of a swarm init, and the next prompt ends it',
      '```.term1\n[node1] (local) root@192.168.0.13 ~$ docker swarm init --advertise-addr $(hostname -i)\nSwarm initialized: current node (6dlewb50pj2y66q4zi3egnwbi) is now a manager.\n[node1] (local) root@192.168.0.13 ~$ docker node ls\nID    HOSTNAME   STATUS\n```\n',
      [
        'docker swarm init --advertise-addr $(hostname -i) ⇒ prompted 3-3: Swarm initialized: current node (6dlewb50pj2y66q4zi3egnwbi) is now a manager.',
        'docker node ls ⇒ prompted 5-5: ID    HOSTNAME   STATUS',
      ],
    ],
    ['a block without prompts prints nothing under its steps', '```bash\ndocker ps\necho done\n```\n', []],
  ];
  for (const [name, note, rows] of cases) {
    it(name, () => {
      assert.deepEqual(expectedRows(note), rows);
    });
  }
});

/**
 * A corpus of the ways real notes show output in a block of its own, written in the styles these
 * notes come in (Play with Docker labs, the course's own notes, Killercoda scenarios), each with the
 * verdict a reader would give: is the second block what the first block's last command printed?
 * (Killercoda's ```` ```{{exec}} ```` closing fence is left out: CommonMark, and so VS Code's preview,
 * reads it as no closing fence at all.)
 */
const CORPUS: { readonly style: string; readonly what: string; readonly note: string; readonly output: string | undefined }[] = [
  {
    style: 'Play with Docker',
    what: '"You should see" then a plain fence',
    note: '```.term1\ndocker container run hello-world\n```\n\nYou should see output like this:\n\n```\nHello from Docker!\nThis message shows that your installation appears to be working correctly.\n```\n',
    output: 'Hello from Docker!\nThis message shows that your installation appears to be working correctly.',
  },
  {
    style: 'Play with Docker',
    what: '"The output should look like" then a plain fence of docker ps',
    note: '```.term1\ndocker container ls\n```\n\nThe output should look something like this:\n\n```\nCONTAINER ID   IMAGE   COMMAND   CREATED   STATUS   PORTS   NAMES\n```\n',
    output: 'CONTAINER ID   IMAGE   COMMAND   CREATED   STATUS   PORTS   NAMES',
  },
  {
    style: 'Play with Docker',
    what: 'the next step of the lab after "Now run"',
    note: '```.term1\ndocker swarm init --advertise-addr $(hostname -i)\n```\n\nNow run the join command on node2:\n\n```.term2\ndocker swarm join --token SWMTKN-1-x 192.168.0.13:2377\n```\n',
    output: undefined,
  },
  {
    style: 'course',
    what: '"Output:" then a text fence',
    note: '```bash\ndocker run alpine echo "hello from alpine"\n```\n\nOutput:\n\n```text\nhello from alpine\n```\n',
    output: 'hello from alpine',
  },
  {
    style: 'course',
    what: 'an `output` fence right after the command, no sentence between',
    note: '```bash\ndocker version --format "{{.Server.Version}}"\n```\n```output\n27.3.1\n```\n',
    output: '27.3.1',
  },
  {
    style: 'course',
    what: 'a plain fence right after the command with no sentence between',
    note: '```bash\ndocker images\n```\n\n```\nREPOSITORY   TAG\n```\n',
    output: undefined,
  },
  {
    style: 'course',
    what: '"Create a file named docker-compose.yml" then yaml',
    note: '```bash\nmkdir compose-lab && cd compose-lab\n```\n\nCreate a file named `docker-compose.yml` with:\n\n```yaml\nservices:\n  web:\n    image: nginx\n```\n',
    output: undefined,
  },
  {
    style: 'course',
    what: '"The first part of web.yaml looks like this" then yaml (a file, not output)',
    note: '```bash\nkubectl create deployment web --image=nginx --dry-run=client -o yaml > web.yaml\n```\n\nThe first part of `web.yaml` looks like this:\n\n```yaml\napiVersion: apps/v1\nkind: Deployment\n```\n',
    output: undefined,
  },
  {
    style: 'course',
    what: '"It returns" then json (docker inspect output)',
    note: '```bash\ndocker inspect --format "{{json .Config.Env}}" web\n```\n\nIt returns the environment as JSON:\n\n```json\n["PATH=/usr/local/sbin:/usr/local/bin"]\n```\n',
    output: '["PATH=/usr/local/sbin:/usr/local/bin"]',
  },
  {
    style: 'course',
    what: 'a block the sentence names as a file by its info string',
    note: '```bash\ncd app\n```\n\nYou should see this file:\n\n```text title="app.txt"\nhello\n```\n',
    output: undefined,
  },
  {
    style: 'course',
    what: 'two paragraphs between the blocks: too far to be its output',
    note: '```bash\ndocker ps\n```\n\nThat lists the containers.\n\nYou should see:\n\n```\nCONTAINER ID   IMAGE\n```\n',
    output: undefined,
  },
  {
    style: 'course',
    what: 'a heading between the blocks',
    note: '```bash\ndocker ps\n```\n\n## Output\n\n```text\nCONTAINER ID   IMAGE\n```\n',
    output: undefined,
  },
  {
    style: 'course',
    what: '"Let\'s see what is there" then a command in a plain fence (weak cue, a command line)',
    note: '```bash\ncd demo\n```\n\nLet\'s see what is there:\n\n```\nls -la\n```\n',
    output: undefined,
  },
  {
    style: 'course',
    what: '"Run this and you should see the page" then curl (a command to run)',
    note: '```bash\ndocker run -d -p 127.0.0.1:8080:80 nginx\n```\n\nRun this and you should see the welcome page:\n\n```\ncurl localhost:8080\n```\n',
    output: undefined,
  },
  {
    style: 'course',
    what: '"You should see" then a block of prompts (a session to run, not output)',
    note: '```bash\ndocker swarm init\n```\n\nYou should see:\n\n```console\n$ docker node ls\nID   HOSTNAME\n```\n',
    output: undefined,
  },
  {
    style: 'course',
    what: '"The result:" then a block holding a docker command',
    note: '```bash\necho start\n```\n\nThe result:\n\n```\ndocker ps\n```\n',
    output: undefined,
  },
  {
    style: 'Killercoda',
    what: '"You will see" then plain output of kubectl get pods',
    note: 'Create the deployment:\n\n```plain\nkubectl create deployment nginx --image=nginx\n```\n\n```\nkubectl get pods\n```\n\nYou will see a pod starting:\n\n```\nNAME                     READY   STATUS              RESTARTS   AGE\nnginx-7854ff8877-4xkqz   0/1     ContainerCreating   0          2s\n```\n',
    output: 'NAME                     READY   STATUS              RESTARTS   AGE\nnginx-7854ff8877-4xkqz   0/1     ContainerCreating   0          2s',
  },
  {
    style: 'Killercoda',
    what: '"It should print" then the curl response in a plain fence',
    note: '```\ncurl -s localhost:30080\n```\n\nIt should print:\n\n```\nHello World from nginx\n```\n',
    output: 'Hello World from nginx',
  },
  {
    style: 'Killercoda',
    what: 'a verify step written as prose with "show" and a text fence',
    note: '```\nkubectl get nodes\n```\n\nThis shows the nodes of the cluster:\n\n```text\nNAME           STATUS   ROLES           AGE   VERSION\ncontrolplane   Ready    control-plane   10d   v1.30.0\n```\n',
    output: 'NAME           STATUS   ROLES           AGE   VERSION\ncontrolplane   Ready    control-plane   10d   v1.30.0',
  },
  {
    style: 'Killercoda',
    what: 'a yaml manifest after "Apply this"',
    note: '```\nkubectl get ns\n```\n\nNow apply this manifest:\n\n```yaml\napiVersion: v1\nkind: Namespace\n```\n',
    output: undefined,
  },
];

describe('parseNote: an output block after a step (corpus)', () => {
  for (const entry of CORPUS) {
    it(`${entry.style}: ${entry.what} → ${entry.output === undefined ? 'not output' : 'output'}`, () => {
      const model = parseNote('note.md', entry.note);
      const outputs = model.blocks.flatMap((block) => block.steps.flatMap((step) => (step.expected?.source === 'output-block' ? [step] : [])));
      assert.deepEqual(
        outputs.map((step) => step.expected?.text),
        entry.output === undefined ? [] : [entry.output],
      );
    });
  }

  it('gives the output to the last step of the previous block, with the lines of the output in the note', () => {
    const note = '```bash\ncd app\ndocker build -t app .\n```\n\nYou should see:\n\n```\nSuccessfully built 2f3a\nSuccessfully tagged app:latest\n```\n';
    const model = parseNote('note.md', note);
    assert.equal(model.blocks.length, 1, 'the output block has no steps of its own');
    const [cd, build] = model.blocks[0].steps;
    assert.equal(cd.expected, undefined);
    assert.deepEqual(build.expected, { text: 'Successfully built 2f3a\nSuccessfully tagged app:latest', line: 9, endLine: 10, source: 'output-block' });
    assert.equal(model.commands.length, 1);
  });

  it('an output block does not replace the output a prompted block already prints for its last step', () => {
    const note = '```console\n$ docker ps -q\n3f4e\n```\n\nYou should see:\n\n```\nsomething else\n```\n';
    const [step] = parseNote('note.md', note).blocks[0].steps;
    assert.equal(step.expected?.text, '3f4e');
    assert.equal(step.expected?.source, 'prompted');
  });

  it('inside a list item, as lab steps often are', () => {
    const note = '1. Start it:\n\n   ```bash\n   docker run --rm alpine echo hi\n   ```\n\n   You should see:\n\n   ```\n   hi\n   ```\n';
    const [step] = parseNote('note.md', note).blocks[0].steps;
    assert.deepEqual(step.expected, { text: 'hi', line: 10, endLine: 10, source: 'output-block' });
  });
});
