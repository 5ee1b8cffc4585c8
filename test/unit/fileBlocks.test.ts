import * as assert from 'node:assert/strict';
import { checkFileName, findFileBlocks, looksLikeFileName, nameInInfo, nameInProse } from '../../src/core/fileBlocks';
import { parseNote } from '../../src/core/noteParser';

/** A sentence before a block, and the file name a person reading it would save the block as (or none). */
interface ProseCase {
  readonly prose: string;
  readonly name: string | undefined;
}

// Written the way real lab notes write them (Docker docs, Play with Docker, course notes), with
// the verdict a reader would give: does this sentence ask me to save the next block, and as what?
const PROSE: readonly ProseCase[] = [
  { prose: 'Create a file named `Dockerfile`:', name: 'Dockerfile' },
  { prose: 'Create `docker-compose.yml` with the following content:', name: 'docker-compose.yml' },
  { prose: 'Copy the code below and save this as `app.py`', name: 'app.py' },
  { prose: 'Save the following as **index.html**', name: 'index.html' },
  { prose: 'In `app/main.go`, put:', name: 'app/main.go' },
  { prose: 'Add this to a new file called `nginx.conf`:', name: 'nginx.conf' },
  { prose: 'Run `docker ps`:', name: undefined },
  { prose: 'Now, create a new file called `requirements.txt` and add these lines:', name: 'requirements.txt' },
  { prose: 'First we need an image. Create a Dockerfile:', name: 'Dockerfile' },
  { prose: 'Next, create a `.dockerignore` file:', name: '.dockerignore' },
  { prose: 'To build the image, create a file called `Dockerfile` in your project folder with this content:', name: 'Dockerfile' },
  { prose: "Let's create the `docker-compose.yml`:", name: 'docker-compose.yml' },
  { prose: '`docker-compose.yml`:', name: 'docker-compose.yml' },
  { prose: '**Dockerfile**', name: 'Dockerfile' },
  { prose: 'File: `k8s/deployment.yaml`', name: 'k8s/deployment.yaml' },
  { prose: 'Save it to a file named [`pod.yaml`](pod.yaml):', name: 'pod.yaml' },
  { prose: 'Paste the following into `src/index.js`:', name: 'src/index.js' },
  { prose: 'Open your editor and create a file named `Makefile`:', name: 'Makefile' },
  { prose: 'Create a `.env` file next to it:', name: '.env' },
  { prose: 'Create a docker-compose.yml with:', name: 'docker-compose.yml' },
  // Hostile names still come out: checkFileName refuses them, with a message.
  { prose: 'Create a file named `../../.bashrc`:', name: '../../.bashrc' },
  { prose: 'Save this as `/etc/passwd`:', name: '/etc/passwd' },
  // Not files.
  { prose: 'Run the container:', name: undefined },
  { prose: 'Open `index.html` in your browser:', name: undefined },
  { prose: 'Edit `app.py` and change the greeting:', name: undefined },
  { prose: 'Add this to `nginx.conf`:', name: undefined }, // appends to a file, does not replace it
  { prose: 'Create a network named `backend`:', name: undefined },
  { prose: 'Create a Node.js application:', name: undefined },
  { prose: 'The `Dockerfile` looks like this:', name: undefined },
  { prose: 'We created a file named `Dockerfile` earlier. Build it:', name: undefined },
  { prose: 'Check that the image `nginx:1.25` runs:', name: undefined },
  { prose: 'Create a volume called `data`:', name: undefined },
  { prose: 'You should see output like this:', name: undefined },
  { prose: 'Create a file named `Dockerfile`. Then build the image with the command below:', name: undefined },
  { prose: 'Create the deployment with `kubectl apply -f app.yaml`:', name: undefined },
  { prose: 'Visit `example.com` to check:', name: undefined },
  { prose: 'Create a secret called `db.password`:', name: undefined }, // "a secret", not "a file"
  { prose: 'Create a file called `app.py` in your project directory and paste this in:', name: 'app.py' },
  { prose: 'Then, in the same folder, create a `requirements.txt` file:', name: 'requirements.txt' },
  { prose: 'Create the following `nginx.conf`:', name: 'nginx.conf' },
  { prose: '**`docker-compose.yml`**', name: 'docker-compose.yml' },
  { prose: 'Write a Makefile with two targets:', name: 'Makefile' },
  { prose: 'Create the manifest:', name: undefined },
  { prose: 'Create a container from the image `web.app`:', name: undefined },
  { prose: 'Build the image and tag it `app.v2`:', name: undefined },
  { prose: 'Look at the `Dockerfile` from the previous step:', name: undefined },
  { prose: 'Your `docker-compose.yml` should now look like this:', name: undefined },
];

