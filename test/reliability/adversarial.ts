/**
 * The adversarial note set of the reliability suite, generated at test time (never committed: some
 * inputs are megabytes). Every input is deterministic, so a failure reproduces byte for byte:
 * `node -e "require('./out/test/reliability/adversarial').writeNoteSet('/tmp/x')"` writes them.
 *
 * Each bad input says what the notes model must make of it: parsed (with facts a test can check),
 * or skipped with a reason. Good notes sort first, among and after them, so a listing that stops at a bad input
 * shows up as missing good notes.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

/** What the model must say about an input. */
export type Expectation =
  | { readonly skipped: RegExp }
  | {
      readonly skipped?: undefined;
      /** Exact number of commands, when the input is built to have that many. */
      readonly commands?: number;
      /** Exact title. */
      readonly title?: string;
      /** Exact number of sections (all levels). */
      readonly sections?: number;
    };

export interface BadInput {
  /** File name in the note set. */
  readonly name: string;
  /** The case in the words of the issue. */
  readonly what: string;
  readonly bytes: () => Buffer;
  readonly expect: Expectation;
}

export interface GoodNote {
  readonly name: string;
  readonly text: string;
  readonly title: string;
  readonly commands: readonly string[];
  /** A term the note defines (for hover checks). */
  readonly term: string;
}

const MiB = 1024 * 1024;

/** A realistic lab section (about 1 KB): estimate, prose with inline commands, a block, maybe a definition. */
function labSection(index: number, withDefinition: boolean): string {
  return [
    `## Step ${index}: containers and images (10min)`,
    '',
    'Containers share the host kernel, so an image only carries the user space it needs. Start one with',
    `\`docker run --rm busybox echo step-${index}\` and list what runs with \`docker ps\`.`,
    '',
    '```bash',
    `docker run -d --name web-${index} -p 127.0.0.1:${8000 + (index % 1000)}:80 nginx`,
    `docker logs web-${index}`,
    '```',
    '',
    withDefinition ? `- **Layer ${index}** - a read-only slice of an image file system, shared between images.` : '- Look at the layers of the image.',
    '- Check the result (5min)',
    '',
  ].join('\n');
}

/** A long realistic note of about `bytes` bytes (never more), defining a term in every `definitionEvery`-th section. */
function labNote(title: string, bytes: number, definitionEvery = 50): string {
  const parts = [`# ${title}\n\n`];
  let size = parts[0].length;
  for (let i = 1; ; i++) {
    const section = labSection(i, i % definitionEvery === 0);
    if (size + section.length + 1 > bytes) {
      break;
    }
    parts.push(section, '\n');
    size += section.length + 1;
  }
  return parts.join('');
}

/** Deterministic pseudo-random bytes (mulberry32), so the binary input is the same on every run. */
function pseudoRandomBytes(length: number, seed: number): Buffer {
  const out = Buffer.alloc(length);
  let state = seed >>> 0;
  for (let i = 0; i < length; i++) {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    out[i] = ((t ^ (t >>> 14)) >>> 0) & 0xff;
  }
  return out;
}

const utf8 = (text: string): Buffer => Buffer.from(text, 'utf8');

/** 200,000 lines: an H2 every 1,000 lines, a fenced command every 20, an inline one every 10 others. */
function twoHundredThousandLines(): string {
  const lines: string[] = [];
  for (let i = 0; i < 200_000; i++) {
    if (i % 1000 === 0) {
      lines.push(`## Part ${i / 1000} (5min)`);
    } else if (i % 20 === 1) {
      lines.push('```bash');
    } else if (i % 20 === 2) {
      lines.push(`docker run --rm busybox echo ${i}`);
    } else if (i % 20 === 3) {
      lines.push('```');
    } else if (i % 10 === 5) {
      lines.push(`L${i} \`docker ps\``);
    } else {
      lines.push(`L${i}`);
    }
  }
  return lines.join('\n');
}

/** Every line ending, for the same note: the model must be the same whatever the line ends. */
export const LINE_ENDING_NOTE = [
  '# Line endings (20min)',
  '',
  'Run `docker ps` first.',
  '',
  '## Build (10min)',
  '',
  '```bash',
  'docker build \\',
  '  -t web .',
  'docker run --rm web',
  '```',
  '',
  '- **Build context** - the files sent to the engine for a build.',
  '',
];

/**
 * The lines joined with LF, CRLF and lone CR in turn. A lone CR never comes right before an LF
 * (that pair would be one CRLF line end, and the note one line shorter).
 */
