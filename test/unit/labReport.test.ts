import * as assert from 'node:assert/strict';
import MarkdownIt from 'markdown-it';
import type { LabReportInput, RunLogEntry } from '../../src/core/labReport';
import { capMiddle, fenced, labReport, plainOutput } from '../../src/core/labReport';
import { MASK } from '../../src/core/secrets';

/** [form, text holding the secret, the secret value that must not show]: the forms issue 14 names, and more. */
const SECRETS: readonly (readonly [string, string, string])[] = [
  ['a swarm join token', 'docker swarm join --token SWMTKN-1-49nj1cmql0jkz5s954yi3oex3nedyz0fb0xx14ie39trti4wxv-8vxv8rssmk743ojnwacrr2e7c 10.0.0.1:2377', '49nj1cmql0jkz5s954yi3oex3nedyz0fb0xx14ie39trti4wxv'],
  ['--password VALUE', 'docker login -u me --password hunter2pw registry.example.com', 'hunter2pw'],
  ['--password=VALUE', 'docker login -u me --password=hunter3pw', 'hunter3pw'],
  ['-p after docker login', 'docker login -u me -p hunter4pw', 'hunter4pw'],
  ['-e *PASSWORD*=', 'docker run -d -e MYSQL_ROOT_PASSWORD=my-secret-pw mysql:8', 'my-secret-pw'],
  ['*_TOKEN=', 'export GITHUB_TOKEN=tok_abcdef123456', 'tok_abcdef123456'],
  ['registry auth in config.json', '{"auths": {"https://index.docker.io/v1/": {"auth": "dXNlcjpwYXNzd29yZA=="}}}', 'dXNlcjpwYXNzd29yZA=='],
  ['a URL password', 'ssh://student:urlpass99@node1', 'urlpass99'],
  ['a kubeconfig token', 'users:\n- name: admin\n  user:\n    token: eyJhbGciOiJSUzI1NiJ9.payload.sig', 'eyJhbGciOiJSUzI1NiJ9.payload.sig'],
];

function entry(overrides: Partial<RunLogEntry> = {}): RunLogEntry {
  return { kind: 'command', text: 'docker ps', terminal: 'Lab', startedAt: Date.UTC(2026, 11, 1, 10, 0, 0), durationMs: 1234, exitCode: 0, status: 'ok', output: 'CONTAINER ID   IMAGE\n', ...overrides };
}

function input(entries: readonly RunLogEntry[], overrides: Partial<LabReportInput> = {}): LabReportInput {
  return {
    title: 'Swarm lab',
    file: 'labs/swarm.md',
    date: new Date(Date.UTC(2026, 11, 1, 12, 0, 0)),
    versions: { dockerClient: '28.2.2', dockerServer: '20.10.24', kubectl: 'v1.32.4' },
    targets: [{ terminal: 'Lab' }],
    entries,
    ...overrides,
  };
}

/** Text outside code in the report's Markdown: what a reader sees rendered as prose and headings. */
function prose(markdown: string): string[] {
  const tokens = new MarkdownIt().parse(markdown, {});
  return tokens.filter((token) => token.type === 'inline').map((token) => token.content);
}

function codeBlocks(markdown: string): string[] {
  return new MarkdownIt()
    .parse(markdown, {})
    .filter((token) => token.type === 'fence')
    .map((token) => token.content);
}