describe('fileBlocks: names in the prose before a block', () => {
  for (const c of PROSE) {
    it(`${c.name === undefined ? 'no file' : c.name} ← ${c.prose}`, () => {
      assert.equal(nameInProse(c.prose), c.name);
    });
  }

  it('reads only the last sentence of the paragraph', () => {
    assert.equal(nameInProse('Create a file named `a.txt` first. Then run `docker ps`:'), undefined);
    assert.equal(nameInProse('Docker reads its build steps from a file.\nCreate a file named `Dockerfile`:'), 'Dockerfile');
  });
});

describe('fileBlocks: names in the fence info string', () => {
  const cases: readonly [string, string | undefined][] = [
    ['yaml title="compose.yaml"', 'compose.yaml'],
    ['yaml title=compose.yaml', 'compose.yaml'],
    ['{file=app.py}', 'app.py'],
    ['python {file=app.py}', 'app.py'],
    ['js filename="server.js"', 'server.js'],
    ["go {.go file='cmd/main.go'}", 'cmd/main.go'],
    ['yaml:docker-compose.yml', 'docker-compose.yml'],
    ['python title="Example output"', undefined], // a caption, not a file
    ['bash {name=build}', undefined], // Runme's cell name
    ['bash', undefined],
    ['{.term1}', undefined],
    ['text file=../../.bashrc', '../../.bashrc'], // taken, and refused by checkFileName
    ['ini file=""', undefined],
  ];
  for (const [info, name] of cases) {
    it(`${info} → ${name ?? 'no file'}`, () => {
      assert.equal(nameInInfo(info), name);
    });
  }
});

describe('fileBlocks: which names look like file names', () => {
  const cases: readonly [string, boolean][] = [
    ['app.py', true], ['Dockerfile', true], ['Containerfile', true], ['.dockerignore', true], ['Procfile', true],
    ['app/main.go', true], ['Dockerfile.dev', true], ['docker ps', false], ['v1.2', false], ['nginx:1.25', false],
    ['backend', false], ['localhost:8080', false], ['', false],
  ];
  for (const [name, expected] of cases) {
    it(`${JSON.stringify(name)}: ${expected}`, () => assert.equal(looksLikeFileName(name), expected));
  }
});

describe('fileBlocks: findFileBlocks', () => {
  it('finds a prose-named block with its lines, content and block index', () => {
    const note = [
      '# Lab', //                                   1
      '', //                                        2
      '```bash', //                                 3  block 0
      'mkdir demo && cd demo', //                   4
      '```', //                                     5
      '', //                                        6
      'Create a file named `Dockerfile`:', //       7
      '', //                                        8
      '```dockerfile', //                           9  block 1
      'FROM alpine', //                            10
      'CMD ["echo", "hi"]', //                     11
      '```', //                                    12
      '',
    ].join('\n');
    assert.deepEqual(findFileBlocks(note), [
      { name: 'Dockerfile', nameSource: 'prose', line: 9, endLine: 12, contentLine: 10, content: 'FROM alpine\nCMD ["echo", "hi"]\n', language: 'dockerfile', block: 1 },
    ]);
  });

  it('takes an info string name over the prose, and keeps the fence language', () => {
    const note = 'Create a file named `a.yml`:\n\n```yaml title="compose.yaml"\nservices: {}\n```\n';
    const [block] = findFileBlocks(note);
    assert.equal(block.name, 'compose.yaml');
    assert.equal(block.nameSource, 'info');
    assert.equal(block.language, 'yaml');
  });

  it('counts blocks as parseNote does: indented blocks, front matter, list items, an unterminated fence', () => {
    const note = [
      '---', 'title: x', '```', '---', // front matter with a fence-looking line: blanked, as parseNote does
      '# Lab',
      '',
      '    docker ps', // indented block 0
      '',
      '1. Create a file named `app.py`:',
      '',
      '   ```python', // block 1, inside a list item
      '   print("hi")',
      '   ```',
      '',
      '```bash', // block 2
      'docker run --rm alpine echo one',
      '```',
      '',
      'Save this as `notes.txt`:',
      '',
      '    plain text', // indented block 3
      '',
      '`config.toml`:',
      '',
      '```toml', // block 4, never closed
      'a = 1',
    ].join('\n');
    const blocks = findFileBlocks(note);
    assert.deepEqual(blocks.map((b) => [b.name, b.block, b.line, b.endLine, b.content]), [
      ['app.py', 1, 11, 13, 'print("hi")\n'],
      ['notes.txt', 3, 21, 21, 'plain text\n'],
      ['config.toml', 4, 25, 26, 'a = 1'], // as written: no line end after the last line
    ]);
    const model = parseNote('note.md', note);
    const command = model.commands.find((c) => c.text.includes('echo one'));
    assert.equal(command?.block, 2, 'the parser numbers the bash block 2 as well');
    for (const block of blocks) {
      assert.deepEqual(model.codeBlocks[block.block], { startLine: block.line, endLine: block.endLine });
    }
  });

  it('does not take a shell block that makes the file for the file itself', () => {
    const note = [
      'Create a file named `Dockerfile`:',
      '',
      '```bash',
      'cat > Dockerfile <<EOF',
      'FROM alpine',
      'EOF',
      '```',
      '',
      'Create a file named `Dockerfile`:',
      '',
      '```',
      '$ nano Dockerfile',
      '```',
      '',
      'Create a file named `start.sh`:',
      '',
      '```bash',
      '#!/bin/sh',
      'docker compose up -d',
      '```',
    ].join('\n');
    assert.deepEqual(findFileBlocks(note).map((b) => b.name), ['start.sh']);
  });

  it('needs the paragraph right before the block, in the same container', () => {
    const note = [
      'Create a file named `a.txt`:',
      '',
      '- a list item in between',
      '',
      '```',
      'text',
      '```',
      '',
      '> Create a file named `b.txt`:',
      '',
      '```',
      'outside the quote',
      '```',
    ].join('\n');
    assert.deepEqual(findFileBlocks(note), []);
  });

  it('reads CRLF notes and a BOM, giving LF content', () => {
    const note = '\uFEFFCreate `app.py` with the following content:\r\n\r\n```python\r\nprint(1)\r\nprint(2)\r\n```\r\n';
    const [block] = findFileBlocks(note);
    assert.equal(block.name, 'app.py');
    assert.equal(block.content, 'print(1)\nprint(2)\n');
    assert.equal(block.line, 3);
  });
});