export function mixedLineEnds(lines: readonly string[]): string {
  return lines
    .map((line, i) => {
      if (i === lines.length - 1) {
        return line;
      }
      const end = ['\n', '\r\n', '\r'][i % 3];
      return line + (end === '\r' && lines[i + 1] === '' ? '\r\n' : end);
    })
    .join('');
}

/** Inputs the issue names, and a few more of the same spirit. */
export function badInputs(): BadInput[] {
  return [
    {
      name: 'bad-10mb.md',
      what: 'a 10 MB note',
      bytes: () => utf8(labNote('Ten megabytes', 10 * MiB)),
      expect: { skipped: /^too large \(10240 KB; the limit is 5120 KB/ },
    },
    {
      name: 'bad-just-under-limit.md',
      what: 'a realistic note just under the 5 MB limit (the most the parser is ever given)',
      bytes: () => utf8(labNote('Just under the limit', 5 * MiB - 4096)),
      expect: { title: 'Just under the limit' },
    },
    {
      name: 'bad-200k-lines.md',
      what: 'a 200,000-line note',
      bytes: () => utf8(twoHundredThousandLines()),
      // 10,000 fenced commands (one per 20 lines) and 20,000 inline ones (lines ≡ 5, 15 mod 20).
      expect: { commands: 30_000, sections: 200 },
    },
    {
      name: 'bad-50k-headings.md',
      what: '50,000 headings',
      bytes: () => utf8(Array.from({ length: 50_000 }, (_, i) => `${'#'.repeat(1 + (i % 6))} Heading ${i} (${1 + (i % 9)}min)`).join('\n')),
      expect: { sections: 50_000, title: 'Heading 0 (1min)' },
    },
    {
      name: 'bad-binary.md',
      what: 'a binary file named .md',
      bytes: () => Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]), pseudoRandomBytes(256 * 1024, 7)]),
      expect: { skipped: /^not a text file$/ },
    },
    {
      name: 'bad-invalid-utf8.md',
      what: 'invalid UTF-8',
      bytes: () =>
        Buffer.concat([
          utf8('# Caf'), Buffer.from([0xe9, 0x20, 0xff, 0xfe]), utf8(' broken\n\n```bash\ndocker ps\n```\n\nA lone surrogate '),
          Buffer.from([0xed, 0xa0, 0x80]), utf8(' then `docker images` and a cut sequence '), Buffer.from([0xe2, 0x82]), utf8('\n'),
        ]),
      expect: { commands: 2, title: 'Caf\uFFFD \uFFFD\uFFFD broken' },
    },
    {
      name: 'bad-bom.md',
      what: 'a byte order mark',
      bytes: () => utf8('\uFEFF# Title after a BOM\n\nRun `docker ps` now.\n'),
      expect: { commands: 1, title: 'Title after a BOM' },
    },
    {
      name: 'bad-crlf.md',
      what: 'CRLF line endings',
      bytes: () => utf8(LINE_ENDING_NOTE.join('\r\n')),
      expect: { commands: 3, title: 'Line endings (20min)', sections: 2 },
    },
    {
      name: 'bad-lone-cr.md',
      what: 'lone CR line endings',
      bytes: () => utf8(LINE_ENDING_NOTE.join('\r')),
      expect: { commands: 3, title: 'Line endings (20min)', sections: 2 },
    },
    {
      name: 'bad-mixed-eol.md',
      what: 'LF, CRLF and CR mixed in one note',
      bytes: () => utf8(mixedLineEnds(LINE_ENDING_NOTE)),
      expect: { commands: 3, title: 'Line endings (20min)', sections: 2 },
    },
    {
      name: 'bad-unterminated-fence.md',
      what: 'an unterminated fence',
      bytes: () => utf8(`# Open fence\n\n\`\`\`bash\ndocker ps\n## Not a heading\n${'docker run --rm busybox echo x\n'.repeat(1000)}`),
      expect: { commands: 1001, sections: 1 },
    },
    {
      name: 'bad-backticks.md',
      what: 'a line of 100,000 backticks (as a span opener in prose, then as a fence opener)',
      bytes: () => utf8(`# Backticks\n\nProse then ${'`'.repeat(100_000)} and \`docker ps\`.\n\n${'`'.repeat(100_000)}\nAfter \`docker images\`.\n`),
      expect: { commands: 1, title: 'Backticks' },
    },
    {
      name: 'bad-nested-lists.md',
      what: 'lists nested 1,000 deep',
      bytes: () => utf8(Array.from({ length: 1000 }, (_, i) => `${'  '.repeat(i)}- level ${i} \`docker ps\``).join('\n')),
      expect: {},
    },
    {
      name: 'bad-nested-ordered-lists.md',
      what: 'ordered lists nested 1,000 deep',
      bytes: () => utf8(Array.from({ length: 1000 }, (_, i) => `${'   '.repeat(i)}1. level ${i} (1min)`).join('\n')),
      expect: {},
    },
    {
      name: 'bad-nested-quotes.md',
      what: 'block quotes nested 1,000 deep (one line, and 1,000 lines each one deeper)',
      bytes: () => utf8(`${'> '.repeat(1000)}deep \`docker ps\`\n\n${Array.from({ length: 1000 }, (_, i) => `${'>'.repeat(i + 1)} q \`docker ps\``).join('\n')}\n`),
      expect: {},
    },
    {
      name: 'bad-nested-mixed.md',
      what: 'block quotes and lists nested alternately 1,000 deep',
      bytes: () => utf8(`${'> - '.repeat(500)}x \`docker ps\`\n`),
      expect: {},
    },
    {
      name: 'bad-1mb-line-prose.md',
      what: 'a 1 MB single line (prose, no line end)',
      bytes: () => {
        const sentence = 'Containers share the host kernel, so an image only carries the user space it needs. ';
        return utf8(sentence.repeat(Math.ceil(MiB / sentence.length)).slice(0, MiB));
      },
      expect: { commands: 0 },
    },
    {
      name: 'bad-1mb-line-word.md',
      what: 'a 1 MB single line with no space (base64-like)',
      bytes: () => utf8(pseudoRandomBytes(768 * 1024, 11).toString('base64')),
      expect: { commands: 0 },
    },
    {
      name: 'bad-1mb-line-commands.md',
      what: 'a 1 MB single line of inline commands (`word `docker ps` ` × 61,680)',
      bytes: () => utf8('word `docker ps` '.repeat(Math.floor(MiB / 17))),
      expect: { commands: Math.floor(MiB / 17) },
    },
    {
      name: 'bad-1mb-heading.md',
      what: 'a 1 MB heading (the title) with estimates in it',
      bytes: () => utf8(`# ${'Docker (5min) '.repeat(Math.floor(MiB / 14))}\n\nText.\n`),
      expect: { sections: 1 },
    },
    {
      name: 'bad-nul-after-head.md',
      what: 'NUL bytes after the first 8 KB (not taken for binary)',
      bytes: () => utf8(`# Late NUL\n\n${'a'.repeat(9000)}\u0000\u0000\n\nRun \`docker ps\`.\n`),
      expect: { commands: 1, title: 'Late NUL' },
    },
    {
      name: 'bad-unclosed-front-matter.md',
      what: 'front matter never closed',
      bytes: () => utf8(`---\ntitle: Never closed\n${'key: value\n'.repeat(100_000)}`),
      expect: { commands: 0 },
    },
    {
      name: 'bad-inline-markup.md',
      what: 'pathological inline markup in headings (emphasis, brackets, links, entities, escapes, HTML)',
      bytes: () =>
        utf8([
          `# ${'*'.repeat(50_000)}a${'*'.repeat(50_000)}`,
          `## ${'['.repeat(50_000)}x${']'.repeat(50_000)}(y)`,
          `## ${'[a]('.repeat(30_000)}`,
          `## ${'![a]('.repeat(30_000)}`,
          `## ${'&#x41;'.repeat(50_000)}`,
          `## ${'\\'.repeat(100_000)}`,
          `## ${'_a'.repeat(50_000)}`,
          `## ${'<a href="x">'.repeat(20_000)}`,
          `*${'['.repeat(50_000)}x${']'.repeat(50_000)}(y)`,
          '',
        ].join('\n\n')),
      // The heading of only `<a href="x">` tags has no text: like a bare `#`, it opens no section.
      expect: { sections: 7 },
    },
    {
      name: 'bad-many-blocks.md',
      what: '50,000 fences, rules and setext headings',
      bytes: () => utf8(`${'~~~\n'.repeat(50_000)}\n${Array.from({ length: 20_000 }, (_, i) => (i % 2 ? '===' : `Title ${i}`)).join('\n')}\n${'---\n'.repeat(20_000)}`),
      expect: { commands: 0 },
    },
    {
      name: 'bad-wide-table.md',
      what: 'a table of 200 × 200 cells, each an inline command',
      bytes: () =>
        utf8(Array.from({ length: 200 }, (_, row) => (row === 1 ? `${'|---'.repeat(200)}|` : `${'| `docker ps` '.repeat(200)}|`)).join('\n')),
      expect: { commands: 199 * 200 },
    },
    {
      name: 'bad-control-characters.md',
      what: 'terminal escapes and every C0/C1 control character in a title, headings, commands and a definition',
      bytes: () => utf8(controlCharacterNote()),
      expect: { commands: 2 },
    },
  ];
}

