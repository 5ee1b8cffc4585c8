import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DefinitionFinder, isGlossaryFile, isLabel, summarise } from '../../src/core/definitions';
import type { DefinitionForm, NoteModel } from '../../src/core/model';
import { getStockMarkdownIt } from '../../src/core/markdownEngine';
import { parseNote } from '../../src/core/noteParser';
import { readFixture, ROOT } from './helpers';

/** A definition as a table row: the term, where it starts (`line:column`), how it was written, the text. */
interface Row {
  readonly term: string;
  readonly at: string;
  readonly form: DefinitionForm;
  readonly definition: string;
}

function rows(note: NoteModel): Row[] {
  return note.definitions.map((d) => ({ term: d.term, at: `${d.line}:${d.column}`, form: d.form, definition: d.definition }));
}

function ranges(note: NoteModel): string[] {
  return note.codeBlocks.map((block) => `${block.startLine}-${block.endLine}`);
}

/**
 * The notes of test/fixtures/notes/definitions with every definition each must yield, in document
 * order. Lines and columns were counted by hand in the fixture files.
 */
const fixtures: Record<string, { definitions: Row[]; codeBlocks: string[] }> = {
  'bold-terms.md': {
    definitions: [
      {
        term: 'Images',
        at: '5:5',
        form: 'bold-term',
        definition: 'The file system and configuration of our application which are used to create containers.',
      },
      {
        term: 'Docker daemon',
        at: '7:5',
        form: 'bold-term',
        definition: 'The background service running on the host (dockerd) that manages containers.',
      },
      { term: 'Registry', at: '9:5', form: 'bold-term', definition: 'A place that stores images, like Docker Hub.' },
      { term: 'Docker Hub', at: '10:5', form: 'bold-term', definition: 'the public registry that docker pull uses by default.' },
      { term: 'Volume', at: '11:5', form: 'bold-term', definition: 'Storage that outlives the container. It is managed by Docker.' },
      { term: 'Bind mount', at: '12:5', form: 'bold-term', definition: 'A host folder mounted into a container, e.g. -v "$PWD":/app.' },
      { term: 'Layer', at: '13:8', form: 'bold-term', definition: 'One step of an image build, cached and shared between images.' },
      { term: 'docker ps', at: '14:9', form: 'bold-term', definition: 'Lists the running containers.' },
      { term: 'Network', at: '22:5', form: 'bold-term', definition: 'SDN wiring between containers.' },
      { term: 'pod', at: '24:7', form: 'bold-sentence', definition: 'A pod is the smallest deployable unit in Kubernetes.' },
      { term: 'Namespace', at: '26:7', form: 'bold-term', definition: 'A virtual cluster inside a cluster.' },
      { term: 'Docker daemon', at: '28:7', form: 'bold-sentence', definition: 'The Docker daemon refers to dockerd, which does the real work.' },
      { term: 'Volumes', at: '30:5', form: 'bold-sentence', definition: 'Volumes are directories that live outside the union file system.' },
      { term: 'Compose', at: '31:5', form: 'bold-sentence', definition: 'Compose means running several containers from one YAML file.' },
    ],
    codeBlocks: ['33-36', '38-38'],
  },
  'term-colon.md': {
    definitions: [
      { term: 'Container', at: '3:3', form: 'term-colon', definition: 'a running instance of an image' },
      { term: 'Docker Engine', at: '4:3', form: 'term-colon', definition: 'the daemon, its API and the CLI that talks to it.' },
      { term: 'Build context', at: '15:3', form: 'term-colon', definition: 'the files sent to the daemon by docker build.' },
      { term: 'Dockerfile', at: '16:5', form: 'term-colon', definition: 'the recipe for an image, one instruction per line.' },
      { term: 'Base image', at: '17:7', form: 'term-colon', definition: 'the image in the FROM line of a Dockerfile.' },
      { term: 'Task', at: '20:3', form: 'term-colon', definition: 'one container of a service, placed on a node.' },
      { term: 'Bridge network', at: '24:5', form: 'term-colon', definition: 'the default network of a standalone container.' },
    ],
    codeBlocks: ['26-28'],
  },
  'questions.md': {
    definitions: [
      {
        term: 'Containers',
        at: '3:13',
        form: 'question-heading',
        definition: 'A container is a process that the kernel isolates with namespaces and cgroups.',
      },
      {
        term: 'Pod',
        at: '8:14',
        form: 'question-heading',
        definition: 'Short one. The smallest unit Kubernetes schedules, a group of containers.',
      },
      { term: 'volume', at: '12:14', form: 'question-heading', definition: 'Storage managed by Docker that outlives any container using it.' },
      { term: 'Docker Swarm', at: '20:12', form: 'question-heading', definition: 'Docker Swarm is the cluster mode built into the Docker Engine.' },
      { term: 'Docker daemon', at: '24:18', form: 'question-heading', definition: 'The dockerd process, see the docs. It runs in the background.' },
      { term: 'Images', at: '28:10', form: 'question-heading', definition: 'Read-only templates, made of layers.' },
    ],
    codeBlocks: ['14-16', '47-51'],
  },
  'glossary.md': {
    definitions: [
      {
        term: 'Image',
        at: '5:4',
        form: 'glossary-heading',
        definition: 'A read-only template for creating containers, built from a Dockerfile in layers.',
      },
      {
        term: 'Container',
        at: '9:4',
        form: 'glossary-heading',
        definition: 'A runnable instance of an image. You can create, start, stop, move or delete it.',
      },
      { term: 'Docker Hub', at: '13:5', form: 'glossary-heading', definition: 'The public registry of images.' },
      {
        term: 'Swarm',
        at: '21:4',
        form: 'glossary-heading',
        definition: "Docker's built-in orchestrator: it runs services across a cluster of Docker Engines.",
      },
      { term: 'Kubectl', at: '27:4', form: 'glossary-heading', definition: 'The command line client of Kubernetes.' },
      { term: 'ReplicaSet', at: '31:14', form: 'question-heading', definition: 'A controller that keeps a number of identical pods running.' },
    ],
    codeBlocks: ['35-39'],
  },
  'crlf.md': {
    definitions: [
      { term: 'Images', at: '3:5', form: 'bold-term', definition: 'Read-only templates. Built from layers.' },
      { term: 'Container', at: '5:3', form: 'term-colon', definition: 'a running instance of an image' },
      { term: 'Volume', at: '7:14', form: 'question-heading', definition: 'Storage that outlives a container.' },
      { term: 'node', at: '11:5', form: 'bold-sentence', definition: 'A node is one machine in the cluster.' },
    ],
    codeBlocks: [],
  },
};