describe('labReport: the Markdown report of a note\'s runs', () => {
  it('says the date, the versions, the targets, then per run its command, result, timing and output', () => {
    const report = labReport(
      input(
        [
          entry(),
          entry({ kind: 'block', text: 'mkdir demo\ncd demo\nfalse', status: 'failed', exitCode: 1, output: '', steps: [{ text: 'mkdir demo', exitCode: 0, durationMs: 5, output: '' }, { text: 'cd demo', exitCode: 0, durationMs: 1, output: '' }, { text: 'false', exitCode: 1, durationMs: 2, output: 'boom\n' }] }),
          entry({ verdict: 'differs', verdictReason: 'line 2: the note shows Up, the run shows Exited' }),
          entry({ kind: 'check', text: 'test -d demo', status: 'ok', output: '' }),
        ],
        { targets: [{ terminal: 'node1', target: 'ssh://me@node1' }, { terminal: 'Lab' }] },
      ),
    );
    for (const expected of [
      '# Lab report: Swarm lab',
      '- Note: ` labs/swarm.md `',
      '- Date: 2026-12-01T12:00:00Z',
      '- Docker: client 28.2.2, server 20.10.24',
      '- kubectl: v1.32.4',
      '  - ` node1 `: ` ssh://me@node1 `',
      '## Runs (4, 3 ok)',
      '### 1. Command · ✓ ok',
      '- Started: 2026-12-01T10:00:00Z · Duration: 1.2s · Exit code: 0',
      '### 2. Block · ✗ failed',
      '#### Step 3 · ✗ exit 1 · 0.0s',
      '- Expected output: ≠ differs from the note (line 2: the note shows Up, the run shows Exited)',
      '### 4. Check · ✓ check passed',
    ]) {
      assert.ok(report.split('\n').includes(expected), `${expected}\n---\n${report}`);
    }
    assert.deepEqual(codeBlocks(report).slice(0, 2), ['docker ps\n', 'CONTAINER ID   IMAGE\n']);
    assert.ok(codeBlocks(report).includes('boom\n'));
  });

  for (const [form, text, secret] of SECRETS) {
    it(`masks ${form} wherever it stands: command, output, steps, target, terminal, reason, title`, () => {
      const report = labReport(
        input(
          [
            entry({ text, output: `${text}\n`, target: text, terminal: text, verdict: 'differs', verdictReason: text }),
            entry({ kind: 'block', text, output: '', steps: [{ text, exitCode: 0, durationMs: 1, output: `${text}\n` }] }),
          ],
          { title: text.split('\n')[0], file: text.split('\n')[0], targets: [{ terminal: text, target: text }] },
        ),
      );
      assert.ok(!report.includes(secret), `${form} leaked:\n${report}`);
      assert.ok(report.includes(MASK));
    });
  }

  it('masks a secret that the cap would cut through (masked before the cut)', () => {
    const token = 'SWMTKN-1-49nj1cmql0jkz5s954yi3oex3nedyz0fb0xx14ie39trti4wxv-8vxv8rssmk743ojnwacrr2e7c';
    // The token straddles the middle of the output, where the cap cuts.
    const output = `${'a'.repeat(990)}${token}${'b'.repeat(990)}`;
    const report = labReport(input([entry({ output })], { outputCap: 1000 }));
    assert.ok(!/49nj1cmq|zfb0xx14|8vxv8rss|ssmk743o/.test(report), report);
  });

  it('keeps output that holds backtick fences inside its block: nothing it prints becomes Markdown', () => {
    const hostile = 'done\n```\n\n# Injected heading\n\n[click](http://evil.example)\n````\n`````text\n~~~\n<script>alert(1)</script>\n';
    const report = labReport(input([entry({ text: 'echo "```"', output: hostile, steps: undefined }), entry({ kind: 'block', text: 'x', output: '', steps: [{ text: '```', exitCode: 0, durationMs: 1, output: hostile }] })]));
    const shown = prose(report).join('\n');
    assert.ok(!shown.includes('Injected'), shown);
    assert.ok(!shown.includes('evil.example'), shown);
    assert.ok(!shown.includes('<script>'), shown);
    assert.ok(codeBlocks(report).filter((block) => block === hostile).length === 2, 'the output comes out whole, twice');
    assert.ok(codeBlocks(report).includes('echo "```"\n'));
  });

  it('caps each output, keeping its start and end, and says how much was cut', () => {
    const output = `FIRST LINE\n${'x'.repeat(100_000)}\nLAST LINE\n`;
    const report = labReport(input([entry({ output })]));
    const [, block] = codeBlocks(report);
    assert.ok(block.startsWith('FIRST LINE\n') && block.endsWith('LAST LINE\n'));
    assert.ok(block.length < 16 * 1024 + 200, `${block.length}`);
    assert.match(report, /_Output capped at 16 KB per step: 8\d,\d{3} characters cut from its middle\._/);
    // What a cap in the log cut before is said too.
    const earlier = labReport(input([entry({ output: 'short\n', outputOmitted: 5000 })]));
    assert.match(earlier, /5,000 characters cut/);
  });

  it('removes colours and control characters, and keeps what a redrawn line showed last', () => {
    assert.equal(plainOutput('\x1b[32mok\x1b[0m\r\n50%\r100%\n\x1b]0;title\x07bell\x07\x00'), 'ok\n100%\nbell');
    const report = labReport(input([entry({ output: '\x1b[1mBold\x1b[0m\n' })]));
    assert.ok(!report.includes('\x1b'));
  });

  it('says when nothing ran and when the versions were not read', () => {
    const report = labReport(input([], { targets: [], versions: { dockerClient: 'not read', dockerServer: 'not read', kubectl: 'not read' } }));
    assert.match(report, /Nothing was run from this note\./);
    assert.match(report, /- Docker: client not read, server not read/);
    assert.match(report, /- Targets: none/);
  });
});

describe('fenced and capMiddle', () => {
  const cases: [string, string, string][] = [
    ['no backticks: three', 'plain', '```\nplain\n```'],
    ['a run of three inside: four', 'a ``` b', '````\na ``` b\n````'],
    ['a run of five inside: six', '`````', '``````\n`````\n``````'],
  ];
  for (const [name, text, expected] of cases) {
    it(`fence: ${name}`, () => assert.equal(fenced(text), expected));
  }
  it('capMiddle keeps short text and cuts long text in the middle', () => {
    assert.deepEqual(capMiddle('short', 10), { text: 'short', cut: 0 });
    const long = capMiddle('0123456789abcdefghij', 10);
    assert.equal(long.cut, 10);
    assert.equal(long.text, '01234\n… 10 characters cut …\nfghij');
  });
});