/**
 * Inputs the parser and the concept index were once super-linear on (TESTING.md, "Fixed after the
 * first report"); they run with the rest and hold the same bounds.
 */
export function coreSlowInputs(): BadInput[] {
  return [
    {
      name: 'core-50k-continuations.md',
      what: 'one command continued with `\\` over 50,000 lines',
      bytes: () => utf8(`\`\`\`\n${'docker run \\\n'.repeat(50_000)}\`\`\`\n`),
      expect: { commands: 1 },
    },
    {
      name: 'core-20k-heredocs.md',
      what: '20,000 heredoc openers without an end',
      bytes: () => utf8(`\`\`\`\n${'cat <<EOF | kubectl apply -f -\n'.repeat(20_000)}\`\`\`\n`),
      expect: { commands: 20_000 },
    },
    {
      name: 'core-50k-steps.md',
      what: 'one shell block of 50,000 steps of other programs (every line a step, none a command)',
      bytes: () => utf8(`\`\`\`bash\n${'cd demo && ls -la\n'.repeat(50_000)}\`\`\`\n`),
      expect: { commands: 0 },
    },
    {
      name: 'core-100k-output-lines.md',
      what: 'a prompted step with 100,000 lines of output under it (its expected output)',
      bytes: () => utf8(`\`\`\`console\n$ docker ps\n${'3f4e1a2b3c4d   nginx   Up 3 seconds\n'.repeat(100_000)}\`\`\`\n`),
      expect: { commands: 1 },
    },
    {
      name: 'core-10k-output-blocks.md',
      what: '10,000 command blocks each followed by "You should see:" and an output block',
      bytes: () => utf8('```bash\ndocker ps\n```\n\nYou should see:\n\n```\nCONTAINER ID   IMAGE\n```\n\n'.repeat(10_000)),
      expect: { commands: 10_000 },
    },
    {
      name: 'core-20k-check-comments.md',
      what: '20,000 check comments, then 20,000 `<!-- check:` openers that never close',
      bytes: () => utf8(`${'<!-- check: test -d demo -->\n\n'.repeat(20_000)}${'<!-- check: test -d demo\n'.repeat(20_000)}`),
      expect: { commands: 0 },
    },
    {
      name: 'core-20k-same-definition.md',
      what: 'one term defined 20,000 times (`- **Image** - …`): the concept index sorts on every add',
      bytes: () => utf8(Array.from({ length: 20_000 }, (_, i) => `- **Image** - template number ${i}.`).join('\n')),
      expect: { commands: 0 },
    },
    {
      name: 'core-5mb-lab-many-definitions.md',
      what: 'a realistic 5 MB lab defining a term in each of its 12,283 sections: indexing the definitions is quadratic',
      bytes: () => utf8(labNote('Just under the limit', 5 * MiB - 4096, 1)),
      expect: { title: 'Just under the limit' },
    },
  ];
}