describe('definitions', () => {
  describe('fixture notes (test/fixtures/notes/definitions)', () => {
    it('has an expectation for every fixture note', () => {
      const files = fs.readdirSync(path.join(ROOT, 'test', 'fixtures', 'notes', 'definitions')).sort();
      assert.deepEqual(files, Object.keys(fixtures).sort());
    });

    it('keeps crlf.md in CRLF', () => {
      const text = readFixture('definitions/crlf.md');
      assert.equal(text.split('\r\n').length, 12);
      assert.ok(!/[^\r]\n/.test(text), 'every LF follows a CR');
    });

    for (const [name, want] of Object.entries(fixtures)) {
      describe(name, () => {
        const text = readFixture(`definitions/${name}`);
        const note = parseNote(`notes/definitions/${name}`, text);
        const lines = text.split(/\r\n|\r|\n/);

        it('yields exactly the expected definitions, in document order, at their exact positions', () => {
          assert.deepEqual(rows(note), want.definitions);
        });

        it("points at the term's first character in the source", () => {
          for (const d of note.definitions) {
            assert.ok(lines[d.line - 1].slice(d.column - 1).startsWith(d.term), `${d.term} at ${d.line}:${d.column}`);
          }
        });

        it('records the code blocks, and finds no definition inside them', () => {
          assert.deepEqual(ranges(note), want.codeBlocks);
          for (const d of note.definitions) {
            assert.ok(!note.codeBlocks.some((b) => b.startLine <= d.line && d.line <= b.endLine), d.term);
          }
        });
      });
    }
  });

  describe('in messy notes', () => {
    const cases: Array<[string, string, string, Row[]]> = [
      [
        'an en dash, an em dash and a double hyphen as separators',
        'a.md',
        '* **Docker daemon** – The background service.\n* **Docker CLI** — The client.\n* **Layer** -- A diff.\n',
        [
          { term: 'Docker daemon', at: '1:5', form: 'bold-term', definition: 'The background service.' },
          { term: 'Docker CLI', at: '2:5', form: 'bold-term', definition: 'The client.' },
          { term: 'Layer', at: '3:5', form: 'bold-term', definition: 'A diff.' },
        ],
      ],
      [
        'a colon inside the bold, outside it, and inside with a dash after it',
        'a.md',
        '**Image:** a template.\n\n**Tag**: a name for an image.\n\n**Digest:** - a content hash.\n',
        [
          { term: 'Image', at: '1:3', form: 'bold-term', definition: 'a template.' },
          { term: 'Tag', at: '3:3', form: 'bold-term', definition: 'a name for an image.' },
          { term: 'Digest', at: '5:3', form: 'bold-term', definition: 'a content hash.' },
        ],
      ],
      [
        'italic terms with a separator, as some labs write them, but not an italic sentence start',
        'a.md',
        '- *Images* - The file system of our application.\n- *Docker daemon* - The background service.\n- *Only* is a word here.\n\nUse *only* what you need - nothing more.\n',
        [
          { term: 'Images', at: '1:4', form: 'bold-term', definition: 'The file system of our application.' },
          { term: 'Docker daemon', at: '2:4', form: 'bold-term', definition: 'The background service.' },
        ],
      ],
      [
        'a bold word in the middle of a sentence, or a bold start with no separator',
        'a.md',
        'Docker builds **images** - and runs them.\n\n- Run **Docker** - it is fast.\n\n**Important** things: none.\n\n**Docker**-based tools.\n',
        [],
      ],
      [
        'admonitions in bold and as Term: items',
        'a.md',
        [
          '**Note:** run this first.',
          '',
          '**Warning** - this deletes every stopped container.',
          '',
          '- Note: run this first',
          '- TIP: use tab completion to save typing',
          '- Step 3: open the firewall port',
          '- Example: docker run hello-world and more',
          '- Output: the container ID is printed',
          '- Important: keep your token secret',
          '- Solution: scale the service first',
          '- Exercise 2b: build the image yourself',
          '',
        ].join('\n'),
        [],
      ],
      [
        'a Term: item whose term holds a URL or code, or whose definition is empty or one word',
        'a.md',
        '- https://hub.docker.com: the registry\n- `docker ps`: lists containers\n- Image:\n- Port: 8080\n- Image: `nginx:alpine`\n',
        [],
      ],
      [
        'a Term: paragraph outside a list (not a definition) and a Term: item in a block quote',
        'a.md',
        'Container: a running instance of an image.\n\n> * Image: a read-only template for containers.\n',
        [{ term: 'Image', at: '3:5', form: 'term-colon', definition: 'a read-only template for containers.' }],
      ],
      [
        'nested lists: the definition of an inner item, not of the outer one',
        'a.md',
        '- Concepts\n  - **Pod** - the smallest unit.\n    - Sidecar: a helper container in the same pod.\n',
        [
          { term: 'Pod', at: '2:7', form: 'bold-term', definition: 'the smallest unit.' },
          { term: 'Sidecar', at: '3:7', form: 'term-colon', definition: 'a helper container in the same pod.' },
        ],
      ],
      [
        'bold sentences with and without an article',
        'a.md',
        '**A pod** is the smallest deployable unit of Kubernetes. It holds containers.\n\n**An image** is a template.\n\n**Kubernetes** is an orchestrator.\n',
        [
          { term: 'pod', at: '1:5', form: 'bold-sentence', definition: 'A pod is the smallest deployable unit of Kubernetes.' },
          { term: 'image', at: '3:6', form: 'bold-sentence', definition: 'An image is a template.' },
          { term: 'Kubernetes', at: '5:3', form: 'bold-sentence', definition: 'Kubernetes is an orchestrator.' },
        ],
      ],
      [
        'definitions inside fences and indented code never count',
        'a.md',
        '```\n- **Image** - inside a fence.\n```\n\n~~~md\n## What is a Pod?\n\nInside.\n~~~\n\n    **A pod** is indented code.\n',
        [],
      ],
      [
        'CRLF line endings',
        'a.md',
        '# T\r\n\r\n- **Image** - a template.\r\n- Container: a running image instance\r\n',
        [
          { term: 'Image', at: '3:5', form: 'bold-term', definition: 'a template.' },
          { term: 'Container', at: '4:3', form: 'term-colon', definition: 'a running image instance' },
        ],
      ],
      [
        'front matter before the definitions (lines still counted from the top)',
        'a.md',
        '---\ntitle: Lab\n---\n\n- **Image** - a template.\n',
        [{ term: 'Image', at: '5:5', form: 'bold-term', definition: 'a template.' }],
      ],
      [
        'question headings with and without articles, question marks and capitals',
        'a.md',
        [
          '# What are Containers?',
          'Isolated processes.',
          '## what is a pod',
          'A group of containers.',
          "## What's the Docker daemon?",
          'The background service.',
          '## What’s an overlay network',
          'A network across nodes.',
          '## WHAT IS DOCKER SWARM???',
          'The cluster mode.',
          '',
        ].join('\n'),
        [
          { term: 'Containers', at: '1:12', form: 'question-heading', definition: 'Isolated processes.' },
          { term: 'pod', at: '3:14', form: 'question-heading', definition: 'A group of containers.' },
          { term: 'Docker daemon', at: '5:15', form: 'question-heading', definition: 'The background service.' },
          { term: 'overlay network', at: '7:14', form: 'question-heading', definition: 'A network across nodes.' },
          { term: 'DOCKER SWARM', at: '9:12', form: 'question-heading', definition: 'The cluster mode.' },
        ],
      ],
      [
        'question headings that ask about no term, or have nothing under them',
        'a.md',
        '## What is it?\n\nA thing.\n\n## What is the difference between an image and a container?\n\nOne runs.\n\n## What is a Node?\n\n## Next\n\nText.\n',
        [],
      ],
      [
        'a question heading defines a term only when it asks about a short noun phrase',
        'a.md',
        '## What are all these control plane pods?\n\nThey run the cluster.\n\n## What is Docker Compose used for?\n\nRunning apps.\n\n## What are the benefits of containers?\n\nSpeed.\n\n## What is Infrastructure as Code?\n\nConfiguration kept as files.\n',
        [{ term: 'Infrastructure as Code', at: '13:12', form: 'question-heading', definition: 'Configuration kept as files.' }],
      ],
      [
        'a term never holds an opening bracket without its closing one',
        'a.md',
        '- too much information (e.g.: the whole spec of every pod)\n- Pod (k8s): a group of containers that share a network\n- **Service (svc** - a stable address\n',
        [{ term: 'Pod (k8s)', at: '2:3', form: 'term-colon', definition: 'a group of containers that share a network' }],
      ],
      [
        'a question heading whose first paragraph follows a code block and is in a list',
        'a.md',
        '## What is a volume?\n\n```bash\ndocker volume ls\n```\n\n- Storage that outlives containers.\n',
        [{ term: 'volume', at: '1:14', form: 'question-heading', definition: 'Storage that outlives containers.' }],
      ],
      [
        'headings of a note that is not a glossary are not terms',
        'notes/lab.md',
        '# Lab\n\n## Image\n\nA template.\n',
        [],
      ],
      [
        'a glossary in any case and folder: H2 and H3 are terms, H1 and H4 are not',
        'C:\\course\\Glossary.MD',
        '# Glossary\n\nIntro.\n\n## Image\n\nA template.\n\n### Tag\n\nA name.\n\n#### Digest\n\nA hash.\n\nImage Layer\n-----------\n\nA diff.\n',
        [
          { term: 'Image', at: '5:4', form: 'glossary-heading', definition: 'A template.' },
          { term: 'Tag', at: '9:5', form: 'glossary-heading', definition: 'A name.' },
          { term: 'Image Layer', at: '17:1', form: 'glossary-heading', definition: 'A diff.' },
        ],
      ],
      [
        'a term longer than 60 characters is skipped',
        'a.md',
        `- **${'Very long term '.repeat(5).trim()}** - skipped.\n- **Short** - kept.\n`,
        [{ term: 'Short', at: '2:5', form: 'bold-term', definition: 'kept.' }],
      ],
      [
        'markup in the definition: links, code, emphasis, HTML, entities and escapes',
        'a.md',
        '- **Compose** - Runs [several containers](https://docs.docker.com/compose/) from `compose.yaml`, *declaratively* &amp; <b>fast</b> \\*really\\*.\n',
        [
          {
            term: 'Compose',
            at: '1:5',
            form: 'bold-term',
            definition: 'Runs several containers from compose.yaml, declaratively & fast *really*.',
          },
        ],
      ],
      [
        'columns in UTF-16 units after a wide character',
        'glossary.md',
        '## 🐳 Whale\n\nThe Docker mascot.\n\n> 💡 **Tip** - not a definition.\n',
        [{ term: '🐳 Whale', at: '1:4', form: 'glossary-heading', definition: 'The Docker mascot.' }],
      ],
      [
        'a bold term in a table cell or a heading is not a definition',
        'a.md',
        '| term | meaning |\n|---|---|\n| **Image** - a template | x |\n\n## **Image** - a template\n',
        [],
      ],
    ];
    for (const [what, file, text, want] of cases) {
      it(what, () => {
        assert.deepEqual(rows(parseNote(file, text)), want);
      });
    }
  });

  describe('summarise', () => {
    const long = `${'word '.repeat(120)}end.`;
    const cases: Array<[string, string, string]> = [
      ['keeps the first sentence', 'A container is an isolated process on the host. It shares the kernel.', 'A container is an isolated process on the host.'],
      ['adds the second when the first is under 40 characters', 'Running images. Each adds a layer. And more.', 'Running images. Each adds a layer.'],
      ['does not end a sentence at e.g. or i.e.', 'A mount, e.g. a host folder, i.e. a path on the host. More text here.', 'A mount, e.g. a host folder, i.e. a path on the host.'],
      ['does not end a sentence inside a version or a file name', 'Uses compose.yaml in v2.1 and later releases of Compose. More.', 'Uses compose.yaml in v2.1 and later releases of Compose.'],
      ['ends at ! and ? too', 'Is it a process? Yes, just an isolated process on the host! Really.', 'Is it a process? Yes, just an isolated process on the host!'],
      ['normalises whitespace', '  a\n  running\tinstance  ', 'a running instance'],
      ['drops a dangling separator before a list', 'consists of:', 'consists of'],
      ['is empty for empty text', '   ', ''],
    ];
    for (const [what, input, output] of cases) {
      it(what, () => {
        assert.equal(summarise(input), output);
      });
    }

    it('cuts at a word with … to at most 400 characters', () => {
      const cut = summarise(long);
      assert.ok(cut.length <= 400, String(cut.length));
      assert.ok(cut.endsWith('word…'), cut.slice(-10));
      assert.ok(long.startsWith(cut.slice(0, -1)));
    });
  });

  describe('isLabel', () => {
    const cases: Array<[string, boolean]> = [
      ['Note', true],
      ['NOTE', true],
      ['Step 3', true],
      ['Exercise 2b', true],
      ['Part IV', true],
      ['Task 1', true],
      ['Task', false],
      ['Lab', false],
      ['Image', false],
      ['Docker daemon', false],
    ];
    for (const [term, label] of cases) {
      it(`${term} → ${label}`, () => {
        assert.equal(isLabel(term), label);
      });
    }
  });

  describe('isGlossaryFile', () => {
    const cases: Array<[string, boolean]> = [
      ['glossary.md', true],
      ['docs/GLOSSARY.md', true],
      ['C:\\course\\Glossary.md', true],
      ['file:///home/me/course/glossary.md', true],
      ['file:///home/me/course/Glossary.markdown?x=1', true],
      ['my-glossary.md', false],
      ['glossary/intro.md', false],
    ];
    for (const [file, glossary] of cases) {
      it(`${file} → ${glossary}`, () => {
        assert.equal(isGlossaryFile(file), glossary);
      });
    }
  });

  describe('codeBlocks', () => {
    const cases: Array<[string, string, string[]]> = [
      ['a fenced block, fences included', '# A\n\n```bash\ndocker ps\n```\n\nText.\n', ['3-5']],
      ['a tilde fence and a longer backtick fence', '~~~\na\n~~~\n\n````md\n```\nb\n```\n````\n', ['1-3', '5-9']],
      ['an indented block without its trailing blank lines', 'Text.\n\n    docker ps\n\n    docker images\n\n\nMore.\n', ['3-5']],
      ['an unterminated fence runs to the end', '# A\n\n```\ndocker ps\n\n## not a heading\n', ['3-6']],
      ['an unterminated fence in a list item ends with the item', '- a\n  ```\n  docker ps\n- b\n', ['2-3']],
      ['a fence in a block quote', '> ```\n> docker ps\n> ```\n', ['1-3']],
      ['CRLF', '```\r\ndocker ps\r\n```\r\n', ['1-3']],
      ['front matter is not code', '---\ntitle: A\n---\n\n```\nx\n```\n', ['5-7']],
      ['no code at all', '# A\n\nText with `docker ps` inline.\n', []],
    ];
    for (const [what, text, want] of cases) {
      it(what, () => {
        assert.deepEqual(ranges(parseNote('a.md', text)), want);
      });
    }

    it('matches the code of the existing fixtures (indented-code.md, unterminated-fence.md)', () => {
      assert.deepEqual(ranges(parseNote('indented-code.md', readFixture('indented-code.md'))), ['5-7', '11-11', '17-17']);
      assert.deepEqual(ranges(parseNote('unterminated-fence.md', readFixture('unterminated-fence.md'))), ['5-9']);
    });
  });

  describe('shortcuts (paragraphs without markup read from their text)', () => {
    /** The definitions a finder reads from a fully parsed note (every inline token's children present). */
    function definitionsOf(text: string, shortcuts: boolean): unknown[] {
      const tokens = getStockMarkdownIt().parse(text, {});
      const lines = text.split('\n');
      const finder = new DefinitionFinder((index) => lines[index] ?? '', 'note.md', (inline) => inline.children ?? [], (part) => part, shortcuts);
      tokens.forEach((token, i) => {
        if (token.type === 'heading_open') {
          const inline = tokens[i + 1];
          finder.heading(Number(token.tag.slice(1)), inline.content, token.map);
        } else if (token.type === 'inline' && tokens[i - 1]?.type === 'paragraph_open') {
          finder.paragraph(token, tokens[i - 2]?.type === 'list_item_open');
        }
      });
      return finder.definitions;
    }

    // Every combination of these, with and without a question heading before it, as a paragraph
    // and as a list item: the shortcuts must find exactly what the inline parse finds.
    const delimiters = ['**', '__', '*', '_', '***', ''];
    const terms = ['Images', 'Docker Hub', 'Images:', 'A pod', 'Docker\nDaemon', '(beta)', 'x', 'Pod.', 'Node_js', 'a*b', '`code`', '[link](u)', 'Note', 'é →'];
    const separators = [' - ', ' -- ', ' – ', ': ', ':', ' is ', ' are ', ' means ', 's ', ' ', ' is  \n', ' is \n', ' -  \n', '\t-\t', '\n: ', '\ufeff - ', ''];
    const rests = ['The file system.', 'uses *emphasis* here.', 'has `code`.', 'see [docs](http://x).', 'one  \ntwo.', 'spans\nlines.', '&amp; entity.', 'back\\slash.', 'a <b>tag</b>.', 'e.g. this. And that.', ''];
    let cases = 0;
    let found = 0;
    it('find the same definitions as the inline parse, in every combination', () => {
      for (const delimiter of delimiters) {
        for (const term of terms) {
          for (const separator of separators) {
            for (const rest of rests) {
              const paragraph = `${delimiter}${term}${delimiter}${separator}${rest}`;
              for (const text of [`# T\n\n${paragraph}\n`, `# T\n\n- ${paragraph}\n`, `## What is a Thing?\n\n${paragraph}\n`]) {
                const fast = definitionsOf(text, true);
                assert.deepEqual(fast, definitionsOf(text, false), JSON.stringify(text));
                cases++;
                found += fast.length;
              }
            }
          }
        }
      }
      // The combinations are worth comparing: many of them are definitions.
      assert.ok(cases > 10_000 && found > cases / 4, `${found} definitions in ${cases} notes`);
    });
  });

  describe('sample-course', () => {
    const load = (name: string): NoteModel => parseNote(name, fs.readFileSync(path.join(ROOT, 'sample-course', name), 'utf8'));
    const terms = (note: NoteModel): string[] => note.definitions.map((d) => `${d.term}@${d.line}:${d.column}`);

    it('01-docker-basics.md: "What are Containers?" and the Terminology list', () => {
      const note = load('01-docker-basics.md');
      assert.deepEqual(terms(note), [
        'Containers@9:14',
        'Images@18:5',
        'Containers@20:5',
        'Docker daemon@22:5',
        'Docker client@24:5',
        'Docker Hub@25:5',
      ]);
      assert.equal(note.definitions[0].form, 'question-heading');
      assert.equal(
        note.definitions[0].definition,
        'A container is an ordinary process on the host that the kernel isolates: namespaces give it its own view of the ' +
          'file system, the process tree, the network and the users, and cgroups cap the CPU and memory it may use.',
      );
      assert.equal(note.definitions[1].definition, 'The file system and configuration of our application which are used to create containers.');
      assert.equal(note.definitions[2].definition, 'Running instances of Docker images. Each one adds a thin writable layer on top of its image.');
      assert.equal(note.definitions[3].definition, 'The background service (dockerd) on the host that builds, runs and distributes containers.');
      assert.equal(note.definitions[5].definition, 'the public registry that docker pull downloads images from unless you say otherwise.');
    });

    const others: Array<[string, string[]]> = [
      ['02-docker-compose.md', ['Service@14:5', 'Project@16:5']],
      ['03-swarm.md', ['Node@8:5', 'Service@10:5', 'Task@11:5']],
      ['04-kubernetes.md', ['Pod@9:5', 'Deployment@11:5', 'Service@13:5']],
      ['README.md', []],
    ];
    for (const [name, want] of others) {
      it(`${name}: its concept bullets, and nothing else`, () => {
        assert.deepEqual(terms(load(name)), want);
      });
    }
  });
});