describe('fileBlocks: bounded on hostile prose', () => {
  it('reads a note of sentences built to make the matching backtrack in time near its parse', () => {
    // Repeated articles, clause starts, code spans: the shapes that make the cues try the most.
    const shapes = [`Create ${'a '.repeat(140)}file:`, `${'Now, '.repeat(58)}create:`, `${'`a` '.repeat(72)}:`, `Create ${'a '.repeat(2000)}file:`, 'Create a file named `Dockerfile`:'];
    const note = Array.from({ length: 1000 }, (_, i) => `${shapes[i % shapes.length]}\n\n\`\`\`\nx\n\`\`\`\n`).join('\n');
    const median = (run: () => void): number => {
      run();
      const times: number[] = [];
      for (let i = 0; i < 5; i++) {
        const started = performance.now();
        run();
        times.push(performance.now() - started);
      }
      return times.sort((a, b) => a - b)[2];
    };
    let found = 0;
    const finding = median(() => (found = findFileBlocks(note).length));
    const parsing = median(() => parseNote('note.md', note));
    assert.equal(found, 200, 'only the Dockerfile sentences name a file');
    // Measured 2.7× here (1 MB, 1000 blocks); exponential backtracking in a cue would be far over.
    assert.ok(finding < parsing * 8, `findFileBlocks took ${finding.toFixed(1)} ms, parseNote ${parsing.toFixed(1)} ms`);
  });
});

describe('fileBlocks: checkFileName', () => {
  const ok: readonly [string, string][] = [
    ['Dockerfile', 'Dockerfile'],
    ['./app.py', 'app.py'],
    ['app/main.go', 'app/main.go'],
    ['app//./main.go', 'app/main.go'],
    ['.dockerignore', '.dockerignore'],
    ['my notes.txt', 'my notes.txt'],
  ];
  for (const [name, relative] of ok) {
    it(`accepts ${JSON.stringify(name)} as ${relative}`, () => assert.deepEqual(checkFileName(name), { ok: true, relative }));
  }
  const refused: readonly [string, RegExp][] = [
    ['', /empty/],
    ['   ', /empty/],
    ['./', /folder|empty/],
    ['../../.bashrc', /\.\./],
    ['app/../../x', /\.\./],
    ['/etc/passwd', /absolute/],
    ['C:\\Windows\\x', /absolute/],
    ['c:x', /absolute/],
    ['\\\\server\\share\\x', /absolute/],
    ['\\x', /absolute/],
    ['~/.bashrc', /~/],
    ['app\\..\\..\\x', /backslash/],
    ['a\u0000b', /control/],
    ['evil\nname', /control/],
    ['\u001b[31mred', /control/],
    ['x\u202etxt.exe', /invisible/],
    ['app/', /folder/],
    [`${'a'.repeat(256)}.txt`, /255/],
    ['.git/hooks/pre-commit', /\.git/],
    ['.vscode/settings.json', /VS Code/],
    ['sub/.VSCode/tasks.json', /VS Code/],
  ];
  for (const [name, reason] of refused) {
    it(`refuses ${JSON.stringify(name)}`, () => {
      const check = checkFileName(name);
      assert.equal(check.ok, false);
      assert.match(check.ok ? '' : check.reason, reason);
    });
  }
});