/** Every C0 and C1 control character but LF and CR. */
export const CONTROL_CHARACTERS = [...Array.from({ length: 32 }, (_, i) => i), 0x7f, ...Array.from({ length: 32 }, (_, i) => 0x80 + i)]
  .filter((code) => code !== 0x0a && code !== 0x0d && code !== 0x00) // NUL would make the note binary
  .map((code) => String.fromCharCode(code))
  .join('');

function controlCharacterNote(): string {
  return [
    `# Title \u001b[31mred\u001b[0m \u001b]0;pwned\u0007 \u009b2J ${CONTROL_CHARACTERS}`,
    '',
    `## Section \u001b]8;;https://example.invalid\u0007link\u001b]8;;\u0007 ${CONTROL_CHARACTERS}`,
    '',
    `Run \`docker run --rm busybox echo \u001b[2J${CONTROL_CHARACTERS.replace(/`/g, '')}\` or`,
    '',
    '```bash',
    'docker ps --format "\u001b]52;c;cHduZWQ=\u0007"',
    '```',
    '',
    `- **Evil\u001b[5m term** - blinks \u001b[5m and rings \u0007 the bell.`,
    '',
  ].join('\n');
}

/** Good notes: the listing must show every one of them whatever the bad inputs around them do. */
export function goodNotes(): GoodNote[] {
  return [
    {
      name: '00-good-intro.md',
      title: 'Intro to Docker (20min)',
      text: '# Intro to Docker (20min)\n\n- **Image** - a read-only template a container is created from.\n\n## Hello (5min)\n\n```bash\ndocker run hello-world\n```\n\nThen `docker ps -a`.\n',
      commands: ['docker run hello-world', 'docker ps -a'],
      term: 'Image',
    },
    {
      name: 'good-02-swarm.md',
      title: 'Swarm',
      text: '# Swarm\n\n## Create (10 min)\n\n```bash\ndocker swarm init --advertise-addr 127.0.0.1\ndocker service create --replicas 2 --name web nginx\n```\n\n- **Service** - a long-running task replicated across nodes.\n',
      commands: ['docker swarm init --advertise-addr 127.0.0.1', 'docker service create --replicas 2 --name web nginx'],
      term: 'Service',
    },
    {
      name: 'zz-good-03-kube.md',
      title: 'Kubernetes',
      text: '# Kubernetes\n\n```console\n$ kubectl get pods\nNo resources found.\n$ kubectl scale deployment/web --replicas=3\n```\n\n- **Pod** - the smallest deployable unit of Kubernetes.\n',
      commands: ['kubectl get pods', 'kubectl scale deployment/web --replicas=3'],
      term: 'Pod',
    },
  ];
}

export interface NoteSet {
  readonly dir: string;
  readonly bad: readonly BadInput[];
  readonly good: readonly GoodNote[];
  /** A folder symlink back to the set's root, and a file symlink to itself. */
  readonly loops: { readonly folder: string; readonly file: string };
  /** A note and a folder no one may read (mode 000). */
  readonly denied: { readonly file: string; readonly folder: string };
}

/**
 * Writes the whole set into `dir`: the bad inputs, the good notes between them, a symbolic-link loop
 * (a folder and a note), and a note and a folder with mode 000. Folders are left readable by
 * everyone (0755) so the set can be listed as another user to get a real EACCES.
 */
export function writeNoteSet(dir: string, options: { bad?: readonly BadInput[] } = {}): NoteSet {
  const bad = options.bad ?? badInputs();
  const good = goodNotes();
  fs.mkdirSync(dir, { recursive: true });
  fs.chmodSync(dir, 0o755);
  for (const input of bad) {
    fs.writeFileSync(path.join(dir, input.name), input.bytes());
  }
  for (const note of good) {
    fs.writeFileSync(path.join(dir, note.name), note.text);
  }
  const nested = path.join(dir, 'bad-loop');
  fs.mkdirSync(nested);
  fs.chmodSync(nested, 0o755);
  fs.writeFileSync(path.join(nested, 'inside.md'), '# Inside the loop\n\n`docker ps`\n');
  const folderLoop = path.join(nested, 'back-to-top');
  fs.symlinkSync('..', folderLoop);
  const fileLoop = path.join(dir, 'bad-self-link.md');
  fs.symlinkSync('bad-self-link.md', fileLoop);
  const deniedFile = path.join(dir, 'bad-denied.md');
  fs.writeFileSync(deniedFile, '# Secret\n\n`docker ps`\n');
  fs.chmodSync(deniedFile, 0o000);
  const deniedFolder = path.join(dir, 'bad-denied-folder');
  fs.mkdirSync(deniedFolder);
  fs.writeFileSync(path.join(deniedFolder, 'hidden.md'), '# Hidden\n');
  fs.chmodSync(deniedFolder, 0o000);
  return { dir, bad, good, loops: { folder: folderLoop, file: fileLoop }, denied: { file: deniedFile, folder: deniedFolder } };
}

/** Gives back permissions taken away by {@link writeNoteSet}, then removes the set. */
export function removeNoteSet(dir: string): void {
  const restore = (folder: string): void => {
    try {
      fs.chmodSync(folder, 0o755);
      for (const entry of fs.readdirSync(folder, { withFileTypes: true })) {
        const full = path.join(folder, entry.name);
        if (entry.isDirectory()) {
          restore(full);
        } else if (entry.isFile()) {
          fs.chmodSync(full, 0o644);
        }
      }
    } catch {
      // Best effort: rmSync says what is left.
    }
  };
  restore(dir);
  fs.rmSync(dir, { recursive: true, force: true });
}
